"""Coherencia de caché con el protocolo MESI, en un bus con fisgoneo (*snooping*).

Cada núcleo tiene su caché privada y cada línea de caché está en uno de cuatro
estados por caché:

- **M** (*Modified*): esta caché tiene la única copia y está sucia (memoria desfasada).
- **E** (*Exclusive*): única copia, limpia; se puede escribir sin avisar a nadie.
- **S** (*Shared*): copia limpia que otras cachés pueden tener también.
- **I** (*Invalid*): no hay copia válida.

Las cachés se coordinan con transacciones en el bus que todas observan:

- ``BusRd``: un fallo de lectura pide la línea. Si otra caché la tiene en M, la
  vuelca (``Flush``: la envía y la escribe en memoria) y ambas pasan a S; si alguien
  la tiene en E o S, queda en S; si nadie la tiene, el lector la recibe en E.
- ``BusRdX``: un fallo de escritura pide la línea **para modificarla**: todas las
  demás copias se invalidan (una M se vuelca antes).
- ``BusUpgr``: escribir en una línea que ya se tiene en S; solo invalida a los demás.

Un acierto de escritura en E pasa a M sin usar el bus; en M no hace nada. El modelo
supone cachés sin límite de capacidad (no hay expulsiones) y cuenta, por paso, la
transacción, los volcados y las invalidaciones. Referencia: Papamarcos y Patel (1984),
que propusieron el protocolo, y Hennessy y Patterson, *Computer Architecture: A
Quantitative Approach*, cap. 5.

El bus que todas las cachés fisgonean es el **modelo didáctico**. Los multinúcleos
actuales no tienen un bus así: sus núcleos se unen por anillos o mallas y un
**directorio** (o un filtro de fisgoneo, *snoop filter*) apunta qué cachés tienen cada
línea, para avisar solo a esas. También usan variantes de MESI con un estado más:
MESIF (Intel; *Forward*, la copia compartida que responde a las peticiones) y MOESI
(AMD; *Owned*, una copia sucia que se comparte sin escribirla antes en memoria).

>>> r = simulate([(0, "R", 0), (1, "R", 0), (1, "W", 8)], cores=2)
>>> [s.transaction for s in r.steps], r.invalidations
(['BusRd', 'BusRd', 'BusUpgr'], 1)
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dadsbook.records import plain
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = [
    "MESIResult",
    "Step",
    "false_sharing_trace",
    "random_trace",
    "simulate",
]

STATES = ("M", "E", "S", "I")
Access = tuple[int, str, int]


@dataclass(frozen=True)
class Step:
    """Un acceso de la traza y lo que provocó."""

    core: int
    op: str
    address: int
    line: int
    transaction: str
    flushed: bool
    invalidated: int
    states: tuple[str, ...]


@dataclass(frozen=True)
class MESIResult:
    """Resultado: un :class:`Step` por acceso y los totales."""

    cores: int
    line_size: int
    steps: tuple[Step, ...]

    @property
    def invalidations(self) -> int:
        """Copias invalidadas en otras cachés."""
        return sum(s.invalidated for s in self.steps)

    @property
    def flushes(self) -> int:
        """Volcados de líneas sucias (M) al bus y a memoria."""
        return sum(s.flushed for s in self.steps)

    @property
    def transactions(self) -> dict[str, int]:
        """Transacciones de bus por tipo (``BusRd``, ``BusRdX``, ``BusUpgr``)."""
        counts = Counter(s.transaction for s in self.steps if s.transaction != "—")
        return {name: counts.get(name, 0) for name in ("BusRd", "BusRdX", "BusUpgr")}

    @property
    def bus_transactions(self) -> int:
        """Transacciones de bus en total."""
        return sum(self.transactions.values())

    def table(self, caption: str = "") -> Table:
        """Tabla por paso: acceso, línea, transacción y estado de la línea en cada caché."""
        headers = ["paso", "núcleo", "op", "dirección", "línea", "bus", "volcado", "invalida"]
        headers += [f"C{c}" for c in range(self.cores)]
        rows = [
            [i + 1, s.core, s.op, s.address, s.line, s.transaction, "sí" if s.flushed else "",
             s.invalidated, *s.states]
            for i, s in enumerate(self.steps)
        ]  # fmt: skip
        return Table(headers, rows, caption)

    def as_dict(self) -> dict[str, Any]:
        """Resultado en tipos simples (JSON)."""
        return {
            "cores": self.cores,
            "line_size": self.line_size,
            "invalidations": self.invalidations,
            "flushes": self.flushes,
            "transactions": self.transactions,
            "steps": [plain(s) for s in self.steps],
        }


def _check_trace(trace: Sequence[Access], cores: int) -> None:
    for i, access in enumerate(trace):
        if not isinstance(access, tuple | list) or len(access) != 3:
            raise ValueError(f"trace[{i}] debe ser (núcleo, 'R' o 'W', dirección); es {access!r}")
        core, op, address = access
        check_int(f"trace[{i}] (núcleo)", core, 0, cores - 1)
        check_choice(f"trace[{i}] (operación)", op, ("R", "W"))
        check_int(f"trace[{i}] (dirección)", address, 0)


def simulate(trace: Sequence[Access], cores: int = 2, line_size: int = 64) -> MESIResult:
    """Ejecuta la traza ``(núcleo, 'R'|'W', dirección)`` con MESI y devuelve cada paso."""
    check_int("cores", cores, 1, 64)
    check_int("line_size", line_size, 1)
    if line_size & (line_size - 1):
        raise ValueError(f"line_size debe ser una potencia de dos; se recibió {line_size!r}")
    _check_trace(trace, cores)
    caches: list[dict[int, str]] = [{} for _ in range(cores)]
    steps = []
    for core, op, address in trace:
        line = address // line_size
        mine = caches[core].get(line, "I")
        others = [c for c in range(cores) if c != core and caches[c].get(line, "I") != "I"]
        flushed = any(caches[c][line] == "M" for c in others)
        transaction, invalidated = "—", 0
        if op == "R":
            if mine == "I":
                transaction = "BusRd"
                for c in others:
                    caches[c][line] = "S"
                caches[core][line] = "S" if others else "E"
        else:
            if mine == "S":
                transaction = "BusUpgr"
            elif mine == "I":
                transaction = "BusRdX"
            if mine in ("S", "I"):
                invalidated = len(others)
                for c in others:
                    caches[c][line] = "I"
            else:
                flushed = False  # en M o E nadie más tiene copia
            caches[core][line] = "M"
        if op == "R" and mine != "I":
            flushed = False  # acierto de lectura: no hay bus
        states = tuple(caches[c].get(line, "I") for c in range(cores))
        steps.append(Step(core, op, address, line, transaction, flushed, invalidated, states))
    return MESIResult(cores, line_size, tuple(steps))


def false_sharing_trace(
    writes: int, *, padded: bool, cores: int = 2, stride: int = 8, line_size: int = 64
) -> list[Access]:
    """Cada núcleo escribe ``writes`` veces su propio contador, por turnos.

    Sin relleno (``padded=False``) los contadores están a ``stride`` bytes: comparten
    línea (compartición falsa, *false sharing*). Con relleno, cada uno ocupa su línea.
    """
    check_int("writes", writes, 1, 1_000_000)
    check_int("cores", cores, 2, 64)
    check_int("stride", stride, 1)
    check_int("line_size", line_size, 1)
    gap = line_size if padded else stride
    if not padded and stride * cores > line_size:
        raise ValueError(f"stride × cores debe caber en line_size ({line_size}); stride={stride}")
    return [(c, "W", c * gap) for _ in range(writes) for c in range(cores)]


def random_trace(
    seed: int, length: int = 12, cores: int = 2, lines: int = 2, line_size: int = 64
) -> list[Access]:
    """Traza aleatoria: ``length`` accesos de ``cores`` núcleos a ``lines`` líneas."""
    check_int("seed", seed)
    check_int("length", length, 1, 100_000)
    check_int("cores", cores, 1, 64)
    check_int("lines", lines, 1, 1_000)
    check_int("line_size", line_size, 1)
    rng = random.Random(seed)
    return [
        (
            rng.randrange(cores),
            rng.choice("RRW"),
            rng.randrange(lines) * line_size + rng.randrange(line_size),
        )
        for _ in range(length)
    ]

"""El «agujero de escritura» de RAID 5 y cómo lo cierran el diario de md y PPL.

Actualizar un trozo de una franja de RAID 5 son, como poco, dos escrituras en dos
discos distintos: el dato nuevo y la paridad nueva. md las lanza a la vez y ningún
disco sabe de la otra, así que un corte de corriente puede dejar una hecha y la otra
no: la franja queda **incoherente** (la paridad ya no es el XOR de los datos). Si
además falta un disco, los trozos que se rehacen con esa paridad salen mal, también
los que la escritura **no tocaba**: corrupción silenciosa. Es el *RAID5 write hole*
de la documentación del núcleo (``Documentation/driver-api/md/raid5-ppl.rst``), y
por eso md se niega por omisión a arrancar un conjunto sucio y degradado.

El simulador recorre **todos** los instantes posibles del corte (cada subconjunto de
escrituras completadas de cada fase) y cada disco que puede faltar después, con tres
políticas:

- ``"none"``: sin protección (lo que pasaría forzando el arranque, ``mdadm
  --assemble --force``);
- ``"journal"``: el diario de ``raid5-cache.rst`` en modo *write-through*: datos y
  paridad van primero a un disco de diario, con suma de comprobación, y solo cuando
  están allí se escriben en el conjunto; al arrancar, un registro completo se
  reescribe y uno incompleto se descarta;
- ``"ppl"``: el *Partial Parity Log* de ``raid5-ppl.rst``: antes de escribir, md
  guarda en el disco de paridad de la franja la **paridad parcial**, el XOR de los
  trozos que la escritura no modifica; al arrancar, paridad = paridad parcial ⊕ los
  trozos modificados tal como quedaron. Si el disco que falta es uno de los
  modificados, no se recupera esa franja (como en RAID 5 sin más).

>>> runs = explore(KITCHEN, {1: b"ESPINACA"}, "none")
>>> sum(r.outcome == "corrupto" for r in runs) > 0
True
>>> any(r.outcome == "corrupto" for r in explore(KITCHEN, {1: b"ESPINACA"}, "ppl"))
False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from dadsbook.hardware.disk.parity import xor_bytes
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, seeded_random

__all__ = [
    "KITCHEN",
    "OUTCOMES",
    "PROTECTIONS",
    "Run",
    "WriteHoleProblem",
    "WriteStep",
    "device_writes",
    "explore",
    "plan",
    "random_writehole",
    "recover",
    "show",
    "summary_table",
]

#: Políticas y su nombre para quien lee.
PROTECTIONS = {
    "none": "sin protección",
    "journal": "diario (raid5-cache)",
    "ppl": "PPL",
}
#: Lo que puede leerse tras el corte, de mejor a peor.
OUTCOMES = {
    "nuevo": "correcto, con lo escrito",
    "viejo": "correcto, sin lo escrito (no se había confirmado)",
    "corrupto": "corrupción silenciosa de un trozo no tocado",
    "basura": "basura en un trozo escrito",
}
#: Una franja de ejemplo: tres trozos de datos de 8 bytes (ingredientes de la cocina).
KITCHEN = (b"ALBAHACA", b"CEBOLLAS", b"PIMIENTO")
_WORDS = (b"ALBAHACA", b"CEBOLLAS", b"PIMIENTO", b"ESPINACA", b"LECHUGAS", b"CALABAZA",
          b"GARBANZO", b"ZANAHORI", b"MANZANAS", b"BERENJEN")  # fmt: skip


def show(chunk: bytes) -> str:
    """Un trozo legible: su texto si es ASCII imprimible, si no sus bytes en hexadecimal.

    >>> show(b"ALBAHACA"), show(b"\\x00\\x1f")
    ('ALBAHACA', '00 1f')
    """
    if all(32 <= b < 127 for b in chunk):
        return chunk.decode("ascii")
    return chunk.hex(" ")


@dataclass(frozen=True)
class WriteStep:
    """Una escritura de disco del plan: su fase, qué es, en qué disco y con qué bytes.

    Las escrituras de una fase van a la vez (cualquier subconjunto puede estar hecho
    al cortarse la luz); una fase empieza cuando la anterior ha terminado.
    """

    phase: int
    name: str
    disk: int | None
    content: bytes


def _check(data: Sequence[bytes], updates: Mapping[int, bytes], protection: str) -> None:
    check_choice("protection", protection, PROTECTIONS)
    check_int("trozos de datos", len(data), 2, 15)
    if len({len(c) for c in data}) != 1:
        raise ValueError("data debe tener trozos del mismo tamaño")
    if not updates:
        raise ValueError("updates debe modificar al menos un trozo")
    for index, chunk in updates.items():
        check_int("updates (índice de trozo)", index, 0, len(data) - 1)
        if len(chunk) != len(data[0]):
            raise ValueError(
                f"updates[{index}] debe tener {len(data[0])} bytes; se recibieron {len(chunk)}"
            )


def plan(data: Sequence[bytes], updates: Mapping[int, bytes], protection: str) -> list[WriteStep]:
    """Las escrituras de disco de una actualización de la franja con ``protection``.

    El trozo de datos ``i`` vive en el disco ``i`` y la paridad en el último (la franja
    0 de una disposición *left* de md).
    """
    _check(data, updates, protection)
    parity_disk = len(data)
    new = [updates.get(i, c) for i, c in enumerate(data)]
    array = [WriteStep(0, f"D{i}", i, chunk) for i, chunk in sorted(updates.items())]
    array.append(WriteStep(0, "P", parity_disk, xor_bytes(new)))
    if protection == "none":
        return array
    later = [WriteStep(1, s.name, s.disk, s.content) for s in array]
    if protection == "journal":
        record = b"".join(s.content for s in array)
        return [WriteStep(0, "diario", None, record), *later]
    untouched = [c for i, c in enumerate(data) if i not in updates]
    if not untouched:  # franja completa: md no guarda paridad parcial (no hace falta)
        return array
    return [WriteStep(0, "PPL", parity_disk, xor_bytes(untouched)), *later]


def crash_points(steps: Sequence[WriteStep]) -> list[tuple[WriteStep, ...]]:
    """Cada estado distinto al cortarse la luz: qué escrituras del plan llegaron a disco."""
    points: list[tuple[WriteStep, ...]] = [()]
    done: tuple[WriteStep, ...] = ()
    for phase in sorted({s.phase for s in steps}):
        current = [s for s in steps if s.phase == phase]
        for size in range(1, len(current) + 1):
            points += [done + combo for combo in combinations(current, size)]
        done += tuple(current)
    return points


@dataclass(frozen=True)
class Run:
    """Un escenario: qué llegó a disco, qué disco faltó al arrancar y qué se leyó."""

    protection: str
    completed: tuple[str, ...]
    failed: int
    read: tuple[bytes, ...]
    recovered: bool
    outcome: str

    @property
    def crash_label(self) -> str:
        """El instante del corte: las escrituras ya hechas (``ninguna`` si no llegó ninguna)."""
        return " + ".join(self.completed) or "ninguna"


def recover(
    data: Sequence[bytes],
    updates: Mapping[int, bytes],
    protection: str,
    completed: Sequence[WriteStep],
    failed: int,
) -> tuple[tuple[bytes, ...], bool]:
    """Arranca tras el corte sin el disco ``failed`` y lee cada trozo de datos.

    Devuelve los trozos leídos y si la política recuperó algo (reescribir el diario o
    rehacer la paridad con PPL).
    """
    _check(data, updates, protection)
    parity_disk = len(data)
    check_int("failed", failed, 0, parity_disk)
    disks = [*data, xor_bytes(data)]
    for step in completed:
        if step.disk is not None and step.name != "PPL":
            disks[step.disk] = step.content
    names = {s.name for s in completed}
    recovered = False
    if protection == "journal" and "diario" in names:
        for step in plan(data, updates, protection):
            if step.phase == 1 and step.disk != failed:
                disks[step.disk] = step.content  # type: ignore[index]
        recovered = True
    if protection == "ppl" and "PPL" in names and failed not in updates and failed != parity_disk:
        partial = next(s.content for s in completed if s.name == "PPL")
        disks[parity_disk] = xor_bytes([partial, *(disks[i] for i in updates)])
        recovered = True
    others = [c for d, c in enumerate(disks) if d != failed]
    read = tuple(xor_bytes(others) if i == failed else disks[i] for i in range(len(data)))
    return read, recovered


def _outcome(data: Sequence[bytes], updates: Mapping[int, bytes], read: Sequence[bytes]) -> str:
    for i, chunk in enumerate(read):
        if i not in updates and chunk != data[i]:
            return "corrupto"
    written = [read[i] for i in updates]
    if any(chunk not in (data[i], updates[i]) for i, chunk in zip(updates, written, strict=True)):
        return "basura"
    if all(chunk == updates[i] for i, chunk in zip(updates, written, strict=True)):
        return "nuevo"
    return "viejo"


def explore(data: Sequence[bytes], updates: Mapping[int, bytes], protection: str) -> list[Run]:
    """Todos los cortes posibles × cada disco que puede faltar al arrancar."""
    steps = plan(data, updates, protection)
    runs = []
    for point in crash_points(steps):
        for failed in range(len(data) + 1):
            read, recovered = recover(data, updates, protection, point, failed)
            runs.append(
                Run(protection, tuple(s.name for s in point), failed, read, recovered,
                    _outcome(data, updates, read))
            )  # fmt: skip
    return runs


def device_writes(data: Sequence[bytes], updates: Mapping[int, bytes], protection: str) -> int:
    """Trozos que se escriben en algún disco (el diario cuenta cada trozo que guarda)."""
    chunk = len(data[0])
    return sum(len(s.content) // chunk for s in plan(data, updates, protection))


def summary_table(data: Sequence[bytes], updates: Mapping[int, bytes]) -> Table:
    """Por política: escenarios, cuántos acaban en cada resultado y trozos escritos."""
    rows = []
    for protection, label in PROTECTIONS.items():
        runs = explore(data, updates, protection)
        counts = [sum(r.outcome == o for r in runs) for o in OUTCOMES]
        rows.append((label, len(runs), *counts, device_writes(data, updates, protection)))
    headers = ("política", "escenarios", "con lo escrito", "sin lo escrito",
               "corrupción silenciosa", "basura en lo escrito", "trozos escritos")  # fmt: skip
    return Table(headers, rows, caption="Cada corte posible × cada disco que falta al arrancar")


@dataclass(frozen=True)
class WriteHoleProblem:
    """Un problema: una franja, una actualización, una política, un corte y un disco caído."""

    data: tuple[bytes, ...]
    updates: tuple[tuple[int, bytes], ...]
    protection: str
    crash: tuple[str, ...]
    failed: int

    def problem(self) -> dict[str, Any]:
        """El problema (sin solución) como diccionario de tipos simples (bytes en hexadecimal)."""
        return {
            "data": [c.hex() for c in self.data],
            "updates": [[i, c.hex()] for i, c in self.updates],
            "protection": self.protection,
            "crash": list(self.crash),
            "failed": self.failed,
        }

    @classmethod
    def from_problem(cls, data: dict[str, Any]) -> WriteHoleProblem:
        """Reconstruye el problema desde :meth:`problem` y comprueba que es coherente."""
        chunks = tuple(bytes.fromhex(c) for c in data["data"])
        updates = tuple((int(i), bytes.fromhex(c)) for i, c in data["updates"])
        problem = cls(chunks, updates, str(data["protection"]), tuple(data["crash"]),
                      int(data["failed"]))  # fmt: skip
        names = {s.name for s in problem.steps()}
        unknown = [name for name in problem.crash if name not in names]
        if unknown:
            raise ValueError(f"crash solo admite escrituras del plan ({', '.join(sorted(names))}); "
                             f"se recibió {', '.join(unknown)}")  # fmt: skip
        check_int("failed", problem.failed, 0, len(chunks))
        return problem

    def steps(self) -> list[WriteStep]:
        """El plan de escrituras de la actualización."""
        return plan(self.data, dict(self.updates), self.protection)

    def describe(self) -> str:
        """El enunciado, en español."""
        disks = ", ".join(f"disco {i}: {show(c)}" for i, c in enumerate(self.data))
        writes = ", ".join(f"D{i} ← {show(c)}" for i, c in self.updates)
        order = "; ".join(
            f"fase {p}: " + ", ".join(s.name for s in self.steps() if s.phase == p)
            for p in sorted({s.phase for s in self.steps()})
        )
        return (
            f"RAID 5 de {len(self.data) + 1} discos; una franja con {disks} y la paridad (XOR) "
            f"en el disco {len(self.data)}.\nSe actualiza {writes}, con "
            f"{PROTECTIONS[self.protection]} ({order}).\nSe va la luz cuando ya se han "
            f"escrito: {' + '.join(self.crash) or 'ninguna'}. Al arrancar falta el disco "
            f"{self.failed}.\n¿Qué se lee en cada trozo de datos? ¿Hay corrupción silenciosa?"
        )

    def statement(self) -> Table:
        """El enunciado como tabla: cada disco, lo que guarda y lo que se le pide escribir."""
        updates = dict(self.updates)
        rows = [
            (f"disco {i}", f"D{i}", show(c), show(updates[i]) if i in updates else "—")
            for i, c in enumerate(self.data)
        ]
        rows.append(
            (f"disco {len(self.data)}", "P", show(xor_bytes(self.data)), "la nueva paridad")
        )
        phases = "; ".join(
            f"fase {p}: " + ", ".join(s.name for s in self.steps() if s.phase == p)
            for p in sorted({s.phase for s in self.steps()})
        )
        caption = (
            f"{PROTECTIONS[self.protection].capitalize()} ({phases}). Al cortarse la luz ya se "
            f"habían escrito: {' + '.join(self.crash) or 'ninguna'}. Al arrancar falta el "
            f"disco {self.failed}."
        )
        return Table(("disco", "trozo", "contenido", "escritura pedida"), rows, caption=caption)

    def solve(self) -> Run:
        """El escenario resuelto."""
        steps = self.steps()
        done = [s for s in steps if s.name in self.crash]
        read, recovered = recover(self.data, dict(self.updates), self.protection, done,
                                  self.failed)  # fmt: skip
        outcome = _outcome(self.data, dict(self.updates), read)
        return Run(self.protection, self.crash, self.failed, read, recovered, outcome)

    def table(self) -> Table:
        """La solución como tabla: lo que había, lo que se quería y lo que se lee."""
        run, updates = self.solve(), dict(self.updates)
        rows = [
            (f"D{i}", show(c), show(updates.get(i, c)), show(run.read[i]),
             "rehecho con la paridad" if i == self.failed else "leído de su disco")
            for i, c in enumerate(self.data)
        ]  # fmt: skip
        caption = f"Resultado: {OUTCOMES[run.outcome]}" + (
            "; la recuperación actuó" if run.recovered else "; no hubo recuperación"
        )
        return Table(("trozo", "antes", "escrito", "leído", "cómo"), rows, caption=caption)

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        run = self.solve()
        return {
            "data": [show(c) for c in self.data],
            "updates": {str(i): show(c) for i, c in self.updates},
            "protection": self.protection,
            "crash": list(self.crash),
            "failed": self.failed,
            "read": [show(c) for c in run.read],
            "recovered": run.recovered,
            "outcome": run.outcome,
        }


def random_writehole(seed: int, protection: str | None = None) -> WriteHoleProblem:
    """Un problema aleatorio (sembrado), con ``protection`` fija si se da.

    >>> random_writehole(5) == random_writehole(5)
    True
    """
    rng = seeded_random(seed)
    count = rng.randint(2, 4)
    words = rng.sample(_WORDS, count + 2)
    data = tuple(words[:count])
    modified = sorted(rng.sample(range(count), rng.randint(1, min(2, count - 1))))
    updates = tuple((i, words[count + k]) for k, i in enumerate(modified))
    chosen = protection if protection is not None else rng.choice(tuple(PROTECTIONS))
    steps = plan(data, dict(updates), chosen)
    point = rng.choice(crash_points(steps)[1:-1] or crash_points(steps))
    return WriteHoleProblem(data, updates, chosen, tuple(s.name for s in point),
                            rng.randrange(count + 1))  # fmt: skip

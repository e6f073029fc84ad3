"""Reemplazo de páginas: FIFO, LRU, OPT y CLOCK sobre una cadena de referencias.

Cuando un proceso toca una página que no está en memoria física y no quedan marcos
libres, el sistema operativo tiene que **expulsar** una página residente. Qué página
expulsar es la política de reemplazo (OSTEP, capítulo 22, «Beyond Physical Memory:
Policies»):

- ``fifo``: la que entró hace más tiempo, sin mirar el uso.
- ``lru``: la usada hace más tiempo (*least recently used*).
- ``opt``: la que se usará más tarde en el futuro (la política óptima de Belady,
  imposible en la práctica porque exige conocer el futuro; sirve de referencia).
- ``clock``: la aproximación a LRU que usan los sistemas reales: un bit de uso por
  marco y una manecilla que da segundas oportunidades.

Cada simulación es lineal en la longitud de la cadena: ``opt`` precalcula el
siguiente uso de cada referencia en una pasada hacia atrás y guarda los candidatos
en un montículo, en lugar de buscar hacia delante en cada fallo (que sería
cuadrático).

>>> r = simulate(BELADY_STRING, 3, "fifo")
>>> r.misses, simulate(BELADY_STRING, 4, "fifo").misses
(9, 10)
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial

import numpy as np

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, check_sequence

__all__ = [
    "BELADY_STRING",
    "POLICIES",
    "FaultCurve",
    "PolicyComparison",
    "ReplacementResult",
    "benchmark",
    "compare_policies",
    "fault_curve",
    "random_references",
    "simulate",
]

#: Las cuatro políticas, en el orden en que las presenta el libro.
POLICIES: tuple[str, ...] = ("fifo", "lru", "opt", "clock")

#: La cadena clásica de la anomalía de Belady (Belady, Nelson y Shedler, 1969).
BELADY_STRING: tuple[int, ...] = (1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5)

_NEVER = 1 << 62


@dataclass(frozen=True)
class ReplacementResult:
    """Resultado de una simulación: aciertos, fallos y fallos obligatorios."""

    policy: str
    frames: int
    length: int
    hits: int
    misses: int
    compulsory: int

    @property
    def hit_rate(self) -> float:
        """Fracción de referencias que encontraron la página en memoria."""
        return self.hits / self.length

    def as_dict(self) -> dict[str, object]:
        """El resultado como tipos básicos (para JSON), con :attr:`hit_rate`."""
        return {**asdict(self), "hit_rate": self.hit_rate}


def _check_policies(policies: Sequence[str]) -> None:
    check_sequence(
        "policies", policies, lambda n, v: check_choice(n, v, POLICIES), what="políticas"
    )


def _check_references(references: Sequence[int]) -> list[int]:
    if isinstance(references, str | bytes) or not isinstance(references, Sequence | np.ndarray):
        raise TypeError(
            "references debe ser una secuencia de enteros (lista, tupla o array); "
            f"se recibió {type(references).__name__}"
        )
    if len(references) == 0:
        raise ValueError("references no puede estar vacía: hace falta al menos una referencia")
    array = np.asarray(references)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise TypeError("references debe contener números de página enteros, en una dimensión")
    if int(array.min()) < 0:
        raise ValueError("references solo admite números de página ≥ 0")
    refs: list[int] = array.astype(np.int64).tolist()
    return refs


def _fifo(refs: list[int], frames: int) -> int:
    resident: set[int] = set()
    order: list[int] = []
    head = 0
    misses = 0
    for page in refs:
        if page in resident:
            continue
        misses += 1
        if len(resident) == frames:
            resident.discard(order[head])
            head += 1
        resident.add(page)
        order.append(page)
    return misses


def _lru(refs: list[int], frames: int) -> int:
    resident: OrderedDict[int, None] = OrderedDict()
    misses = 0
    for page in refs:
        if page in resident:
            resident.move_to_end(page)
            continue
        misses += 1
        if len(resident) == frames:
            resident.popitem(last=False)
        resident[page] = None
    return misses


def _next_uses(refs: list[int]) -> list[int]:
    """``out[i]``: índice del siguiente uso de ``refs[i]`` (o un número enorme).

    Una ordenación estable agrupa las apariciones de cada página en orden de
    tiempo: el siguiente uso de cada aparición es la que le sigue en su grupo.
    """
    pages = np.asarray(refs, dtype=np.int64)
    order = np.argsort(pages, kind="stable")
    grouped = pages[order]
    out = np.full(len(refs), _NEVER, dtype=np.int64)
    same = grouped[1:] == grouped[:-1]
    out[order[:-1][same]] = order[1:][same]
    result: list[int] = out.tolist()
    return result


def _opt(refs: list[int], frames: int) -> int:
    next_use = _next_uses(refs)
    resident: dict[int, int] = {}  # página -> su próximo uso
    heap: list[tuple[int, int]] = []  # (-próximo uso, página); entradas viejas se ignoran
    misses = 0
    for i, page in enumerate(refs):
        nxt = next_use[i]
        if page not in resident:
            misses += 1
            if len(resident) == frames:
                while True:
                    neg, victim = heapq.heappop(heap)
                    if resident.get(victim) == -neg:
                        del resident[victim]
                        break
        resident[page] = nxt
        heapq.heappush(heap, (-nxt, page))
    return misses


def _clock(refs: list[int], frames: int) -> int:
    slot_of: dict[int, int] = {}
    pages = [-1] * frames
    used = [False] * frames
    hand = 0
    filled = 0
    misses = 0
    for page in refs:
        slot = slot_of.get(page)
        if slot is not None:
            used[slot] = True
            continue
        misses += 1
        if filled < frames:
            slot = filled
            filled += 1
        else:
            while used[hand]:
                used[hand] = False
                hand = (hand + 1) % frames
            slot = hand
            del slot_of[pages[slot]]
            hand = (hand + 1) % frames
        pages[slot] = page
        used[slot] = True
        slot_of[page] = slot
    return misses


_SIMULATORS = {"fifo": _fifo, "lru": _lru, "opt": _opt, "clock": _clock}


def simulate(references: Sequence[int], frames: int, policy: str) -> ReplacementResult:
    """Simula ``policy`` con ``frames`` marcos sobre la cadena ``references``.

    Los fallos obligatorios (*compulsory*) son los del primer uso de cada página:
    ninguna política puede evitarlos.

    >>> simulate([0, 1, 0, 2, 0, 1], 2, "lru").hits
    2
    """
    check_choice("policy", policy, POLICIES)
    check_int("frames", frames, 1)
    refs = _check_references(references)
    misses = _SIMULATORS[policy](refs, int(frames))
    return ReplacementResult(
        policy=policy,
        frames=int(frames),
        length=len(refs),
        hits=len(refs) - misses,
        misses=misses,
        compulsory=len(set(refs)),
    )


def random_references(
    seed: int,
    length: int,
    pages: int,
    *,
    locality: float = 0.8,
    hot_fraction: float = 0.2,
) -> list[int]:
    """Una cadena de referencias aleatoria, sembrada, con localidad.

    Con probabilidad ``locality`` la referencia cae en el conjunto «caliente» (las
    primeras ``hot_fraction`` de las páginas); si no, en cualquier página. Es la
    carga «80-20» de OSTEP (capítulo 22). ``locality=0`` da referencias uniformes.

    >>> random_references(1, 8, 10) == random_references(1, 8, 10)
    True
    """
    check_int("length", length, 1)
    check_int("pages", pages, 1)
    check_number("locality", locality, 0, 1)
    check_number("hot_fraction", hot_fraction, 0, 1, positive=True)
    rng = np.random.default_rng(seed)
    hot = max(1, round(pages * hot_fraction))
    in_hot = rng.random(length) < locality
    refs = np.where(in_hot, rng.integers(0, hot, length), rng.integers(0, pages, length))
    return [int(r) for r in refs]


@dataclass(frozen=True)
class FaultCurve:
    """Fallos de cada política para varios números de marcos."""

    frames: tuple[int, ...]
    misses: dict[str, tuple[int, ...]]

    def as_dict(self) -> dict[str, object]:
        """La curva como tipos básicos (para JSON)."""
        return {"frames": list(self.frames), "misses": {k: list(v) for k, v in self.misses.items()}}

    def at(self, policy: str, frames: int) -> int:
        """Fallos de ``policy`` con ``frames`` marcos (uno de los simulados).

        >>> fault_curve(BELADY_STRING, [3, 4], ["fifo"]).at("fifo", 4)
        10
        """
        check_choice("policy", policy, self.misses)
        if frames not in self.frames:
            raise ValueError(
                f"frames debe ser uno de los simulados ({', '.join(map(str, self.frames))}); "
                f"se recibió {frames!r}"
            )
        return self.misses[policy][self.frames.index(frames)]

    def drop_per_frame(self, policy: str, low: int, high: int) -> float:
        """Fallos que quita, de media, cada marco añadido entre ``low`` y ``high`` marcos.

        La pendiente de la curva en ese tramo, calculada de los datos (no se supone la
        forma de la curva).

        >>> fault_curve(BELADY_STRING, [1, 5], ["lru"]).drop_per_frame("lru", 1, 5)
        1.75
        """
        if not low < high:
            raise ValueError(f"low debe ser menor que high; se recibió low={low!r}, high={high!r}")
        return (self.at(policy, low) - self.at(policy, high)) / (high - low)

    def table(self) -> Table:
        """Los fallos de cada política (filas) con cada número de marcos (columnas)."""
        headers = ("fallos con N marcos", *(fmt.number(f) for f in self.frames))
        rows = [(p.upper(), *values) for p, values in self.misses.items()]
        return Table(headers, rows, caption="Fallos de página de cada política (columnas: N).")


def fault_curve(
    references: Sequence[int],
    frames: Sequence[int],
    policies: Sequence[str] = POLICIES,
) -> FaultCurve:
    """Simula cada política de ``policies`` con cada número de marcos de ``frames``.

    >>> fault_curve(BELADY_STRING, [3, 4], ["fifo"]).misses
    {'fifo': (9, 10)}
    """
    if not frames:
        raise ValueError("frames debe contener al menos un número de marcos")
    _check_policies(policies)
    return FaultCurve(
        frames=tuple(int(f) for f in frames),
        misses={p: tuple(simulate(references, f, p).misses for f in frames) for p in policies},
    )


@dataclass(frozen=True)
class PolicyComparison:
    """Las políticas sobre la misma cadena, con lo que tardó cada simulación.

    ``timings`` son mediciones repetidas (:func:`dadsbook.measure.compare`, con las
    políticas intercaladas): mediana y dispersión, nunca una sola ejecución.
    """

    frames: int
    results: dict[str, ReplacementResult]
    timings: dict[str, measure.Measurement]

    @property
    def seconds(self) -> dict[str, float]:
        """Mediana de los segundos de simulación de cada política."""
        return {p: m.median_s for p, m in self.timings.items()}

    def as_dict(self) -> dict[str, object]:
        """La comparación como tipos básicos (para JSON); sin tiempos, que varían."""
        return {"frames": self.frames, "results": {k: v.as_dict() for k, v in self.results.items()}}

    def table(self) -> Table:
        """Aciertos, fallos, tasa de aciertos y tiempo de simulación (mediana y RIC)."""
        rows = [
            (
                p.upper(),
                r.hits,
                r.misses,
                fmt.percent(r.hit_rate),
                fmt.seconds(self.timings[p].median_s),
                f"{fmt.seconds(self.timings[p].q1_s)}–{fmt.seconds(self.timings[p].q3_s)}",
            )
            for p, r in self.results.items()
        ]
        length = next(iter(self.results.values())).length
        repeats = len(next(iter(self.timings.values())).samples_ns)
        return Table(
            ("política", "aciertos", "fallos", "tasa de aciertos", "simulación (mediana)", "RIC"),
            rows,
            caption=f"{fmt.number(length)} referencias con {fmt.number(self.frames)} marcos; "
            f"tiempos de {repeats} repeticiones intercaladas.",
        )


def compare_policies(
    references: Sequence[int],
    frames: int,
    policies: Sequence[str] = POLICIES,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> PolicyComparison:
    """Simula cada política sobre ``references`` y cronometra las simulaciones.

    Los tiempos se miden con :func:`dadsbook.measure.compare` (``repeats`` y
    ``warmup`` por omisión, los del perfil activo), con las políticas intercaladas.

    >>> c = compare_policies(BELADY_STRING, 3, repeats=1, warmup=0)
    >>> {p: r.misses for p, r in c.results.items()}
    {'fifo': 9, 'lru': 10, 'opt': 7, 'clock': 9}
    """
    _check_policies(policies)
    refs = _check_references(references)
    # La simulación es determinista: los resultados salen de la primera ejecución
    # (la de calentamiento, o la primera medida si no hay calentamiento) en vez de
    # una ronda aparte sin cronometrar. Guardar el resultado cuesta lo mismo a todas
    # las políticas y nada frente a la simulación.
    results: dict[str, ReplacementResult] = {}

    def run(policy: str) -> None:
        results[policy] = simulate(refs, frames, policy)

    runs = {policy: partial(run, policy) for policy in policies}
    timings = measure.compare(runs, repeats=repeats, warmup=warmup)
    return PolicyComparison(int(frames), {p: results[p] for p in policies}, timings)


def benchmark(
    length: int = 1_000_000,
    pages: int = 1000,
    frames: int = 100,
    seed: int = 0,
    *,
    repeats: int = 3,
) -> dict[str, float]:
    """Mediana de los segundos que tarda cada política en simular ``length`` referencias.

    Una comprobación de orden de magnitud del simulador (``repeats`` repeticiones,
    sin calentamiento), no una medición del libro.
    """
    refs = random_references(seed, length, pages)
    return compare_policies(refs, frames, repeats=repeats, warmup=0).seconds

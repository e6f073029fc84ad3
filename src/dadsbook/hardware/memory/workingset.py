"""Conjunto de trabajo e hiperpaginación (*thrashing*): el modelo de Denning.

El **conjunto de trabajo** de un proceso en el instante ``t`` con ventana ``Δ`` es
el conjunto de páginas que tocó en sus últimas ``Δ`` referencias: ``W(t, Δ)``
(Denning, «The working set model for program behavior», *Communications of the
ACM*, 1968). Un programa pasa por **fases** y en cada una usa unas pocas páginas (su
localidad); mientras su conjunto de trabajo esté en memoria, casi no falla.

Cuando la suma de los conjuntos de trabajo de los procesos en ejecución pasa de la
memoria, cada uno expulsa las páginas que el siguiente está a punto de usar: los
fallos se disparan, todos esperan al disco de paginación y la CPU se queda ociosa
justo cuando más procesos hay. Es la **hiperpaginación** (*thrashing*; Denning,
«Thrashing: its causes and prevention», AFIPS 1968). La cura de Denning es el
**control de carga**: solo se admiten los procesos cuyos conjuntos de trabajo caben.

:func:`simulate` lo reproduce con procesos que reparten una CPU por turno rotatorio,
una memoria con reemplazo LRU **global** y un único disco de paginación que atiende
los fallos por orden de llegada.

>>> working_set_sizes([1, 2, 1, 3, 4, 4, 4], window=3)
[1, 2, 2, 3, 3, 2, 1]
"""

from __future__ import annotations

import heapq
import random
import re
import statistics
from collections import Counter, OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int, seeded_random

__all__ = [
    "ThrashingModel",
    "ThrashingPoint",
    "WorkingSetProblem",
    "memory_pressure",
    "phased_references",
    "random_working_set",
    "simulate",
    "thrashing_table",
    "working_set_sizes",
    "working_sets",
]


def _check_refs(references: Sequence[int], window: int) -> None:
    if not references:
        raise ValueError("references no puede estar vacía")
    check_int("window", window, 1, 10**7)


def memory_pressure(path: Path | str = "/proc/pressure/memory") -> tuple[float, float] | None:
    """Segundos que las tareas han pasado esperando memoria desde el arranque (PSI).

    Devuelve ``(some, full)``: con ``some``, al menos una tarea esperaba; con
    ``full``, todas las que podían ejecutarse a la vez, la CPU sin trabajo útil
    (``Documentation/accounting/psi.rst``). ``None`` si el núcleo no lo publica.
    """
    try:
        text = Path(path).read_text(encoding="ascii")
    except OSError:
        return None
    totals = dict(re.findall(r"^(some|full) .*total=(\d+)", text, re.MULTILINE))
    if set(totals) != {"some", "full"}:
        return None
    return int(totals["some"]) / 1e6, int(totals["full"]) / 1e6


def working_sets(references: Sequence[int], window: int) -> list[frozenset[int]]:
    """``W(t, Δ)`` para cada ``t``: las páginas de las referencias ``t − Δ + 1 … t``."""
    _check_refs(references, window)
    return [frozenset(references[max(0, t - window + 1) : t + 1]) for t in range(len(references))]


def working_set_sizes(references: Sequence[int], window: int) -> list[int]:
    """``|W(t, Δ)|`` para cada ``t``, en una sola pasada (ventana deslizante)."""
    _check_refs(references, window)
    counts: Counter[int] = Counter()
    sizes = []
    for t, page in enumerate(references):
        counts[page] += 1
        if t >= window:
            old = references[t - window]
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
        sizes.append(len(counts))
    return sizes


def phased_references(
    seed: int, localities: Sequence[int], phase_length: int, pages: int
) -> tuple[list[int], list[int]]:
    """Una cadena por fases: en cada una, referencias uniformes a su localidad.

    ``localities`` da el número de páginas de cada fase (elegidas al azar entre
    ``pages``). Devuelve la cadena y el instante en que empieza cada fase.
    """
    check_int("phase_length", phase_length, 1, 10**6)
    check_int("pages", pages, 1, 10**6)
    if not localities:
        raise ValueError("localities debe contener al menos una fase")
    rng = random.Random(seed)
    refs: list[int] = []
    starts = []
    for size in localities:
        check_int("localities (páginas por fase)", size, 1, pages)
        chosen = rng.sample(range(pages), size)
        starts.append(len(refs))
        refs += [rng.choice(chosen) for _ in range(phase_length)]
    return refs, starts


@dataclass(frozen=True)
class ThrashingModel:
    """Los parámetros de la máquina simulada (tiempos en unidades de una referencia).

    Cada proceso, además, espera una E/S propia (de ``io_time``, en otro dispositivo)
    tras cada ``io_every`` referencias: por eso un solo proceso no llena la CPU y la
    multiprogramación ayuda mientras la memoria alcanza. ``horizon`` es cuánto tiempo
    se simula y ``warmup``, el arranque que no se mide (los fallos obligatorios del
    principio); ``swap_interval``, cada cuánto el control de carga suspende a un
    proceso admitido y admite a uno que esperaba.
    """

    frames: int = 96
    pages_per_process: int = 16
    fault_time: int = 100
    quantum: int = 50
    io_every: int = 100
    io_time: int = 300
    horizon: int = 40_000
    warmup: int = 10_000
    swap_interval: int = 4_000

    def __post_init__(self) -> None:
        check_int("frames", self.frames, 1, 10**5)
        check_int("pages_per_process", self.pages_per_process, 1, 10**4)
        check_int("fault_time", self.fault_time, 1, 10**7)
        check_int("quantum", self.quantum, 1, 10**6)
        check_int("io_every", self.io_every, 1, 10**6)
        check_int("io_time", self.io_time, 0, 10**7)
        check_int("horizon", self.horizon, 1, 10**7)
        check_int("warmup", self.warmup, 0, self.horizon - 1)
        check_int("swap_interval", self.swap_interval, 1, 10**7)

    @property
    def fitting(self) -> int:
        """Procesos cuyos conjuntos de trabajo caben a la vez en la memoria."""
        return max(1, self.frames // self.pages_per_process)


@dataclass(frozen=True)
class ThrashingPoint:
    """Lo que pasó con ``processes`` procesos: uso de la CPU, fallos y referencias."""

    processes: int
    admitted: int
    utilization: float
    faults: int
    references: int

    @property
    def faults_per_1000(self) -> float:
        """Fallos por cada mil referencias ejecutadas."""
        return 1000 * self.faults / max(self.references, 1)


def simulate(
    model: ThrashingModel, processes: int, *, admit: int | None = None, seed: int = 0
) -> ThrashingPoint:
    """Simula ``processes`` procesos y mide el uso de la CPU tras el arranque.

    Cada proceso hace referencias uniformes a sus ``pages_per_process`` páginas (su
    conjunto de trabajo), sin terminar nunca. La CPU ejecuta una referencia por
    unidad de tiempo y reparte turnos de ``quantum`` referencias; un fallo bloquea al
    proceso hasta que el disco (uno solo, por orden de llegada, ``fault_time`` por
    fallo) trae la página, que expulsa a la usada hace más tiempo de **toda** la
    memoria (LRU global). Con ``admit``, solo ``admit`` procesos compiten a la vez
    (control de carga): cada ``swap_interval`` se suspende al admitido más antiguo,
    sus páginas se liberan y entra el primero que esperaba.
    """
    n = check_int("processes", processes, 1, 1000)
    limit = n if admit is None else min(n, check_int("admit", admit, 1, 1000))
    rng = random.Random(seed)
    since_io = [0] * n
    admitted = deque(range(limit))
    waiting = deque(range(limit, n))
    ready = deque(admitted)
    blocked: set[int] = set()
    memory: OrderedDict[tuple[int, int], None] = OrderedDict()
    events: list[tuple[int, int, int]] = []  # (fin, proceso, página; -1 si es E/S propia)
    t = busy = faults = disk_free = 0
    next_swap = model.swap_interval

    def complete_until(now: int) -> None:
        while events and events[0][0] <= now:
            _, proc, page = heapq.heappop(events)
            blocked.discard(proc)
            if proc not in admitted:
                continue  # suspendido mientras esperaba
            if page >= 0:
                memory[(proc, page)] = None
                if len(memory) > model.frames:
                    memory.popitem(last=False)
            ready.append(proc)

    def rotate() -> None:
        out = admitted.popleft()
        if out in ready:
            ready.remove(out)
        for page in range(model.pages_per_process):
            memory.pop((out, page), None)
        waiting.append(out)
        new = waiting.popleft()
        admitted.append(new)
        if new not in blocked:
            ready.append(new)

    while t < model.horizon:
        complete_until(t)
        if waiting and t >= next_swap:
            rotate()
            next_swap += model.swap_interval
        if not ready:
            t = min(events[0][0], model.horizon)
            continue
        proc = ready.popleft()
        for _ in range(model.quantum):
            key = (proc, rng.randrange(model.pages_per_process))
            if key not in memory:
                faults += t >= model.warmup
                disk_free = max(disk_free, t) + model.fault_time
                heapq.heappush(events, (disk_free, *key))
                blocked.add(proc)
                break
            memory.move_to_end(key)
            busy += t >= model.warmup
            t += 1
            since_io[proc] += 1
            if since_io[proc] >= model.io_every:
                since_io[proc] = 0
                heapq.heappush(events, (t + model.io_time, proc, -1))
                blocked.add(proc)
                break
            if t >= model.horizon:
                break
        else:
            ready.append(proc)
    return ThrashingPoint(n, limit, busy / (model.horizon - model.warmup), faults, busy)


def thrashing_table(points: Sequence[ThrashingPoint]) -> Table:
    """Una fila por número de procesos: uso de la CPU y fallos."""
    rows = [
        (p.processes, p.admitted, fmt.percent(p.utilization), p.faults,
         fmt.number(p.faults_per_1000))
        for p in points
    ]  # fmt: skip
    return Table(("procesos", "a la vez", "uso de la CPU", "fallos", "fallos por mil refs."),
                 rows)  # fmt: skip


@dataclass(frozen=True)
class WorkingSetProblem:
    """Un problema: una cadena de referencias corta y una ventana ``Δ``."""

    references: tuple[int, ...]
    window: int

    def problem(self) -> dict[str, Any]:
        """El problema (sin solución) como diccionario de tipos simples."""
        return {"references": list(self.references), "window": self.window}

    @classmethod
    def from_problem(cls, data: dict[str, Any]) -> WorkingSetProblem:
        """Reconstruye el problema desde :meth:`problem` (valida cadena y ventana)."""
        refs = tuple(check_int("references", r, 0, 10**9) for r in data["references"])
        _check_refs(refs, data["window"])
        return cls(refs, int(data["window"]))

    def describe(self) -> str:
        """El enunciado, en español."""
        refs = ", ".join(map(str, self.references))
        return (
            f"Cadena de referencias: {refs}.\nVentana Δ = {self.window} referencias.\n"
            "¿Qué páginas forman el conjunto de trabajo W(t, Δ) tras cada referencia, y "
            "cuántas son como mucho?"
        )

    def solve(self) -> list[frozenset[int]]:
        """``W(t, Δ)`` tras cada referencia."""
        return working_sets(self.references, self.window)

    def table(self) -> Table:
        """La solución como tabla."""
        rows = [
            (t, ref, "{" + ", ".join(map(str, sorted(w))) + "}", len(w))
            for t, (ref, w) in enumerate(zip(self.references, self.solve(), strict=True))
        ]
        return Table(("t", "página", "W(t, Δ)", "|W|"), rows, caption=f"Δ = {self.window}")

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        sets = self.solve()
        return {
            **self.problem(),
            "working_sets": [sorted(w) for w in sets],
            "sizes": [len(w) for w in sets],
            "max_size": max(len(w) for w in sets),
            "mean_size": statistics.fmean(len(w) for w in sets),
        }


def random_working_set(seed: int, length: int = 12) -> WorkingSetProblem:
    """Un problema aleatorio (sembrado): dos fases con localidades distintas y una ventana.

    >>> random_working_set(1) == random_working_set(1)
    True
    """
    rng = seeded_random(seed)
    check_int("length", length, 2, 60)
    first, second = rng.sample(range(8), 3), rng.sample(range(8), 3)
    half = length // 2
    refs = [rng.choice(first) for _ in range(half)]
    refs += [rng.choice(second) for _ in range(length - half)]
    return WorkingSetProblem(tuple(refs), rng.choice((3, 4, 5)))

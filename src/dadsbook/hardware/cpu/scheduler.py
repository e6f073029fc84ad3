"""Simulador de planificación de una CPU: FIFO, SJF, STCF y turno rotatorio.

Un solo núcleo, varios trabajos que llegan en distintos instantes y necesitan cierto
tiempo de CPU. El planificador decide quién corre en cada momento. Las métricas son
las de *Operating Systems: Three Easy Pieces* (Arpaci-Dusseau, cap. 7):

- **respuesta** = primera ejecución − llegada;
- **retorno** (*turnaround*) = fin − llegada;
- **espera** = retorno − duración (tiempo listo sin correr, cambios incluidos).

Las políticas:

- ``fifo``: por orden de llegada, sin expulsión.
- ``sjf``: el trabajo más corto de los que han llegado, sin expulsión.
- ``stcf``: el que menos tiempo *restante* tiene, con expulsión cuando llega otro
  más corto (también llamado SRTF o SRPT).
- ``rr``: turno rotatorio (*round robin*) con un *quantum* fijo; los que llegan
  durante un turno se ponen en la cola antes que el trabajo expulsado.

Un cambio de contexto cuesta ``switch_cost`` unidades cada vez que la CPU empieza a
correr un trabajo distinto del último que corrió (el primer despacho es gratis).

El simulador es orientado a eventos con ``heapq`` y ``deque``: coste
O(n log n + tramos), de modo que cien mil trabajos con turno rotatorio caben en
alrededor de un segundo (véase :func:`benchmark`).

>>> jobs = [Job("A", 0, 100), Job("B", 0, 10), Job("C", 0, 10)]
>>> schedule(jobs, "fifo").average_turnaround
110.0
>>> schedule(jobs, "sjf").average_turnaround
50.0
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.timeline import JobTimes, Slice, mean_of
from dadsbook.validation import check_choice, check_int, check_named, check_number, check_text

__all__ = [
    "POLICIES",
    "Benchmark",
    "Job",
    "JobResult",
    "Schedule",
    "Slice",
    "benchmark",
    "random_jobs",
    "schedule",
]

#: Políticas que entiende :func:`schedule`.
POLICIES: tuple[str, ...] = ("fifo", "sjf", "stcf", "rr")


@dataclass(frozen=True)
class Job:
    """Un trabajo: nombre, instante de llegada y tiempo de CPU que necesita."""

    name: str
    arrival: float
    run_time: float

    def __post_init__(self) -> None:
        check_text("name", self.name, what="el nombre del trabajo")
        object.__setattr__(self, "arrival", check_number("arrival", self.arrival))
        object.__setattr__(self, "run_time", check_number("run_time", self.run_time, positive=True))


@dataclass(frozen=True)
class JobResult(JobTimes[float]):
    """Métricas de un trabajo tras la simulación (:class:`dadsbook.timeline.JobTimes`)."""

    run_time: float

    @property
    def completion(self) -> float:
        """Instante en que termina (``finish``)."""
        return self.finish

    @property
    def waiting(self) -> float:
        """Retorno − duración: tiempo listo sin correr."""
        return self.turnaround - self.run_time


@dataclass(frozen=True)
class Schedule:
    """Resultado de :func:`schedule`: tramos, cambios de contexto y métricas."""

    policy: str
    quantum: float
    switch_cost: float
    results: tuple[JobResult, ...]
    slices: tuple[Slice, ...]
    switches: tuple[tuple[float, float], ...]

    @property
    def average_response(self) -> float:
        """Respuesta media."""
        return mean_of(r.response for r in self.results)

    @property
    def average_turnaround(self) -> float:
        """Retorno medio."""
        return mean_of(r.turnaround for r in self.results)

    @property
    def average_waiting(self) -> float:
        """Espera media."""
        return mean_of(r.waiting for r in self.results)

    def averages(self) -> tuple[float, float, float]:
        """Respuesta, retorno y espera medios."""
        return (self.average_response, self.average_turnaround, self.average_waiting)

    @property
    def makespan(self) -> float:
        """Instante en que termina el último trabajo."""
        return max(r.completion for r in self.results)

    @property
    def switch_time(self) -> float:
        """Tiempo total gastado en cambios de contexto."""
        return len(self.switches) * self.switch_cost

    @property
    def overhead(self) -> float:
        """Fracción del tiempo ocupado de la CPU que se fue en cambios (0 a 1)."""
        work = math.fsum(r.run_time for r in self.results)
        return self.switch_time / (work + self.switch_time)

    def label(self) -> str:
        """Nombre legible de la política (``RR (q=2)`` para el turno rotatorio)."""
        name = self.policy.upper()
        return f"{name} (q={self.quantum:g})" if self.policy == "rr" else name

    def table(self) -> Table:
        """Tabla por trabajo: llegada, duración, primera ejecución, fin y métricas."""
        rows: list[tuple[object, ...]] = [
            (
                r.name,
                r.arrival,
                r.run_time,
                r.first_run,
                r.finish,
                r.response,
                r.turnaround,
                r.waiting,
            )
            for r in self.results
        ]
        rows.append(("media", "", "", "", "", *self.averages()))
        headers = (
            *("trabajo", "llegada", "duración", "1.ª ejecución", "fin"),
            *("respuesta", "retorno", "espera"),
        )
        return Table(headers, rows, caption=self.label())

    def as_dict(self) -> dict[str, Any]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "policy": self.policy,
            "quantum": self.quantum,
            "switch_cost": self.switch_cost,
            "jobs": [
                {
                    "name": r.name,
                    "arrival": r.arrival,
                    "run_time": r.run_time,
                    "first_run": r.first_run,
                    "completion": r.completion,
                    "response": r.response,
                    "turnaround": r.turnaround,
                    "waiting": r.waiting,
                }
                for r in self.results
            ],
            "average": {
                "response": self.average_response,
                "turnaround": self.average_turnaround,
                "waiting": self.average_waiting,
            },
            "slices": [[s.job, s.start, s.end] for s in self.slices],
            "switches": [list(s) for s in self.switches],
        }


class _Recorder:
    """Apunta tramos y cambios; fusiona tramos contiguos del mismo trabajo."""

    def __init__(self, jobs: Sequence[Job], switch_cost: float) -> None:
        self.jobs = jobs
        self.cost = switch_cost
        self.slices: list[Slice] = []
        self.switches: list[tuple[float, float]] = []
        self.first: list[float] = [math.nan] * len(jobs)
        self.completion: list[float] = [math.nan] * len(jobs)
        self.last = -1

    def dispatch(self, index: int, now: float) -> float:
        """Carga el trabajo ``index``; si cambia de trabajo, paga el cambio."""
        if self.last != index:
            if self.last >= 0 and self.cost > 0:
                self.switches.append((now, now + self.cost))
                now += self.cost
            self.last = index
        return now

    def run(self, index: int, start: float, end: float) -> None:
        if end <= start:
            return
        if math.isnan(self.first[index]):
            self.first[index] = start
        name = self.jobs[index].name
        last = self.slices[-1] if self.slices else None
        if last is not None and last.job == name and last.end == start:
            self.slices[-1] = Slice(name, last.start, end)
        else:
            self.slices.append(Slice(name, start, end))


def _by_heap(
    jobs: Sequence[Job], order: list[int], rec: _Recorder, *, shortest: bool, preempt: bool
) -> None:
    """FIFO, SJF y STCF: los listos esperan en un montículo por (restante, llegada, índice).

    Sin ``shortest`` la primera clave es 0 (FIFO: por llegada); con ``preempt`` (STCF),
    una llegada interrumpe al que corre y este vuelve al montículo con lo que le queda.
    """
    arr = [job.arrival for job in jobs]
    remaining = [job.run_time for job in jobs]
    ready: list[tuple[float, float, int]] = []

    def add(j: int) -> None:
        heapq.heappush(ready, (remaining[j] if shortest else 0.0, arr[j], j))

    now, i, n, done = 0.0, 0, len(jobs), 0
    while done < n:
        while i < n and arr[order[i]] <= now:
            add(order[i])
            i += 1
        if not ready:
            now = arr[order[i]]
            continue
        _, _, j = heapq.heappop(ready)
        now = rec.dispatch(j, now)
        left = remaining[j]
        next_arrival = arr[order[i]] if preempt and i < n else math.inf
        if now + left <= next_arrival:
            rec.run(j, now, now + left)
            now += left
            rec.completion[j] = now
            done += 1
        else:
            end = max(next_arrival, now)
            rec.run(j, now, end)
            remaining[j] = left - (end - now)
            add(j)
            now = end


def _round_robin(jobs: Sequence[Job], order: list[int], rec: _Recorder, quantum: float) -> None:
    arr = [job.arrival for job in jobs]
    run = [job.run_time for job in jobs]
    queue: deque[int] = deque()
    remaining = list(run)
    now, i, n, done = 0.0, 0, len(jobs), 0
    while done < n:
        while i < n and arr[order[i]] <= now:
            queue.append(order[i])
            i += 1
        if not queue:
            now = arr[order[i]]
            continue
        j = queue.popleft()
        now = rec.dispatch(j, now)
        left = remaining[j]
        step = left if left <= quantum else quantum
        rec.run(j, now, now + step)
        now += step
        if left <= quantum:
            rec.completion[j] = now
            done += 1
        else:
            remaining[j] = left - step
            while i < n and arr[order[i]] <= now:
                queue.append(order[i])
                i += 1
            queue.append(j)


def _check_jobs(jobs: Sequence[Job]) -> tuple[Job, ...]:
    return tuple(check_named("jobs", tuple(jobs), Job, what="trabajos"))


def schedule(
    jobs: Sequence[Job], policy: str, *, quantum: float = 1.0, switch_cost: float = 0.0
) -> Schedule:
    """Simula ``jobs`` con la política ``policy`` en una CPU.

    ``quantum`` solo lo usa ``rr``; ``switch_cost`` es el coste de cada cambio de
    contexto, en las mismas unidades de tiempo que los trabajos.

    >>> s = schedule([Job("A", 0, 3), Job("B", 0, 3)], "rr", quantum=1)
    >>> [s.job for s in s.slices]
    ['A', 'B', 'A', 'B', 'A', 'B']
    >>> s.average_response, s.average_turnaround
    (0.5, 5.5)
    """
    items = _check_jobs(jobs)
    check_choice("policy", policy, POLICIES)
    q = check_number("quantum", quantum, positive=True)
    cost = check_number("switch_cost", switch_cost)
    order = sorted(range(len(items)), key=[job.arrival for job in items].__getitem__)
    rec = _Recorder(items, cost)
    if policy in ("fifo", "sjf", "stcf"):
        _by_heap(items, order, rec, shortest=policy != "fifo", preempt=policy == "stcf")
    else:
        _round_robin(items, order, rec, q)
    results = tuple(
        JobResult(job.name, job.arrival, rec.first[k], rec.completion[k], job.run_time)
        for k, job in enumerate(items)
    )
    return Schedule(policy, q, cost, results, tuple(rec.slices), tuple(rec.switches))


def random_jobs(count: int, seed: int, *, max_run: int = 10, max_arrival: int = 0) -> list[Job]:
    """Trabajos aleatorios reproducibles: duraciones enteras en [1, ``max_run``].

    Las llegadas son enteros en [0, ``max_arrival``] (todas en 0 por defecto, como
    en los ejercicios de OSTEP). Los nombres son ``J0``, ``J1``…

    >>> [(j.name, j.arrival, j.run_time) for j in random_jobs(2, seed=1, max_run=5)]
    [('J0', 0.0, 3.0), ('J1', 0.0, 3.0)]
    """
    check_int("count", count, 1, 10_000_000)
    check_int("seed", seed, 0, 2**63 - 1)
    check_int("max_run", max_run, 1, 1_000_000)
    check_int("max_arrival", max_arrival, 0, 1_000_000_000)
    rng = np.random.default_rng(seed)
    runs = rng.integers(1, max_run, size=count, endpoint=True).tolist()
    arrivals = rng.integers(0, max_arrival, size=count, endpoint=True).tolist()
    pairs = zip(arrivals, runs, strict=True)
    return [Job(f"J{k}", float(a), float(r)) for k, (a, r) in enumerate(pairs)]


@dataclass(frozen=True)
class Benchmark:
    """Cuánto tardó el simulador en planificar ``jobs`` trabajos, con repeticiones."""

    jobs: int
    policy: str
    slices: int
    measurement: measure.Measurement

    @property
    def seconds(self) -> float:
        """Mediana de las repeticiones, en segundos."""
        return self.measurement.median_s

    def summary(self) -> str:
        """Una línea en español: trabajos, tramos y la medición con su dispersión."""
        return (
            f"{fmt.number(self.jobs)} trabajos, {fmt.number(self.slices)} tramos; "
            f"{self.measurement.summary()}"
        )


def benchmark(
    count: int = 100_000,
    *,
    policy: str = "rr",
    quantum: float = 4.0,
    seed: int = 0,
    repeats: int | None = None,
    warmup: int | None = None,
) -> Benchmark:
    """Cronometra una simulación grande con el arnés del libro (mediana y dispersión).

    ``repeats`` y ``warmup`` toman por defecto los del perfil. No es una prueba con
    umbral: sirve para ver que el simulador escala.

    >>> b = benchmark(1000, repeats=2, warmup=0)
    >>> b.slices > 1000, len(b.measurement.samples_ns)
    (True, 2)
    """
    jobs = random_jobs(count, seed)
    check_choice("policy", policy, POLICIES)
    # La planificación es determinista: los tramos salen de la primera ejecución de la
    # medición (la de calentamiento, o la primera medida) y no de una ronda aparte.
    results: list[Schedule] = []

    def run() -> None:
        if results:
            schedule(jobs, policy, quantum=quantum)
        else:
            results.append(schedule(jobs, policy, quantum=quantum))

    measured = measure.measure(
        run,
        repeats=repeats,
        warmup=warmup,
        label=f"planificar con {policy.upper()}",
    )
    return Benchmark(count, policy, len(results[0].slices), measured)

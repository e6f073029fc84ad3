"""Multitarea cooperativa frente a apropiativa, en una CPU simulada.

En la **multitarea cooperativa** (Windows 3.x, Mac OS clásico, un bucle de
``asyncio``) una tarea conserva la CPU hasta que la **cede** ella misma. Si una tarea
nunca cede, las demás no vuelven a ejecutarse hasta que termine: se **mueren de
hambre** (*starvation*). En la **multitarea apropiativa** (*preemptive*) el núcleo
recupera la CPU con una interrupción de reloj al acabar cada porción de tiempo
(*quantum*) y se la da a la siguiente tarea lista, coopere o no la que estaba.

El simulador es determinista: una CPU, una cola de listas en orden de llegada
(FIFO) y tareas con ``work`` unidades de CPU que ceden voluntariamente cada
``burst`` unidades (``None``: nunca ceden). Las llegadas que ocurren durante una
porción entran en la cola antes que la tarea expulsada, como en los simuladores de
OSTEP.

>>> tasks = starvation_scenario()
>>> coop = simulate(tasks, mode="cooperative")
>>> pre = simulate(tasks, mode="preemptive", quantum=2)
>>> coop.max_response > pre.max_response
True
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.timeline import JobsSummary, JobTimes, Slice
from dadsbook.validation import check_choice, check_int, check_named, check_number, check_text

__all__ = [
    "MODES",
    "MultitaskingResult",
    "Slice",
    "Task",
    "TaskStats",
    "random_tasks",
    "simulate",
    "starvation_scenario",
]

#: Modos de multitarea: ``cooperative`` (la tarea cede) o ``preemptive`` (el reloj expulsa).
MODES = ("cooperative", "preemptive")


@dataclass(frozen=True)
class Task:
    """Una tarea: llega en ``arrival``, necesita ``work`` de CPU y cede cada ``burst``."""

    name: str
    arrival: float
    work: float
    burst: float | None = None

    def __post_init__(self) -> None:
        check_text("name", self.name, what="el nombre de la tarea")
        check_number("arrival", self.arrival, 0, 1e9)
        check_number("work", self.work, 0, 1e9, open_low=True)
        if self.burst is not None:
            check_number("burst", self.burst, 0, 1e9, open_low=True)


@dataclass(frozen=True)
class TaskStats(JobTimes[float]):
    """Métricas de una tarea (:class:`dadsbook.timeline.JobTimes`) y su espera más larga."""

    longest_wait: float


@dataclass(frozen=True)
class MultitaskingResult(JobsSummary):
    """Resultado de :func:`simulate`: tramos de CPU y métricas por tarea."""

    mode: str
    quantum: float | None
    slices: tuple[Slice, ...]
    stats: tuple[TaskStats, ...]

    @property
    def max_wait(self) -> float:
        """La espera más larga de una tarea lista sin CPU (lo que se nota como «congelado»)."""
        return max(s.longest_wait for s in self.stats)

    def title(self) -> str:
        """Título en español del modo simulado."""
        if self.mode == "cooperative":
            return "Multitarea cooperativa"
        return f"Multitarea apropiativa (quantum {fmt.number(self.quantum or 0)})"

    def table(self) -> Table:
        """Tabla por tarea: llegada, respuesta, retorno y espera más larga."""
        rows = [(s.name, s.arrival, s.response, s.turnaround, s.longest_wait) for s in self.stats]
        return Table(
            ("tarea", "llegada", "respuesta", "retorno", "espera más larga"),
            rows,
            caption=self.title(),
        )

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "mode": self.mode,
            "quantum": self.quantum,
            "slices": [[s.task, s.start, s.end] for s in self.slices],
            "stats": [
                {
                    "name": s.name,
                    "arrival": s.arrival,
                    "response": s.response,
                    "turnaround": s.turnaround,
                    "longest_wait": s.longest_wait,
                }
                for s in self.stats
            ],
        }


def _check_tasks(tasks: Sequence[Task]) -> None:
    check_named("tasks", tasks, Task, max_items=1000, what="tareas")


def simulate(
    tasks: Sequence[Task], *, mode: str = "preemptive", quantum: float = 1.0
) -> MultitaskingResult:
    """Simula ``tasks`` en una CPU con multitarea ``cooperative`` o ``preemptive``.

    ``quantum`` (solo en modo apropiativo) es la porción de tiempo tras la cual el
    reloj expulsa a la tarea en curso.
    """
    _check_tasks(tasks)
    check_choice("mode", mode, MODES)
    check_number("quantum", quantum, 0, 1e9, open_low=True)
    order = sorted(tasks, key=lambda t: (t.arrival, t.name))
    remaining = {t.name: t.work for t in order}
    ready_since: dict[str, float] = {}
    first_run: dict[str, float] = {}
    finish: dict[str, float] = {}
    longest = {t.name: 0.0 for t in order}
    by_name = {t.name: t for t in order}
    pending = deque(order)
    ready: deque[str] = deque()
    slices: list[Slice] = []
    now = 0.0

    def admit(until: float) -> None:
        while pending and pending[0].arrival <= until:
            task = pending.popleft()
            ready.append(task.name)
            ready_since[task.name] = task.arrival

    while pending or ready:
        admit(now)
        if not ready:
            now = pending[0].arrival
            continue
        name = ready.popleft()
        longest[name] = max(longest[name], now - ready_since[name])
        first_run.setdefault(name, now)
        burst = by_name[name].burst
        run = min(remaining[name], burst if burst is not None else math.inf)
        if mode == "preemptive":
            run = min(run, quantum)
        slices.append(Slice(name, now, now + run))
        now += run
        remaining[name] -= run
        admit(now)
        if remaining[name] > 1e-12:
            ready.append(name)
            ready_since[name] = now
        else:
            finish[name] = now
    stats = tuple(
        TaskStats(t.name, t.arrival, first_run[t.name], finish[t.name], longest[t.name])
        for t in order
    )
    return MultitaskingResult(mode, quantum if mode == "preemptive" else None, tuple(slices), stats)


def starvation_scenario(hog_work: float = 40.0, interactive: int = 3) -> tuple[Task, ...]:
    """El caso del libro: una tarea que nunca cede y ``interactive`` tareas que sí.

    >>> [t.name for t in starvation_scenario(interactive=2)]
    ['acaparadora', 'interactiva 1', 'interactiva 2']
    """
    check_number("hog_work", hog_work, 0, 1e6, open_low=True)
    check_int("interactive", interactive, 1, 20)
    hog = Task("acaparadora", 0.0, hog_work, None)
    others = tuple(Task(f"interactiva {i}", float(i), 3.0, 0.5) for i in range(1, interactive + 1))
    return (hog, *others)


def random_tasks(seed: int, count: int = 4, *, hog: bool = True) -> tuple[Task, ...]:
    """Un problema aleatorio sembrado: ``count`` tareas, la primera acaparadora si ``hog``.

    >>> random_tasks(1) == random_tasks(1)
    True
    """
    check_int("seed", seed, 0, 2**32 - 1)
    check_int("count", count, 1, 100)
    rng = random.Random(seed)
    tasks = []
    for i in range(count):
        if hog and i == 0:
            tasks.append(Task("acaparadora", 0.0, float(rng.randint(20, 60)), None))
        else:
            tasks.append(
                Task(
                    f"tarea {i}",
                    float(rng.randint(0, 10)),
                    float(rng.randint(1, 8)),
                    float(rng.choice((0.5, 1.0, 2.0))),
                )
            )
    return tuple(tasks)

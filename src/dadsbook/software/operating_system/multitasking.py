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
from typing import TYPE_CHECKING

from dadsbook import fmt
from dadsbook.plotting import GanttBar, gantt
from dadsbook.software.operating_system._checks import check_int, check_number
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name debe ser un texto no vacío con el nombre de la tarea")
        check_number("arrival", self.arrival, 0, 1e9)
        check_number("work", self.work, 0, 1e9, open_low=True)
        if self.burst is not None:
            check_number("burst", self.burst, 0, 1e9, open_low=True)


@dataclass(frozen=True)
class Slice:
    """Un tramo de CPU: la tarea ``task`` corrió de ``start`` a ``end``."""

    task: str
    start: float
    end: float


@dataclass(frozen=True)
class TaskStats:
    """Métricas de una tarea (en unidades de tiempo del simulador)."""

    name: str
    arrival: float
    first_run: float
    finish: float
    longest_wait: float

    @property
    def response(self) -> float:
        """Tiempo de respuesta: de la llegada a la primera vez que corre."""
        return self.first_run - self.arrival

    @property
    def turnaround(self) -> float:
        """Tiempo de retorno: de la llegada al final."""
        return self.finish - self.arrival


@dataclass(frozen=True)
class MultitaskingResult:
    """Resultado de :func:`simulate`: tramos de CPU y métricas por tarea."""

    mode: str
    quantum: float | None
    slices: tuple[Slice, ...]
    stats: tuple[TaskStats, ...]

    @property
    def makespan(self) -> float:
        """Instante en que termina la última tarea."""
        return max(s.finish for s in self.stats)

    @property
    def max_response(self) -> float:
        """Peor tiempo de respuesta entre todas las tareas."""
        return max(s.response for s in self.stats)

    @property
    def mean_response(self) -> float:
        """Tiempo de respuesta medio."""
        return sum(s.response for s in self.stats) / len(self.stats)

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

    def gantt(self) -> Figure:
        """Diagrama de Gantt con una fila por tarea."""
        bars = [GanttBar(s.task, s.start, s.end, s.task) for s in self.slices]
        return gantt(
            bars, title=self.title(), rows=[s.name for s in self.stats], xlabel="tiempo (unidades)"
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
    if not isinstance(tasks, Sequence) or not tasks or len(tasks) > 1000:
        raise ValueError("tasks debe ser una secuencia de entre 1 y 1000 tareas")
    for task in tasks:
        if not isinstance(task, Task):
            raise TypeError(f"cada elemento de tasks debe ser un Task; se recibió {task!r}")
    names = [t.name for t in tasks]
    if len(set(names)) != len(names):
        raise ValueError("los nombres de las tareas deben ser distintos")


def simulate(
    tasks: Sequence[Task], *, mode: str = "preemptive", quantum: float = 1.0
) -> MultitaskingResult:
    """Simula ``tasks`` en una CPU con multitarea ``cooperative`` o ``preemptive``.

    ``quantum`` (solo en modo apropiativo) es la porción de tiempo tras la cual el
    reloj expulsa a la tarea en curso.
    """
    _check_tasks(tasks)
    if mode not in MODES:
        raise ValueError(f"mode debe ser uno de {', '.join(MODES)}; se recibió {mode!r}")
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

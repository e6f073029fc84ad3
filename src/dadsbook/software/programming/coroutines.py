"""De los generadores a las corrutinas: un planificador cooperativo que se puede leer.

Un generador de Python se detiene en cada ``yield`` y conserva su estado; quien lo
llama decide cuándo reanudarlo con ``send``. Con eso basta para multiplexar muchas
tareas en un solo hilo: :class:`RoundRobin` guarda una cola de tareas listas, reanuda
la primera, la vuelve a poner al final si cedió el turno, y la aparca si pidió dormir
(:class:`Sleep`). Es, en pequeño, lo que hace el bucle de eventos de ``asyncio``.

El mismo planificador mueve funciones ``async def``: ``await`` es, por debajo, un
``yield`` que sube hasta quien llamó a ``send`` (:func:`pause` y :func:`nap`).

>>> sched = RoundRobin()
>>> sched.spawn("a", countdown(2))
>>> sched.spawn("b", countdown(1))
>>> [(s.tick, s.task, s.event) for s in sched.run()]
[(0, 'a', 'quedan 2'), (1, 'b', 'quedan 1'), (2, 'a', 'quedan 1'), (3, 'b', 'fin'), (4, 'a', 'fin')]
"""

from __future__ import annotations

import heapq
import itertools
import types
from collections import deque
from collections.abc import Coroutine, Generator
from dataclasses import asdict, dataclass
from typing import Any

from dadsbook.tables import Table
from dadsbook.validation import check_int, seeded_random

__all__ = [
    "RoundRobin",
    "Sleep",
    "TaskSpec",
    "TraceStep",
    "clock_jumps",
    "countdown",
    "nap",
    "pause",
    "random_tasks",
    "run_specs",
    "specs_table",
    "trace_table",
    "worker",
]

#: Lo que el planificador sabe mover: generadores y corrutinas nativas.
Steppable = Generator[object, int | None, None] | Coroutine[object, int | None, None]


@dataclass(frozen=True)
class Sleep:
    """Lo que cede una tarea que quiere dormir ``ticks`` turnos (como ``asyncio.sleep``)."""

    ticks: int

    def __post_init__(self) -> None:
        check_int("ticks", self.ticks, 0, 10_000)


@dataclass(frozen=True)
class TraceStep:
    """Una línea de la traza: en el turno ``tick`` corrió ``task`` y pasó ``event``."""

    tick: int
    task: str
    event: str

    def as_dict(self) -> dict[str, Any]:
        """La línea como diccionario de tipos simples (JSON)."""
        return asdict(self)


class RoundRobin:
    """Planificador cooperativo por turno rotatorio, con un reloj de turnos virtual."""

    def __init__(self, max_ticks: int = 10_000) -> None:
        check_int("max_ticks", max_ticks, 1, 1_000_000)
        self.max_ticks = max_ticks
        self.ready: deque[tuple[str, Steppable]] = deque()
        self.sleeping: list[tuple[int, int, str, Steppable]] = []
        self.tick = 0
        self._order = 0
        self._started: set[int] = set()

    def spawn(self, name: str, task: Steppable) -> None:
        """Añade una tarea (un generador o una corrutina) al final de la cola de listas."""
        if not isinstance(task, Generator | Coroutine):
            raise TypeError(f"task debe ser un generador o una corrutina; se recibió {task!r}")
        self.ready.append((name, task))

    def run(self) -> list[TraceStep]:
        """Ejecuta hasta que no quede ninguna tarea; devuelve la traza, paso a paso."""
        trace: list[TraceStep] = []
        while self.ready or self.sleeping:
            if self.tick >= self.max_ticks:
                raise RuntimeError(f"se alcanzó max_ticks={self.max_ticks} sin terminar")
            if not self.ready:  # todas duermen: el reloj salta a la primera que despierta
                self.tick = max(self.tick, self.sleeping[0][0])
            while self.sleeping and self.sleeping[0][0] <= self.tick:
                _, _, name, task = heapq.heappop(self.sleeping)
                self.ready.append((name, task))
            name, task = self.ready.popleft()
            try:
                # La primera vez se arranca con send(None); después se le pasa el turno.
                started = id(task) in self._started
                self._started.add(id(task))
                value = task.send(self.tick if started else None)
            except StopIteration:
                self._started.discard(id(task))
                trace.append(TraceStep(self.tick, name, "fin"))
            else:
                if isinstance(value, Sleep):
                    trace.append(TraceStep(self.tick, name, f"duerme {value.ticks}"))
                    self._order += 1
                    wake = self.tick + 1 + value.ticks
                    heapq.heappush(self.sleeping, (wake, self._order, name, task))
                else:
                    trace.append(TraceStep(self.tick, name, str(value)))
                    self.ready.append((name, task))
            self.tick += 1
        return trace


def countdown(n: int) -> Generator[str, int | None, None]:
    """Un generador que cuenta hacia atrás y cede el turno en cada paso."""
    check_int("n", n, 0, 10_000)
    while n > 0:
        yield f"quedan {n}"
        n -= 1


@types.coroutine
def pause(message: str) -> Generator[str, int | None, int | None]:
    """Aguardable que cede el turno al planificador con un mensaje; devuelve el turno."""
    tick = yield message
    return tick


@types.coroutine
def nap(ticks: int) -> Generator[Sleep, int | None, int | None]:
    """Aguardable que duerme ``ticks`` turnos (el ``asyncio.sleep`` de este planificador)."""
    tick = yield Sleep(ticks)
    return tick


@dataclass(frozen=True)
class TaskSpec:
    """Una tarea de ejemplo: cuántos pasos de cálculo y cuánto duerme tras cada uno."""

    name: str
    steps: int
    sleep: int

    def __post_init__(self) -> None:
        check_int("steps", self.steps, 1, 1000)
        check_int("sleep", self.sleep, 0, 1000)

    def as_dict(self) -> dict[str, Any]:
        """La tarea como diccionario de tipos simples (JSON)."""
        return asdict(self)


async def worker(spec: TaskSpec) -> None:
    """Una corrutina ``async def`` que alterna pasos y siestas según ``spec``."""
    for step in range(1, spec.steps + 1):
        tick = await pause(f"paso {step}/{spec.steps}")
        if spec.sleep and step < spec.steps:
            await nap(spec.sleep)
        del tick


def random_tasks(seed: int, count: int = 3) -> list[TaskSpec]:
    """Genera ``count`` tareas al azar (reproducibles con ``seed``).

    >>> random_tasks(1, 2)
    [TaskSpec(name='t1', steps=2, sleep=2), TaskSpec(name='t2', steps=1, sleep=1)]
    """
    rng = seeded_random(seed)
    check_int("count", count, 1, 26)
    return [TaskSpec(f"t{i + 1}", rng.randint(1, 4), rng.randint(0, 2)) for i in range(count)]


def run_specs(specs: list[TaskSpec]) -> list[TraceStep]:
    """Ejecuta las corrutinas :func:`worker` de ``specs`` en un :class:`RoundRobin`."""
    if not specs:
        raise ValueError("specs debe contener al menos una tarea")
    sched = RoundRobin()
    for spec in specs:
        sched.spawn(spec.name, worker(spec))
    return sched.run()


def trace_table(trace: list[TraceStep], caption: str = "") -> Table:
    """La traza como tabla: turno, tarea y lo que hizo."""
    return Table(("turno", "tarea", "evento"), [(s.tick, s.task, s.event) for s in trace], caption)


def specs_table(specs: list[TaskSpec], caption: str = "") -> Table:
    """Las tareas como tabla: nombre, pasos de cálculo y turnos que duerme tras cada uno."""
    if not specs:
        raise ValueError("specs debe contener al menos una tarea")
    return Table(
        ("tarea", "pasos", "duerme tras cada paso (turnos)"),
        [(t.name, t.steps, t.sleep) for t in specs],
        caption,
    )


def clock_jumps(trace: list[TraceStep]) -> list[tuple[int, int]]:
    """Los saltos del reloj de una traza: ``(turno, turno siguiente)`` cuando no son seguidos.

    Un salto es un momento en que todas las tareas dormían y el planificador avanzó el
    reloj hasta la primera que despertaba.

    >>> clock_jumps(run_specs([TaskSpec("t1", 3, 2), TaskSpec("t2", 1, 0)]))
    [(3, 5), (6, 9)]
    """
    ticks = [step.tick for step in trace]
    return [(a, b) for a, b in itertools.pairwise(ticks) if b - a > 1]

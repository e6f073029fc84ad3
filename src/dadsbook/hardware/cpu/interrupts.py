"""Interrupciones con prioridad que expulsan a una tarea: simulador.

Una tarea necesita ``work`` unidades de CPU. Mientras corre llegan interrupciones,
cada una con su prioridad (mayor número, más urgente) y el tiempo que tarda su
manejador. Una interrupción siempre expulsa a la tarea. Entre manejadores:

- **sin anidamiento** (``nesting=False``): un manejador en curso no se interrumpe;
  las que llegan esperan y, al terminar, entra la pendiente de mayor prioridad;
- **con anidamiento** (``nesting=True``): una interrupción de prioridad *estrictamente*
  mayor expulsa al manejador en curso, que se reanuda después (una pila de
  manejadores, como en un controlador de interrupciones con prioridades tipo ARM NVIC
  o el APIC de x86 con interrupciones habilitadas dentro del manejador).

La **latencia** de una interrupción es el tiempo desde que llega hasta que empieza
su manejador; la **respuesta**, hasta que termina.

>>> irqs = [Interrupt("disco", 1, 1, 4), Interrupt("reloj", 2, 3, 1)]
>>> flat = simulate(10, irqs, nesting=False)
>>> [(r.name, r.latency) for r in flat.results]
[('disco', 0.0), ('reloj', 3.0)]
>>> nested = simulate(10, irqs, nesting=True)
>>> [(r.name, r.latency) for r in nested.results]
[('disco', 0.0), ('reloj', 0.0)]
>>> nested.task_completion
15.0
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_bool, check_int, check_number

__all__ = [
    "TASK",
    "Interrupt",
    "InterruptResult",
    "Segment",
    "Timeline",
    "random_interrupts",
    "simulate",
]

#: Nombre de la tarea interrumpida en los tramos y diagramas.
TASK = "tarea"


@dataclass(frozen=True)
class Interrupt:
    """Una interrupción: nombre, llegada, prioridad (mayor, más urgente) y manejador."""

    name: str
    arrival: float
    priority: int
    handler_time: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or self.name == TASK:
            raise ValueError(f"name debe ser un texto no vacío distinto de {TASK!r}")
        object.__setattr__(self, "arrival", check_number("arrival", self.arrival))
        check_int("priority", self.priority, 0, 255)
        value = check_number("handler_time", self.handler_time, positive=True)
        object.__setattr__(self, "handler_time", value)


@dataclass(frozen=True)
class Segment:
    """Un tramo en que la CPU corre ``owner`` (la tarea o un manejador)."""

    owner: str
    start: float
    end: float
    depth: int


@dataclass(frozen=True)
class InterruptResult:
    """Cuándo llegó, empezó y terminó el manejador de una interrupción."""

    name: str
    priority: int
    arrival: float
    start: float
    completion: float

    @property
    def latency(self) -> float:
        """Desde la llegada hasta que empieza el manejador."""
        return self.start - self.arrival

    @property
    def response(self) -> float:
        """Desde la llegada hasta que termina el manejador."""
        return self.completion - self.arrival


@dataclass(frozen=True)
class Timeline:
    """Resultado de :func:`simulate`."""

    work: float
    nesting: bool
    segments: tuple[Segment, ...]
    results: tuple[InterruptResult, ...]
    task_completion: float
    max_depth: int

    @property
    def max_latency(self) -> float:
        """La mayor latencia de todas las interrupciones."""
        return max((r.latency for r in self.results), default=0.0)

    def latency_of(self, priority: int) -> float:
        """Latencia media de las interrupciones de una prioridad."""
        values = [r.latency for r in self.results if r.priority == priority]
        if not values:
            raise ValueError(f"priority {priority!r} no aparece entre las interrupciones")
        return math.fsum(values) / len(values)

    def table(self) -> Table:
        """Tabla por interrupción: prioridad, llegada, inicio, fin, latencia y respuesta."""
        headers = (
            *("interrupción", "prioridad", "llegada", "inicio", "fin"),
            *("latencia", "respuesta"),
        )
        rows = [[fmt.value(v) for v in (*_row(r), r.latency, r.response)] for r in self.results]
        return Table(headers, rows, caption="con anidamiento" if self.nesting else "sin anidar")

    def as_dict(self) -> dict[str, Any]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "work": self.work,
            "nesting": self.nesting,
            "task_completion": self.task_completion,
            "max_depth": self.max_depth,
            "segments": [[s.owner, s.start, s.end, s.depth] for s in self.segments],
            "interrupts": [
                {
                    **dict(
                        zip(
                            ("name", "priority", "arrival", "start", "completion"),
                            _row(r),
                            strict=True,
                        )
                    ),
                    "latency": r.latency,
                    "response": r.response,
                }
                for r in self.results
            ],
        }


def _row(r: InterruptResult) -> tuple[str, int, float, float, float]:
    return (r.name, r.priority, r.arrival, r.start, r.completion)


class _Cpu:
    """Estado de la simulación: pila de manejadores activos y pendientes por prioridad."""

    def __init__(self, work: float, irqs: Sequence[Interrupt]) -> None:
        self.irqs = irqs
        self.task_left = work
        self.left = [irq.handler_time for irq in irqs]
        self.start = [math.nan] * len(irqs)
        self.done = [math.nan] * len(irqs)
        self.stack: list[int] = []
        self.pending: list[tuple[int, float, int]] = []
        self.segments: list[Segment] = []
        self.task_done = math.nan
        self.max_depth = 0

    def record(self, owner: str, start: float, end: float) -> None:
        depth = len(self.stack)
        last = self.segments[-1] if self.segments else None
        if last is not None and last.owner == owner and last.end == start:
            self.segments[-1] = Segment(owner, last.start, end, depth)
        else:
            self.segments.append(Segment(owner, start, end, depth))

    def admit(self, nesting: bool, now: float) -> None:
        """Pasa a la pila la pendiente más urgente si puede empezar ya."""
        while self.pending:
            top = -self.pending[0][0]
            if self.stack and not (nesting and top > self.irqs[self.stack[-1]].priority):
                return
            _, _, k = heapq.heappop(self.pending)
            self.stack.append(k)
            self.start[k] = now
            self.max_depth = max(self.max_depth, len(self.stack))


def simulate(work: float, interrupts: Sequence[Interrupt], *, nesting: bool) -> Timeline:
    """Simula la tarea de ``work`` unidades con ``interrupts``, con o sin anidamiento."""
    check_number("work", work, positive=True)
    check_bool("nesting", nesting)
    irqs = tuple(interrupts)
    for irq in irqs:
        if not isinstance(irq, Interrupt):
            raise TypeError(
                f"interrupts debe contener objetos Interrupt; vino {type(irq).__name__}"
            )
    if len({irq.name for irq in irqs}) != len(irqs):
        raise ValueError("interrupts no puede tener dos interrupciones con el mismo nombre")
    order = sorted(range(len(irqs)), key=lambda k: (irqs[k].arrival, k))
    cpu = _Cpu(float(work), irqs)
    now, i, n = 0.0, 0, len(irqs)
    while True:
        while i < n and irqs[order[i]].arrival <= now:
            k = order[i]
            heapq.heappush(cpu.pending, (-irqs[k].priority, irqs[k].arrival, k))
            i += 1
        cpu.admit(nesting, now)
        next_arrival = irqs[order[i]].arrival if i < n else math.inf
        if cpu.stack:
            k = cpu.stack[-1]
            end = min(now + cpu.left[k], next_arrival)
            cpu.record(irqs[k].name, now, end)
            if end == now + cpu.left[k]:
                cpu.stack.pop()
                cpu.done[k] = end
            else:
                cpu.left[k] -= end - now
        elif cpu.task_left > 0:
            end = min(now + cpu.task_left, next_arrival)
            cpu.record(TASK, now, end)
            if end == now + cpu.task_left:
                cpu.task_left = 0.0
                cpu.task_done = end
            else:
                cpu.task_left -= end - now
        elif i < n:
            end = next_arrival
        else:
            break
        now = end
    results = tuple(
        InterruptResult(irq.name, irq.priority, irq.arrival, cpu.start[k], cpu.done[k])
        for k, irq in enumerate(irqs)
    )
    return Timeline(
        float(work), nesting, tuple(cpu.segments), results, cpu.task_done, cpu.max_depth
    )


def random_interrupts(
    count: int, seed: int, *, horizon: float = 20.0, priorities: int = 3, max_handler: int = 3
) -> list[Interrupt]:
    """Interrupciones aleatorias reproducibles: llegadas en [0, ``horizon``).

    Prioridades enteras en [1, ``priorities``] y manejadores de 1 a ``max_handler``
    unidades. Los nombres son ``I0``, ``I1``…

    >>> len(random_interrupts(4, seed=1))
    4
    """
    check_int("count", count, 1, 10_000)
    check_int("seed", seed, 0, 2**63 - 1)
    check_number("horizon", horizon, positive=True)
    check_int("priorities", priorities, 1, 255)
    check_int("max_handler", max_handler, 1, 1000)
    rng = np.random.default_rng(seed)
    arrivals = np.sort(rng.uniform(0, horizon, size=count)).round(1).tolist()
    levels = rng.integers(1, priorities, size=count, endpoint=True).tolist()
    handlers = rng.integers(1, max_handler, size=count, endpoint=True).tolist()
    return [
        Interrupt(f"I{k}", float(a), int(p), float(h))
        for k, (a, p, h) in enumerate(zip(arrivals, levels, handlers, strict=True))
    ]

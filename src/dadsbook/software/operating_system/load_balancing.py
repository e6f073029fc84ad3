"""Balanceo de carga: colas por núcleo, con y sin robo de trabajo (simulación).

Los núcleos de Linux tienen cada uno su **cola de ejecución** (*run queue*): así no
se pelean por un único cerrojo. El precio es el desequilibrio: un núcleo puede
quedarse sin nada que hacer mientras otro tiene la cola llena. Dos remedios:

- **Empujar** (*push*): el núcleo rebalancea periódicamente, moviendo tareas del
  más cargado al menos cargado (lo que hace ``load_balance()`` en Linux).
- **Robar** (*work stealing*): el núcleo que se queda ocioso elige una víctima al
  azar y le quita una tarea del extremo opuesto al que usa la dueña. Es el
  planificador de Cilk (Blumofe y Leiserson, «Scheduling Multithreaded Computations
  by Work Stealing», *Journal of the ACM* 46(5), 1999), y el de Go, Tokio, Rayon o el
  ``ForkJoinPool`` de Java.

El simulador es determinista con su semilla: cada núcleo toma tareas de la cabeza
de su cola; con robo, un núcleo ocioso escoge al azar una víctima **entre las colas
no vacías** (simplificación: en Cilk un intento fallido también cuesta) y le roba
la tarea de la cola, pagando ``steal_cost`` unidades de tiempo. Las tareas no se
interrumpen una vez empezadas.

>>> queues = ((5.0, 5.0, 5.0), (1.0,))
>>> simulate(queues, steal=False).makespan
15.0
>>> simulate(queues, steal=True).makespan
10.0
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number, check_sequence

__all__ = [
    "BalanceResult",
    "Placement",
    "block_partition",
    "list_schedule",
    "random_workload",
    "simulate",
]


@dataclass(frozen=True)
class Placement:
    """Una tarea ejecutada: su índice, el núcleo, cuándo empezó y acabó y si fue robada."""

    task: int
    core: int
    start: float
    end: float
    stolen: bool


@dataclass(frozen=True)
class BalanceResult:
    """Resultado de :func:`simulate`."""

    cores: int
    steal: bool
    steal_cost: float
    placements: tuple[Placement, ...]

    @property
    def makespan(self) -> float:
        """Instante en que acaba la última tarea."""
        return max((p.end for p in self.placements), default=0.0)

    def busy(self) -> tuple[float, ...]:
        """Tiempo ocupado por núcleo (trabajo más coste de los robos)."""
        totals = [0.0] * self.cores
        for p in self.placements:
            totals[p.core] += p.end - p.start + (self.steal_cost if p.stolen else 0.0)
        return tuple(totals)

    def idle(self) -> tuple[float, ...]:
        """Tiempo ocioso por núcleo hasta el final del último."""
        return tuple(self.makespan - b for b in self.busy())

    @property
    def steals(self) -> int:
        """Cuántas tareas se robaron."""
        return sum(p.stolen for p in self.placements)

    def title(self) -> str:
        """Título en español de la variante."""
        return "Con robo de trabajo" if self.steal else "Sin robo: cada núcleo, su cola"

    def table(self) -> Table:
        """Tabla por núcleo: tareas, ocupado y ocioso."""
        rows = [
            (f"núcleo {c}", sum(p.core == c for p in self.placements), b, i)
            for c, (b, i) in enumerate(zip(self.busy(), self.idle(), strict=True))
        ]
        return Table(("núcleo", "tareas", "ocupado", "ocioso"), rows, caption=self.title())

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "cores": self.cores,
            "steal": self.steal,
            "makespan": self.makespan,
            "idle": list(self.idle()),
            "steals": self.steals,
            "placements": [[p.task, p.core, p.start, p.end, p.stolen] for p in self.placements],
        }


def _check_queues(queues: Sequence[Sequence[float]]) -> None:
    if not isinstance(queues, Sequence) or not 1 <= len(queues) <= 256:
        raise ValueError("queues debe ser una secuencia de entre 1 y 256 colas (una por núcleo)")
    total = 0
    for q in queues:
        if not isinstance(q, Sequence):
            raise TypeError(f"cada cola debe ser una secuencia de duraciones; se recibió {q!r}")
        for size in q:
            check_number("duración de tarea", size, 0, 1e9, open_low=True)
        total += len(q)
    if total > 100_000:
        raise ValueError(f"como mucho 100000 tareas en total; se recibieron {total}")


def simulate(
    queues: Sequence[Sequence[float]],
    *,
    steal: bool,
    steal_cost: float = 0.0,
    seed: int = 0,
) -> BalanceResult:
    """Ejecuta las colas ``queues`` (duraciones de tarea, una cola por núcleo).

    Las tareas se numeran en el orden en que aparecen al recorrer las colas.
    """
    _check_queues(queues)
    if not isinstance(steal, bool):
        raise TypeError(f"steal debe ser True o False; se recibió {steal!r}")
    check_number("steal_cost", steal_cost, 0, 1e9)
    check_int("seed", seed, 0, 2**32 - 1)
    rng = random.Random(seed)
    cores = len(queues)
    pending: list[deque[tuple[int, float]]] = []
    index = 0
    for q in queues:
        pending.append(deque((index + i, float(s)) for i, s in enumerate(q)))
        index += len(q)
    ready = [(0.0, c) for c in range(cores)]
    heapq.heapify(ready)
    placements: list[Placement] = []
    while ready:
        now, core = heapq.heappop(ready)
        if pending[core]:
            task, size = pending[core].popleft()
            placements.append(Placement(task, core, now, now + size, False))
            heapq.heappush(ready, (now + size, core))
            continue
        victims = [c for c in range(cores) if pending[c]] if steal else []
        if not victims:
            continue  # sin nada propio ni que robar: el núcleo queda ocioso hasta el final
        victim = rng.choice(victims)
        task, size = pending[victim].pop()
        start = now + steal_cost
        placements.append(Placement(task, core, start, start + size, True))
        heapq.heappush(ready, (start + size, core))
    return BalanceResult(cores, steal, float(steal_cost), tuple(placements))


def _check_sizes(sizes: Sequence[float]) -> list[float]:
    """Una secuencia no vacía de duraciones de tarea (> 0 y ≤ 10⁹), como ``float``."""
    return check_sequence(
        "sizes", sizes, lambda n, v: check_number(n, v, 0, 1e9, open_low=True), what="duraciones"
    )


def block_partition(sizes: Sequence[float], cores: int) -> tuple[tuple[float, ...], ...]:
    """Reparto estático en bloques contiguos, como ``pool.map`` con ``chunksize = n/cores``.

    >>> block_partition([1, 2, 3, 4, 5], 2)
    ((1, 2, 3), (4, 5))
    """
    check_int("cores", cores, 1, 256)
    _check_sizes(sizes)
    chunk = math.ceil(len(sizes) / cores)
    blocks = [tuple(sizes[i : i + chunk]) for i in range(0, len(sizes), chunk)]
    blocks += [()] * (cores - len(blocks))
    return tuple(blocks)


def random_workload(
    seed: int, tasks: int = 24, *, sigma: float = 1.0, mean: float = 10.0
) -> tuple[float, ...]:
    """Duraciones sesgadas y sembradas: log-normales, de mayor a menor.

    Ordenadas de mayor a menor, como las filas de un bucle triangular, el reparto en
    bloques deja las grandes en el primer núcleo: el peor caso del reparto estático.

    >>> w = random_workload(1, 8)
    >>> len(w), list(w) == sorted(w, reverse=True)
    (8, True)
    """
    check_int("seed", seed, 0, 2**32 - 1)
    check_int("tasks", tasks, 1, 100_000)
    check_number("sigma", sigma, 0, 5)
    check_number("mean", mean, 0, 1e6, open_low=True)
    rng = random.Random(seed)
    mu = math.log(mean) - sigma**2 / 2
    sizes = sorted(round(rng.lognormvariate(mu, sigma), 3) + 0.001 for _ in range(tasks))
    return tuple(reversed(sizes))


def list_schedule(sizes: Sequence[float], cores: int) -> float:
    """Duración total con una **cola compartida**: cada tarea, en orden, al primer núcleo libre.

    Es lo que hace un *pool* con ``chunksize=1``, sin contar el coste de repartir.

    >>> list_schedule([4, 1, 1, 1, 1], 2)
    4.0
    """
    check_int("cores", cores, 1, 256)
    free = [0.0] * cores
    for size in _check_sizes(sizes):
        heapq.heappush(free, heapq.heappop(free) + size)
    return max(free)

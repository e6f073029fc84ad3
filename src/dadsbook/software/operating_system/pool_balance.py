"""Balanceo de carga de verdad: un *pool* de procesos con tareas desiguales.

El mismo dilema que en las colas por núcleo, en Python: ``pool.map`` con
``chunksize = n / trabajadores`` reparte **bloques estáticos** (cada trabajador
recibe su trozo de una vez); con ``chunksize=1`` o ``imap_unordered`` el reparto es
**dinámico**: cada trabajador pide la siguiente tarea al acabar la anterior, como
una cola compartida. Con tareas sesgadas (las grandes juntas) el reparto estático
deja a un trabajador con casi todo.

Las tareas son :func:`dadsbook.workloads.python_spin` con tamaños log-normales
sembrados, ordenados de mayor a menor (:func:`load_balancing.random_workload`).
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import measure
from dadsbook.software.operating_system.load_balancing import block_partition, random_workload
from dadsbook.validation import check_int, check_number, check_sequence
from dadsbook.workloads import python_spin

__all__ = ["DispatchComparison", "compare_dispatch", "spin_sizes"]


@dataclass(frozen=True)
class DispatchComparison:
    """Bloques estáticos frente a reparto dinámico sobre las mismas tareas."""

    workers: int
    sizes: tuple[int, ...]
    static: measure.Measurement
    dynamic: measure.Measurement

    @property
    def speedup(self) -> float:
        """Cuántas veces más rápido fue el reparto dinámico (cociente de medianas)."""
        return measure.speedup(self.static, self.dynamic)

    @property
    def static_heaviest_share(self) -> float:
        """Fracción del trabajo total que el reparto estático da al trabajador más cargado."""
        blocks = block_partition(self.sizes, self.workers)
        return max(sum(b) for b in blocks) / sum(self.sizes)

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "workers": self.workers,
            "static_median_s": self.static.median_s,
            "dynamic_median_s": self.dynamic.median_s,
            "speedup": self.speedup,
            "static_heaviest_share": self.static_heaviest_share,
        }


def spin_sizes(
    seed: int, tasks: int, total_iterations: int, *, sigma: float = 1.0
) -> tuple[int, ...]:
    """Iteraciones de ``python_spin`` por tarea: sesgadas, de mayor a menor, que suman
    aproximadamente ``total_iterations``.

    >>> s = spin_sizes(1, 6, 60_000)
    >>> len(s), s[0] >= s[-1] >= 1
    (6, True)
    """
    check_int("total_iterations", total_iterations, 1, 10**10)
    check_number("sigma", sigma, 0, 5)
    weights = random_workload(seed, tasks, sigma=sigma, mean=1.0)
    scale = total_iterations / sum(weights)
    return tuple(max(1, round(w * scale)) for w in weights)


def _static(pool: multiprocessing.pool.Pool, sizes: Sequence[int], workers: int) -> None:
    pool.map(python_spin, sizes, chunksize=math.ceil(len(sizes) / workers))


def _dynamic(pool: multiprocessing.pool.Pool, sizes: Sequence[int]) -> None:
    for _ in pool.imap_unordered(python_spin, sizes, chunksize=1):
        pass


def compare_dispatch(
    sizes: Sequence[int],
    workers: int = 2,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> DispatchComparison:
    """Mide, intercalados, el reparto estático y el dinámico en un *pool* de ``workers``.

    El *pool* se crea una vez (con ``spawn``), fuera de la medición, y se cierra al final.
    """
    check_int("workers", workers, 1, 64)
    check_sequence(
        "sizes", sizes, lambda n, v: check_int(n, v, 1, 10**9), max_items=10_000,
        what="enteros ≥ 1",
    )  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(workers)
    try:
        results = measure.compare(
            {
                "bloques estáticos": lambda: _static(pool, sizes, workers),
                "reparto dinámico": lambda: _dynamic(pool, sizes),
            },
            repeats=repeats,
            warmup=warmup,
        )
    finally:
        pool.close()
        pool.join()
    return DispatchComparison(
        workers, tuple(sizes), results["bloques estáticos"], results["reparto dinámico"]
    )

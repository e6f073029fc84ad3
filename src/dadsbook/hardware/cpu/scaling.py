"""Tabla de escalado: ideal, techo del hardware y *pool* de procesos, en cualquier máquina.

Ejecútalo con ``python -m dadsbook.hardware.cpu.scaling`` (``--help`` para las
opciones). Mide con 1, 2, … hasta todos los núcleos usables
(:func:`dadsbook.measure.worker_counts`) e imprime, por número de trabajadores, la
aceleración ideal, la del techo (``N`` procesos sueltos), la del *pool* y el cociente
*pool*/techo, además de si se cumplen los objetivos del libro.

Con ``--workload numpy`` mide en su lugar la segunda curva del capítulo: el producto
de matrices de NumPy (que suelta el GIL) con un *pool* de procesos y uno de hilos.

>>> targets_met([1, 2], [1.0, 0.97], [1.0, 1.9])
Targets(ratio_ok=True, two_workers_ok=True, worst_ratio=0.97, two_workers_speedup=1.9)
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import machine, measure
from dadsbook.hardware.cpu import parallel

__all__ = ["MIN_RATIO", "MIN_TWO_WORKERS", "Targets", "main", "targets_met"]

#: El *pool* debe rendir al menos esta fracción del techo con cualquier número de trabajadores.
MIN_RATIO = 0.95
#: Y con dos trabajadores, al menos esta aceleración sobre uno.
MIN_TWO_WORKERS = 1.85


@dataclass(frozen=True)
class Targets:
    """Si una medición cumple los objetivos del libro y por cuánto."""

    ratio_ok: bool
    two_workers_ok: bool | None
    worst_ratio: float
    two_workers_speedup: float | None


def targets_met(
    workers: Sequence[int], pool_over_ceiling: Sequence[float], pool_speedups: Sequence[float]
) -> Targets:
    """Comprueba los objetivos: *pool*/techo ≥ 0,95 siempre y ≥ 1,85× con dos trabajadores.

    ``two_workers_ok`` es ``None`` si no se midió con dos trabajadores.
    """
    if not workers or not len(workers) == len(pool_over_ceiling) == len(pool_speedups):
        raise ValueError("workers, pool_over_ceiling y pool_speedups deben tener la misma longitud")
    worst = float(min(pool_over_ceiling))
    two = float(pool_speedups[list(workers).index(2)]) if 2 in workers else None
    return Targets(
        ratio_ok=worst >= MIN_RATIO,
        two_workers_ok=None if two is None else two >= MIN_TWO_WORKERS,
        worst_ratio=round(worst, 4),
        two_workers_speedup=None if two is None else round(two, 4),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Mide e imprime la tabla de escalado de esta máquina."""
    parser = argparse.ArgumentParser(
        prog="python -m dadsbook.hardware.cpu.scaling",
        description="Aceleración ideal, techo del hardware y pool de procesos en esta máquina.",
    )
    parser.add_argument(
        "--iterations", type=int, default=6_000_000, help="vueltas de python_spin por porción"
    )
    parser.add_argument("--repeats", type=int, default=5, help="repeticiones medidas por punto")
    parser.add_argument("--warmup", type=int, default=1, help="rondas de calentamiento (≥ 1)")
    parser.add_argument("--max-workers", type=int, default=None, help="límite de trabajadores")
    parser.add_argument(
        "--workload",
        choices=("python", "numpy"),
        default="python",
        help="python: techo y pool de procesos; numpy: pools de procesos y de hilos",
    )
    parser.add_argument(
        "--numpy-size", type=int, default=256, help="lado de las matrices (--workload numpy)"
    )
    parser.add_argument(
        "--numpy-repeats", type=int, default=16, help="productos por porción (--workload numpy)"
    )
    options = parser.parse_args(argv)
    try:
        counts = measure.worker_counts(options.max_workers)
        if options.workload == "numpy":
            task = parallel.numpy_task(options.numpy_size, options.numpy_repeats)
            variants: tuple[str, ...] = ("procesos", "hilos")
        else:
            task = parallel.python_task(options.iterations)
            variants = ("techo", "procesos")
        result = parallel.measure_scaling(
            task,
            counts,
            variants=variants,
            workload=options.workload,
            repeats=options.repeats,
            warmup=options.warmup,
        )
    except ValueError as error:
        parser.error(str(error))
    print(machine.stamp().summary())
    for table in (
        result.table("Aceleración sobre un trabajador (mediana de repeticiones intercaladas)"),
        result.spread_table("Dispersión: rango intercuartílico relativo a la mediana (%)"),
    ):
        print(f"\n{table.caption}\n{table}")
    if options.workload == "numpy":
        return 0
    targets = targets_met(counts, result.pool_vs_ceiling(), result.speedups("procesos"))
    print(
        f"procesos/techo mínimo: {targets.worst_ratio:.3f} "
        f"({'cumple' if targets.ratio_ok else 'no cumple'} ≥ {MIN_RATIO})"
    )
    if targets.two_workers_speedup is not None:
        print(
            f"aceleración con 2 trabajadores: {targets.two_workers_speedup:.3f}× "
            f"({'cumple' if targets.two_workers_ok else 'no cumple'} ≥ {MIN_TWO_WORKERS}×)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

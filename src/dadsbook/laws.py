"""Las leyes de la aceleración: Amdahl y Gustafson, y su ajuste a medidas reales.

- **Amdahl** (1967): con una fracción serie ``s`` de un trabajo **fijo**, ``N``
  trabajadores aceleran como mucho ``1 / (s + (1 - s) / N)``; el techo es ``1/s``.
- **Gustafson** (1988): si el trabajo **crece** con ``N`` y la parte serie no, la
  aceleración escalada es ``N - s (N - 1)``.

:func:`fit_amdahl` busca la fracción serie que mejor explica unas aceleraciones
medidas (mínimos cuadrados sobre ``1/aceleración``, que es lineal en ``s``).

>>> round(amdahl(4, 0.1), 3)
3.077
>>> round(gustafson(4, 0.1), 3)
3.7
>>> round(fit_amdahl([1, 2, 4], [1.0, 1.6, 2.5]), 2)
0.22
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["amdahl", "fit_amdahl", "gustafson", "serial_fraction_from"]


def _check_fraction(serial: float) -> None:
    if not isinstance(serial, int | float) or not 0 <= serial <= 1 or math.isnan(serial):
        raise ValueError(f"serial debe estar entre 0 y 1; se recibió {serial!r}")


def _check_workers(workers: float) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int | float) or not workers >= 1:
        raise ValueError(f"workers debe ser ≥ 1; se recibió {workers!r}")


def amdahl(workers: float, serial: float) -> float:
    """Aceleración de Amdahl con ``workers`` trabajadores y fracción serie ``serial``."""
    _check_workers(workers)
    _check_fraction(serial)
    return 1.0 / (serial + (1.0 - serial) / workers)


def gustafson(workers: float, serial: float) -> float:
    """Aceleración escalada de Gustafson con ``workers`` trabajadores."""
    _check_workers(workers)
    _check_fraction(serial)
    return workers - serial * (workers - 1)


def serial_fraction_from(workers: float, speedup: float) -> float:
    """Fracción serie que implica una sola aceleración medida (Karp–Flatt).

    >>> round(serial_fraction_from(2, 1.8), 3)
    0.111
    """
    _check_workers(workers)
    if workers == 1:
        raise ValueError("workers debe ser > 1 para deducir una fracción serie")
    if not speedup > 0:
        raise ValueError(f"speedup debe ser > 0; se recibió {speedup!r}")
    return (1 / speedup - 1 / workers) / (1 - 1 / workers)


def fit_amdahl(workers: Sequence[float], speedups: Sequence[float]) -> float:
    """Fracción serie (entre 0 y 1) que mejor ajusta las aceleraciones medidas."""
    if len(workers) != len(speedups) or not workers:
        raise ValueError("workers y speedups deben tener la misma longitud, no nula")
    for w, s in zip(workers, speedups, strict=True):
        _check_workers(w)
        if not s > 0:
            raise ValueError(f"speedups debe contener valores > 0; se recibió {s!r}")
    # 1/S = s + (1 - s)/N  →  1/S - 1/N = s (1 - 1/N): recta por el origen.
    xs = [1 - 1 / w for w in workers]
    ys = [1 / s - 1 / w for w, s in zip(workers, speedups, strict=True)]
    denominator = sum(x * x for x in xs)
    if denominator == 0:
        raise ValueError("hace falta al menos una medida con más de un trabajador")
    estimate = sum(x * y for x, y in zip(xs, ys, strict=True)) / denominator
    return min(1.0, max(0.0, estimate))

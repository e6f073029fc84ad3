"""Percentiles y validaciones comunes de las simulaciones de la nube."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dadsbook.validation import check_int, check_number

__all__ = ["check_fraction", "check_positive", "check_positive_int", "percentile"]


def percentile(values: Sequence[float], q: float) -> float:
    """Percentil ``q`` (0–100) de ``values``; ``nan`` si no hay valores."""
    if not values:
        return math.nan
    return float(np.percentile(np.asarray(values, dtype=float), q))


def check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    """``ValueError`` en español si ``value`` no es un número finito positivo."""
    check_number(name, value, positive=not allow_zero)


def check_positive_int(name: str, value: int, *, minimum: int = 1) -> None:
    """``ValueError`` en español si ``value`` no es un entero ≥ ``minimum``."""
    check_int(name, value, minimum)


def check_fraction(name: str, value: float, *, low: float = 0.0, high: float = 1.0) -> None:
    """``ValueError`` en español si ``value`` no está en ``(low, high)``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value < high:
        raise ValueError(
            f"{name} debe estar entre {low} y {high} (sin incluirlos); se recibió {value!r}"
        )

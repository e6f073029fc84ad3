"""Validación de argumentos compartida por todo el paquete (mensajes en español).

Un argumento fuera de rango termina en un ``ValueError`` que nombra el parámetro y
el rango válido, nunca en una traza desde dentro de un simulador.

>>> check_int("cores", 4, 1, 64)
4
>>> check_int("frames", 0, 1)
Traceback (most recent call last):
...
ValueError: frames debe ser un entero ≥ 1; se recibió 0
>>> check_number("delay", 0, positive=True)
Traceback (most recent call last):
...
ValueError: delay debe ser un número finito > 0; se recibió 0
"""

from __future__ import annotations

import math

__all__ = ["check_int", "check_number"]


def check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    """Comprueba que ``value`` es un entero (no ``bool``) en ``[low, high]`` y lo devuelve.

    Sin ``high``, solo exige ``value ≥ low``.
    """
    bad = isinstance(value, bool) or not isinstance(value, int)
    if bad or value < low or (high is not None and value > high):  # type: ignore[operator]
        limits = f"≥ {low}" if high is None else f"entre {low} y {high}"
        raise ValueError(f"{name} debe ser un entero {limits}; se recibió {value!r}")
    return value  # type: ignore[return-value]


def check_number(name: str, value: object, *, positive: bool = False) -> float:
    """Comprueba que ``value`` es un número finito ≥ 0 (> 0 con ``positive``) y lo devuelve."""
    bound = "> 0" if positive else "≥ 0"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
        or (positive and value == 0)
    ):
        raise ValueError(f"{name} debe ser un número finito {bound}; se recibió {value!r}")
    return float(value)

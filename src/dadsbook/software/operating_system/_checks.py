"""Validación de argumentos compartida por los módulos del capítulo (mensajes en español)."""

from __future__ import annotations

import math

from dadsbook.validation import check_int

__all__ = ["check_int", "check_number"]


def check_number(
    name: str, value: object, low: float, high: float, *, open_low: bool = False
) -> float:
    """Comprueba que ``value`` es un número finito en ``[low, high]`` (o ``(low, high]``)."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and (value > low if open_low else value >= low)
        and value <= high
    )
    if not ok:
        bracket = "(" if open_low else "["
        raise ValueError(
            f"{name} debe ser un número en {bracket}{low}, {high}]; se recibió {value!r}"
        )
    return float(value)  # type: ignore[arg-type]

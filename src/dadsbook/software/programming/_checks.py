"""Validaciones comunes del capítulo (mensajes en español que nombran el parámetro)."""

from __future__ import annotations

import math

from dadsbook import profile
from dadsbook.validation import check_int

__all__ = ["check_delay", "check_int", "repeat_counts"]


def check_delay(name: str, value: float, upper: float = 5.0) -> None:
    """Exige una espera en segundos: un número finito en ``[0, upper]``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= upper
    ):
        raise ValueError(f"{name} debe estar entre 0 y {upper} segundos; se recibió {value!r}")


def repeat_counts(repeats: int | None, warmup: int | None) -> tuple[int, int]:
    """Repeticiones y calentamiento: los dados o los de ``[measure]`` del perfil activo."""
    active = profile.current()
    r = int(active.get("measure", "repeats")) if repeats is None else repeats
    w = int(active.get("measure", "warmup")) if warmup is None else warmup
    check_int("repeats", r, 1, 1000)
    check_int("warmup", w, 0, 1000)
    return r, w

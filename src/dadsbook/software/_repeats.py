"""Repeticiones y calentamiento de las mediciones de la parte «Software» (del perfil activo)."""

from __future__ import annotations

from dadsbook import profile
from dadsbook.validation import check_int

__all__ = ["repeat_counts"]


def repeat_counts(repeats: int | None, warmup: int | None) -> tuple[int, int]:
    """Repeticiones y calentamiento: los dados o los de ``[measure]`` del perfil activo."""
    active = profile.current()
    r = int(active.get("measure", "repeats")) if repeats is None else repeats
    w = int(active.get("measure", "warmup")) if warmup is None else warmup
    check_int("repeats", r, 1, 1000)
    check_int("warmup", w, 0, 1000)
    return r, w

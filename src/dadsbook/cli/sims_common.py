"""Piezas comunes a los adaptadores de simuladores de la línea de órdenes."""

from __future__ import annotations

import argparse
import random
import string
from collections.abc import Callable, Sequence

__all__ = ["MAX_STEPS", "bounded", "job_names", "limit_steps", "matching", "subseed", "token_list"]

#: Cota de pasos de una simulación pedida desde la línea de órdenes: nunca se cuelga.
MAX_STEPS = 1_000_000


def subseed(rng: random.Random) -> int:
    """Una semilla para el simulador del capítulo, sacada del generador de ``-s``."""
    return rng.randrange(2**31)


def job_names(count: int) -> list[str]:
    """Nombres de trabajos al estilo de OSTEP: ``A``, ``B``, ``C``… (``J27`` más allá)."""
    letters = string.ascii_uppercase
    return [letters[i] if count <= len(letters) else f"J{i}" for i in range(count)]


def matching(option: str, values: Sequence[object] | None, base: str, count: int) -> None:
    """Exige que la lista de ``option`` tenga tantos valores como la de ``base``."""
    if values is not None and len(values) != count:
        raise ValueError(
            f"{option} debe tener tantos valores como {base} ({count}); se recibieron {len(values)}"
        )


def limit_steps(option: str, steps: float) -> None:
    """Rechaza un problema que necesitaría más de :data:`MAX_STEPS` pasos de simulación."""
    if steps > MAX_STEPS:
        raise ValueError(
            f"{option}: el problema necesitaría unos {steps:.3g} pasos de simulación; "
            f"como mucho {MAX_STEPS:,}".replace(",", " ")
        )


def bounded(low: float, high: float) -> Callable[[str], float]:
    """Tipo de argparse: un número en ``[low, high]``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"se espera un número; se recibió {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"se espera un número entre {low:g} y {high:g}; se recibió {text!r}"
            )
        return value

    return parse


def token_list(text: str) -> list[str]:
    """Tipo de argparse: elementos separados por comas, sin espacios sobrantes."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("se espera una lista separada por comas")
    return items

"""Piezas comunes a los adaptadores de simuladores de la línea de órdenes."""

from __future__ import annotations

import argparse
import random
import string
from collections.abc import Sequence
from typing import Any

__all__ = ["RANDOM", "job_names", "matching", "option", "subseed"]

#: Lo que dice la ayuda de una opción que, sin darla, sale del problema aleatorio de ``-s``.
RANDOM = "al azar según -s"


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


def option(
    parser: argparse.ArgumentParser, *flags: str, help: str, omitted: str, **kwargs: Any
) -> None:
    """Añade una opción cuya ayuda termina con lo que vale si no se da: ``(por omisión: …)``."""
    text = f"{help} (por omisión: {omitted})".replace("%", "%%")
    parser.add_argument(*flags, help=text, **kwargs)

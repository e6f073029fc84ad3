"""Piezas comunes a los adaptadores de simuladores de la línea de órdenes."""

from __future__ import annotations

import argparse
import random
import string
from collections.abc import Sequence
from typing import Any

from dadsbook import fmt

__all__ = [
    "RANDOM",
    "job_names",
    "listing",
    "matching",
    "num",
    "option",
    "pct",
    "plural",
    "subseed",
]

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


def num(x: float, decimals: int | None = None) -> str:
    """Un número para la terminal, en español (:func:`dadsbook.fmt.number`): ``3,25``.

    Los valores enteros se escriben por un atajo que da lo mismo que el formateador
    (miles con espacio fino desde cinco cifras): las trazas largas imprimen cientos de
    miles de instantes.
    """
    if decimals is None and type(x) in (int, float) and abs(x) < 1e15 and x == int(x):
        whole = int(x)
        if -10_000 < whole < 10_000:
            return str(whole)
        return f"{whole:,}".replace(",", fmt.THIN_SPACE)
    return fmt.number(x, decimals)


def pct(fraction: float, decimals: int = 1) -> str:
    """Una fracción como porcentaje en español (:func:`dadsbook.fmt.percent`): ``25,6 %``."""
    return fmt.percent(fraction, decimals)


def listing(items: Sequence[object]) -> str:
    """Una enumeración en español: ``[2, 4, 8]`` → ``2, 4 y 8`` (números con :mod:`fmt`).

    Si algún elemento lleva coma decimal, los separa el punto y coma (``0,81; 0,5 y 2``):
    «0,81, 0,5» no se sabría leer.
    """
    words = [fmt.value(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    comma = "; " if any("," in w for w in words) else ", "
    return f"{comma.join(words[:-1])} y {words[-1]}"


def plural(count: object, singular: str, many: str | None = None) -> str:
    """Una cantidad con su nombre concordado: ``1 paso``, ``3 pasos``, ``0 pasos``."""
    word = singular if count == 1 else (many or f"{singular}s")
    return f"{fmt.value(count)} {word}"

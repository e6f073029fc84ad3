"""argparse en español: ayuda, errores de una línea y tipos con mensajes claros."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from typing import NoReturn

__all__ = [
    "SpanishParser",
    "fraction",
    "int_at_least",
    "int_list",
    "number",
    "number_list",
    "translate",
]

_TRANSLATIONS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "optional arguments": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión y termina",
    "the following arguments are required: %s": "faltan argumentos obligatorios: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "valor no válido %(value)r (elige entre %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valor no válido %(value)r",
    "argument %(argument_name)s: %(message)s": "opción %(argument_name)s: %(message)s",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite como mucho un valor",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "one of the arguments %s is required": "hace falta una de las opciones %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}


def translate(text: str) -> str:
    """Traduce los textos fijos de argparse (se usa en lugar de gettext)."""
    return _TRANSLATIONS.get(text, text)


class SpanishParser(argparse.ArgumentParser):
    """Un ArgumentParser cuyos errores son **una línea en español** y salen con estado 2."""

    def error(self, message: str) -> NoReturn:
        """Imprime ``prog: error: mensaje`` en stderr y termina con estado 2, sin traza."""
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _install() -> None:
    argparse._ = translate  # type: ignore[attr-defined]


_install()


def number(minimum: float | None = None, *, strict: bool = True) -> Callable[[str], float]:
    """Tipo de argparse: un número finito (``> minimum`` o ``≥`` si ``strict`` es falso)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"se espera un número; se recibió {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"se espera un número finito; se recibió {text!r}")
        if minimum is not None and (value <= minimum if strict else value < minimum):
            sign = ">" if strict else "≥"
            raise argparse.ArgumentTypeError(
                f"se espera un número {sign} {minimum:g}; se recibió {text!r}"
            )
        return value

    return parse


def fraction(text: str) -> float:
    """Tipo de argparse: un número entre 0 y 1, sin incluirlos."""
    value = number()(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"se espera un número entre 0 y 1 (sin incluirlos); se recibió {text!r}"
        )
    return value


def int_at_least(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """Tipo de argparse: un entero en ``[minimum, maximum]``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"se espera un entero; se recibió {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            top = f" y ≤ {maximum}" if maximum is not None else ""
            raise argparse.ArgumentTypeError(
                f"se espera un entero ≥ {minimum}{top}; se recibió {text!r}"
            )
        return value

    return parse


def number_list(
    minimum: float | None = None, *, strict: bool = False
) -> Callable[[str], list[float]]:
    """Tipo de argparse: números separados por comas (``10,20,30``)."""
    one = number(minimum, strict=strict)

    def parse(text: str) -> list[float]:
        items = [item for item in text.split(",") if item.strip()]
        if not items:
            raise argparse.ArgumentTypeError("se espera una lista de números separados por comas")
        try:
            return [one(item.strip()) for item in items]
        except argparse.ArgumentTypeError as error:
            raise argparse.ArgumentTypeError(f"en la lista {text!r}: {error}") from None

    return parse


def int_list(minimum: int = 0) -> Callable[[str], list[int]]:
    """Tipo de argparse: enteros separados por comas (``1,2,3,4``)."""
    one = int_at_least(minimum)

    def parse(text: str) -> list[int]:
        items = [item for item in text.split(",") if item.strip()]
        if not items:
            raise argparse.ArgumentTypeError("se espera una lista de enteros separados por comas")
        try:
            return [one(item.strip()) for item in items]
        except argparse.ArgumentTypeError as error:
            raise argparse.ArgumentTypeError(f"en la lista {text!r}: {error}") from None

    return parse

"""argparse en español: ayuda, errores de una línea y tipos acotados con mensajes claros.

Cada tipo numérico lleva sus dos límites: una opción de la línea de órdenes nunca
acepta un número que el simulador no sepa tratar (``1e16``, ``nan``, ``inf``, un
entero de mil cifras). Los mensajes repiten lo recibido recortado a una línea corta.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

from dadsbook.validation import Choice, IntRange, NumberRange

__all__ = [
    "SpanishParser",
    "choice",
    "fraction",
    "int_list",
    "integer",
    "number",
    "number_list",
    "shown",
    "token_list",
    "translate",
]

#: El tipo de cada elemento de una lista de la línea de órdenes (``float`` o ``int``).
_Item = TypeVar("_Item")

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
    "ignored explicit argument %r": "no admite valor; se recibió %r",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "one of the arguments %s is required": "hace falta una de las opciones %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "valor no válido %(parser_name)r (elige entre %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}


def translate(text: str) -> str:
    """Traduce los textos fijos de argparse (se usa en lugar de gettext)."""
    return _TRANSLATIONS.get(text, text)


def _ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "se esperaba %s valor" if count == 1 else "se esperaban %s valores"
    return singular if count == 1 else plural


class SpanishParser(argparse.ArgumentParser):
    """Un ArgumentParser cuyos errores son **una línea en español** y salen con estado 2."""

    def error(self, message: str) -> NoReturn:
        """Imprime ``prog: error: mensaje`` en stderr y termina con estado 2, sin traza."""
        text = " ".join(message.split())
        sys.stderr.write(f"{self.prog}: error: {text}\n")
        raise SystemExit(2)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # argparse de Python 3.11 quita un «--» aunque sea el valor de la opción
        # (--chefs=--) y deja una lista vacía en lugar de un error: se le devuelve.
        if arg_strings == ["--"] and action.nargs is None:
            arg_strings = ["--", "--"]
        return super()._get_values(action, arg_strings)


def _install() -> None:
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


_install()


def shown(text: str, limit: int = 40) -> str:
    """``text`` entre comillas, recortado para que el mensaje quepa en una línea."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(cut)


def _rejected(rule: object, text: str) -> argparse.ArgumentTypeError:
    """El error de un tipo: la misma descripción de la regla que da la biblioteca."""
    return argparse.ArgumentTypeError(f"se espera {rule}; se recibió {shown(text)}")


def number(low: float, high: float, *, strict: bool = True) -> Callable[[str], float]:
    """Tipo de argparse: un número finito ``> low`` (``≥`` si ``strict`` es falso) y ``≤ high``.

    La regla es la de :func:`dadsbook.validation.check_number`, con el mismo texto.
    """
    rule = NumberRange(low, high, open_low=strict)

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"se espera un número; se recibió {shown(text)}"
            ) from None
        if not rule.accepts(value):
            raise _rejected(rule, text)
        return float(value)

    return parse


def fraction(text: str) -> float:
    """Tipo de argparse: un número entre 0 y 1, sin incluirlos (:func:`check_fraction`)."""
    rule = NumberRange(0, 1, open_low=True, open_high=True)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"se espera un número; se recibió {shown(text)}") from None
    if not rule.accepts(value):
        raise _rejected(rule, text)
    return float(value)


def integer(low: int, high: int) -> Callable[[str], int]:
    """Tipo de argparse: un entero en ``[low, high]`` (la regla de :func:`check_int`)."""
    rule = IntRange(low, high)

    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"se espera un entero; se recibió {shown(text)}")
        if not rule.accepts(value):
            raise _rejected(rule, text)
        return int(value)

    return parse


def choice(options: Sequence[str]) -> Callable[[str], str]:
    """Tipo de argparse: uno de ``options`` sin distinguir mayúsculas (``FIFO`` es ``fifo``).

    El mensaje es el de argparse para ``choices`` y lista las opciones como
    :class:`dadsbook.validation.Choice`.
    """
    rule = Choice(tuple(options))
    known = {option.lower(): option for option in options}

    def parse(text: str) -> str:
        found = known.get(text.strip().lower())
        if found is None:
            raise argparse.ArgumentTypeError(
                f"valor no válido {shown(text)} (elige entre {rule.listed})"
            )
        return rule.check("valor", found)

    return parse


def _items(text: str, what: str, max_items: int) -> list[str]:
    if text.count(",") >= max_items:
        raise argparse.ArgumentTypeError(
            f"admite como mucho {max_items} {what} separados por comas; "
            f"se recibieron {text.count(',') + 1}"
        )
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"se espera una lista de {what} separados por comas")
    return items


def _list_of(
    one: Callable[[str], _Item], what: str, max_items: int
) -> Callable[[str], list[_Item]]:
    """Tipo de argparse: hasta ``max_items`` ``what`` separados por comas, cada uno con ``one``."""

    def parse(text: str) -> list[_Item]:
        items = _items(text, what, max_items)
        try:
            return [one(item) for item in items]
        except argparse.ArgumentTypeError as error:
            raise argparse.ArgumentTypeError(f"en la lista {shown(text)}: {error}") from None

    return parse


def number_list(
    low: float, high: float, *, strict: bool = False, max_items: int = 1000
) -> Callable[[str], list[float]]:
    """Tipo de argparse: hasta ``max_items`` números acotados separados por comas."""
    return _list_of(number(low, high, strict=strict), "números", max_items)


def int_list(low: int, high: int, *, max_items: int = 1000) -> Callable[[str], list[int]]:
    """Tipo de argparse: hasta ``max_items`` enteros acotados separados por comas."""
    return _list_of(integer(low, high), "enteros", max_items)


def token_list(max_items: int = 1000) -> Callable[[str], list[str]]:
    """Tipo de argparse: hasta ``max_items`` elementos separados por comas, sin espacios."""

    def parse(text: str) -> list[str]:
        return _items(text, "elementos", max_items)

    return parse

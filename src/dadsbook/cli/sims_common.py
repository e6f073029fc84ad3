"""Piezas comunes a los adaptadores de simuladores de la línea de órdenes.

Los adaptadores (el ``sims.py`` de cada capítulo) siguen una convención: importarlos no
carga el núcleo del capítulo, NumPy ni matplotlib; cada función los importa al usarlos
(``dadsbook sim NOMBRE -s 1`` arranca deprisa) y la figura de una solución se dibuja
con :class:`Figures`, que importa el módulo de figuras solo al dibujar.
"""

from __future__ import annotations

import argparse
import importlib
import random
import string
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dadsbook import fmt
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "RANDOM",
    "job_names",
    "listing",
    "matching",
    "num",
    "option",
    "pct",
    "plural",
    "statement",
    "subseed",
    "switch",
    "trace_report",
]

#: Lo que dice la ayuda de una opción que, sin darla, sale del problema aleatorio de ``-s``.
RANDOM = "al azar según -s"


def subseed(rng: random.Random) -> int:
    """Una semilla para el simulador del capítulo, sacada del generador de ``-s``."""
    return rng.randrange(2**31)


class Figures:
    """Las figuras de un capítulo, dibujadas solo cuando se piden.

    ``Figures("dadsbook.hardware.cpu.figures")("pipeline_figure", result)`` es la figura
    de una :class:`~dadsbook.cli.registry.Solution`: una función sin argumentos que, al
    llamarla (con ``--plot``), importa el módulo de figuras y llama a
    ``pipeline_figure(result)``. El módulo importa NumPy y matplotlib: no se carga al
    resolver, y así un adaptador también sirve en Pyodide.
    """

    def __init__(self, module: str) -> None:
        self.module = module

    def __call__(self, function: str, *args: Any, **kwargs: Any) -> Callable[[], Figure]:
        """La figura ``function(*args, **kwargs)`` del módulo, sin dibujarla todavía."""

        def draw() -> Figure:
            figure: Figure = getattr(importlib.import_module(self.module), function)(
                *args, **kwargs
            )
            return figure

        return draw


def statement(
    intro: str, headers: Sequence[str], rows: Sequence[Sequence[object]], question: str
) -> str:
    """El enunciado de un problema con sus datos en tabla: presentación, tabla y pregunta.

    >>> print(statement("Los trabajos:", ("trabajo", "duración"), [("A", 3)], "¿Y antes?"))
    Los trabajos:
    trabajo | duración
    --------+---------
    A       | 3
    ¿Y antes?
    """
    return "\n".join([intro, str(Table(headers, rows)), question])


def trace_report(heading: str, trace: Iterable[str], table: Table, summary: str) -> str:
    """La solución de un simulador con línea de tiempo: la traza, su tabla y el resumen.

    Es la pareja de :func:`statement` para la solución: un título, una línea por tramo,
    la tabla por trabajo y una frase con los totales, separados por líneas en blanco.

    >>> print(trace_report("Traza:", ["  [0; 3) A"], Table(("trabajo",), [("A",)]), "Fin."))
    Traza:
      [0; 3) A
    <BLANKLINE>
    trabajo
    -------
    A
    <BLANKLINE>
    Fin.
    """
    return "\n".join([heading, *trace, "", str(table), "", summary])


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
    parser: argparse.ArgumentParser, *flags: str, help: str, omitted: str = RANDOM, **kwargs: Any
) -> None:
    """Añade una opción cuya ayuda termina con lo que vale si no se da: ``(por omisión: …)``.

    Sin ``omitted``, la opción sale del problema aleatorio de ``-s`` (:data:`RANDOM`).
    """
    text = f"{help} (por omisión: {omitted})".replace("%", "%%")
    parser.add_argument(*flags, help=text, **kwargs)


def switch(parser: argparse.ArgumentParser, flag: str, *, help: str) -> None:
    """Añade una opción de sí o no, ``--x`` o ``--no-x``; sin darla, el problema la sortea.

    Sin la opción vale ``None``: el problema aleatorio de ``-s`` la decide (o toma la de
    su preajuste), como dice su ayuda (:data:`RANDOM`).
    """
    option(parser, flag, action=argparse.BooleanOptionalAction, default=None, help=help)


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

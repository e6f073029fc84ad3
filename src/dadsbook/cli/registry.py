"""El contrato de los simuladores de la línea de órdenes (al estilo de los de OSTEP).

Cada simulador declara sus opciones, genera un problema (aleatorio con ``-s`` o dado
con opciones explícitas), lo describe y, con ``-c``, lo resuelve. Un problema es un
diccionario de tipos simples: lo que se imprime con ``--json`` es estable y documentado.

Cada simulador declara también su **coste**: cuántos pasos de simulación necesitaría
un problema y cuántos elementos dibujaría su figura. La línea de órdenes lo compara
una sola vez, antes de resolver, con el tope del simulador (:attr:`Simulator.max_steps`,
medido para que cualquier entrada aceptada responda en pocos segundos y con poca
memoria) y rechaza lo que se pase nombrando la opción.

Este módulo no importa matplotlib ni los simuladores: ``dadsbook --version`` y
``dadsbook sim NOMBRE -s 1`` arrancan deprisa.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dadsbook.cli.catalog import CATALOG

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_FIGURE_ITEMS", "Cost", "Example", "Problem", "Simulator", "Solution"]

Problem = dict[str, Any]

#: Elementos (barras, celdas, puntos marcados) que una figura de ``--plot`` puede dibujar:
#: un diagrama de Gantt de 600 barras tarda unos 2 s en una máquina de 2 núcleos.
MAX_FIGURE_ITEMS = 600


@dataclass(frozen=True)
class Solution:
    """La solución de un problema: texto para la terminal, datos para JSON y su figura."""

    text: str
    data: dict[str, Any]
    figure: Callable[[], Figure] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Cost:
    """El coste estimado de resolver un problema.

    ``steps`` son pasos de simulación en las unidades del simulador (eventos, ticks,
    segundos simulados…); ``options`` nombra las opciones de la línea de órdenes que lo
    hacen crecer (``--duration × --rate``); ``figure``, los elementos que dibujaría
    ``--plot``.
    """

    steps: float
    options: str
    figure: float = 0.0


@dataclass(frozen=True)
class Example:
    """El ejemplo completo que cierra ``dadsbook sim NOMBRE --help``: qué plantea y la orden."""

    text: str
    args: str


@dataclass(frozen=True)
class Simulator:
    """Un simulador del libro visto desde la línea de órdenes."""

    name: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    make_problem: Callable[[argparse.Namespace, random.Random], Problem]
    describe: Callable[[Problem], str]
    solve: Callable[[Problem], Solution]
    cost: Callable[[Problem], Cost]
    example: Example
    max_steps: int = 1_000_000

    @property
    def help(self) -> str:
        """Una línea que dice qué simula y de qué capítulo viene."""
        return CATALOG[self.name].help

    @property
    def chapter(self) -> str:
        """La página del libro del simulador (``hardware/cpu``)."""
        return CATALOG[self.name].chapter

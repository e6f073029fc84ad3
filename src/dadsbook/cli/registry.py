"""El contrato de los simuladores de la línea de órdenes (al estilo de los de OSTEP).

Cada simulador declara sus opciones, genera un problema (aleatorio con ``-s`` o dado
con opciones explícitas), lo describe y, con ``-c``, lo resuelve. Los datos de un
problema son un diccionario de tipos simples (:data:`ProblemData`): lo que se imprime
con ``--json`` es estable y documentado. El contrato, el mismo para todos, es
:class:`Problem`: ``sim.random_problem(rng)`` (o ``sim.problem(args, rng)``) lo plantea,
``problem.cost()`` dice lo que costaría y ``problem.solve()`` lo resuelve, siempre
después de comprobar su coste contra el tope del simulador (:meth:`Problem.check`).

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

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MAX_FIGURE_ITEMS",
    "Cost",
    "Example",
    "Problem",
    "ProblemData",
    "Simulator",
    "Solution",
]

#: Los datos de un problema: tipos simples, lo que imprime ``--json``.
ProblemData = dict[str, Any]

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


@dataclass(frozen=True, kw_only=True)
class Simulator:
    """Un simulador del libro visto desde la línea de órdenes.

    Se declara en el ``sims.py`` del paquete de su capítulo, con argumentos con nombre
    (``Simulator(name="tlb", chapter=CHAPTER, help="…", …)``): :mod:`dadsbook.cli.catalog`
    lee de ahí, sin importar el módulo, ``name``, ``chapter`` y ``help``, que por eso
    son textos literales (o una constante de texto del mismo módulo).

    - ``chapter``: la página del libro (``hardware/memoria``), una de
      :data:`dadsbook.chapters.CHAPTERS`; agrupa ``dadsbook sim --help`` y la tabla
      de simuladores del README y de «Ejecuta el libro».
    - ``help``: una línea que dice qué simula.
    - ``add_arguments``, ``make_problem``, ``describe``, ``solve``: las opciones, el
      problema (aleatorio con ``-s`` o el de las opciones), su enunciado y su solución.
    - ``cost`` y ``max_steps``: el coste de un problema y su tope; se comparan en un solo
      sitio (:meth:`Problem.check`) antes de resolver.
    - ``example``: el ejemplo completo que cierra ``dadsbook sim NOMBRE --help``.
    """

    name: str
    chapter: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    make_problem: Callable[[argparse.Namespace, random.Random], ProblemData]
    describe: Callable[[ProblemData], str]
    solve: Callable[[ProblemData], Solution]
    cost: Callable[[ProblemData], Cost]
    example: Example
    max_steps: int = 1_000_000

    def problem(self, args: argparse.Namespace, rng: random.Random) -> Problem:
        """El problema de las opciones ``args`` (al azar, con ``rng``, lo que no digan)."""
        return Problem(self, self.make_problem(args, rng))

    def random_problem(self, rng: random.Random) -> Problem:
        """Un problema al azar, como ``dadsbook sim NOMBRE -s SEMILLA`` sin más opciones."""
        from dadsbook.cli.main import simulator_parser

        return self.problem(simulator_parser(self.name).parse_args([]), rng)


@dataclass(frozen=True)
class Problem:
    """Un problema planteado: sus datos y el simulador que los entiende.

    Ningún camino resuelve un problema por encima del tope del simulador:
    :meth:`solve` llama antes a :meth:`check`, que es el único sitio donde se comparan
    el coste y el tope (para la línea de órdenes, el navegador y las pruebas).
    """

    simulator: Simulator
    data: ProblemData

    def cost(self) -> Cost:
        """Lo que costaría resolverlo: pasos de simulación y elementos de la figura."""
        return self.simulator.cost(self.data)

    def check(self, *, plot: bool = False) -> Cost:
        """Rechaza, sin resolverlo, un problema por encima del tope; devuelve su coste."""
        cost = self.cost()
        sim = self.simulator
        if not cost.steps <= sim.max_steps:
            raise ValueError(
                f"{cost.options}: el problema necesitaría unos {_count(cost.steps)} pasos de "
                f"simulación; como mucho {_count(sim.max_steps)}"
            )
        if plot and not cost.figure <= MAX_FIGURE_ITEMS:
            raise ValueError(
                f"--plot: la figura tendría unos {_count(cost.figure)} elementos; como mucho "
                f"{MAX_FIGURE_ITEMS}: reduce {cost.options} o quita --plot"
            )
        return cost

    def describe(self) -> str:
        """El enunciado, en español."""
        return self.simulator.describe(self.data)

    def solve(self, *, plot: bool = False) -> Solution:
        """La solución, después de comprobar el coste (:meth:`check`)."""
        self.check(plot=plot)
        return self.simulator.solve(self.data)


def _count(value: float) -> str:
    """Un número grande legible, en español (``1 000 000``, ``2,5 × 10¹⁸``)."""
    from dadsbook import fmt

    return fmt.number(round(value) if value < 1e15 else value, digits=2)

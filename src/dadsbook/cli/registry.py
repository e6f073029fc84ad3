"""El contrato de los simuladores de la línea de órdenes (al estilo de los de OSTEP).

Cada simulador declara sus opciones, genera un problema (aleatorio con ``-s`` o dado
con opciones explícitas), lo describe y, con ``-c``, lo resuelve. Un problema es un
diccionario de tipos simples: lo que se imprime con ``--json`` es estable y documentado.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

__all__ = ["Simulator", "Solution"]

Problem = dict[str, Any]


@dataclass(frozen=True)
class Solution:
    """La solución de un problema: texto para la terminal, datos para JSON y su figura."""

    text: str
    data: dict[str, Any]
    figure: Callable[[], Figure] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Simulator:
    """Un simulador del libro visto desde la línea de órdenes."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    make_problem: Callable[[argparse.Namespace, random.Random], Problem]
    describe: Callable[[Problem], str]
    solve: Callable[[Problem], Solution]
    chapter: str = ""

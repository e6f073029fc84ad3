"""La figura de la conclusión: el mapa de técnicas por capa y por eje.

La tabla de técnicas (:mod:`dadsbook.conclusion.techniques`) no importa matplotlib; la
figura vive aquí y matplotlib llega al dibujar. En un móvil la figura no se lee (nueve
pulgadas de ancho en 390 píxeles): la hoja de estilos del libro la oculta en pantallas
estrechas y deja las tarjetas de la sección siguiente, que dicen lo mismo con enlaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dadsbook.conclusion.techniques import AXES, LAYERS, TECHNIQUES, Technique, by_cell
from dadsbook.plotting import color, figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

__all__ = ["map_figure"]


def map_figure(techniques: Sequence[Technique] = TECHNIQUES) -> Figure:
    """La infografía resumen: capas en filas, concurrencia y paralelismo en columnas."""
    cells = by_cell(techniques)
    rows = max(len(v) for v in cells.values())
    fig = figure(9.0, 0.55 * rows * len(LAYERS) / 2 + 1.5)
    ax = fig.add_subplot()
    ax.set_xlim(0, 2.45)
    ax.set_ylim(len(LAYERS), -0.6)
    ax.axis("off")
    for col, axis in enumerate(AXES):
        ax.text(0.45 + col + 0.5, -0.3, axis.capitalize(), ha="center", va="center",
                fontsize=13, fontweight="bold", color=color(col))  # fmt: skip
    parts: list[str] = []
    for row, layer in enumerate(LAYERS):
        if layer.part not in parts:
            parts.append(layer.part)
            ax.axhline(row, color="grey", linewidth=0.6)
        ax.text(0.0, row + 0.5, f"{layer.part}\n{layer.name}", va="center", fontsize=10,
                fontweight="bold")  # fmt: skip
        for col, axis in enumerate(AXES):
            ax.add_patch(_box(0.47 + col, row + 0.06, 0.96, 0.88, color(col)))
            names = "\n".join(t.name for t in cells[(layer.name, axis)])
            ax.text(0.5 + col, row + 0.5, names, va="center", fontsize=9)
    return fig


def _box(x: float, y: float, w: float, h: float, edge: str) -> FancyBboxPatch:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.01", facecolor="white",
                          edgecolor=edge, linewidth=1.2)  # fmt: skip

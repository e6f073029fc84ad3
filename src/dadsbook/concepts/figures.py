"""Las figuras del capítulo «Conceptos»: un resultado entra, una figura sale.

La cocina simulada no importa matplotlib; la presentación vive aquí y matplotlib llega
al dibujar. Cada receta tiene su color de :data:`dadsbook.plotting.ENTITY_COLORS` (la
sopa, la ensalada, el postre), el mismo en los cuatro diagramas de la página.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dadsbook.plotting import GanttBar, gantt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.concepts.kitchen import KitchenResult

__all__ = ["kitchen_figure"]


def kitchen_figure(result: KitchenResult, title: str = "") -> Figure:
    """Diagrama de Gantt: una fila por chef y, si se intercala, una por fuego.

    El nombre de cada paso va dentro de su barra solo si cabe; los pasos de cada receta
    están en la tabla del menú (:func:`dadsbook.concepts.kitchen.menu_table`).
    """
    bars = []
    for t in result.tasks:
        row = f"chef {t.chef + 1}" if t.chef is not None else f"fuego: {t.recipe}"
        bars.append(GanttBar(row, t.start, t.end, t.recipe, t.step, t.kind == "wait"))
    rows = [f"chef {c + 1}" for c in range(result.chefs)]
    rows += list(dict.fromkeys(b.row for b in bars if b.row not in rows))
    return gantt(bars, title=title, xlabel="minutos", rows=rows)

"""La figura de ``policymix``: cinco políticas de planificación sobre la misma mezcla.

Tres grupos de barras, una por política (FIFO, SJF, STCF, turno rotatorio y MLFQ):
la respuesta y el retorno medios de los trabajos interactivos y el retorno medio de
los de lotes. Lo que gana una política en una barra lo suele pagar en otra.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.software.operating_system.policy_mix import PolicyRow

__all__ = ["METRICS", "policies_figure"]

#: Las tres medias, en el orden de los grupos de barras.
METRICS = ("respuesta interactivos", "retorno interactivos", "retorno lotes")


def policies_figure(rows: Sequence[PolicyRow], *, title: str = "") -> Figure:
    """Barras agrupadas por métrica, una por política."""
    if not rows:
        raise ValueError("hace falta al menos una política para dibujarla")
    fig = plotting.figure(7.0, 3.4)
    ax = fig.add_subplot()
    width = 0.8 / len(rows)
    for i, row in enumerate(rows):
        values = (row.interactive_response, row.interactive_turnaround, row.batch_turnaround)
        positions = [m + (i - (len(rows) - 1) / 2) * width for m in range(len(METRICS))]
        ax.bar(positions, values, width, color=plotting.color(i), label=row.policy)
    ax.set_xticks(range(len(METRICS)), METRICS)
    ax.set_ylabel("ticks (media)")
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

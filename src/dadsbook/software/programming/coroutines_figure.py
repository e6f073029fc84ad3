"""La figura de ``coroutines``: qué tarea corre en cada turno y cuáles duermen.

Una fila por tarea; cada barra llena es un turno en que la tarea corrió (un paso de
cálculo o su final) y cada barra rayada, el tiempo que pasó dormida. Un turno solo lo
ocupa una tarea: así se ve que el planificador cooperativo reparte la CPU por turnos
y aprovecha las siestas de unas para correr otras.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dadsbook import plotting
from dadsbook.software.programming.coroutines import TraceStep

__all__ = ["trace_figure"]


def trace_figure(trace: Sequence[TraceStep], *, title: str = "") -> Figure:
    """Dibuja los turnos en que corre cada tarea y los tramos en que duerme."""
    if not trace:
        raise ValueError("la traza debe tener al menos un turno para dibujarla")
    tasks = list(dict.fromkeys(step.task for step in trace))
    runs: dict[str, list[tuple[float, float]]] = {t: [] for t in tasks}
    naps: dict[str, list[tuple[float, float]]] = {t: [] for t in tasks}
    for step in trace:
        runs[step.task].append((step.tick, 1))
        if step.event.startswith("duerme "):
            naps[step.task].append((step.tick + 1, int(step.event.split()[1])))
    fig = plotting.figure(7.0, min(1.2 + 0.45 * len(tasks), 9.0))
    ax = fig.add_subplot()
    for row, task in enumerate(tasks):
        color = plotting.color(row)
        ax.broken_barh(runs[task], (row - 0.3, 0.6), facecolors=color)
        if naps[task]:
            ax.broken_barh(naps[task], (row - 0.3, 0.6), facecolors="white", edgecolors=color,
                           hatch="///")  # fmt: skip
    ax.set_yticks(range(len(tasks)), tasks)
    ax.invert_yaxis()
    ax.set_xlabel("turno")
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(facecolor="grey", label="corre"),
        Patch(facecolor="white", edgecolor="grey", hatch="///", label="duerme"),
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

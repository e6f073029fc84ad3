"""La figura del modelo NUMA: las tres colocaciones de memoria, una al lado de otra.

Tres paneles con una barra por colocación (first-touch, interleave, remote): la
fracción de accesos remotos, la latencia media de un acceso y lo que tarda el
recorrido completo. Es la tabla de ``dadsbook sim numa -c`` en una imagen.
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.hardware.memory.numa import PlacementResult

__all__ = ["placements_figure"]


def placements_figure(results: Mapping[str, PlacementResult], *, title: str = "") -> Figure:
    """Barras por colocación: accesos remotos, latencia media y tiempo del recorrido."""
    if not results:
        raise ValueError("hace falta al menos una colocación para dibujarla")
    names = list(results)
    longest = max(r.stream_s for r in results.values())
    unit, scale = ("ms", 1e3) if longest >= 1e-3 else ("µs", 1e6)
    panels = (
        ("accesos remotos (%)", [100 * r.remote_fraction for r in results.values()]),
        ("latencia media (ns)", [r.mean_latency_ns for r in results.values()]),
        (f"recorrido completo ({unit})", [scale * r.stream_s for r in results.values()]),
    )
    fig = plotting.figure(7.5, 3.0)
    axes = fig.subplots(1, len(panels))
    for ax, (label, values) in zip(axes, panels, strict=True):
        ax.bar(names, values, color=[plotting.color(i) for i in range(len(names))])
        ax.set_title(label, fontsize=9)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.grid(axis="x", visible=False)
    if title:
        fig.suptitle(title)
    return fig

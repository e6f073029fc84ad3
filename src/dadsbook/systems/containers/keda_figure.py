"""La figura del simulador de KEDA: mensajes en cola y réplicas en cada sondeo.

Arriba, los mensajes en cola que ve cada sondeo y el valor de activación (la línea
discontinua: por encima, la carga está «activa»); abajo, las réplicas que deja KEDA,
0 o 1. Se ve cuánto tarda en activar y cómo el enfriamiento retrasa la vuelta a 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dadsbook import plotting

__all__ = ["activation_figure"]


def activation_figure(
    times_s: Sequence[float],
    metrics: Sequence[float],
    replicas: Sequence[int],
    *,
    activation_value: float,
    title: str = "",
) -> Figure:
    """Dibuja la métrica de cada sondeo con el umbral de activación y las réplicas."""
    if not times_s or not len(times_s) == len(metrics) == len(replicas):
        raise ValueError("times_s, metrics y replicas deben tener la misma longitud (≥ 1)")
    fig = plotting.figure(7.0, 4.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    top.step(times_s, metrics, where="post", color=plotting.color(1), label="mensajes en cola")
    top.axhline(activation_value, color="grey", linestyle="--", linewidth=1,
                label="valor de activación")  # fmt: skip
    top.set_ylabel("en cola")
    top.legend(fontsize=8)
    bottom.step(times_s, replicas, where="post", color=plotting.color(0))
    bottom.set_ylabel("réplicas")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_ylim(-0.1, max(max(replicas), 1) + 0.2)
    bottom.set_xlabel("tiempo (s)")
    if title:
        top.set_title(title)
    return fig

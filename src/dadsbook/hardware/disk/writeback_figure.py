"""La figura del simulador de escritura diferida: qué fue de cada escritura al irse la luz.

Una fila por bloque y un punto por escritura en su instante, coloreado por su
destino (en disco, sustituida, perdida, sin confirmar, tras el fallo); las líneas
finas marcan cada vaciado periódico de la caché y la roja, el fallo de corriente.
Lo perdido es lo que quedó a la izquierda del fallo sin llegar a un vaciado.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dadsbook import plotting
from dadsbook.hardware.disk.writeback import CacheResult

__all__ = ["MAX_FLUSH_LINES", "STATUS_COLORS", "outcomes_figure"]

#: Color de cada destino de una escritura.
STATUS_COLORS = {
    "en disco": plotting.color(2),
    "sustituida": plotting.color(4),
    "perdida": plotting.color(5),
    "sin confirmar": plotting.color(1),
    "tras el fallo": "#999999",
}

#: Vaciados que se dibujan como líneas; con más, la figura los omite (serían un borrón).
MAX_FLUSH_LINES = 200


def outcomes_figure(
    result: CacheResult, *, flush_interval: float | None = None, title: str = ""
) -> Figure:
    """Dibuja cada escritura en su bloque e instante, coloreada por lo que le pasó."""
    if not result.outcomes:
        raise ValueError("hace falta al menos una escritura para dibujarla")
    blocks = sorted({o.write.block for o in result.outcomes})
    fig = plotting.figure(7.0, min(1.6 + 0.35 * len(blocks), 8.0))
    ax = fig.add_subplot()
    last = max(max(o.write.time for o in result.outcomes), result.crash_time)
    drawn = flush_interval is not None and last / flush_interval <= MAX_FLUSH_LINES
    if result.policy == "write-back" and flush_interval is not None and drawn:
        at = flush_interval
        while at <= last:
            ax.axvline(at, color="grey", linewidth=0.6, linestyle=":")
            at += flush_interval
    for status, color in STATUS_COLORS.items():
        chosen = [o for o in result.outcomes if o.status == status]
        if chosen:
            ax.scatter([o.write.time for o in chosen], [o.write.block for o in chosen],
                       s=40, color=color, label=status, zorder=3)  # fmt: skip
            if len(result.outcomes) <= 40:
                for o in chosen:
                    ax.annotate(o.write.value, (o.write.time, o.write.block),
                                textcoords="offset points", xytext=(0, 6), ha="center",
                                fontsize=7)  # fmt: skip
    ax.axvline(result.crash_time, color=plotting.color(5), linewidth=1.5, label="fallo")
    ax.set_yticks(blocks if len(blocks) <= 30 else [])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("bloque")
    ax.set_xlabel(f"tiempo ({result.policy}; líneas punteadas: vaciados)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

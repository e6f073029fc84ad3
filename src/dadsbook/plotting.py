"""Estilo de las figuras del libro y ayudas para las más repetidas.

- Paleta apta para daltonismo (Okabe e Ito, 2008), etiquetas en español.
- Figuras vectoriales (SVG) en el libro: nítidas en pantallas de alta densidad.
- Las figuras se crean con :class:`matplotlib.figure.Figure`, sin ``pyplot``: no
  quedan figuras abiertas entre celdas y nada se dibuja dos veces.
- :func:`gantt` dibuja diagramas de Gantt; :func:`speedup_plot`, aceleración frente
  a la línea ideal.
- matplotlib se importa al dibujar, no al importar este módulo: los módulos que solo
  *pueden* dibujar (y la línea de órdenes sin ``--plot``) arrancan deprisa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "GanttBar",
    "apply_style",
    "color",
    "figure",
    "gantt",
    "speedup_plot",
    "style",
]

#: Paleta de Okabe e Ito: distinguible con cualquier tipo de daltonismo.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # azul
    "#E69F00",  # naranja
    "#009E73",  # verde azulado
    "#CC79A7",  # rosa
    "#56B4E9",  # celeste
    "#D55E00",  # bermellón
    "#F0E442",  # amarillo
    "#000000",  # negro
)

#: El estilo del libro (el ciclo de colores de la paleta lo añade :func:`style`).
_STYLE: dict[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.formatter.use_locale": False,
}


def style() -> dict[str, Any]:
    """Los parámetros de matplotlib del estilo del libro, con el ciclo de la paleta."""
    from cycler import cycler

    return {"axes.prop_cycle": cycler(color=list(PALETTE)), **_STYLE}


def apply_style() -> None:
    """Aplica el estilo del libro y, dentro de Jupyter, pide figuras en SVG."""
    import matplotlib.pyplot as plt

    plt.style.use(style())
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython viene con la documentación
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib.pyplot  # noqa: F401  (registra los formateadores de IPython)
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg")  # type: ignore[no-untyped-call]


def color(index: int) -> str:
    """Color ``index`` de la paleta (cíclico)."""
    return PALETTE[index % len(PALETTE)]


def figure(width: float = 7.0, height: float = 3.2) -> Figure:
    """Una figura nueva con el estilo del libro y tamaño en pulgadas."""
    if width <= 0 or height <= 0:
        raise ValueError(f"width y height deben ser positivos; se recibió {width}×{height}")
    from matplotlib.figure import Figure

    apply_style()
    return Figure(figsize=(width, height), layout="constrained")


@dataclass(frozen=True)
class GanttBar:
    """Una barra de un diagrama de Gantt.

    ``row`` es la fila (un chef, una CPU, un disco); ``group`` decide el color y la
    leyenda (una receta, un trabajo); ``hatched`` marca las esperas.
    """

    row: str
    start: float
    end: float
    group: str
    label: str = ""
    hatched: bool = False


def gantt(
    bars: Sequence[GanttBar],
    *,
    title: str = "",
    xlabel: str = "tiempo",
    rows: Sequence[str] | None = None,
    width: float = 7.0,
    ax_height: float | None = None,
) -> Figure:
    """Dibuja un diagrama de Gantt: una fila por recurso, una barra por tramo.

    Las filas aparecen en el orden de ``rows`` (o en el de primera aparición).
    """
    if not bars:
        raise ValueError("bars debe contener al menos una barra")
    for bar in bars:
        if bar.end < bar.start:
            raise ValueError(f"la barra {bar.label or bar.group!r} termina antes de empezar")
    order = list(rows) if rows is not None else list(dict.fromkeys(b.row for b in bars))
    groups = list(dict.fromkeys(b.group for b in bars))
    height = ax_height if ax_height is not None else 0.9 + 0.45 * len(order)
    fig = figure(width, height)
    ax = fig.add_subplot()
    for bar in bars:
        y = order.index(bar.row)
        c = color(groups.index(bar.group))
        ax.barh(
            y,
            bar.end - bar.start,
            left=bar.start,
            height=0.6,
            color="white" if bar.hatched else c,
            edgecolor=c,
            hatch="///" if bar.hatched else None,
            linewidth=1.2,
        )
        if bar.label and bar.end - bar.start > 0:
            ax.text(
                (bar.start + bar.end) / 2,
                y,
                bar.label,
                ha="center",
                va="center",
                fontsize=7,
                color="black" if bar.hatched else "white",
                clip_on=True,
            )
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=color(i), label=g) for i, g in enumerate(groups)]
    if any(b.hatched for b in bars):
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="///", label="espera"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


def speedup_plot(
    workers: Sequence[int],
    series: Mapping[str, Sequence[float]],
    *,
    title: str = "",
    ideal: bool = True,
) -> Figure:
    """Aceleración frente al número de trabajadores, con la línea ideal ``N×``."""
    if not workers:
        raise ValueError("workers debe contener al menos un número de trabajadores")
    for name, values in series.items():
        if len(values) != len(workers):
            raise ValueError(
                f"la serie {name!r} tiene {len(values)} valores y workers {len(workers)}"
            )
    fig = figure(5.5, 3.6)
    ax = fig.add_subplot()
    if ideal:
        ax.plot(workers, workers, linestyle="--", color="grey", label="ideal (N×)")
    for i, (name, values) in enumerate(series.items()):
        ax.plot(workers, values, marker="o", color=color(i), label=name)
    ax.set_xlabel("trabajadores")
    ax.set_ylabel("aceleración (×)")
    ax.set_xticks(list(workers))
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    ax.legend()
    return fig

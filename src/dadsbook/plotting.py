"""Estilo de las figuras del libro y ayudas para las más repetidas.

- Paleta apta para daltonismo (Okabe e Ito, 2008), etiquetas en español.
- Figuras vectoriales (SVG) en el libro: nítidas en pantallas de alta densidad.
- Las figuras se crean con :class:`matplotlib.figure.Figure`, sin ``pyplot``: no
  quedan figuras abiertas entre celdas y nada se dibuja dos veces.
- Un color por entidad: :data:`ENTITY_COLORS` da a cada cosa que el libro dibuja
  («procesos», «hilos», «red», «reloj», «sopa»…) el mismo color en todas las figuras;
  :func:`colors_for` reparte la paleta entre los nombres que no están en el mapa, en un
  orden que no depende de la figura (dos figuras con los mismos nombres, mismos colores).
- :func:`gantt` dibuja diagramas de Gantt (con etiquetas dentro de las barras solo si
  caben); :func:`speedup_plot`, aceleración frente a la línea ideal;
  :func:`outside_legend`, la leyenda fuera del área de datos.
- matplotlib se importa al dibujar, no al importar este módulo: los módulos que solo
  *pueden* dibujar (y la línea de órdenes sin ``--plot``) arrancan deprisa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

__all__ = [
    "ENTITY_COLORS",
    "NEUTRALS",
    "PALETTE",
    "GanttBar",
    "apply_style",
    "color",
    "colors_for",
    "entity_color",
    "figure",
    "gantt",
    "legend_columns",
    "log_xticks",
    "outside_legend",
    "speedup_plot",
    "style",
    "text_color",
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

#: Neutros para lo que no es una entidad (línea ideal, umbrales, rejillas, texto):
#: blanco, gris claro, gris (``"grey"``), gris oscuro (``"0.3"``) y negro.
NEUTRALS: tuple[str, ...] = ("#FFFFFF", "#DDDDDD", "#808080", "#4D4D4D", "#000000")

_BLUE, _ORANGE, _GREEN, _PINK, _SKY, _VERMILION, _YELLOW, _BLACK = PALETTE

#: El color de cada entidad del libro, por su nombre en español: la misma cosa tiene
#: el mismo color en todas las figuras de una página (y del libro). Dos entidades que
#: aparecen juntas en una figura tienen colores distintos.
ENTITY_COLORS: Mapping[str, str] = MappingProxyType(
    {
        # Trabajadores (CPU, programación, servidores): procesos frente a hilos.
        "procesos": _BLUE,
        "hilos": _ORANGE,
        "hilos sin GIL": _VERMILION,
        "techo": _GREEN,
        # Interrupciones (CPU): la tarea y cada dispositivo.
        "tarea": _SKY,
        "disco": _GREEN,
        "red": _BLUE,
        "reloj": _VERMILION,
        "teclado": _PINK,
        # E/S programada frente a DMA (disco).
        "trabajo útil": _GREEN,
        "bus": _SKY,
        "copia": _VERMILION,
        "programar DMA": _ORANGE,
        "interrupción": _PINK,
        # La cocina (conceptos): una receta, un color.
        "sopa": _BLUE,
        "ensalada": _GREEN,
        "postre": _PINK,
    }
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


def entity_color(name: str) -> str:
    """El color de la entidad ``name`` según :data:`ENTITY_COLORS`.

    >>> entity_color("procesos") == entity_color("procesos") != entity_color("hilos")
    True
    """
    try:
        return ENTITY_COLORS[name]
    except KeyError:
        known = ", ".join(sorted(ENTITY_COLORS))
        raise ValueError(
            f"name debe ser una entidad de ENTITY_COLORS ({known}); se recibió {name!r}"
        ) from None


def colors_for(names: Sequence[str], fixed: Mapping[str, str] | None = None) -> dict[str, str]:
    """Un color por nombre: el de ``fixed`` o :data:`ENTITY_COLORS` si lo tiene; los demás,
    los colores libres de la paleta por orden alfabético del nombre.

    El orden alfabético (no el de aparición) hace que dos figuras con los mismos nombres
    den a cada uno el mismo color aunque aparezcan en otro orden.

    >>> c = colors_for(["B", "A", "red"])
    >>> c["red"] == entity_color("red") and len(set(c.values())) == 3
    True
    """
    fixed = dict(fixed or {})
    out = {n: fixed.get(n, ENTITY_COLORS.get(n, "")) for n in names}
    taken = set(out.values())
    free = [c for c in PALETTE if c not in taken and c != _YELLOW] or list(PALETTE)
    for i, name in enumerate(sorted(n for n, c in out.items() if not c)):
        out[name] = free[i % len(free)]
    return out


def text_color(background: str) -> str:
    """Negro o blanco, el que más contraste dé sobre ``background`` (un color ``#RRGGBB``).

    >>> text_color("#F0E442"), text_color("#0072B2")
    ('black', 'white')
    """
    if len(background) != 7 or not background.startswith("#"):
        raise ValueError(f"background debe ser un color #RRGGBB; se recibió {background!r}")
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.45 else "white"


def outside_legend(fig: Figure, ax: Axes | None = None, *, ncols: int | None = None) -> Legend:
    """La leyenda de ``ax`` (o de la primera área) debajo de la figura, fuera de los datos.

    Usa el *layout* restringido de :func:`figure`: la figura crece hacia abajo en vez de
    tapar curvas o barras, también al verla en un móvil. Sin ``ncols``, pone tantas
    columnas como quepan a lo ancho de la figura con la etiqueta más larga.
    """
    axes = ax if ax is not None else fig.axes[0]
    handles, labels = axes.get_legend_handles_labels()
    if not handles:
        raise ValueError("ax no tiene series con etiqueta que poner en la leyenda")
    old = axes.get_legend()
    if old is not None:
        old.remove()
    for legend in list(fig.legends):
        legend.remove()
    if ncols is None:
        ncols = legend_columns(labels, fig.get_figwidth())
    return fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=8)


def legend_columns(labels: Sequence[str], width_in: float, fontsize: float = 8.0) -> int:
    """Columnas de una leyenda de ``labels`` que caben en ``width_in`` pulgadas.

    Estima el ancho de cada entrada (muestra, texto a 0,6 em por carácter y separación).

    >>> legend_columns(["procesos", "hilos"], 5.5)
    2
    >>> legend_columns(["techo del hardware (N procesos calientes, sin reparto)"] * 3, 5.5)
    1
    """
    if not labels:
        return 1
    entry = 0.6 * fontsize * max(len(label) for label in labels) + 3.5 * fontsize
    return max(1, min(len(labels), int(width_in * 72 // entry)))


def log_xticks(
    ax: Axes, ticks: Sequence[float], labels: Sequence[str], *, base: float = 10, **kwargs: Any
) -> None:
    """Eje x logarítmico (en base ``base``) con marcas solo en ``ticks``, rotuladas con ``labels``.

    Quita las marcas menores (``ax.minorticks_off()``, de los dos ejes: quien quiera un
    eje y logarítmico con las suyas lo pone después). ``kwargs`` van a ``set_xticks``
    (``rotation``, ``fontsize``…).
    """
    ax.set_xscale("log", base=base)
    ax.set_xticks(list(ticks), list(labels), **kwargs)
    ax.minorticks_off()


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
    colors: Mapping[str, str] | None = None,
) -> Figure:
    """Dibuja un diagrama de Gantt: una fila por recurso, una barra por tramo.

    Las filas aparecen en el orden de ``rows`` (o en el de primera aparición). El color
    de cada grupo sale de ``colors``, de :data:`ENTITY_COLORS` o de :func:`colors_for`.
    La etiqueta de una barra se escribe dentro solo si cabe al tamaño final de la
    figura; la que no cabe no se dibuja (el grupo sigue en la leyenda y los nombres de
    los pasos, en la tabla que acompañe a la figura).
    """
    if not bars:
        raise ValueError("bars debe contener al menos una barra")
    for bar in bars:
        if bar.end < bar.start:
            raise ValueError(f"la barra {bar.label or bar.group!r} termina antes de empezar")
    from dadsbook._bar_labels import FittedLabel

    order = list(rows) if rows is not None else list(dict.fromkeys(b.row for b in bars))
    groups = list(dict.fromkeys(b.group for b in bars))
    palette = colors_for(groups, colors)
    height = ax_height if ax_height is not None else 0.9 + 0.45 * len(order)
    fig = figure(width, height)
    ax = fig.add_subplot()
    for bar in bars:
        y = order.index(bar.row)
        c = palette[bar.group]
        (patch,) = ax.barh(
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
            if bar.hatched:  # sobre el rayado, con fondo blanco para que se lea
                box = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
                label = FittedLabel(patch, bar.label, fontsize=7, color="black", bbox=box)
            else:
                label = FittedLabel(patch, bar.label, fontsize=7, color=text_color(c))
            ax.add_artist(label)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=palette[g], edgecolor=palette[g], label=g) for g in groups]
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
    colors: Mapping[str, str] | None = None,
) -> Figure:
    """Aceleración frente al número de trabajadores, con la línea ideal ``N×``.

    El color de cada serie sale de ``colors``, de :data:`ENTITY_COLORS` o de
    :func:`colors_for`; la leyenda va debajo de la figura, fuera de las curvas.
    """
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
    palette = colors_for(list(series), colors)
    for name, values in series.items():
        ax.plot(workers, values, marker="o", color=palette[name], label=name)
    ax.set_xlabel("trabajadores")
    ax.set_ylabel("aceleración (×)")
    ax.set_xticks(list(workers))
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    outside_legend(fig, ax)
    return fig

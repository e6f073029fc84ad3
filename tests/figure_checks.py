"""Lo que las pruebas de figuras leen de una figura de matplotlib ya construida.

- :func:`series_colors`: el color de cada serie con nombre (leyendas y líneas).
- :func:`colors_used`: todos los colores que pinta la figura (líneas, barras, puntos,
  textos, leyendas y mapas de color discretos).
- :func:`off_palette`: los que no son de la paleta del libro ni neutros.
- :func:`color_conflicts`: las etiquetas que cambian de color entre figuras.
- :func:`drawn_texts`: los textos que acaban en el SVG (las etiquetas que no caben en
  su barra no llegan).
- :func:`simulator_figure`: la figura que dibuja un simulador con ``--plot``.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.colors import ListedColormap, to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from dadsbook import plotting

if TYPE_CHECKING:
    from dadsbook.cli.registry import Simulator


def simulator_figure(sim: Simulator, seed: int = 1) -> Figure:
    """La figura de un problema al azar de ``sim`` (lo que dibuja ``--plot``), con ejes."""
    solution = sim.random_problem(random.Random(seed)).solve(plot=True)
    assert solution.figure is not None, f"{sim.name} no trae figura"
    figure = solution.figure()
    assert isinstance(figure, Figure) and figure.axes, f"{sim.name}: figura vacía"
    return figure


#: Los colores que una figura del libro puede usar: la paleta y los neutros.
ALLOWED = tuple(plotting.PALETTE) + tuple(plotting.NEUTRALS)


def _hex(color: object) -> str | None:
    """El color en ``#rrggbb`` (sin alfa), o ``None`` si es transparente."""
    rgba = to_rgba(color)  # type: ignore[arg-type]
    if rgba[3] == 0:
        return None
    return to_hex(rgba[:3])


def _handle_color(handle: Artist) -> str | None:
    if isinstance(handle, Line2D):
        return _hex(handle.get_color())
    if isinstance(handle, Patch):
        face = _hex(handle.get_facecolor())
        return face if face not in (None, "#ffffff") else _hex(handle.get_edgecolor())
    if isinstance(handle, Collection):
        faces = handle.get_facecolor()
        if len(faces):
            return _hex(tuple(faces[0]))
        edges = handle.get_edgecolor()
        return _hex(tuple(edges[0])) if len(edges) else None
    return None


def _legends(fig: Figure) -> Iterator[Legend]:
    yield from fig.legends
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            yield legend


def series_colors(fig: Figure) -> dict[str, set[str]]:
    """Etiqueta → colores con que aparece: en las leyendas y en las líneas con nombre."""
    out: dict[str, set[str]] = {}
    for legend in _legends(fig):
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True):
            c = _handle_color(handle) if handle is not None else None
            if c is not None:
                out.setdefault(text.get_text(), set()).add(c)
    for ax in fig.axes:
        for line in ax.get_lines():
            label = str(line.get_label())
            c = _hex(line.get_color())
            if not label.startswith("_") and c is not None:
                out.setdefault(label, set()).add(c)
    return out


def color_conflicts(figures: Mapping[str, Figure]) -> list[str]:
    """Las etiquetas que cambian de color dentro de una figura o entre figuras de una página.

    ``figures`` es el nombre de cada figura y la figura; cada conflicto es una frase.
    """
    seen: dict[str, dict[str, str]] = {}
    out: list[str] = []
    for name, fig in figures.items():
        for label, colors in series_colors(fig).items():
            if len(colors) > 1:
                out.append(f"{name}: «{label}» con {sorted(colors)}")
            seen.setdefault(label, {})[name] = min(colors)
    for label, by_figure in seen.items():
        if len(set(by_figure.values())) > 1:
            out.append(f"«{label}» cambia de color: {by_figure}")
    return out


def colors_used(fig: Figure) -> set[str]:
    """Todos los colores que pinta la figura, en ``#rrggbb``."""
    found: set[object] = set()
    # La barra de un mapa de color continuo (viridis) codifica una cantidad, no entidades.
    for ax in (a for a in fig.axes if a.get_label() != "<colorbar>"):
        for line in ax.get_lines():
            found |= {line.get_color(), line.get_markerfacecolor(), line.get_markeredgecolor()}
        for patch in ax.patches:
            found |= {tuple(patch.get_facecolor()), tuple(patch.get_edgecolor())}
        for collection in ax.collections:
            found |= {tuple(c) for c in collection.get_facecolor()}
            found |= {tuple(c) for c in collection.get_edgecolor()}
        for text in ax.texts:
            found.add(text.get_color())
        for image in ax.images:
            cmap = image.get_cmap() if isinstance(image, AxesImage) else None
            if isinstance(cmap, ListedColormap) and len(ALLOWED) >= cmap.N:  # categórico
                found |= {tuple(c) for c in cmap(range(cmap.N))}
    for legend in _legends(fig):
        found |= {c for h in legend.legend_handles if h is not None and (c := _handle_color(h))}
    return {c for c in (_hex(x) for x in found if x is not None and str(x) != "none") if c}


def off_palette(fig: Figure, tolerance: float = 0.02) -> set[str]:
    """Los colores de la figura que no están (con ``tolerance`` por canal) en :data:`ALLOWED`."""
    allowed = [to_rgba(c)[:3] for c in ALLOWED]

    def near(color: str) -> bool:
        rgb = to_rgba(color)[:3]
        return any(
            max(abs(a - b) for a, b in zip(rgb, ok, strict=True)) <= tolerance for ok in allowed
        )

    return {c for c in colors_used(fig) if not near(c)}


def drawn_texts(fig: Figure) -> list[str]:
    """Los textos que escribe el SVG de la figura (sin los que no se dibujan)."""
    out = io.StringIO()
    fig.savefig(out, format="svg")
    return [
        re.sub(r"<[^>]+>", "", t)
        for t in re.findall(r"<text[^>]*>(.*?)</text>", out.getvalue(), re.S)
    ]


def texts_of(fig: Figure) -> list[Text]:
    """Los textos de datos de todas las áreas (no ejes ni títulos)."""
    return [t for ax in fig.axes for t in ax.texts]

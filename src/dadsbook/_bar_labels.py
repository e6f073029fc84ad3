"""Etiquetas dentro de barras que solo se dibujan si caben (uso interno de ``plotting``).

El ancho de una barra en pantalla se conoce al dibujar: depende del tamaño final de la
figura (el *layout* restringido lo ajusta) y de la escala del eje. Por eso la decisión
se toma en :meth:`FittedLabel.draw`, con el mismo *renderer* que escribe el SVG o el PNG,
y no al crear la figura. Este módulo importa matplotlib: ``plotting`` lo importa al
dibujar.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import RendererBase
from matplotlib.patches import Rectangle
from matplotlib.text import Text

__all__ = ["FittedLabel"]

#: Margen a cada lado del texto dentro de la barra, en puntos.
PAD_POINTS = 2.0
#: Holgura sobre el ancho medido del texto (la fuente del lector puede ser más ancha).
WIDTH_MARGIN = 1.1


class FittedLabel(Text):
    """Texto centrado en una barra que no se dibuja si no cabe entero dentro de ella.

    Tras dibujar, :attr:`fits` dice si cupo (``None`` antes del primer dibujo).
    """

    def __init__(self, bar: Rectangle, text: str, **kwargs: Any) -> None:
        x = bar.get_x() + bar.get_width() / 2
        y = bar.get_y() + bar.get_height() / 2
        super().__init__(x, y, text, ha="center", va="center", **kwargs)
        self._bar = bar
        self.fits: bool | None = None
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        """Dibuja el texto solo si su caja, con margen, cabe en la de la barra."""
        if not self.get_visible():
            return
        box = self._bar.get_window_extent(renderer)
        text = self.get_window_extent(renderer)
        pad = 2 * float(renderer.points_to_pixels(PAD_POINTS))  # type: ignore[arg-type]
        # Con margen: el navegador escribe el SVG con su propia fuente, algo más ancha o
        # más estrecha que la que mide matplotlib.
        self.fits = text.width * WIDTH_MARGIN + pad <= box.width and text.height <= box.height
        if self.fits:
            super().draw(renderer)

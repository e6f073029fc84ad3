"""Un bloque de texto que el libro muestra tal cual (como la salida de una orden)."""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["TextBlock"]


@dataclass(frozen=True)
class TextBlock:
    """Texto preformateado: su ``repr`` es el propio texto, y en HTML va en un ``<pre>``.

    Sirve para pegar con ``glue`` un informe (el de un simulador, una traza) sin que
    aparezcan comillas ni ``\\n`` de Python.

    >>> TextBlock("a\\nb")
    a
    b
    """

    text: str

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"text debe ser una cadena; se recibió {type(self.text).__name__}")

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<pre class="dadsbook-output">{html.escape(self.text)}</pre>'

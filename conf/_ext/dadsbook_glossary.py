"""Extensión de Sphinx: barra de salto A–Z encima del glosario.

En la página, la directiva ``jump-bar`` (sin argumentos) va justo antes de un
``{glossary}``. Al escribir el HTML (y el EPUB) se sustituye por una barra de letras:
cada letra con términos enlaza con el primero de ellos (``#glosario-a``…) y las que no
tienen ninguno se muestran apagadas, sin enlace. La letra de un término es la de su
primer nombre sin tilde (``índice`` va en la I; la ``ñ`` con la N, como la ordena
``:sorted:``). En el PDF la barra no se imprime.
"""

from __future__ import annotations

import html
import string
import unicodedata
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

LETTERS = string.ascii_uppercase
ANCHOR = "glosario-{letter}"
OTHER = "#"  # términos que no empiezan por una letra (números, símbolos)


class jump_bar(nodes.General, nodes.Element):  # noqa: N801 (los nodos de docutils van en minúscula)
    """Marca dónde va la barra; :class:`FillJumpBar` la rellena o la quita."""


class JumpBar(SphinxDirective):
    """``jump-bar``: barra de salto A–Z para el glosario que la sigue."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [jump_bar()]


def initial(term: str) -> str:
    """Letra de la barra para ``term``: su inicial en mayúscula, sin tilde ni eñe.

    >>> initial("índice"), initial("ñandú"), initial("GIL"), initial("3 capas")
    ('I', 'N', 'G', '#')
    """
    decomposed = unicodedata.normalize("NFD", term.strip())
    letter = decomposed[:1].upper()
    return letter if len(letter) == 1 and letter in LETTERS else OTHER


def first_terms(glossary: addnodes.glossary) -> list[nodes.term]:
    """El primer término de cada entrada del glosario, en su orden."""
    found: list[nodes.term] = []
    for item in glossary.findall(nodes.definition_list_item):
        term = next(iter(item.findall(nodes.term)), None)
        if term is not None:
            found.append(term)
    return found


def bar_html(present: dict[str, str]) -> str:
    """La barra en HTML: ``present`` es letra → id del ancla."""
    cells = []
    for letter in [*LETTERS, OTHER]:
        if letter in present:
            cells.append(f'<a href="#{html.escape(present[letter])}">{html.escape(letter)}</a>')
        elif letter != OTHER:
            cells.append(
                f'<span class="dadsbook-az-empty" title="Ningún término con {letter}">'
                f"{letter}</span>"
            )
    return (
        '<nav class="dadsbook-az" aria-label="Saltar a una letra del glosario">'
        + " ".join(cells)
        + "</nav>"
    )


class FillJumpBar(SphinxPostTransform):
    """Pone las anclas de cada letra y la barra en HTML; fuera del HTML, la quita."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        for bar in list(self.document.findall(jump_bar)):
            glossary = _next_glossary(self.document, bar)
            if glossary is None or self.app.builder.format != "html":
                bar.parent.remove(bar)
                continue
            present: dict[str, str] = {}
            for term in first_terms(glossary):
                letter = initial(term.astext())
                if letter in present:
                    continue
                anchor = ANCHOR.format(letter="otros" if letter == OTHER else letter.lower())
                term["ids"].append(anchor)
                self.document.ids[anchor] = term
                present[letter] = anchor
            bar.replace_self(nodes.raw("", bar_html(present), format="html"))


def _next_glossary(document: nodes.document, bar: jump_bar) -> addnodes.glossary | None:
    """El primer glosario que sigue a ``bar`` en ``document``."""
    seen = False
    for node in document.findall(nodes.Element):
        if node is bar:
            seen = True
        elif seen and isinstance(node, addnodes.glossary):
            return node
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(jump_bar)
    app.add_directive("jump-bar", JumpBar)
    app.add_post_transform(FillJumpBar)
    return {"version": "1.0", "parallel_read_safe": True}

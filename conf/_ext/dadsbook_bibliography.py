"""Extensión de Sphinx: la bibliografía del libro, en español, con una lista por capítulo.

Las páginas citan con ``{cite:t}`` (Schrage (1968)) y ``{cite:p}`` ((Schrage, 1968)) las
entradas de ``docs/referencias.bib`` (``sphinxcontrib-bibtex``), y cada capítulo termina
con su sección «Referencias»: una directiva ``{bibliography}`` con solo lo que cita esa
página. Aquí se registran los dos estilos que usa:

- ``dadsbook`` (formato de las entradas): el ``unsrt`` de pybtex con las palabras en
  español («y» entre autores, «En» para las actas, «ed.» para la edición, la dirección
  sin «URL:» delante), ordenado por autor y año, y con el autor y el año como etiqueta
  (lo mismo que dice el texto, no una clave como «Sch68»).
- ``dadsbook`` (forma de las citas en el texto): autor y año entre paréntesis, «y» entre
  dos autores y «et al.» a partir de tres.

En el PDF, Sphinx junta todas las citas del libro al final: :class:`KeepReferencesInPlace`
deja la lista de cada capítulo en su sección, como en el HTML y el EPUB. La ortografía
no revisa las referencias, que van en su idioma (:class:`SpellReferencesInTheirLanguage`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from docutils import nodes
from pybtex.richtext import Symbol, Tag, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import href, join, names, optional, optional_field, sentence, words
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

STYLE = "dadsbook"
AND = " y "


def _last_names(entry: Any) -> str:
    """«Schrage», «Papamarcos y Patel», «Marr et al.» (o la institución, sin llaves)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in persons]
    if not last:
        return str(entry.fields.get("title", entry.key))
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return AND.join(last)
    return f"{last[0]} et al."


class AuthorYearLabels(BaseLabelStyle):  # type: ignore[misc]
    """Etiqueta de cada entrada: autor y año, como en el texto («Schrage, 1968»)."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        for entry in sorted_entries:
            yield f"{_last_names(entry)}, {entry.fields.get('year', 's. f.')}"


class SpanishStyle(UnsrtStyle):  # type: ignore[misc]
    """``unsrt`` con las palabras en español; por autor y año, con etiqueta autor-año."""

    default_sorting_style = "author_year_title"
    default_label_style = STYLE

    def format_names(self, role: str, as_sentence: bool = True) -> Any:
        formatted = names(role, sep=", ", sep2=AND, last_sep=AND)
        return sentence[formatted] if as_sentence else formatted

    def format_edition(self, e: Any) -> Any:
        return optional[join[bib_field("edition"), ".ª", Symbol("nbsp"), "ed."]]

    def format_url(self, e: Any) -> Any:
        return href[bib_field("url", raw=True), bib_field("url", raw=True)]

    def get_inproceedings_template(self, e: Any) -> Any:
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words[
                "En",
                sentence[
                    self.format_btitle(e, "booktitle", as_sentence=False),
                    optional[join["págs.", Symbol("nbsp"), pages]],
                ],
                self.format_address_organization_publisher_date(e),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ", sep2="; ", last_sep="; ")


def _spanish_persons() -> PersonStyle:
    return PersonStyle(sep=", ", sep2=AND, last_sep=AND, other=Text(" ", Tag("em", "et al.")))


@dataclass
class SpanishAuthorYear(AuthorYearReferenceStyle):  # type: ignore[misc]
    """Citas autor-año entre paréntesis, con «y» y «et al.»."""

    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)
    person: PersonStyle = field(default_factory=_spanish_persons)


pybtex.plugin.register_plugin("pybtex.style.labels", STYLE, AuthorYearLabels)
pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, SpanishStyle)
sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", STYLE, SpanishAuthorYear
)


class KeepReferencesInPlace(SphinxPostTransform):
    """PDF: cada lista de referencias se queda en su capítulo.

    El LaTeX de Sphinx mueve todas las citas (``citation``) a una bibliografía única al
    final del libro y dejaría vacías las secciones «Referencias». Antes de que lo haga
    (prioridad 750), cada cita se vuelve un párrafo que empieza con el ancla a la que
    apuntan las citas del texto en LaTeX (``cite.<página>:<id>``, la que pondría
    ``\\bibitem``), así que siguen llevando a ella.
    """

    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for citation in list(self.document.findall(nodes.citation)):
            label = citation.next_node(nodes.label)
            anchor = f"cite.{citation.get('docname', '')}:{citation['ids'][0]}"
            paragraph = nodes.paragraph(classes=["dadsbook-reference"])
            paragraph += nodes.raw(
                "", rf"\phantomsection\hypertarget{{{anchor}}}{{}}", format="latex"
            )
            if label is not None:
                paragraph += nodes.strong(text=label.astext())
                paragraph += nodes.Text(". ")
            for child in citation.children:
                if isinstance(child, nodes.label):
                    continue
                paragraph += child.children if isinstance(child, nodes.paragraph) else child
            citation.replace_self(paragraph)


class SpellReferencesInTheirLanguage(SphinxPostTransform):
    """Ortografía: las referencias (títulos y autores en su idioma) no se revisan."""

    default_priority = 700
    builders = ("spelling",)

    def run(self, **kwargs: Any) -> None:
        for citation in self.document.findall(nodes.citation):
            for text in citation.findall(nodes.Text):
                text.spellingIgnore = True  # lo que hace el rol spelling:ignore


def _accessible_citations(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Cada referencia de la lista es un elemento de lista para los lectores de pantalla.

    docutils escribe la lista como ``role="list"`` y cada entrada con
    ``role="doc-biblioentry"``, un rol que DPUB-ARIA 1.1 retiró y que axe-core ya no
    acepta dentro de una lista («aria-required-children»). Con ``listitem`` la lista
    se anuncia igual y es válida.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("html-page-context", _accessible_citations)
    app.add_post_transform(KeepReferencesInPlace)
    app.add_post_transform(SpellReferencesInTheirLanguage)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

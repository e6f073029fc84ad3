"""Extensión de Sphinx: el libro entero en PDF (XeLaTeX) y en EPUB, y sus enlaces.

- Las figuras de las celdas son SVG; LaTeX no las lee, así que :class:`SvgToPdf` las
  convierte a PDF vectorial con ``rsvg-convert`` (Debian: ``librsvg2-bin``).
- En el PDF, la portada (``index``) no puede ser el capítulo que contiene al resto: sus
  secciones pasan a un capítulo «Presentación» y los capítulos del libro quedan al
  mismo nivel (:class:`BookStructure`).
- El EPUB (:class:`BookEpubBuilder`) pasa epubcheck: sin guiones (los del sitio no
  sirven en un lector de libros y alguno se genera al final de la construcción del
  HTML), con la hoja de estilo de MyST-NB (que se copia también al final), las figuras
  SVG sin la declaración DOCTYPE externa que EPUB 3 prohíbe y las pestañas de
  sphinx-design escritas una detrás de otra (:class:`FlatTabs`).
- Cada página del HTML ofrece en su menú de descarga el libro entero en PDF y en EPUB
  (``<base>/dadsbook.pdf`` y ``.epub``, que copian ``make pdf`` y ``make epub``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.transforms.post_transforms.images import ImageConverter

#: Lo que se ofrece en el menú de descarga: (extensión, texto, ayuda, icono).
BOOK_DOWNLOADS = (
    ("pdf", "Libro en PDF", "Descargar el libro entero en PDF", "fas fa-file-pdf"),
    ("epub", "Libro en EPUB", "Descargar el libro entero en EPUB (lectores)", "fas fa-book"),
)
FRONT_MATTER_TITLE = "Presentación"
DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*>\s*")
SVG_NS = "http://www.w3.org/2000/svg"
INLINE_SVG = re.compile(r"<svg(?![^>]*\bxmlns=)")
MANIFEST_XHTML = re.compile(r'<item [^>]*href="(?P<href>[^"]+\.xhtml)"[^>]*/>')


class SvgToPdf(ImageConverter):
    """SVG → PDF vectorial con ``rsvg-convert``, para los constructores que no leen SVG."""

    default_priority = 200
    conversion_rules = [("image/svg+xml", "application/pdf")]  # noqa: RUF012 (como la base)

    def is_available(self) -> bool:
        if shutil.which("rsvg-convert") is None:
            raise ExtensionError(
                "dadsbook_books: falta rsvg-convert para pasar las figuras SVG a PDF; "
                "instálalo con «apt-get install librsvg2-bin» (lo hace .ci/run)"
            )
        return True

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        result = subprocess.run(
            ["rsvg-convert", "--format=pdf", "--output", str(_to), str(_from)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise ExtensionError(
                f"dadsbook_books: rsvg-convert no pudo convertir {_from}: {result.stderr.strip()}"
            )
        return True


class BookStructure(SphinxPostTransform):
    """En el PDF, la portada se vuelve el capítulo «Presentación» y no contiene al libro.

    El constructor de LaTeX mete cada página del índice (``toctree``) donde está el
    índice: dentro de la última sección de la portada. Aquí se sacan esas páginas al
    nivel de capítulo y el texto de la portada (menos su título, que es el del libro)
    pasa a un capítulo propio, el primero.
    """

    default_priority = 5
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        config: Any = self.app.config
        if self.document.get("docname", config.root_doc) != config.root_doc:
            return
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None:
            return
        files = [node for node in root.findall(addnodes.start_of_file) if _outermost(node)]
        if not files:
            return
        for node in files:
            wrapper = node.parent
            wrapper.remove(node)
            if isinstance(wrapper, nodes.compound) and not wrapper.children:
                wrapper.parent.remove(wrapper)  # el envoltorio del toctree, ya vacío
        front = nodes.section(ids=["dadsbook-presentacion"], names=[])
        front += nodes.title(text=FRONT_MATTER_TITLE)
        for child in list(root.children[1:]):  # todo menos el título del libro
            if isinstance(child, addnodes.toctree | addnodes.compact_paragraph):
                continue
            root.remove(child)
            front += child
        for child in list(root.children[1:]):
            root.remove(child)
        root += front
        root.extend(files)


class FlatTabs(SphinxPostTransform):
    """En el EPUB, cada pestaña de sphinx-design pasa a ser su título y su contenido.

    Las pestañas HTML de sphinx-design (``<input>`` y ``<label>`` sin cerrar) no son
    XHTML válido y un lector de libros no las necesita: se leen una tras otra. Va antes
    que la transformación de sphinx-design (prioridad 200), que ya no las encuentra.
    """

    default_priority = 150
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        for tab_set in list(self.document.findall(_is_component("tab-set"))):
            flat: list[nodes.Node] = []
            for item in tab_set.children:
                if _is_component("tab-item")(item) and len(item.children) == 2:
                    label, content = item.children
                    title = nodes.rubric("", "", *label.children, classes=["dadsbook-tab"])
                    title["ids"] = list(label["ids"])
                    flat.append(title)
                    flat.extend(content.children)
                else:
                    flat.append(item)
            tab_set.replace_self(flat)


def _is_component(name: str) -> Any:
    def match(node: nodes.Node) -> bool:
        return isinstance(node, nodes.Element) and node.get("design_component") == name

    return match


class BookEpubBuilder(Epub3Builder):
    """El constructor EPUB 3 de Sphinx, con lo que epubcheck exige de este libro."""

    def copy_image_files(self) -> None:
        super().copy_image_files()
        for svg in (self.outdir / self.imagedir).glob("*.svg"):
            standalone_svg(svg)

    def build_content(self) -> None:
        """``content.opf`` con ``properties="svg"`` en las páginas con SVG en línea.

        Los iconos de sphinx-design (los desplegables de las soluciones) son ``<svg>``
        dentro del XHTML: necesitan su espacio de nombres y que ``content.opf`` lo
        declare (epubcheck, RSC-005 y OPF-014).
        """
        for page in self.outdir.rglob("*.xhtml"):  # también hardware/, software/…
            text = page.read_text(encoding="utf-8")
            namespaced = INLINE_SVG.sub(f'<svg xmlns="{SVG_NS}"', text)
            if namespaced != text:
                page.write_text(namespaced, encoding="utf-8")
        super().build_content()
        opf = self.outdir / "content.opf"
        text = opf.read_text(encoding="utf-8")

        def declare(match: re.Match[str]) -> str:
            page = self.outdir / match["href"]
            if "properties=" in match[0] or not page.is_file():
                return match[0]
            if "<svg" not in page.read_text(encoding="utf-8"):
                return match[0]
            return match[0].replace("/>", 'properties="svg" />')

        opf.write_text(MANIFEST_XHTML.sub(declare, text), encoding="utf-8")


def standalone_svg(path: Path) -> None:
    """Quita la declaración DOCTYPE con DTD externa (matplotlib la escribe)."""
    text = path.read_text(encoding="utf-8")
    cleaned = DOCTYPE.sub("", text, count=1)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")


def _outermost(node: nodes.Element) -> bool:
    """``node`` no está dentro de otra página incluida (es un capítulo, no un anexo)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return False
        parent = parent.parent
    return True


def _book_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """El libro entero en PDF y EPUB en el menú de descarga de cada página."""
    if app.builder.name != "html":
        return
    config: Any = app.config
    pathto = context["pathto"]
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = group["buttons"]
        for button in buttons:
            if button.get("label") == "download-pdf-button":  # el de window.print()
                button["text"] = "Imprimir"
                button["tooltip"] = "Imprimir esta página (o guardarla como PDF)"
                button["icon"] = "fas fa-print"
        for suffix, text, tooltip, icon in BOOK_DOWNLOADS:
            buttons.append(
                {
                    "type": "link",
                    "url": pathto(f"{config.dadsbook_book_basename}.{suffix}", 1),
                    "text": text,
                    "tooltip": tooltip,
                    "icon": icon,
                    "label": f"download-book-{suffix}-button",
                }
            )


def _epub_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Las páginas del EPUB, sin guiones del sitio web ni la hoja de estilo de MyST-NB.

    MyST-NB copia su hoja al final de la construcción (tarde para el EPUB) y usa
    sintaxis que el analizador de CSS de epubcheck rechaza.
    """
    if app.builder.name != "epub":
        return
    context["script_files"] = []
    context["css_files"] = [
        css for css in context.get("css_files", []) if "mystnb." not in str(css.filename)
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dadsbook_book_basename", "dadsbook", "env")
    app.add_config_value("dadsbook_book_author", "", "env")
    app.add_post_transform(SvgToPdf)
    app.add_post_transform(BookStructure)
    app.add_post_transform(FlatTabs)
    app.add_builder(BookEpubBuilder, override=True)
    # Después de los botones de sphinx-book-theme (prioridad 501).
    app.connect("html-page-context", _book_links, priority=502)
    app.connect("html-page-context", _epub_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True}

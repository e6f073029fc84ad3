"""El libro entero se construye con el perfil quick y el resultado es correcto.

Construye en una carpeta temporal, con ``-W -n`` (un aviso o una referencia rota
hacen fallar) y una caché de ejecución nueva, y revisa el HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from snippets import FENCE, book_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LABEL = re.compile(r"^\((?P<label>[a-z0-9][a-z0-9-]*)\)=$")
GLUE_INLINE = re.compile(r"\{glue(?::text)?\}`")


def headings(page: Path) -> list[tuple[int, str, str | None]]:
    """Títulos fuera de bloques de código: (línea, título, etiqueta justo encima)."""
    found: list[tuple[int, str, str | None]] = []
    fence: str | None = None
    previous = ""
    in_front_matter = False
    for number, raw in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if number == 1 and line == "---":
            in_front_matter = True
            continue
        if in_front_matter:
            in_front_matter = line != "---"
            continue
        match = FENCE.match(line)
        if match and fence is None:
            fence = match["fence"]
        elif fence is not None and line == fence:
            fence = None
        elif fence is None and line.startswith("#") and not line.startswith("#!"):
            label = LABEL.match(previous)
            found.append((number, line, label["label"] if label else None))
        if line:
            previous = line
    return found


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_heading_has_an_explicit_label(page: Path) -> None:
    missing = [f"línea {n}: {title}" for n, title, label in headings(page) if label is None]
    assert not missing, f"títulos sin etiqueta (sec-…) encima en {page.name}: {missing}"
    assert all(label.startswith("sec-") for _, _, label in headings(page) if label)


def test_labels_are_unique_across_the_book() -> None:
    labels = [label for page in book_pages(DOCS) for _, _, label in headings(page) if label]
    duplicated = {label for label in labels if labels.count(label) > 1}
    assert not duplicated, f"etiquetas repetidas: {sorted(duplicated)}"


def test_every_page_is_built(built_book: Path) -> None:
    for page in book_pages(DOCS):
        html = built_book / page.relative_to(DOCS).with_suffix(".html")
        assert html.is_file(), f"falta {html.name}"


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_is_spanish_clean_and_fully_glued(built_book: Path, page: Path) -> None:
    html = (built_book / page.relative_to(DOCS).with_suffix(".html")).read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    for marker in ("Traceback", "output stderr", "output traceback", "{glue"):
        assert marker not in html, f"{page.name}: aparece {marker!r}"
    source = page.read_text(encoding="utf-8")
    expected = len(GLUE_INLINE.findall(source))
    assert html.count('class="pasted-text"') == expected, "algún valor pegado no se mostró"
    assert html.count("<figure") >= source.count("{glue:figure}")


def test_search_index_is_spanish(built_book: Path) -> None:
    text = (built_book / "searchindex.js").read_text(encoding="utf-8")
    assert "conceptos" in text
    language = (built_book / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "SpanishStemmer" in language or "spanish" in language.lower()

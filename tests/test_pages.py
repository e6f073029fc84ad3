"""El lector de páginas (:mod:`dadsbook.pages`) frente al contraste independiente."""

from __future__ import annotations

from pathlib import Path

import pytest
from snippets import book_pages as snippet_pages
from snippets import find_snippets

from dadsbook.pages import Page, book_pages

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("path", snippet_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_cells_match_the_independent_count(path: Path) -> None:
    page = Page.read(path, DOCS)
    counted = [s for s in find_snippets(path) if s.kind == "code-cell"]
    assert [c.line for c in page.cells] == [s.first for s in counted]
    assert [c.tags for c in page.cells] == [s.tags for s in counted]


def test_every_page_of_the_book_is_read() -> None:
    pages = book_pages(DOCS)
    assert {p.docname for p in pages} >= {"index", "conceptos", "hardware/cpu", "glosario"}
    assert all(p.headings for p in pages)


def test_fences_hide_headings_and_labels() -> None:
    text = "(sec-a)=\n# A\n\n````md\n(sec-b)=\n# B\n```{code-cell} ipython3\nx\n```\n````\n## C\n"
    page = Page.parse(text, docname="x")
    assert [(h.title, h.label) for h in page.headings] == [("A", "sec-a"), ("C", None)]
    assert page.cells == ()


def test_glue_keys_in_roles_and_directives() -> None:
    text = "Uno {glue:text}`a:.1f` y {glue}`b`.\n\n```{glue:figure} c\n:name: fig-c\n\nPie.\n```\n"
    assert Page.parse(text, docname="x").glue_keys == ("a", "b", "c")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docs debe ser la carpeta"):
        book_pages(tmp_path / "no-existe")

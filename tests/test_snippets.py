"""Ningún fragmento del libro se queda sin verificar por sybil."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from snippets import Snippet, book_pages, find_snippets
from sybil import Sybil

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def load_docs_conftest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dadsbook_docs_conftest", DOCS / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFTEST = load_docs_conftest()


def uncovered(sybil: Sybil, page: Path) -> list[Snippet]:
    """Fragmentos de ``page`` dentro de los cuales sybil no empieza ningún ejemplo."""
    document = sybil.parse(page)
    starts = [document.text.count("\n", 0, example.start) + 1 for example in document]
    return [s for s in find_snippets(page) if not any(s.first <= n <= s.last for n in starts)]


def test_the_book_has_snippets() -> None:
    assert sum(len(find_snippets(p)) for p in book_pages(DOCS)) >= 5


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_sybil_collects_every_snippet(page: Path) -> None:
    missing = uncovered(CONFTEST.sybil, page)
    assert not missing, "sybil no recoge: " + ", ".join(
        f"{s.kind} línea {s.first}" for s in missing
    )


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_skipped_cells_give_a_reason(page: Path) -> None:
    for snippet in find_snippets(page):
        if CONFTEST.SKIP_TAG in snippet.tags:
            first = snippet.body.strip().splitlines()[0] if snippet.body.strip() else ""
            assert first.startswith(CONFTEST.SKIP_PREFIX) and len(first) > 20, (
                f"{page.name}:{snippet.first}: una celda omitida debe empezar con "
                f"'{CONFTEST.SKIP_PREFIX} <motivo>'"
            )


@pytest.mark.parametrize("removed", range(len(CONFTEST.PARSERS)))
def test_the_count_catches_a_missing_parser(removed: int, tmp_path: Path) -> None:
    """Si se quita cualquier analizador de la configuración, la comprobación falla."""
    page = tmp_path / "pagina.md"
    page.write_text(
        "# T\n\n```{code-cell} ipython3\nx = 1\n```\n\n```python\ny = 2\n```\n", encoding="utf-8"
    )
    parsers = [p for i, p in enumerate(CONFTEST.PARSERS) if i != removed]
    assert uncovered(Sybil(parsers=parsers, patterns=["*.md"]), page)
    assert not uncovered(Sybil(parsers=CONFTEST.PARSERS, patterns=["*.md"]), page)


def test_bare_code_cell_is_reported(tmp_path: Path) -> None:
    """Una celda sin ``ipython3`` la cuenta el contador aunque sybil no la vea."""
    page = tmp_path / "pagina.md"
    page.write_text("```{code-cell}\nx = 1\n```\n", encoding="utf-8")
    assert uncovered(CONFTEST.sybil, page)

"""Sybil: cada fragmento de código del libro es una prueba.

- Cada ``{code-cell} ipython3`` de una página se comprueba en **la construcción del
  libro de esta sesión** (``tests/book.py``): la misma celda, en el mismo orden, se
  ejecutó en el núcleo de Jupyter sin error y sin escribir en la salida de error. Así
  cada página se ejecuta una sola vez por sesión de pruebas: la construcción que
  revisan el HTML, el navegador y la ortografía es la que verifica los fragmentos.
- Al final de cada página, las celdas ocultas que añade la construcción: la
  comprobación de higiene (que no sobra ningún hilo, proceso hijo, zombis incluidos,
  ni descriptor de ningún tipo: sockets, tuberías, ficheros, ``epoll``…,
  :mod:`dadsbook.hygiene`) pasó dentro del núcleo.
- Cada bloque ```` ```python ```` de la prosa (no los ejecuta el libro) se ejecuta
  aquí, en el proceso de pytest, con la comprobación de higiene al terminar la página.

Una celda con la etiqueta ``skip-execution`` no se ejecuta aquí ni en el libro y
debe empezar con ``# omitida: <motivo>``; ``tests/test_snippets.py`` lo exige.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import book
import pytest
from book import BookBuild, ExecutedPage, docname
from sybil import Document, Example, Region, Sybil
from sybil.parsers.myst import PythonCodeBlockParser
from sybil.parsers.myst.lexers import DirectiveLexer

from dadsbook import hygiene

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

SKIP_TAG = "skip-execution"
SKIP_PREFIX = "# omitida:"


def cell_tags(region: Region) -> list[str]:
    """Etiquetas de una celda (``:tags: [a, b]``)."""
    raw = str(region.lexemes.get("options", {}).get("tags", ""))
    return [t.strip() for t in raw.strip("[]").split(",") if t.strip()]


def executed_page(example: Example) -> ExecutedPage:
    """Las celdas de la página de ``example`` tal como las ejecutó la construcción."""
    namespace = example.namespace
    page = namespace.get("__dadsbook_page__")
    if page is None:
        built: BookBuild = namespace["executed_book"]
        name = docname(Path(example.path))
        assert name is not None, f"{example.path} no es una página del libro"
        page = namespace["__dadsbook_page__"] = ExecutedPage.load(built, name)
    return page


def evaluate_cell(example: Example) -> None:
    """Comprueba una celda en el cuaderno que ejecutó la construcción de esta sesión."""
    __tracebackhide__ = True
    skipped = SKIP_TAG in cell_tags(example.region)
    executed_page(example).verify(str(example.parsed), skipped=skipped)


class CodeCellParser:
    """Encuentra las celdas ``{code-cell} ipython3`` de una página MyST-NB."""

    def __init__(self) -> None:
        self.lexer = DirectiveLexer(directive="code-cell", arguments="ipython3")

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexer(document):
            region.parsed = region.lexemes["source"]
            region.evaluator = evaluate_cell
            yield region


def setup(namespace: dict[str, Any]) -> None:
    namespace["__dadsbook_before__"] = hygiene.Snapshot.take()


def teardown(namespace: dict[str, Any]) -> None:
    page = namespace.pop("__dadsbook_page__", None)
    if page is not None:
        page.finish()
    hygiene.check(namespace["__dadsbook_before__"], where="la página")


PARSERS = [CodeCellParser(), PythonCodeBlockParser()]


@pytest.fixture(scope="session")
def executed_book(request: pytest.FixtureRequest) -> BookBuild:
    """La construcción del libro de esta sesión (la misma que ``built_book``)."""
    return book.build(request.session)


sybil = Sybil(
    parsers=PARSERS,
    patterns=["*.md"],
    excludes=["_build/*"],
    setup=setup,
    teardown=teardown,
    fixtures=["executed_book"],
    name="libro",
)
pytest_collect_file = sybil.pytest()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Arranca en segundo plano la construcción del libro que la sesión necesite."""
    book.start(session)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Una construcción que nadie llegó a esperar no sobrevive a la sesión."""
    book.stop()

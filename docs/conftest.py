"""Sybil: cada fragmento de código del libro se ejecuta como prueba.

- Cada ``{code-cell} ipython3`` de una página, en orden y en un único espacio de
  nombres por página, con ``await`` de nivel superior (como en Jupyter).
- Cada bloque ```` ```python ```` de la prosa.
- Al terminar cada página se comprueba que no sobra ningún hilo, proceso hijo (zombis
  incluidos) ni descriptor abierto de ningún tipo: sockets (TCP, UDP, Unix,
  ``socketpair``), tuberías, ficheros, ``epoll``… (:mod:`dadsbook.hygiene`). La
  construcción real hace la misma comprobación dentro del núcleo de Jupyter
  (``conf/_ext/dadsbook_hygiene.py``).

Una celda con la etiqueta ``skip-execution`` no se ejecuta aquí ni en el libro y
debe empezar con ``# omitida: <motivo>``; ``tests/test_snippets.py`` lo exige.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from IPython.core.interactiveshell import InteractiveShell
from sybil import Document, Example, Region, Sybil
from sybil.parsers.myst import PythonCodeBlockParser
from sybil.parsers.myst.lexers import DirectiveLexer
from traitlets.config import Config

from dadsbook import hygiene, notebook

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

# myst_nb.glue formatea con el InteractiveShell de IPython: se crea una vez, sin
# historial (que abriría un hilo y un fichero SQLite), antes de fotografiar nada.
_config = Config()
_config.HistoryManager.enabled = False
InteractiveShell.instance(config=_config)

SKIP_TAG = "skip-execution"
SKIP_PREFIX = "# omitida:"


def cell_tags(region: Region) -> list[str]:
    """Etiquetas de una celda (``:tags: [a, b]``)."""
    raw = str(region.lexemes.get("options", {}).get("tags", ""))
    return [t.strip() for t in raw.strip("[]").split(",") if t.strip()]


def evaluate_cell(example: Example) -> None:
    """Ejecuta una celda como lo haría el núcleo: ``await`` de nivel superior y cwd de la página."""
    __tracebackhide__ = True
    if SKIP_TAG in cell_tags(example.region):
        return
    namespace = example.namespace
    loop = namespace.get("__dadsbook_loop__")
    if loop is None:  # uno por página; ``setdefault`` crearía (y dejaría abierto) uno por celda
        loop = namespace["__dadsbook_loop__"] = asyncio.new_event_loop()
    notebook.execute(
        str(example.parsed),
        namespace,
        loop,
        example.path,
        line=example.line + example.parsed.line_offset,
        cwd=Path(example.path).parent,
    )


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
    loop = namespace.pop("__dadsbook_loop__", None)
    if loop is not None:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
    import matplotlib.pyplot as plt

    plt.close("all")
    hygiene.check(namespace["__dadsbook_before__"], where="la página")


PARSERS = [CodeCellParser(), PythonCodeBlockParser()]

sybil = Sybil(
    parsers=PARSERS,
    patterns=["*.md"],
    excludes=["_build/*"],
    setup=setup,
    teardown=teardown,
    name="libro",
)
pytest_collect_file = sybil.pytest()

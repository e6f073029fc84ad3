"""Los números que una página pega en su texto, anotados para ``benchmarks.json``.

El sitio publica ``benchmarks.json`` (los números de cada página, con el sello de la
máquina) para que ``dadsbook compare`` ponga al lado los de quien lee. En la
construcción, la primera celda oculta de cada página (``conf/_ext/dadsbook_hygiene.py``)
llama a :func:`start`: desde entonces cada ``myst_nb.glue`` de la página (directo o por
:func:`dadsbook.notebook.glue_all`) anota, además de pegarlo, cada valor numérico. La
última celda oculta llama a :func:`publish`, que los escribe en
``$DADSBOOK_VALUES_DIR/<página>.json``; la configuración pone esa carpeta dentro de la
caché de ejecución, así que una página que sale de la caché conserva los valores de la
ejecución que la llenó. El sitio los lee con :func:`read`.

En una construcción en paralelo, cada celda toma su turno (:mod:`dadsbook.quiet`): las
celdas de varias páginas corren a la vez, pero ninguna mientras otra página mide.

También se anota cuánto tarda cada celda, y cuánto de eso pasó midiendo (eventos del
núcleo de IPython; :func:`dadsbook.measure.measuring_seconds`): :func:`publish` lo deja
en ``<página>.celdas.json`` y ``make build-speed`` enseña las más lentas
(:func:`cell_times`), para saber dónde se va el tiempo de una construcción.

>>> values = {"a_s": 1.5, "n": 3, "texto": "hola", "sí": True}
>>> numbers(values)
{'a_s': 1.5, 'n': 3.0}
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from dadsbook import quiet
from dadsbook.hygiene import BUILD_ENV

__all__ = [
    "VALUES_DIR_ENV",
    "CellTime",
    "cell_times",
    "numbers",
    "publish",
    "read",
    "recorded",
    "start",
]

#: Variable de entorno con la carpeta donde :func:`publish` deja los valores.
VALUES_DIR_ENV = "DADSBOOK_VALUES_DIR"

_RECORDED: dict[str, float] = {}
_CELLS: list[tuple[str, float, float]] = []


class CellTime(NamedTuple):
    """Lo que tardó una celda y cuánto de eso pasó midiendo (con el cerrojo exclusivo)."""

    line: str
    seconds: float
    measuring: float


def numbers(values: Mapping[str, object]) -> dict[str, float]:
    """Los valores numéricos y finitos de ``values`` (ni textos ni booleanos), como ``float``."""
    found: dict[str, float] = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if math.isfinite(value):
            found[name] = float(value)
    return found


def _in_build() -> bool:
    """Solo en la construcción del libro (fuera, el ``.ipynb`` descargado no anota nada)."""
    return bool(os.environ.get(BUILD_ENV))


def start() -> None:
    """Empieza a anotar: envuelve ``myst_nb.glue`` (una vez por proceso; solo al construir)."""
    if not _in_build():
        return
    import myst_nb

    original: Callable[..., Any] = myst_nb.glue
    if getattr(original, "__dadsbook_recorder__", False):
        return

    def glue(name: str, variable: Any, display: bool = True) -> Any:
        _RECORDED.update(numbers({name: variable}))
        return original(name, variable, display)

    glue.__dadsbook_recorder__ = True  # type: ignore[attr-defined]
    glue.__doc__ = original.__doc__
    myst_nb.glue = glue
    quiet.join()
    _time_cells()


def first_line(source: str) -> str:
    """La primera línea con código de una celda (sin comentarios), para reconocerla.

    >>> first_line("# comentario\\n\\nx = medir(1_000)\\nprint(x)")
    'x = medir(1_000)'
    """
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()[:100]
    return ""


def _time_cells() -> None:
    """Anota el tiempo de cada celda que se ejecute desde ahora en este núcleo."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    from dadsbook import measure

    started: list[tuple[float, float]] = []

    def before(info: Any) -> None:
        quiet.cell_started()
        started.append((time.perf_counter(), measure.measuring_seconds()))

    def after(result: Any) -> None:
        if started:
            start, measured = started.pop()
            line = first_line(result.info.raw_cell or "")
            _CELLS.append(
                (line, time.perf_counter() - start, measure.measuring_seconds() - measured)
            )
        quiet.cell_finished()

    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)


def recorded() -> dict[str, float]:
    """Una copia de lo anotado hasta ahora."""
    return dict(_RECORDED)


def _values_file(folder: Path, docname: str) -> Path:
    if not docname or docname.startswith("/") or ".." in Path(docname).parts:
        raise ValueError(
            f"docname debe ser una página del libro (p. ej. hardware/cpu); se recibió {docname!r}"
        )
    return folder / f"{docname}.json"


def publish(docname: str) -> None:
    """Escribe lo anotado de la página ``docname`` en ``$DADSBOOK_VALUES_DIR`` (al construir)."""
    folder = os.environ.get(VALUES_DIR_ENV)
    if not _in_build() or not folder:
        return
    target = _values_file(Path(folder), docname)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.tmp")
    partial.write_text(json.dumps(recorded(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    partial.replace(target)
    cells = target.with_suffix(".celdas.json")
    cells.write_text(json.dumps(_CELLS, ensure_ascii=False), encoding="utf-8")


def cell_times(folder: Path, docname: str) -> list[CellTime]:
    """Las celdas de ``docname`` con lo que tardaron en su última ejecución (vacío si no hay)."""
    path = _values_file(folder, docname).with_suffix(".celdas.json")
    if not path.is_file():
        return []
    rows = json.loads(path.read_text("utf-8"))
    return [CellTime(str(r[0]), float(r[1]), float(r[2] if len(r) > 2 else 0)) for r in rows]


def read(folder: Path, docname: str) -> dict[str, float]:
    """Los valores que :func:`publish` dejó para ``docname`` en ``folder`` (vacío si ninguno)."""
    path = _values_file(folder, docname)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return numbers(data) if isinstance(data, dict) else {}

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

>>> values = {"a_s": 1.5, "n": 3, "texto": "hola", "sí": True}
>>> numbers(values)
{'a_s': 1.5, 'n': 3.0}
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dadsbook.hygiene import BUILD_ENV

__all__ = ["VALUES_DIR_ENV", "numbers", "publish", "read", "recorded", "start"]

#: Variable de entorno con la carpeta donde :func:`publish` deja los valores.
VALUES_DIR_ENV = "DADSBOOK_VALUES_DIR"

_RECORDED: dict[str, float] = {}


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


def read(folder: Path, docname: str) -> dict[str, float]:
    """Los valores que :func:`publish` dejó para ``docname`` en ``folder`` (vacío si ninguno)."""
    path = _values_file(folder, docname)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return numbers(data) if isinstance(data, dict) else {}

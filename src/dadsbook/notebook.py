"""Leer y ejecutar las celdas de una página del libro fuera de Jupyter.

Lo usa ``dadsbook bench`` (las pruebas comprueban las celdas en la construcción del
libro, ``tests/book.py``): las celdas ``{code-cell} ipython3``
de una página MyST-NB se ejecutan en orden, en un mismo espacio de nombres, con
``await`` de nivel superior (como en el núcleo de Jupyter) y con la carpeta de la
página como directorio de trabajo.

>>> ns: dict[str, object] = {}
>>> loop = asyncio.new_event_loop()
>>> execute("import asyncio\\nx = await asyncio.sleep(0, result=42)", ns, loop, "<celda>")
>>> ns["x"]
42
>>> loop.close()
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
from pathlib import Path
from typing import Any

from dadsbook.pages import CodeCell, Page

__all__ = ["code_cells", "execute", "glue_all"]


def code_cells(page: Path) -> list[CodeCell]:
    """Las celdas ``{code-cell} ipython3`` de ``page``, en orden (el modelo de
    :mod:`dadsbook.pages`, el mismo que usan las citas y las etiquetas)."""
    text = page.read_text(encoding="utf-8")
    parsed = Page.parse(text, docname=page.stem)
    return [cell for cell in parsed.cells if cell.argument == "ipython3"]


def glue_all(**values: object) -> None:
    """Pega cada valor con su nombre para la prosa (``{glue:text}`nombre```), sin mostrarlo.

    Es ``myst_nb.glue(nombre, valor, display=False)`` para cada argumento, en orden: una
    celda oculta que antes tenía una línea ``glue(...)`` por valor cabe en una llamada.

    >>> glue_all()
    Traceback (most recent call last):
    ...
    ValueError: glue_all necesita al menos un valor con nombre (glue_all(clave=valor))
    """
    if not values:
        raise ValueError("glue_all necesita al menos un valor con nombre (glue_all(clave=valor))")
    from myst_nb import glue  # solo con el extra «docs», que es el que ejecuta las páginas

    for name, value in values.items():
        glue(name, value, display=False)


def execute(
    source: str,
    namespace: dict[str, Any],
    loop: asyncio.AbstractEventLoop,
    filename: str,
    *,
    line: int = 0,
    cwd: Path | None = None,
) -> None:
    """Ejecuta ``source`` en ``namespace``; si tiene ``await``, en el bucle ``loop``."""
    code = compile(
        "\n" * line + source,
        filename,
        "exec",
        flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
        dont_inherit=True,
    )
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = eval(code, namespace)
        if inspect.iscoroutine(result):
            loop.run_until_complete(result)
    finally:
        os.chdir(previous)
        namespace.pop("__builtins__", None)

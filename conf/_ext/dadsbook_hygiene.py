"""Extensión de Sphinx: la construcción falla si una página deja algo vivo.

Las celdas de cada página corren en un núcleo de Jupyter aparte, así que la
comprobación tiene que ocurrir dentro de ese núcleo. En ``source-read``, a cada
página con celdas de código se le añaden dos celdas ocultas (``remove-cell``):

- la **primera**, antes que ninguna otra, fotografía el núcleo
  (:func:`dadsbook.hygiene.kernel_snapshot`) y empieza a anotar los números que la
  página pega (:func:`dadsbook.recorded.start`, para ``benchmarks.json``);
- la **última**, después de todas (también de la huella de ``dadsbook_cache``),
  espera a :func:`dadsbook.hygiene.kernel_check`, que lanza una excepción en español que
  nombra la página y cada hilo, proceso hijo (zombis incluidos) o descriptor (socket,
  tubería, fichero…) que sobra. Con ``nb_execution_raise_on_error`` la construcción
  falla con ese mensaje. Después guarda los números anotados de la página
  (:func:`dadsbook.recorded.publish`), de donde los lee ``benchmarks.json``.

Para que los avisos de Sphinx sigan señalando la línea correcta del ``.md``, la
primera celda no desplaza el texto: ocupa las líneas que libera reescribir la
cabecera YAML (la de jupytext) en una sola línea, con el mismo contenido. Si la
cabecera no deja sitio, la celda se inserta igualmente (y los números de línea de
esa página se desplazan).

La primera celda lleva en un comentario la huella de ``dadsbook/hygiene.py`` y
``dadsbook/recorded.py``:
cambiar la comprobación cambia el texto de las celdas, así que la caché de Jupyter
vuelve a ejecutar las páginas (y ``env-get-outdated`` hace que Sphinx las relea).
Los ficheros fuente no cambian: sybil y ``tests/test_snippets.py`` no ven estas celdas.
El ``.ipynb`` que se descarga del libro sí las lleva, pero fuera de la construcción no
hacen nada (la variable :data:`dadsbook.hygiene.BUILD_ENV` solo la pone esta extensión).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from dadsbook.hygiene import BUILD_ENV

CODE_CELL = re.compile(r"^```\{code-cell\}", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.DOTALL)
FIRST_CELL = (
    "```{{code-cell}} ipython3\n:tags: [remove-cell]\n"
    "from dadsbook import hygiene as __dadsbook_hygiene__, recorded as __dadsbook_recorded__; "
    "__dadsbook_recorded__.start(); "
    "__dadsbook_before__ = __dadsbook_hygiene__.kernel_snapshot()  # dadsbook: higiene {digest}\n"
    "```\n"
)
LAST_CELL = (
    "\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n"
    "await __dadsbook_hygiene__.kernel_check(__dadsbook_before__, where={where!r})\n"
    "__dadsbook_recorded__.publish({docname!r})  # dadsbook: valores\n```\n"
)


#: Los módulos que importan las celdas añadidas: si cambian, se re-ejecutan las páginas.
KERNEL_MODULES = ("dadsbook.hygiene", "dadsbook.recorded", "dadsbook.quiet")


def hygiene_digest() -> str:
    """Huella de los módulos que importarán las celdas añadidas en el núcleo."""
    digest = hashlib.sha256()
    for name in KERNEL_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"dadsbook_hygiene: no se encuentra el módulo {name}")
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:16]


def _compact(front_matter: str) -> str | None:
    """La cabecera YAML en una sola línea (estilo de flujo), o ``None`` si no se puede."""
    try:
        data = yaml.safe_load(front_matter)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    line = str(
        yaml.safe_dump(
            data, default_flow_style=True, width=float("inf"), allow_unicode=True, sort_keys=False
        )
    )
    if line.count("\n") != 1 or yaml.safe_load(line) != data:
        return None
    return line


def instrument(text: str, docname: str, digest: str) -> str:
    """``text`` con la celda que fotografía al principio y la que comprueba al final.

    Las páginas sin celdas de código o sin cabecera YAML (que MyST-NB no ejecuta) quedan
    igual. Cada línea del texto original detrás de la cabecera conserva su número si la
    cabecera deja sitio.
    """
    match = FRONT_MATTER.match(text)
    if match is None or not CODE_CELL.search(text):
        return text
    first = FIRST_CELL.format(digest=digest)
    last = LAST_CELL.format(where=f"la página {docname}", docname=docname)
    rest = text[match.end() :]
    compact = _compact(match["body"])
    if compact is not None:
        head = "---\n" + compact + "---\n" + first
        room = match.group(0).count("\n") - head.count("\n")
        if room >= 0:
            return head + "\n" * room + rest + last
    return match.group(0) + first + rest + last


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    env: Any = app.env
    env.dadsbook_hygiene_digest = hygiene_digest()
    source[0] = instrument(source[0], docname, env.dadsbook_hygiene_digest)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Si cambió la comprobación, Sphinx relee las páginas con celdas (y la caché las ejecuta)."""
    stored = getattr(env, "dadsbook_hygiene_digest", None)
    if stored is None or stored == hygiene_digest():
        return []
    stale = []
    for docname in env.found_docs - changed - removed:
        path = Path(env.doc2path(docname))
        if path.exists() and CODE_CELL.search(path.read_text(encoding="utf-8")):
            stale.append(docname)
    return stale


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Lectura en paralelo: la huella de la comprobación, si la anotó otro proceso."""
    digest = getattr(other, "dadsbook_hygiene_digest", None)
    if digest is not None:
        env.dadsbook_hygiene_digest = digest  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    # El núcleo de Jupyter hereda el entorno: las celdas solo comprueban en la construcción,
    # no en el .ipynb que se descarga del libro (ver dadsbook.hygiene.BUILD_ENV).
    os.environ[BUILD_ENV] = "1"
    # Después de las demás (prioridad > 500): la celda que comprueba queda la última,
    # detrás también de la huella que añade dadsbook_cache.
    app.connect("source-read", _source_read, priority=900)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-merge-info", _merge)
    return {"version": "1.0", "parallel_read_safe": True, "env_version": 1}

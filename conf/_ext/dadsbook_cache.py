"""Extensión de Sphinx: re-ejecutar una página cuando cambia el código que usa.

La caché de Jupyter solo mira el texto de las celdas: si cambia una función de
``src/dadsbook``, una página que la usa seguiría mostrando resultados viejos. Esta
extensión calcula, para cada página, una huella de:

- los módulos de ``dadsbook`` que importan sus celdas, más los que esos importan
  (cierre transitivo, leído con :mod:`ast`),
- el perfil de construcción activo y sus ficheros TOML (el común y el de la página),
- lo que cambia los números sin cambiar el código: las versiones de Python y NumPy
  y, del sello de la máquina, el modelo de CPU, las CPU lógicas y las disponibles
  (:func:`environment`). Una caché local no enseña nunca como de esta máquina los
  números medidos en otra, ni los de otro Python.

La huella entra en la página como una celda oculta (``remove-cell``) al final: si
cambia, cambia el texto de las celdas y la caché vuelve a ejecutar **solo esa
página**. Además, ``env-get-outdated`` hace que Sphinx la vuelva a leer.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import platform
import re
import tomllib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n(?:[ \t]*:[\w-]+:[^\n]*\n)*(.*?)^```", re.MULTILINE | re.DOTALL
)
HIDDEN_CELL = (
    "\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n# dadsbook: huella {digest}\n```\n"
)


def module_files(src: Path) -> dict[str, Path]:
    """Nombre de módulo → fichero, para todo ``src/dadsbook``."""
    files: dict[str, Path] = {}
    for path in (src / "dadsbook").rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


#: Lo que significa «no se puede leer»: se supone que depende de todo.
EVERYTHING = "*"


def _targets(source: str, package: str) -> frozenset[str]:
    """Todos los nombres que ``source`` podría importar (sin filtrar)."""
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    try:
        tree = compile(source, "<dadsbook>", "exec", flags=flags, dont_inherit=True)
    except SyntaxError:
        return frozenset({EVERYTHING})
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def _known(targets: frozenset[str], known: dict[str, Path]) -> set[str]:
    if EVERYTHING in targets:
        return set(known)
    return {t for t in targets if t in known}


def imports_in(source: str, package: str, known: dict[str, Path]) -> set[str]:
    """Módulos de ``dadsbook`` que importa ``source`` (un módulo o una celda)."""
    return _known(_targets(source, package), known)


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Módulos de ``dadsbook`` que importa el módulo ``name``.

    Leer y analizar cada módulo cuesta: se recuerda por fichero, tamaño y fecha de
    modificación (un módulo editado se vuelve a leer).
    """
    stat = path.stat()
    key = (name, str(path), stat.st_size, stat.st_mtime_ns)
    targets = _TARGETS.get(key)
    if targets is None:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = _TARGETS[key] = _targets(path.read_text(encoding="utf-8"), package)
    return _known(targets, known)


_TARGETS: dict[tuple[object, ...], frozenset[str]] = {}


def closure(roots: set[str], known: dict[str, Path]) -> set[str]:
    """Cierre transitivo de importaciones, con los paquetes padre de cada módulo."""
    seen: set[str] = set()
    stack = [r for r in roots if r in known]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        parents = {".".join(parts[:i]) for i in range(1, len(parts))}
        stack.extend(p for p in parents if p in known and p not in seen)
        stack.extend(m for m in imports_of(name, known[name], known) if m not in seen)
    return seen


@functools.cache
def environment() -> str:
    """Lo que cambia los números de una página sin cambiar su código, en una línea."""
    import numpy

    from dadsbook import machine

    stamp = machine.stamp()
    return (
        f"python {platform.python_implementation()} {platform.python_version()}; "
        f"numpy {numpy.__version__}; cpu {stamp.cpu_model}; "
        f"lógicas {stamp.logical_cores}; disponibles {stamp.usable_cores}"
    )


def page_digest(
    text: str, src: Path, profile_files: list[Path], env: str | None = None
) -> str | None:
    """Huella de una página; ``None`` si no tiene celdas de código.

    ``env`` es la línea de :func:`environment` (se calcula si no se da).
    """
    cells = CELL.findall(text)
    if not cells:
        return None
    known = module_files(src)
    roots = {m for cell in cells for m in imports_in(cell, "", known)}
    modules = sorted(closure(roots, known))
    sources = {name: known[name].read_bytes() for name in modules}
    digest = hashlib.sha256()
    digest.update((environment() if env is None else env).encode())
    used_text = "\n".join([*cells, *(b.decode("utf-8", "replace") for b in sources.values())])
    everything = any(RUNS_THE_BOOK.search(cell) for cell in cells)
    for part in profile_parts(profile_files, used_text, everything=everything):
        digest.update(part)
    for name in modules:
        digest.update(name.encode())
        digest.update(sources[name])
    return digest.hexdigest()[:16]


#: Una celda que lanza ``dadsbook bench`` (``terminal(…)`` o ``run(…)``; ``check(…)`` solo
#: la valida) ejecuta otras páginas en otro proceso: su huella depende del perfil entero.
RUNS_THE_BOOK = re.compile(r"(?:terminal|run)\(\s*f?[\"']dadsbook bench")


def profile_parts(profile_files: list[Path], used_text: str, *, everything: bool) -> list[bytes]:
    """Lo del perfil que entra en la huella de una página.

    ``base.toml`` entero (descripción y ``[measure]``, que usan casi todas) y, de los
    demás ficheros, solo las secciones cuyo nombre aparece entre comillas en
    ``used_text`` (las celdas de la página y los módulos que importan): cambiar los
    tamaños de un capítulo vuelve a ejecutar solo ese capítulo. Con ``everything``,
    todas las secciones.
    """
    parts: list[bytes] = []
    for path in profile_files:
        if path.name == "base.toml":
            parts.append(path.read_bytes())
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section, values in sorted(data.items()):
            if not isinstance(values, dict):
                continue
            quoted = re.search(rf"[\"']{re.escape(section)}[\"']", used_text)
            if everything or quoted:
                parts.append(json.dumps([section, values], sort_keys=True, default=str).encode())
    return parts


def _paths(app: Sphinx) -> tuple[Path, list[Path]]:
    config: Any = app.config
    return Path(config.dadsbook_src), [Path(p) for p in config.dadsbook_profile_files]


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    src, profile_files = _paths(app)
    digest = page_digest(source[0], src, profile_files)
    env: Any = app.env
    if not hasattr(env, "dadsbook_digests"):
        env.dadsbook_digests = {}
    env.dadsbook_digests[docname] = digest
    if digest is not None:
        source[0] += HIDDEN_CELL.format(digest=digest)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    src, profile_files = _paths(app)
    stored: dict[str, str | None] = getattr(env, "dadsbook_digests", {})
    stale = []
    for docname, old in stored.items():
        if docname in changed or docname in removed or old is None:
            continue
        path = Path(env.doc2path(docname))
        if not path.exists():
            continue
        if page_digest(path.read_text(encoding="utf-8"), src, profile_files) != old:
            stale.append(docname)
    return stale


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Lectura en paralelo: las huellas de las páginas que leyó otro proceso."""
    theirs: dict[str, str | None] = getattr(other, "dadsbook_digests", {})
    ours: dict[str, str | None] = env.__dict__.setdefault("dadsbook_digests", {})
    ours.update({name: theirs[name] for name in docnames if name in theirs})


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "dadsbook_digests", {}).pop(docname, None)


class _KeepOutputs:
    """El cliente de ejecución de MyST-NB, que deja las salidas en el cuaderno de la página.

    Con una página sacada de la caché, MyST-NB mezcla las salidas guardadas en una
    **copia** del cuaderno (``merge_match_into_notebook``) y después escribe en
    ``jupyter_execute/`` el original, sin salidas: el ``.ipynb`` que se descarga del
    libro (``conf.py``, ``_offer_notebook``) salía vacío tras cualquier reconstrucción
    desde la caché. Al cerrar el cliente, las celdas de la copia pasan al original.
    """

    def __init__(self, client: Any, notebook: Any) -> None:
        self._client, self._notebook = client, notebook

    def __enter__(self) -> Any:
        return self._client.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._client.__exit__(*exc)
        merged = self._client.notebook
        if merged is not self._notebook:
            self._notebook.cells = merged.cells


def keep_cached_outputs() -> None:
    """Envuelve ``create_client`` de MyST-NB con :class:`_KeepOutputs` (una vez)."""
    from myst_nb import sphinx_

    original = sphinx_.create_client
    if getattr(original, "dadsbook_keeps_outputs", False):
        return

    def create_client(notebook: Any, *args: Any, **kwargs: Any) -> _KeepOutputs:
        return _KeepOutputs(original(notebook, *args, **kwargs), notebook)

    create_client.dadsbook_keeps_outputs = True  # type: ignore[attr-defined]
    sphinx_.create_client = create_client  # type: ignore[assignment]


def setup(app: Sphinx) -> dict[str, Any]:
    keep_cached_outputs()
    app.add_config_value("dadsbook_src", os.fspath(Path("src")), "env")
    app.add_config_value("dadsbook_profile_files", [], "env")
    app.connect("source-read", _source_read)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    return {"version": "1.0", "parallel_read_safe": True, "env_version": 1}

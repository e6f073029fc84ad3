"""Extensión de Sphinx: ejecutar varias páginas a la vez sin ensuciar ninguna medición.

Con ``sphinx-build -j N`` (``make html`` usa ``-j auto``) Sphinx lee las páginas en
procesos hijos, y myst-nb ejecuta las celdas de cada una en su núcleo de Jupyter: dos
páginas pueden simular y dibujar a la vez. Lo que no puede pasar es que una página
mida mientras otra calcula. Esta extensión:

- **Reparte turnos** (:mod:`dadsbook.quiet`): crea el cerrojo de la construcción y
  pasa su ruta a los núcleos por el entorno. Cada celda toma el turno compartido y
  cada medición el exclusivo, así que ninguna celda de otra página corre mientras se
  mide. El proceso de Sphinx que lee una página también toma el compartido mientras
  trabaja (leer el MyST, arrancar el núcleo, convertir las salidas y las figuras) y lo
  suelta en cuanto manda al núcleo la primera celda.
- **Reparte las páginas una a una**, las más caras primero. Sphinx las agrupa en
  tantos lotes como procesos, por orden alfabético: con dos procesos, un lote se
  llevaba casi todas las páginas lentas. Aquí cada página es un lote, y el orden sale
  de :data:`COSTS_FILE` (segundos de la última construcción limpia, que escribe
  ``make build-speed``), o del tamaño del fichero para una página que no esté allí.
  Sphinx arranca los primeros lotes en orden y los demás del último al primero
  (``ParallelTasks`` los guarda en un diccionario y saca con ``popitem``):
  :func:`launch_order` ordena los lotes para que el orden en que **empiezan** sea el
  de coste.
- **Crea la caché de Jupyter** antes de repartir (:func:`prepare_cache`).

Sin ``-j`` (o con ``-j 1``) no cambia nada: ni cerrojo ni reparto.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbclient
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from dadsbook import quiet

#: Segundos que tardó cada página en la última construcción limpia (solo para ordenar).
COSTS_FILE = Path(__file__).resolve().parents[1] / "page-costs.json"
#: Una página sin coste anotado: un segundo por cada mil caracteres.
BYTES_PER_SECOND = 1000.0


def page_costs(path: Path = COSTS_FILE) -> dict[str, float]:
    """Los costes anotados (vacío si el fichero falta o no se entiende)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(k): float(v)
        for k, v in data.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def by_cost(docnames: Sequence[str], cost: Callable[[str], float]) -> list[str]:
    """Las páginas de la más cara a la más barata (a igual coste, por nombre).

    >>> by_cost(["a", "b", "c"], {"a": 1.0, "b": 5.0, "c": 1.0}.get)
    ['b', 'a', 'c']
    """
    return sorted(docnames, key=lambda name: (-cost(name), name))


def launch_order(items: Sequence[Any], nproc: int) -> list[Any]:
    """``items`` en el orden en que hay que dárselos a ``ParallelTasks`` para que empiecen así.

    Los ``nproc`` primeros arrancan al añadirse; el resto espera y sale del último al
    primero. Así que tras los ``nproc`` primeros van los demás al revés.

    >>> launch_order(["a", "b", "c", "d", "e"], 2)
    ['a', 'b', 'e', 'd', 'c']
    """
    head, rest = list(items[:nproc]), list(items[nproc:])
    return head + rest[::-1]


class Turns:
    """El turno compartido del proceso de Sphinx que lee una página (uno por proceso)."""

    def __init__(self) -> None:
        self.lock: quiet.QuietLock | None = None

    def here(self) -> quiet.QuietLock | None:
        """El cerrojo de este proceso (se abre en cada hijo de ``fork``, no se hereda)."""
        path = os.environ.get(quiet.LOCK_ENV)
        if not path:
            return None
        if self.lock is None or not self.lock.mine():
            self.lock = quiet.QuietLock(Path(path))
        return self.lock

    def share(self) -> None:
        lock = self.here()
        if lock is not None:
            lock.share()

    def unshare(self) -> None:
        lock = self.here()
        if lock is not None:
            lock.unshare()


TURNS = Turns()
_PARALLEL_READ: list[bool] = []


def _builder_inited(app: Sphinx) -> None:
    if app.parallel <= 1:
        return
    path = Path(app.doctreedir) / "dadsbook-turnos.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ[quiet.LOCK_ENV] = str(path)
    _patch_sphinx()
    config: Any = app.config
    if config.nb_execution_mode == "cache":
        prepare_cache(Path(config.nb_execution_cache_path or ".jupyter_cache"))


def prepare_cache(path: Path) -> None:
    """Crea la caché de Jupyter antes de repartir las páginas.

    Si no existe, los dos primeros procesos que ejecutan una página la crean a la vez
    (la carpeta y las tablas de SQLite) y uno de los dos falla.
    """
    from jupyter_cache import get_cache

    get_cache(str(path)).list_cache_records()


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel <= 1:
        return
    costs = page_costs()

    def cost(name: str) -> float:
        if name in costs:
            return costs[name]
        try:
            return Path(env.doc2path(name)).stat().st_size / BYTES_PER_SECOND
        except OSError:
            return 0.0

    docnames[:] = by_cost(docnames, cost)
    _PARALLEL_READ[:] = [True]


def _env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    _PARALLEL_READ.clear()
    return []


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    TURNS.share()


def _doctree_read(app: Sphinx, doctree: Any) -> None:
    TURNS.unshare()


@functools.cache
def _patch_sphinx() -> None:
    """Lotes de una página al leer, y el turno del proceso alrededor del núcleo."""
    import sphinx.builders

    original_chunks = sphinx.builders.make_chunks

    def make_chunks(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list[Any]:
        if not _PARALLEL_READ:  # al escribir, los lotes de siempre
            return original_chunks(arguments, nproc, maxbatch)
        return launch_order([[name] for name in arguments], nproc)

    sphinx.builders.make_chunks = make_chunks  # type: ignore[attr-defined]

    original_execute = nbclient.NotebookClient.async_execute_cell

    async def async_execute_cell(self: Any, *args: Any, **kwargs: Any) -> Any:
        TURNS.unshare()  # desde la primera celda, el turno lo piden las celdas
        return await original_execute(self, *args, **kwargs)

    nbclient.NotebookClient.async_execute_cell = async_execute_cell  # type: ignore[method-assign]

    for module_name in ("myst_nb.core.execute.cache", "myst_nb.core.execute.direct"):
        module = __import__(module_name, fromlist=["single_nb_execution"])
        execute = module.single_nb_execution

        def single_nb_execution(*args: Any, _execute: Any = execute, **kwargs: Any) -> Any:
            try:
                return _execute(*args, **kwargs)
            finally:
                TURNS.share()  # convertir las salidas también es trabajo de la página

        module.single_nb_execution = single_nb_execution


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _env_updated)
    # Antes que las demás: el turno se toma al empezar a leer la página.
    app.connect("source-read", _source_read, priority=100)
    app.connect("doctree-read", _doctree_read, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""Higiene: nada de lo que arranca una celda sobrevive a su página.

Una celda que deja un hilo, un proceso hijo, un puerto escuchando o un fichero
abierto contamina las mediciones de las celdas siguientes (y las de otra
construcción). :class:`Snapshot` fotografía el proceso antes y después;
:func:`leftovers` dice qué sobró, esperando un momento a que terminen los cierres
ordenados.

>>> before = Snapshot.take()
>>> leftovers(before)
[]
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

import psutil

__all__ = ["Snapshot", "leftovers"]

#: Infraestructura que Python o una biblioteca arranca **una vez por proceso** y
#: mantiene viva a propósito; no es una fuga de la página que la usó primero:
#: el proceso ``resource_tracker`` de multiprocessing (``spawn``/``forkserver``), el
#: servidor de ``forkserver`` y el hilo de descarga global de Dask distributed.
SINGLETON_THREADS = ("Dask-Offload",)
SINGLETON_PROCESSES = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")


@dataclass(frozen=True)
class Snapshot:
    """Hilos, procesos hijos, puertos en escucha y ficheros abiertos de este proceso."""

    threads: frozenset[int]
    children: frozenset[int]
    listening: frozenset[tuple[str, int]]
    open_files: frozenset[str]

    @classmethod
    def take(cls) -> Snapshot:
        """Fotografía el proceso actual."""
        me = psutil.Process()
        children = set()
        for child in me.children(recursive=True):
            try:
                if child.status() == psutil.STATUS_ZOMBIE:
                    continue
                command = " ".join(child.cmdline())
            except psutil.NoSuchProcess:
                continue
            if not any(name in command for name in SINGLETON_PROCESSES):
                children.add(child.pid)
        listening = {
            (c.laddr.ip, c.laddr.port)
            for c in me.net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN and c.laddr
        }
        return cls(
            threads=frozenset(
                t.ident
                for t in threading.enumerate()
                if t.ident is not None and not t.name.startswith(SINGLETON_THREADS)
            ),
            children=frozenset(children),
            listening=frozenset(listening),
            open_files=frozenset(f.path for f in me.open_files() if not _is_library(f.path)),
        )

    def minus(self, before: Snapshot) -> list[str]:
        """Lo que hay en esta foto y no en ``before``, descrito en español."""
        extra: list[str] = []
        names = {t.ident: t.name for t in threading.enumerate()}
        extra += [f"hilo {names.get(i, i)!r}" for i in sorted(self.threads - before.threads)]
        extra += [f"proceso hijo {pid}" for pid in sorted(self.children - before.children)]
        extra += [
            f"puerto en escucha {ip}:{port}"
            for ip, port in sorted(self.listening - before.listening)
        ]
        extra += [f"fichero abierto {p}" for p in sorted(self.open_files - before.open_files)]
        return extra


def _is_library(path: str) -> bool:
    """Ficheros que abren las bibliotecas y mantienen abiertos a propósito (fuentes, …)."""
    return path.startswith((sys.prefix, sys.base_prefix)) or "/.cache/" in path


def leftovers(before: Snapshot, *, grace_s: float = 3.0) -> list[str]:
    """Lo que sobra respecto a ``before``, tras esperar hasta ``grace_s`` segundos."""
    if grace_s < 0:
        raise ValueError(f"grace_s debe ser ≥ 0; se recibió {grace_s!r}")
    deadline = time.monotonic() + grace_s
    while True:
        extra = Snapshot.take().minus(before)
        if not extra or time.monotonic() >= deadline:
            return extra
        time.sleep(0.05)

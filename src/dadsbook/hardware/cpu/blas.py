"""Cuántos hilos usa la BLAS de NumPy: leerlo y limitarlo sin reiniciar el intérprete.

NumPy multiplica matrices con OpenBLAS, que reparte cada producto entre varios hilos
propios. Para comparar hilos y procesos de Python con justicia, cada trabajador debe
usar **un solo** hilo de BLAS: si no, dos trabajadores con dos hilos de BLAS cada uno
se pelean por los dos núcleos. Las variables de entorno (``OPENBLAS_NUM_THREADS=1``)
solo cuentan antes de importar NumPy; este módulo hace lo que hace ``threadpoolctl``
(que no está instalado): llama a ``openblas_set_num_threads`` de la biblioteca ya
cargada, con :mod:`ctypes`.

>>> with limit(1):
...     current() in (1, None)
True
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np  # noqa: F401  (carga OpenBLAS antes de buscarla)

from dadsbook.validation import check_int

__all__ = ["current", "limit", "set_threads"]

_PREFIXES = ("scipy_openblas_", "openblas_")
_SUFFIXES = ("64_", "")


@cache
def _library() -> tuple[ctypes.CDLL, str] | None:
    """La OpenBLAS cargada en este proceso y el prefijo de sus símbolos, si la hay."""
    maps = Path("/proc/self/maps")
    if not maps.exists():  # pragma: no cover - macOS
        return None
    paths = sorted(
        {line.split()[-1] for line in maps.read_text().splitlines() if "openblas" in line.lower()}
    )
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:  # pragma: no cover - entrada de /proc que no es una biblioteca
            continue
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                if hasattr(lib, f"{prefix}get_num_threads{suffix}"):
                    return lib, f"{prefix}{{}}{suffix}"
    return None  # pragma: no cover - NumPy sin OpenBLAS


def current() -> int | None:
    """Hilos que usa OpenBLAS ahora (``None`` si NumPy no usa OpenBLAS)."""
    found = _library()
    if found is None:  # pragma: no cover
        return None
    lib, pattern = found
    getter = getattr(lib, pattern.format("get_num_threads"))
    getter.restype = ctypes.c_int
    return int(getter())


def set_threads(threads: int) -> None:
    """Fija los hilos de OpenBLAS de este proceso (no hace nada sin OpenBLAS)."""
    check_int("threads", threads, 1)
    found = _library()
    if found is None:  # pragma: no cover
        return
    lib, pattern = found
    getattr(lib, pattern.format("set_num_threads"))(ctypes.c_int(threads))


@contextmanager
def limit(threads: int) -> Iterator[None]:
    """Limita OpenBLAS a ``threads`` hilos dentro del bloque y restaura el valor anterior."""
    previous = current()
    set_threads(threads)
    try:
        yield
    finally:
        if previous is not None:
            set_threads(previous)

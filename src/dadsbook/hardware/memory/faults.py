"""Fallos de página reales, contados por el núcleo.

Linux reserva la memoria de forma **perezosa**: pedir un bloque grande
(``np.empty``) solo reserva direcciones virtuales; el marco físico se asigna la
primera vez que se toca cada página, con un **fallo de página menor** (no hay que
leer nada del disco). El núcleo los cuenta por proceso y
:func:`resource.getrusage` los devuelve en ``ru_minflt``.

- :func:`touch_anonymous` reserva ``megabytes`` con ``np.empty`` y escribe un byte
  por página: los fallos deberían rondar el número de páginas. NumPy pide páginas
  enormes (*transparent huge pages*, de 2 MiB) para los bloques grandes, y entonces
  un fallo trae 512 páginas de golpe; ``huge_pages=False`` lo desactiva mientras dura
  la medición.
- :func:`touch_mapped_file` proyecta un fichero temporal con :mod:`mmap` y lo lee un
  byte por página: el primer recorrido produce fallos y el segundo, ninguno. El
  núcleo suele resolver varias páginas vecinas en cada fallo de un fichero
  (*fault-around*, folios grandes), así que aquí los fallos pueden ser bastantes
  menos que las páginas.

>>> r = touch_anonymous(64, huge_pages=False)
>>> r.pages == 64 * 2**20 // r.page_size and r.first_faults > 0
True
"""

from __future__ import annotations

import mmap
import re
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from dadsbook import measure
from dadsbook.tables import Table

__all__ = [
    "FaultCount",
    "faults_table",
    "minor_faults",
    "page_size",
    "swap_mib",
    "touch_anonymous",
    "touch_mapped_file",
    "transparent_huge_pages",
]

_THP = Path("/sys/kernel/mm/transparent_hugepage/enabled")


@dataclass(frozen=True)
class FaultCount:
    """Fallos de página menores al reservar y al tocar ``pages`` páginas dos veces seguidas."""

    kind: str
    megabytes: int
    page_size: int
    pages: int
    reserve_faults: int
    first_faults: int
    second_faults: int
    first_s: float
    second_s: float
    huge_pages: bool

    @property
    def faults_per_page(self) -> float:
        """Fallos del primer recorrido por página tocada."""
        return self.first_faults / self.pages

    @property
    def ns_per_fault(self) -> float:
        """Coste aproximado de cada fallo: tiempo extra del primer recorrido por fallo."""
        extra = max(self.first_s - self.second_s, 0.0)
        return 1e9 * extra / self.first_faults if self.first_faults else 0.0

    def as_dict(self) -> dict[str, object]:
        """El recuento como tipos básicos (para JSON)."""
        return {
            "kind": self.kind,
            "megabytes": self.megabytes,
            "page_size": self.page_size,
            "pages": self.pages,
            "reserve_faults": self.reserve_faults,
            "first_faults": self.first_faults,
            "second_faults": self.second_faults,
            "first_s": self.first_s,
            "second_s": self.second_s,
            "huge_pages": self.huge_pages,
        }


def page_size() -> int:
    """Tamaño de página de esta máquina, en bytes (``mmap.PAGESIZE``)."""
    return mmap.PAGESIZE


def minor_faults() -> int:
    """Fallos de página menores acumulados por este proceso (``ru_minflt``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _check_megabytes(megabytes: int, minimum: int = 1) -> int:
    if (
        isinstance(megabytes, bool)
        or not isinstance(megabytes, int)
        or not minimum <= megabytes <= 4096
    ):
        raise ValueError(
            f"megabytes debe ser un entero entre {minimum} y 4096; se recibió {megabytes!r}"
        )
    return megabytes


def _counted(action: Callable[[], object]) -> tuple[int, float]:
    """Fallos menores y segundos que cuesta ``action()``."""
    before = minor_faults()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    return minor_faults() - before, elapsed


def _write_each_page(block: np.ndarray, step: int) -> None:
    block[::step] = 1


def _read_each_page(block: np.ndarray, step: int) -> None:
    int(block[::step].sum())


def _set_numpy_huge_pages(enabled: bool) -> bool | None:
    """Activa o desactiva el ``madvise(MADV_HUGEPAGE)`` de NumPy; devuelve el estado previo.

    Es una función privada de NumPy (documentada en sus notas de la versión 1.20);
    si no existe, devuelve ``None`` y no cambia nada.
    """
    from numpy._core import multiarray

    setter = getattr(multiarray, "_set_madvise_hugepage", None)
    if setter is None:  # pragma: no cover - depende de la versión de NumPy
        return None
    return bool(setter(enabled))


def touch_anonymous(megabytes: int, *, huge_pages: bool = True) -> FaultCount:
    """Reserva ``megabytes`` MiB con ``np.empty`` y escribe un byte por página, dos veces.

    El mínimo es de 64 MiB: glibc sirve los bloques de más de 32 MiB siempre con
    memoria nueva del núcleo (``mmap``), mientras que uno más pequeño puede reutilizar
    memoria que el proceso ya había tocado y no fallar.
    """
    size = _check_megabytes(megabytes, minimum=64) * 2**20
    step = page_size()
    with measure.exclusive():
        previous = _set_numpy_huge_pages(huge_pages)
        holder: list[np.ndarray] = []
        try:
            reserve, _ = _counted(lambda: holder.append(np.empty(size, dtype=np.uint8)))
        finally:
            if previous is not None:
                _set_numpy_huge_pages(previous)
        block = holder.pop()
        try:
            first, first_s = _counted(partial(_write_each_page, block, step))
            second, second_s = _counted(partial(_write_each_page, block, step))
        finally:
            del block
    return FaultCount(
        "anónima (np.empty)",
        megabytes,
        step,
        size // step,
        reserve,
        first,
        second,
        first_s,
        second_s,
        huge_pages,
    )


def touch_mapped_file(megabytes: int) -> FaultCount:
    """Escribe un fichero temporal, lo proyecta con ``mmap`` y lee un byte por página, dos veces.

    El fichero se borra al salir y la proyección se cierra siempre.
    """
    size = _check_megabytes(megabytes) * 2**20
    step = page_size()
    chunk = b"\x01" * 2**20
    with measure.exclusive(), tempfile.TemporaryFile(prefix="dadsbook-mmap-") as handle:
        for _ in range(size // len(chunk)):
            handle.write(chunk)
        handle.flush()
        maps: list[mmap.mmap] = []
        reserve, _ = _counted(
            lambda: maps.append(mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ))
        )
        with maps.pop() as mapped:
            view = np.frombuffer(mapped, dtype=np.uint8)
            try:
                first, first_s = _counted(partial(_read_each_page, view, step))
                second, second_s = _counted(partial(_read_each_page, view, step))
            finally:
                del view  # sin vistas vivas, la proyección se puede cerrar
    return FaultCount(
        "fichero (mmap)",
        megabytes,
        step,
        size // step,
        reserve,
        first,
        second,
        first_s,
        second_s,
        False,
    )


def transparent_huge_pages(path: Path | str = _THP) -> str:
    """Modo de las páginas enormes transparentes (``always``, ``madvise``, ``never``).

    Devuelve ``"desconocido"`` si el núcleo no lo publica.
    """
    try:
        text = Path(path).read_text()
    except OSError:
        return "desconocido"
    found = re.search(r"\[(\w+)\]", text)
    return found.group(1) if found else "desconocido"


def faults_table(counts: Sequence[FaultCount]) -> Table:
    """Los recuentos como tabla: páginas tocadas y fallos en cada recorrido."""
    rows = [
        (
            c.kind + (" con páginas enormes" if c.huge_pages else ""),
            c.pages,
            c.reserve_faults,
            c.first_faults,
            c.second_faults,
            f"{c.faults_per_page:.3f}",
        )
        for c in counts
    ]
    return Table(
        (
            "memoria",
            "páginas",
            "fallos al reservar",
            "fallos (1.er recorrido)",
            "fallos (2.º)",
            "fallos por página",
        ),
        rows,
        caption="Fallos de página menores contados por el núcleo (ru_minflt).",
    )


def swap_mib(path: Path | str = "/proc/meminfo") -> float:
    """Espacio de intercambio (*swap*) configurado en esta máquina, en MiB (0 si no hay)."""
    try:
        text = Path(path).read_text()
    except OSError:
        return 0.0
    found = re.search(r"SwapTotal:\s+(\d+)\s*kB", text)
    return int(found.group(1)) / 1024 if found else 0.0

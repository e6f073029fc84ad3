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
- :func:`fault_cost` mide lo que cuesta cada fallo: repite la reserva y los dos
  recorridos ``repeats`` veces y da, de cada repetición, el tiempo extra del primer
  recorrido (el que falla) dividido por sus fallos; mediana y dispersión, nunca una
  sola ejecución.
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

from dadsbook import fmt, measure, stats
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = [
    "FaultCost",
    "FaultCount",
    "fault_cost",
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
class FaultCount(Record):
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


def page_size() -> int:
    """Tamaño de página de esta máquina, en bytes (``mmap.PAGESIZE``)."""
    return mmap.PAGESIZE


def minor_faults() -> int:
    """Fallos de página menores acumulados por este proceso (``ru_minflt``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


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
    size = check_int("megabytes", megabytes, 64, 4096) * 2**20
    step = page_size()
    with measure.exclusive():
        reserve, block = _allocate(size, huge_pages)
        passes = _two_passes(_write_each_page, block, step)
        del block
    return _fault_count("anónima (np.empty)", megabytes, step, reserve, passes, huge_pages)


@dataclass(frozen=True)
class FaultCost(measure.WithLoad):
    """Coste de un fallo de página menor, medido con repeticiones.

    ``samples_ns[i]`` es, en la repetición ``i``, el tiempo extra del primer recorrido
    respecto del segundo (que ya no falla) dividido por los fallos del primero.
    ``load`` dice lo ocupada que estaba la máquina (:class:`dadsbook.measure.Load`).
    """

    megabytes: int
    faults: tuple[int, ...]
    samples_ns: tuple[float, ...]
    warmup: int
    load: measure.Load | None = None

    def _quartiles(self) -> tuple[float, float, float]:
        return stats.quartiles(self.samples_ns)

    @property
    def median_ns(self) -> float:
        """Mediana del coste por fallo, en nanosegundos."""
        return stats.median(self.samples_ns)

    @property
    def q1_ns(self) -> float:
        """Primer cuartil del coste por fallo, en nanosegundos."""
        return self._quartiles()[0]

    @property
    def q3_ns(self) -> float:
        """Tercer cuartil del coste por fallo, en nanosegundos."""
        return self._quartiles()[2]

    def summary(self) -> str:
        """Una línea en español: mediana, rango intercuartílico y repeticiones."""
        busy = f"; {self.load.describe()}" if self.load is not None and self.busy else ""
        return (
            f"coste por fallo: mediana {fmt.seconds(self.median_ns / 1e9)} "
            f"(RIC {fmt.seconds(self.q1_ns / 1e9)}–{fmt.seconds(self.q3_ns / 1e9)}; "
            f"{len(self.samples_ns)} repeticiones de {fmt.number(self.megabytes)} MiB "
            f"tras {self.warmup} de calentamiento{busy})"
        )


def _two_passes(
    touch: Callable[[np.ndarray, int], None], block: np.ndarray, step: int
) -> tuple[int, float, int, float]:
    """Toca (``touch``) un byte por página dos veces: fallos y segundos de cada recorrido."""
    first, first_s = _counted(partial(touch, block, step))
    second, second_s = _counted(partial(touch, block, step))
    return first, first_s, second, second_s


def _fault_count(
    kind: str,
    megabytes: int,
    step: int,
    reserve: int,
    passes: tuple[int, float, int, float],
    huge_pages: bool,
) -> FaultCount:
    """El recuento de ``megabytes`` MiB en páginas de ``step`` bytes, con sus dos recorridos."""
    first, first_s, second, second_s = passes
    pages = megabytes * 2**20 // step
    return FaultCount(
        kind, megabytes, step, pages, reserve, first, second, first_s, second_s, huge_pages
    )


def _allocate(size: int, huge_pages: bool) -> tuple[int, np.ndarray]:
    """Reserva ``size`` bytes con ``np.empty``; da los fallos de la reserva y el bloque."""
    previous = _set_numpy_huge_pages(huge_pages)
    holder: list[np.ndarray] = []
    try:
        reserve, _ = _counted(lambda: holder.append(np.empty(size, dtype=np.uint8)))
    finally:
        if previous is not None:
            _set_numpy_huge_pages(previous)
    return reserve, holder.pop()


def _one_cost(size: int, step: int) -> tuple[int, float]:
    """Reserva ``size`` bytes sin páginas enormes y da (fallos, ns por fallo)."""
    _, block = _allocate(size, huge_pages=False)
    first, first_s, _, second_s = _two_passes(_write_each_page, block, step)
    del block
    extra = max(first_s - second_s, 0.0)
    return first, (1e9 * extra / first if first else 0.0)


def fault_cost(megabytes: int, *, repeats: int = 7, warmup: int = 1) -> FaultCost:
    """Mide ``repeats`` veces lo que cuesta cada fallo de página al tocar ``megabytes`` MiB.

    Cada repetición reserva un bloque nuevo con ``np.empty`` (sin páginas enormes, para
    que cada fallo traiga una página), lo recorre escribiendo un byte por página dos
    veces y divide el tiempo extra del primer recorrido por sus fallos. Corre bajo el
    cerrojo de medición y anota lo ocupada que estaba la máquina.

    >>> cost = fault_cost(64, repeats=2, warmup=0)
    >>> len(cost.samples_ns), cost.median_ns >= 0
    (2, True)
    """
    size = check_int("megabytes", megabytes, 64, 4096) * 2**20
    check_int("repeats", repeats, 1, 1000)
    check_int("warmup", warmup, 0, 100)
    step = page_size()
    counts: list[int] = []
    samples: list[float] = []
    with measure.exclusive() as probe:
        for _ in range(warmup):
            _one_cost(size, step)
        for _ in range(repeats):
            faults, ns = _one_cost(size, step)
            counts.append(faults)
            samples.append(ns)
    return FaultCost(megabytes, tuple(counts), tuple(samples), warmup, probe.load)


def touch_mapped_file(megabytes: int) -> FaultCount:
    """Escribe un fichero temporal, lo proyecta con ``mmap`` y lee un byte por página, dos veces.

    El fichero se borra al salir y la proyección se cierra siempre.
    """
    size = check_int("megabytes", megabytes, 1, 4096) * 2**20
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
                passes = _two_passes(_read_each_page, view, step)
            finally:
                del view  # sin vistas vivas, la proyección se puede cerrar
    return _fault_count("fichero (mmap)", megabytes, step, reserve, passes, False)


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
            c.faults_per_page,
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

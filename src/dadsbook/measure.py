"""Arnés de medición: calentamiento, repeticiones, mediana y dispersión.

Reglas del libro para medir con honradez:

- Se calienta antes de medir (``warmup`` ejecuciones que se descartan).
- Se repite (``repeats``) y se informa la **mediana** con su dispersión (rango
  intercuartílico y mínimo/máximo), nunca una sola ejecución.
- Se mide con :func:`time.perf_counter_ns`.
- **Dos mediciones nunca se solapan**: un cerrojo entre procesos (``flock`` sobre un
  fichero en el directorio temporal) hace que dos celdas, o dos construcciones del
  libro, esperen su turno antes de medir.

>>> m = measure(lambda: sum(range(1000)), repeats=5, warmup=1, label="suma")
>>> len(m.samples_ns), m.label
(5, 'suma')
>>> m.min_s <= m.median_s <= m.max_s
True
"""

from __future__ import annotations

import fcntl
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dadsbook import profile

__all__ = [
    "Measurement",
    "compare",
    "exclusive",
    "lock_path",
    "measure",
    "speedup",
    "worker_counts",
]


@dataclass(frozen=True)
class Measurement:
    """Resultado de una medición: muestras en nanosegundos y sus estadísticos."""

    label: str
    samples_ns: tuple[int, ...]
    warmup: int

    def _seconds(self) -> list[float]:
        return sorted(s / 1e9 for s in self.samples_ns)

    @property
    def median_s(self) -> float:
        """Mediana de las muestras, en segundos."""
        return float(statistics.median(self._seconds()))

    @property
    def min_s(self) -> float:
        """Muestra mínima, en segundos."""
        return self._seconds()[0]

    @property
    def max_s(self) -> float:
        """Muestra máxima, en segundos."""
        return self._seconds()[-1]

    @property
    def q1_s(self) -> float:
        """Primer cuartil, en segundos."""
        values = self._seconds()
        if len(values) < 2:
            return values[0]
        return float(statistics.quantiles(values, n=4, method="inclusive")[0])

    @property
    def q3_s(self) -> float:
        """Tercer cuartil, en segundos."""
        values = self._seconds()
        if len(values) < 2:
            return values[0]
        return float(statistics.quantiles(values, n=4, method="inclusive")[2])

    @property
    def iqr_s(self) -> float:
        """Rango intercuartílico, en segundos."""
        return self.q3_s - self.q1_s

    @property
    def relative_spread(self) -> float:
        """Rango intercuartílico relativo a la mediana (0,05 = 5 %)."""
        return self.iqr_s / self.median_s if self.median_s > 0 else 0.0

    def summary(self) -> str:
        """Una línea en español: mediana, rango intercuartílico y repeticiones."""
        return (
            f"{self.label}: mediana {_human(self.median_s)} "
            f"(RIC {_human(self.q1_s)}–{_human(self.q3_s)}, "
            f"mín {_human(self.min_s)}, máx {_human(self.max_s)}; "
            f"{len(self.samples_ns)} repeticiones tras {self.warmup} de calentamiento)"
        )


def _human(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3g} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.3g} µs"
    return f"{seconds * 1e9:.3g} ns"


def lock_path() -> Path:
    """Fichero del cerrojo de medición (``DADSBOOK_LOCK_FILE`` lo cambia)."""
    env = os.environ.get("DADSBOOK_LOCK_FILE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "dadsbook-measure.lock"


_local_lock = threading.RLock()
_depth = 0


@contextmanager
def exclusive() -> Iterator[None]:
    """Cerrojo de medición, exclusivo entre procesos y reentrante dentro de uno.

    Toda medición del libro corre dentro de este bloque: si otra celda u otra
    construcción está midiendo, se espera a que termine.
    """
    global _depth
    with _local_lock:
        if _depth == 0:
            handle = lock_path().open("a+b")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()


def _check_counts(repeats: int, warmup: int) -> None:
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats debe ser un entero ≥ 1; se recibió {repeats!r}")
    if not isinstance(warmup, int) or isinstance(warmup, bool) or warmup < 0:
        raise ValueError(f"warmup debe ser un entero ≥ 0; se recibió {warmup!r}")


def _defaults(repeats: int | None, warmup: int | None) -> tuple[int, int]:
    active = profile.current()
    r = int(active.get("measure", "repeats")) if repeats is None else repeats
    w = int(active.get("measure", "warmup")) if warmup is None else warmup
    _check_counts(r, w)
    return r, w


def measure(
    fn: Callable[[], object],
    *,
    repeats: int | None = None,
    warmup: int | None = None,
    label: str = "",
) -> Measurement:
    """Mide ``fn()`` con calentamiento y repeticiones, bajo el cerrojo de medición.

    ``repeats`` y ``warmup`` toman por defecto los valores de la sección
    ``[measure]`` del perfil activo.
    """
    if not callable(fn):
        raise TypeError(f"fn debe ser invocable; se recibió {type(fn).__name__}")
    r, w = _defaults(repeats, warmup)
    samples: list[int] = []
    with exclusive():
        for _ in range(w):
            fn()
        for _ in range(r):
            start = time.perf_counter_ns()
            fn()
            samples.append(time.perf_counter_ns() - start)
    return Measurement(label=label, samples_ns=tuple(samples), warmup=w)


def compare(
    fns: Mapping[str, Callable[[], object]],
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> dict[str, Measurement]:
    """Mide varias variantes **intercaladas** (A, B, A, B…) para repartir el ruido.

    Medir primero todas las A y luego todas las B atribuye a una variante los
    cambios lentos de la máquina (temperatura, turbo, otra carga); intercalar los
    reparte por igual.
    """
    if not fns:
        raise ValueError("fns debe contener al menos una variante a medir")
    r, w = _defaults(repeats, warmup)
    samples: dict[str, list[int]] = {name: [] for name in fns}
    with exclusive():
        for _ in range(w):
            for fn in fns.values():
                fn()
        for _ in range(r):
            for name, fn in fns.items():
                start = time.perf_counter_ns()
                fn()
                samples[name].append(time.perf_counter_ns() - start)
    return {
        name: Measurement(label=name, samples_ns=tuple(values), warmup=w)
        for name, values in samples.items()
    }


def speedup(baseline: Measurement, candidate: Measurement) -> float:
    """Aceleración de ``candidate`` respecto a ``baseline`` (cociente de medianas)."""
    if candidate.median_s <= 0:
        raise ValueError("candidate tiene una mediana nula: no se puede dividir")
    return baseline.median_s / candidate.median_s


def worker_counts(limit: int | None = None) -> list[int]:
    """Números de trabajadores a probar: 1, 2, … hasta los núcleos usables (o ``limit``).

    Más allá de 8 núcleos se toman potencias de dos y el máximo, para no eternizar
    las mediciones en máquinas grandes.

    >>> worker_counts(limit=4)
    [1, 2, 3, 4]
    >>> worker_counts(limit=16)
    [1, 2, 3, 4, 5, 6, 7, 8, 16]
    """
    if limit is None:
        try:
            limit = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - macOS
            limit = os.cpu_count() or 1
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"limit debe ser un entero ≥ 1; se recibió {limit!r}")
    counts = list(range(1, min(limit, 8) + 1))
    power = 16
    while power < limit:
        counts.append(power)
        power *= 2
    if limit > 8:
        counts.append(limit)
    return sorted(set(counts))

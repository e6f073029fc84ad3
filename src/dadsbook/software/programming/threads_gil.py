"""Qué llamadas sueltan el GIL: hilos de CPython que sí corren en paralelo, y los que no.

En CPython (con GIL) solo un hilo ejecuta *bytecode* de Python a la vez, pero el
código en C de muchas bibliotecas **suelta el GIL** mientras trabaja sobre datos que
no son objetos de Python: ahí varios hilos sí usan varios núcleos. :func:`measure_gil`
reparte el mismo trabajo fijo entre 1, 2, … hilos para cada carga de :data:`WORKLOADS`
y mide la aceleración. Si una carga «aceleró» lo decide el veredicto del libro
(:func:`dadsbook.verdict.compare` entre el mayor número de hilos y uno solo), no un
umbral sobre las medianas.

Las cargas de hilos viven aquí o en :mod:`dadsbook.workloads`; las de ordenar con
NumPy y comprimir con zlib, aquí (NumPy multiplica matrices con OpenBLAS, que ya usa
varios núcleos por su cuenta y confundiría la medición).

>>> zlib_work(64) > 0
True
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import numpy as np

from dadsbook import fmt, measure, verdict, workloads
from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = [
    "WORKLOADS",
    "GilResult",
    "Workload",
    "measure_gil",
    "numpy_sort_work",
    "small_hash_work",
    "summary_table",
    "surprises",
    "zlib_work",
]


@cache
def _compressible(kilobytes: int) -> bytes:
    rng = np.random.default_rng(kilobytes)
    return rng.integers(0, 16, size=kilobytes << 10, dtype=np.uint8).tobytes()


def zlib_work(kilobytes: int) -> int:
    """Comprime ``kilobytes`` KiB con zlib: ``compress`` suelta el GIL mientras comprime."""
    check_int("kilobytes", kilobytes, 1, 1 << 18)
    return len(zlib.compress(_compressible(kilobytes), 6))


def numpy_sort_work(size: int) -> float:
    """Ordena ``size`` números con NumPy (un solo núcleo; suelta el GIL al ordenar)."""
    check_int("size", size, 1, 100_000_000)
    data = np.random.default_rng(size).random(size)
    data.sort()
    return float(data[0])


def small_hash_work(kilobytes: int) -> str:
    """SHA-256 a trocitos de 64 bytes: con bloques pequeños hashlib **no** suelta el GIL."""
    check_int("kilobytes", kilobytes, 1, 1 << 20)
    digest = hashlib.sha256()
    block = b"\x5a" * 64
    for _ in range(kilobytes * 16):
        digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Workload:
    """Una carga para hilos: nombre, si su código en C suelta el GIL y cómo se llama."""

    name: str
    releases_gil: bool
    call: str
    make: Callable[[Mapping[str, Any]], Callable[[], object]]


#: Las cargas que compara la página; ``make`` recibe la sección del perfil.
WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "Python puro",
        False,
        "bucle for con aritmética",
        lambda s: partial(workloads.python_spin, int(s["spin_iterations"])),
    ),
    Workload(
        "hashlib, trozos de 64 B",
        False,
        "sha256.update(64 bytes)",
        lambda s: partial(small_hash_work, int(s["small_hash_kb"])),
    ),
    Workload(
        "hashlib, bloques de 1 MiB",
        True,
        "sha256.update(1 MiB)",
        lambda s: partial(workloads.hash_work, int(s["hash_mb"])),
    ),
    Workload(
        "zlib",
        True,
        "zlib.compress",
        lambda s: partial(zlib_work, int(s["zlib_kb"])),
    ),
    Workload(
        "NumPy",
        True,
        "ndarray.sort",
        lambda s: partial(numpy_sort_work, int(s["sort_size"])),
    ),
    Workload(
        "E/S (espera)",
        True,
        "time.sleep",
        lambda s: partial(workloads.sleep_task, float(s["sleep_s"])),
    ),
)


@dataclass(frozen=True)
class GilResult:
    """Tiempos de una carga con cada número de hilos."""

    workload: Workload
    units: int
    timings: dict[int, measure.Measurement]

    @property
    def workers(self) -> list[int]:
        """Números de hilos probados."""
        return sorted(self.timings)

    @property
    def speedups(self) -> list[float]:
        """Aceleración respecto a un hilo, para cada número de hilos."""
        base = self.timings[1]
        return [measure.speedup(base, self.timings[n]) for n in self.workers]

    @property
    def verdict(self) -> verdict.Verdict:
        """Veredicto del mayor número de hilos frente a uno solo (``"menor"``: aceleró)."""
        most = self.workers[-1]
        return verdict.compare(
            self.timings[most],
            self.timings[1],
            a_label=f"con {most} hilos",
            b_label="con uno",
            more="más lento",
            less="más rápido",
        )

    @property
    def parallel(self) -> bool:
        """Si el mayor número de hilos fue más rápido que uno solo de forma medible."""
        return self.verdict.decision == "menor"


def _run(fn: Callable[[], object], units: int, threads: int) -> None:
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gil") as pool:
        futures = [pool.submit(fn) for _ in range(units)]
        for future in futures:
            future.result()


def measure_gil(
    workload: Workload,
    settings: Mapping[str, Any],
    *,
    workers: list[int] | None = None,
    repeats: int | None = None,
    warmup: int | None = None,
) -> GilResult:
    """Reparte ``units`` trabajos iguales entre 1…N hilos y mide cada reparto (intercalados).

    ``units`` sale de ``settings["units_per_worker"]`` por el mayor número de hilos:
    el trabajo total es el mismo para todos.
    """
    if not isinstance(workload, Workload):
        raise TypeError(f"workload debe ser un Workload; se recibió {type(workload).__name__}")
    counts = workers if workers is not None else measure.worker_counts()
    if not counts or 1 not in counts:
        raise ValueError(f"workers debe incluir 1 (la referencia); se recibió {counts!r}")
    for n in counts:
        check_int("workers", n, 1, 256)
    per_worker = int(settings["units_per_worker"])
    check_int("units_per_worker", per_worker, 1, 1000)
    units = per_worker * max(counts)
    fn = workload.make(settings)
    results = measure.compare(
        {str(n): partial(_run, fn, units, n) for n in counts}, repeats=repeats, warmup=warmup
    )
    return GilResult(workload, units, {n: results[str(n)] for n in counts})


def surprises(results: list[GilResult]) -> str:
    """Una frase sobre lo que esta construcción pudo decidir y lo que contradice la documentación.

    Una carga que suelta el GIL y no aceleró de forma medible (o al revés) suele
    indicar una máquina ocupada o un trabajo demasiado corto; con la máquina ocupada o
    con pocas repeticiones, el veredicto no decide y la frase lo dice en lugar de
    inventar un resultado.
    """
    if not results:
        raise ValueError("results debe contener al menos una medición")
    verdicts = [r.verdict for r in results]
    if any(v.busy for v in verdicts):
        return (
            "Ojo: la máquina estaba ocupada durante alguna medición, así que esta tabla no "
            "decide qué cargas aceleran; vuelve a ejecutar la celda en una máquina tranquila."
        )
    few = [v.reason for v in verdicts if v.reason.startswith("hacen falta")]
    if few:
        return (
            f"Ojo: con estas repeticiones el veredicto no decide ({few[0]}), así que la "
            "tabla no dice qué cargas aceleran; el perfil del libro publicado mide más."
        )
    odd = [
        f"«{r.workload.name}»"
        for r in results
        if r.verdict.differs and r.parallel != r.workload.releases_gil
    ]
    missing = [
        f"«{r.workload.name}»" for r in results if r.workload.releases_gil and not r.verdict.differs
    ]
    undecided = [f"«{r.workload.name}»" for r in results if not r.verdict.differs]
    parts = []
    if odd:
        parts.append(
            "No se comportaron como dice la documentación de CPython: " + ", ".join(odd) + "."
        )
    if missing:
        parts.append(
            "Sueltan el GIL pero aquí no aceleraron de forma medible: "
            + ", ".join(missing)
            + " (lo habitual es que otra carga ocupara los núcleos o que el trabajo fuera "
            "demasiado corto frente al coste de arrancar los hilos)."
        )
    if not parts:
        return (
            "En esta construcción, cada carga se comportó como dice la documentación de "
            "CPython"
            + (
                f" (sin diferencia medible, como se espera, en: {', '.join(undecided)})."
                if undecided
                else "."
            )
        )
    return "En esta construcción: " + " ".join(parts)


def summary_table(results: list[GilResult]) -> Table:
    """Una fila por carga: la llamada, si suelta el GIL y la aceleración con más hilos."""
    if not results:
        raise ValueError("results debe contener al menos una medición")
    rows = []
    for r in results:
        rows.append(
            (
                r.workload.name,
                r.workload.call,
                "sí" if r.workload.releases_gil else "no",
                fmt.ratio(r.speedups[-1]),
                r.verdict.pick(
                    mayor="no: más lento", menor="sí", igual=f"no decide: {r.verdict.reason}"
                ),
            )
        )
    return Table(
        (
            "carga",
            "llamada",
            "suelta el GIL",
            f"aceleración con {max(results[0].workers)}",
            "¿aceleró? (veredicto)",
        ),
        rows,
        "Aceleración con hilos respecto a un hilo, mismo trabajo total (cociente de medianas).",
    )

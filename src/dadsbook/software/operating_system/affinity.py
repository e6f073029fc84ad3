"""Afinidad de CPU: fijar procesos a núcleos y ver dónde los pone el planificador.

La **afinidad** (*affinity*) es el conjunto de CPU en las que el núcleo puede
ejecutar un proceso. Linux ya intenta mantener cada proceso en la CPU donde corrió
(su caché sigue caliente allí) y solo lo **migra** cuando el balanceo de carga lo
pide. Con :func:`os.sched_setaffinity` se impone: el proceso queda **fijado** y no
migra nunca, para bien (caché caliente, nada de ruido de otros procesos) o para mal
(si dos procesos se fijan a la misma CPU, se la reparten aunque haya otra libre).

:func:`measure_placement` lanza ``workers`` procesos con el mismo trabajo
(sumar repetidamente un vector que cabe en la caché L2) en tres variantes
intercaladas: **libres**, **fijados** cada uno a una CPU distinta y **amontonados**
todos en la misma CPU. Cada proceso mide su propio tiempo (el arranque no cuenta) y
anota, entre trozo y trozo de trabajo, en qué CPU está corriendo (campo 39 de
``/proc/self/stat``): así se cuentan las migraciones.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from dadsbook import fmt, measure, verdict
from dadsbook.software._repeats import repeat_counts
from dadsbook.software.operating_system._children import PipedChildren
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = [
    "VARIANTS",
    "PlacementResult",
    "affinity_child",
    "current_cpu",
    "measure_placement",
    "migrations",
]

#: Variantes del experimento: libres, una CPU distinta por proceso, todos en la misma CPU.
VARIANTS = ("libres", "fijados", "amontonados")


def current_cpu() -> int:
    """CPU en la que corre ahora este proceso: campo 39 (``processor``) de ``/proc/self/stat``.

    El nombre del programa (campo 2) va entre paréntesis y puede contener espacios:
    se cuenta a partir del último ``)``, donde empieza el campo 3.

    >>> current_cpu() in os.sched_getaffinity(0)
    True
    """
    text = Path("/proc/self/stat").read_text(encoding="ascii")
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[39 - 3])


def migrations(trace: Sequence[int]) -> int:
    """Cuántas veces cambia de CPU una secuencia de observaciones.

    >>> migrations([0, 0, 1, 1, 0])
    2
    """
    return sum(a != b for a, b in itertools.pairwise(trace))


def affinity_child(cpu: int | None, chunks: int, reps: int, conn: Connection) -> None:
    """Proceso hijo: se fija a ``cpu`` (``None``: a ninguna) y atiende ejecuciones.

    Obedece órdenes por ``conn`` hasta recibir ``None``: con ``"prepara"`` vuelve a
    calentar el vector en su CPU y contesta ``"listo"``; con ``"ya"`` trabaja, anota
    dónde corre y devuelve ``(segundos, traza de CPU)``. Así un mismo hijo sirve a
    todas las ejecuciones de su variante sin pagar el arranque en cada una.
    """
    try:
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
        data = np.arange(32_768, dtype=np.float64)  # 256 KiB: cabe en la L2
        total = float(data.sum())
        conn.send("arrancado")
        while (order := conn.recv()) is not None:
            if order == "prepara":
                # Otras variantes han corrido desde la última vez: el vector vuelve a la
                # caché de la CPU donde va a trabajar, como recién arrancado.
                total += float(data.sum())
                conn.send("listo")
            elif order == "ya":  # la señal de salida, a la vez para todos
                trace = [current_cpu()]
                start = time.perf_counter()
                for _ in range(chunks):
                    for _ in range(reps):
                        total += float(data.sum())
                    trace.append(current_cpu())
                conn.send((time.perf_counter() - start, trace))
            else:
                raise ValueError(f"order debe ser «prepara», «ya» o None; se recibió {order!r}")
    finally:
        conn.close()


@dataclass(frozen=True)
class PlacementResult:
    """Resultado de :func:`measure_placement`: una medición y sus trazas por variante."""

    workers: int
    timings: dict[str, measure.Measurement]
    traces: dict[str, tuple[tuple[int, ...], ...]]

    def migrations(self, variant: str) -> int:
        """Migraciones observadas en todas las ejecuciones de ``variant``."""
        check_choice("variant", variant, self.traces)
        return sum(migrations(t) for t in self.traces[variant])

    def observations(self, variant: str) -> int:
        """Cuántas veces se anotó la CPU en ``variant``."""
        return sum(len(t) for t in self.traces[variant])

    def verdict(self, a: str, b: str) -> verdict.Verdict:
        """Veredicto de la variante ``a`` frente a la ``b`` (``"menor"``: ``a`` tardó menos)."""
        for name, value in (("a", a), ("b", b)):
            check_choice(name, value, self.timings)
        return verdict.compare(
            self.timings[a],
            self.timings[b],
            a_label=f"los procesos {a}",
            b_label=f"los {b}",
            more="más lentos",
            less="más rápidos",
        )

    def cpus_seen(self, variant: str) -> tuple[int, ...]:
        """CPU distintas en las que corrió algún proceso de ``variant``."""
        return tuple(sorted({c for t in self.traces[variant] for c in t}))

    def table(self) -> Table:
        """Tabla: mediana, rango intercuartílico, migraciones y CPU vistas por variante."""
        rows = [
            (
                name,
                fmt.seconds(m.median_s),
                f"{fmt.seconds(m.q1_s)}–{fmt.seconds(m.q3_s)}",
                self.migrations(name),
                ", ".join(map(str, self.cpus_seen(name))),
            )
            for name, m in self.timings.items()
        ]
        return Table(
            ("variante", "mediana", "RIC", "migraciones", "CPU vistas"),
            rows,
            caption=f"{self.workers} procesos con el mismo trabajo",
        )

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "workers": self.workers,
            "median_s": {k: m.median_s for k, m in self.timings.items()},
            "migrations": {k: self.migrations(k) for k in self.traces},
        }


def _placement(variant: str, index: int, allowed: Sequence[int]) -> int | None:
    if variant == "libres":
        return None
    if variant == "fijados":
        return allowed[index % len(allowed)]
    return allowed[0]


class _Team(PipedChildren):
    """Los hijos de una variante: se arrancan una vez y sirven a todas sus ejecuciones."""

    def __init__(
        self, variant: str, workers: int, chunks: int, reps: int, allowed: Sequence[int]
    ) -> None:
        args = [(_placement(variant, i, allowed), chunks, reps) for i in range(workers)]
        super().__init__(affinity_child, args, join_timeout_s=60)

    def wait_started(self) -> None:
        """Espera a que todos hayan arrancado e importado."""
        for parent in self.parents:
            if parent.recv() != "arrancado":  # pragma: no cover - protocolo roto
                raise RuntimeError("un hijo de afinidad no arrancó como se esperaba")

    def run_once(self) -> tuple[float, list[tuple[int, ...]]]:
        """Una ejecución: calentar, salida a la vez y el tiempo del más lento con las trazas."""
        self.send_all("prepara")
        self.recv_all()  # todos listos: nadie compite con un calentamiento
        self.send_all("ya")
        results = self.recv_all()
        return max(float(r[0]) for r in results), [tuple(r[1]) for r in results]


def measure_placement(
    *,
    workers: int = 2,
    chunks: int = 20,
    reps: int = 200,
    repeats: int | None = None,
    warmup: int | None = None,
) -> PlacementResult:
    """Mide las tres variantes intercaladas, bajo el cerrojo de medición.

    Cada muestra es el tiempo del proceso más lento de una ejecución. Los hijos de
    cada variante se arrancan una sola vez, con su afinidad, y sirven a todas las
    ejecuciones de esa variante (calentamiento incluido): el arranque de un proceso
    ``spawn`` cuesta más CPU que el trabajo medido.
    """
    check_int("workers", workers, 1, 16)
    check_int("chunks", chunks, 1, 10_000)
    check_int("reps", reps, 1, 1_000_000)
    r, w = repeat_counts(repeats, warmup)
    allowed = sorted(os.sched_getaffinity(0))
    samples: dict[str, list[int]] = {v: [] for v in VARIANTS}
    traces: dict[str, list[tuple[int, ...]]] = {v: [] for v in VARIANTS}
    teams = {v: _Team(v, workers, chunks, reps, allowed) for v in VARIANTS}
    with measure.exclusive() as probe:
        try:
            for team in teams.values():
                team.start()
            for team in teams.values():
                team.wait_started()
            for i in range(w + r):
                for variant in VARIANTS:
                    elapsed, trace = teams[variant].run_once()
                    if i >= w:
                        samples[variant].append(int(elapsed * 1e9))
                        traces[variant].extend(trace)
        finally:
            for team in teams.values():
                team.close()
    timings = {v: measure.Measurement(v, tuple(samples[v]), w, probe.load) for v in VARIANTS}
    return PlacementResult(workers, timings, {v: tuple(t) for v, t in traces.items()})

"""Hilos, procesos y el techo del hardware, medidos de verdad.

Cada punto de una curva de aceleración se mide así, con el arnés del libro
(:func:`dadsbook.measure.compare`, variantes **intercaladas**):

- ``uno``: una porción de trabajo en este proceso; es la referencia.
- ``hilos``: ``N`` porciones en un *pool* de ``N`` hilos.
- ``procesos``: ``N`` porciones en un *pool* de ``N`` procesos.
- ``techo``: ``N`` procesos sueltos (sin *pool*) con una porción cada uno. Se
  arrancan, cada uno calienta con una porción y avisa de que está listo, y todos
  reciben a la vez la salida; se cronometra desde la salida hasta que el último
  termina su porción (cada uno envía su instante de fin). Es lo más que puede dar el
  hardware: ``N`` núcleos trabajando a la vez rinden menos que ``N`` veces uno solo
  (el turbo baja con más núcleos activos y las cachés compartidas se reparten).

La aceleración de una variante con ``N`` trabajadores es ``N × uno / variante``: lo
que habría tardado un trabajador en hacer las ``N`` porciones, entre lo que tardó la
variante. Los *pools* se crean y se calientan **fuera** de la región cronometrada
(la primera ronda de calentamiento de ``compare`` arranca sus procesos), porque un
servidor arranca su *pool* una vez y lo reutiliza; por la misma razón el techo no
cuenta el arranque de sus procesos (:func:`startup_cost` lo mide aparte). Así las
dos variantes pagan lo mismo salvo lo que de verdad las distingue: el reparto de
tareas del *pool* entre procesos.

Los trabajadores usan un solo hilo de BLAS (:mod:`dadsbook.hardware.cpu.blas`) y el
contexto de ``multiprocessing`` por defecto de la plataforma, siempre el mismo.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from matplotlib.figure import Figure

from dadsbook import laws, measure, plotting, workloads
from dadsbook.hardware.cpu import blas
from dadsbook.tables import Table

__all__ = [
    "VARIANTS",
    "ScalingPoint",
    "ScalingResult",
    "ceiling_worker",
    "measure_scaling",
    "numpy_task",
    "python_task",
    "run_task",
    "startup_cost",
    "verdict",
]

#: Variantes que sabe medir :func:`measure_scaling`, con su nombre en las figuras.
VARIANTS: Mapping[str, str] = {
    "techo": "techo del hardware (N procesos sueltos)",
    "procesos": "pool de procesos",
    "hilos": "pool de hilos",
}

Task = Callable[[], object]


def python_task(iterations: int) -> Task:
    """Una porción de Python puro (retiene el GIL): ``python_spin(iterations)``."""
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError(f"iterations debe ser un entero ≥ 1; se recibió {iterations!r}")
    return partial(workloads.python_spin, iterations)


def numpy_task(size: int, repeats: int) -> Task:
    """Una porción de NumPy (suelta el GIL): ``numpy_kernel(size, repeats)``."""
    for name, value in (("size", size), ("repeats", repeats)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} debe ser un entero ≥ 1; se recibió {value!r}")
    return partial(workloads.numpy_kernel, size, repeats)


def run_task(task: Task) -> object:
    """Trabajador de procesos: un hilo de BLAS y la porción ``task``."""
    blas.set_threads(1)
    return task()


def _single_blas_thread() -> None:
    """Inicializador de los procesos del *pool*: un solo hilo de BLAS."""
    blas.set_threads(1)


_READY_TIMEOUT_S = 120.0


def ceiling_worker(ready: Any, go: Any, task: Task, finished: Any = None) -> object:
    """Trabajador del techo: un hilo de BLAS, una porción de calentamiento, aviso de
    listo, espera de la salida y la porción cronometrada.

    El calentamiento deja al proceso como están los del *pool* caliente (páginas
    copiadas tras el ``fork``, cachés y el intérprete ya especializado). Al acabar la
    porción cronometrada envía por ``finished`` su instante de fin (``perf_counter_ns``
    es el reloj monótono del sistema, común a todos los procesos en Linux): así la
    medición no incluye el cierre del intérprete hijo ni el ``join()``.
    """
    blas.set_threads(1)
    if finished is not None:
        task()
    ready.release()
    go.wait(_READY_TIMEOUT_S)
    result = task()
    if finished is not None:
        finished.put(time.perf_counter_ns())
    return result


class _Ceiling:
    """``N`` procesos sueltos con salida simultánea; guarda el tiempo desde la salida."""

    def __init__(self, context: Any, task: Task, workers: int, *, timed: bool = True) -> None:
        self.context, self.task, self.workers, self.timed = context, task, workers, timed
        self.samples_ns: list[int] = []

    def __call__(self) -> None:
        ready, go = self.context.Semaphore(0), self.context.Event()
        finished = self.context.SimpleQueue() if self.timed else None
        processes = [
            self.context.Process(target=ceiling_worker, args=(ready, go, self.task, finished))
            for _ in range(self.workers)
        ]
        start = time.perf_counter_ns()
        ends: list[int] = []
        try:
            for process in processes:
                process.start()
            if self.timed:
                for _ in processes:
                    if not ready.acquire(timeout=_READY_TIMEOUT_S):
                        raise RuntimeError("un proceso del techo no llegó a estar listo")
                start = time.perf_counter_ns()
        finally:
            go.set()
            if finished is not None:
                alive = [p for p in processes if p.pid is not None]
                while len(ends) < len(alive) and any(p.is_alive() for p in alive):
                    if not finished.empty():
                        ends.append(finished.get())
                    else:
                        time.sleep(0.0005)
                while not finished.empty():
                    ends.append(finished.get())
            for process in processes:
                if process.pid is not None:
                    process.join()
            if finished is not None:
                finished.close()
        end = max(ends) if self.timed and len(ends) == len(processes) else time.perf_counter_ns()
        self.samples_ns.append(end - start)
        failed = [p.exitcode for p in processes if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"un proceso del techo terminó con código {failed[0]}")


def startup_cost(workers: int, *, repeats: int = 3) -> measure.Measurement:
    """Lo que cuesta el techo sin trabajo: arrancar ``workers`` procesos vacíos y esperarlos.

    Es la ventaja que le lleva el *pool* caliente al techo en cada medición.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers debe ser un entero ≥ 1; se recibió {workers!r}")
    context = multiprocessing.get_context()
    empty = partial(workloads.python_spin, 1)
    return measure.measure(
        _Ceiling(context, empty, workers, timed=False), repeats=repeats, warmup=1, label="arranque"
    )


def _batch(executor: ThreadPoolExecutor | ProcessPoolExecutor, task: Task, workers: int) -> None:
    # Los procesos fijan su hilo de BLAS en cada porción; los hilos comparten el de este
    # proceso, que measure_scaling ya limitó a uno.
    call = partial(run_task, task) if isinstance(executor, ProcessPoolExecutor) else task
    futures = [executor.submit(call) for _ in range(workers)]
    for future in futures:
        future.result()


@dataclass(frozen=True)
class ScalingPoint:
    """Las mediciones intercaladas de un número de trabajadores."""

    workers: int
    baseline: measure.Measurement
    variants: Mapping[str, measure.Measurement] = field(repr=False)

    def speedup(self, variant: str) -> float:
        """Aceleración de ``variant``: ``workers × uno / variant`` (cociente de medianas)."""
        if variant not in self.variants:
            raise ValueError(
                f"variant debe ser una de {sorted(self.variants)}; se recibió {variant!r}"
            )
        return self.workers * self.baseline.median_s / self.variants[variant].median_s


@dataclass(frozen=True)
class ScalingResult:
    """Una curva de aceleración medida: un :class:`ScalingPoint` por número de trabajadores."""

    workload: str
    points: tuple[ScalingPoint, ...]

    @property
    def workers(self) -> list[int]:
        """Números de trabajadores medidos."""
        return [p.workers for p in self.points]

    @property
    def variants(self) -> list[str]:
        """Variantes medidas, en el orden de :data:`VARIANTS`."""
        return [v for v in VARIANTS if v in self.points[0].variants]

    def speedups(self, variant: str) -> list[float]:
        """Aceleraciones de ``variant`` en cada número de trabajadores."""
        return [p.speedup(variant) for p in self.points]

    def serial_fraction(self, variant: str) -> float:
        """Fracción serie de Amdahl que mejor explica la curva de ``variant``."""
        if max(self.workers) < 2:
            raise ValueError("hace falta medir con al menos 2 trabajadores para ajustar Amdahl")
        return laws.fit_amdahl(self.workers, self.speedups(variant))

    def pool_vs_ceiling(self) -> list[float]:
        """Cociente ``procesos / techo`` en cada número de trabajadores."""
        return [p.speedup("procesos") / p.speedup("techo") for p in self.points]

    def table(self, caption: str = "") -> Table:
        """Tabla de aceleraciones: trabajadores, ideal y cada variante."""
        headers = ["trabajadores", "ideal", *self.variants]
        rows = [
            [p.workers, float(p.workers), *(p.speedup(v) for v in self.variants)]
            for p in self.points
        ]
        if {"procesos", "techo"} <= set(self.variants):
            headers.append("procesos/techo")
            for row, ratio in zip(rows, self.pool_vs_ceiling(), strict=True):
                row.append(ratio)
        return Table(headers, rows, caption)

    def spread_table(self, caption: str = "") -> Table:
        """Dispersión de cada medición: rango intercuartílico relativo a la mediana, en %.

        Una aceleración es un cociente de medianas; si la dispersión de ``uno`` o de
        una variante es grande, su aceleración se lee con esa incertidumbre.
        """
        headers = ["trabajadores", "uno", *self.variants]
        rows = [
            [
                p.workers,
                100 * p.baseline.relative_spread,
                *(100 * p.variants[v].relative_spread for v in self.variants),
            ]
            for p in self.points
        ]
        return Table(headers, rows, caption)

    def plot(
        self,
        title: str = "",
        extra: Mapping[str, Sequence[float]] | None = None,
        fit: str | None = None,
    ) -> Figure:
        """Aceleración frente a trabajadores, con la línea ideal y ``extra`` (otras curvas).

        ``fit`` añade, punteada, la curva de Amdahl ajustada a esa variante.
        """
        series: dict[str, Sequence[float]] = {VARIANTS[v]: self.speedups(v) for v in self.variants}
        series.update(extra or {})
        fig = plotting.speedup_plot(self.workers, series, title=title)
        if fit is not None:
            serial = self.serial_fraction(fit)
            ax = fig.axes[0]
            xs = [1 + i * (max(self.workers) - 1) / 50 for i in range(51)]
            ax.plot(
                xs,
                [laws.amdahl(x, serial) for x in xs],
                linestyle=":",
                color="black",
                label=f"Amdahl ajustada a {fit} (s = {serial:.2f})",
            )
            ax.legend(fontsize=8)
        return fig

    def as_dict(self) -> dict[str, Any]:
        """Resultado en tipos simples (JSON): medianas en segundos y aceleraciones."""
        return {
            "workload": self.workload,
            "points": [
                {
                    "workers": p.workers,
                    "baseline_s": p.baseline.median_s,
                    "median_s": {v: m.median_s for v, m in p.variants.items()},
                    "speedup": {v: p.speedup(v) for v in p.variants},
                }
                for p in self.points
            ],
        }


def verdict(speedup: float, workers: int) -> str:
    """Frase en español que describe una aceleración con ``workers`` trabajadores.

    >>> verdict(1.95, 2), verdict(1.4, 2), verdict(0.98, 2)
    ('escaló casi como el ideal', 'aceleró, pero lejos del ideal', 'no aceleró')
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers debe ser un entero ≥ 1; se recibió {workers!r}")
    if not speedup > 0:
        raise ValueError(f"speedup debe ser > 0; se recibió {speedup!r}")
    if speedup >= 0.9 * workers:
        return "escaló casi como el ideal"
    if speedup >= 1.2:
        return "aceleró, pero lejos del ideal"
    return "no aceleró"


def _check_variants(variants: Sequence[str]) -> None:
    unknown = [v for v in variants if v not in VARIANTS]
    if not variants or unknown:
        raise ValueError(
            f"variants debe elegir entre {list(VARIANTS)}; se recibió {list(variants)!r}"
        )


def measure_scaling(
    task: Task,
    workers: Sequence[int],
    *,
    variants: Sequence[str] = tuple(VARIANTS),
    workload: str = "",
    repeats: int | None = None,
    warmup: int = 1,
) -> ScalingResult:
    """Mide ``task`` con cada número de ``workers`` en las ``variants`` pedidas.

    Por cada número de trabajadores, una llamada a :func:`dadsbook.measure.compare`
    intercala la referencia (``uno``) con las variantes. ``warmup`` debe ser ≥ 1:
    la ronda de calentamiento arranca los procesos del *pool*.
    """
    if not callable(task):
        raise TypeError(f"task debe ser invocable; se recibió {type(task).__name__}")
    if not workers or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in workers):
        raise ValueError(f"workers debe ser una lista de enteros ≥ 1; se recibió {workers!r}")
    _check_variants(variants)
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 1:
        raise ValueError(
            f"warmup debe ser un entero ≥ 1 (calienta los pools); se recibió {warmup!r}"
        )
    context = multiprocessing.get_context()
    points = []
    with blas.limit(1):
        for n in workers:
            ceiling = _Ceiling(context, task, n)
            with ExitStack() as stack:
                fns: dict[str, Task] = {"uno": task}
                if "techo" in variants:
                    fns["techo"] = ceiling
                if "procesos" in variants:
                    procs = stack.enter_context(
                        ProcessPoolExecutor(n, mp_context=context, initializer=_single_blas_thread)
                    )
                    fns["procesos"] = partial(_batch, procs, task, n)
                if "hilos" in variants:
                    threads = stack.enter_context(ThreadPoolExecutor(n))
                    fns["hilos"] = partial(_batch, threads, task, n)
                measured = measure.compare(fns, repeats=repeats, warmup=warmup)
            baseline = measured.pop("uno")
            if "techo" in measured:  # el techo se cronometra desde la salida, no desde start()
                kept = tuple(ceiling.samples_ns[-len(baseline.samples_ns) :])
                measured["techo"] = measure.Measurement("techo", kept, baseline.warmup)
            points.append(
                ScalingPoint(n, baseline, {v: measured[v] for v in VARIANTS if v in measured})
            )
    return ScalingResult(workload, tuple(points))

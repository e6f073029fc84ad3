"""Hilos, procesos y el techo del hardware, medidos de verdad.

Cada punto de una curva de aceleración se mide así, con el arnés del libro
(:func:`dadsbook.measure.compare`, variantes **intercaladas**):

- ``uno``: una porción de trabajo en este proceso; es la referencia.
- ``hilos``: ``N`` porciones en un *pool* de ``N`` hilos.
- ``procesos``: ``N`` porciones en un *pool* de ``N`` procesos.
- ``techo``: ``N`` procesos calientes, arrancados antes de medir, que reciben a la vez
  la orden de salida y cronometran cada uno su porción, sin reparto ni recogida
  (:class:`dadsbook.hardware.cpu.ceiling.WarmCeiling`); la muestra es la porción más
  lenta. Es lo más que pueden dar ``N`` procesos en esta máquina: un *pool* hace lo
  mismo y además reparte, así que no puede superarlo salvo por ruido.

La aceleración de una variante con ``N`` trabajadores es ``N × uno / variante``: lo
que habría tardado un trabajador en hacer las ``N`` porciones, entre lo que tardó la
variante. Los *pools* se crean y se calientan **fuera** de la región cronometrada
(la primera ronda de calentamiento de ``compare`` arranca sus procesos), porque un
servidor arranca su *pool* una vez y lo reutiliza; el techo arranca y calienta sus
procesos antes de medir por la misma razón
(:func:`dadsbook.hardware.cpu.ceiling.startup_cost` mide aparte ese arranque).

Las frases que resumen una curva (:mod:`dadsbook.hardware.cpu.speedup`,
:meth:`ScalingPoint.pool_vs_ceiling`) las decide :func:`dadsbook.verdict.compare` con
las muestras de cada ronda, nunca las medianas solas.

Los trabajadores usan un solo hilo de BLAS (:mod:`dadsbook.hardware.cpu.blas`) y el
contexto de ``multiprocessing`` por defecto de la plataforma, siempre el mismo.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from dadsbook import fmt, laws, measure, verdict, workloads
from dadsbook.hardware.cpu import blas
from dadsbook.hardware.cpu.ceiling import WarmCeiling
from dadsbook.hardware.cpu.speedup import acceleration, speedup_verdict
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_sequence

__all__ = [
    "VARIANTS",
    "ScalingPoint",
    "ScalingResult",
    "measure_scaling",
    "numpy_task",
    "python_task",
    "run_task",
]

#: Variantes que sabe medir :func:`measure_scaling`, con su nombre en las figuras.
VARIANTS: Mapping[str, str] = {
    "techo": "techo del hardware (N procesos calientes, sin reparto)",
    "procesos": "pool de procesos",
    "hilos": "pool de hilos",
}

Task = Callable[[], object]


def python_task(iterations: int) -> Task:
    """Una porción de Python puro (retiene el GIL): ``python_spin(iterations)``."""
    check_int("iterations", iterations, 1)
    return partial(workloads.python_spin, iterations)


def numpy_task(size: int, repeats: int) -> Task:
    """Una porción de NumPy (suelta el GIL): ``numpy_kernel(size, repeats)``."""
    check_int("size", size, 1)
    check_int("repeats", repeats, 1)
    return partial(workloads.numpy_kernel, size, repeats)


def run_task(task: Task) -> object:
    """Trabajador de procesos: un hilo de BLAS y la porción ``task``."""
    blas.set_threads(1)
    return task()


def _single_blas_thread() -> None:
    """Inicializador de los procesos del *pool*: un solo hilo de BLAS."""
    blas.set_threads(1)


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

    def _variant(self, variant: str) -> measure.Measurement:
        check_choice("variant", variant, self.variants)
        return self.variants[variant]

    def speedup(self, variant: str) -> float:
        """Aceleración de ``variant``: ``workers × uno / variant`` (cociente de medianas)."""
        return self.workers * self.baseline.median_s / self._variant(variant).median_s

    def speedup_samples(self, variant: str) -> list[float]:
        """Aceleración de ``variant`` en cada ronda (la referencia de esa misma ronda).

        Las variantes se miden intercaladas, así que el cociente ronda a ronda reparte
        entre las dos los cambios lentos de la máquina.
        """
        many = self._variant(variant).samples_ns
        return [self.workers * b / v for b, v in zip(self.baseline.samples_ns, many, strict=True)]

    @property
    def busy(self) -> bool:
        """Si la máquina estaba ocupada mientras se medía este punto."""
        return self.baseline.busy or any(m.busy for m in self.variants.values())

    def seconds(self, variant: str) -> list[float]:
        """Muestras de ``variant`` (o ``"uno"``, la referencia) en segundos, ronda a ronda."""
        m = self.baseline if variant == "uno" else self._variant(variant)
        return [t / 1e9 for t in m.samples_ns]

    def acceleration(self, variant: str) -> verdict.Verdict:
        """Veredicto de :func:`acceleration` para ``variant`` en este punto."""
        return acceleration(
            self.seconds("uno"), self.seconds(variant), self.workers, busy=self.busy
        )

    def speedup_phrase(self, variant: str) -> str:
        """Frase de :func:`speedup_verdict` para ``variant`` en este punto."""
        return speedup_verdict(
            self.seconds("uno"), self.seconds(variant), self.workers, busy=self.busy
        )

    def pool_vs_ceiling(self) -> verdict.Verdict:
        """El *pool* de procesos frente al techo, ronda a ronda, con la regla del veredicto."""
        return verdict.compare(
            self.speedup_samples("procesos"),
            self.speedup_samples("techo"),
            a_label="el pool de procesos",
            b_label="el techo",
            more="más rápido",
            less="más lento",
            busy=self.busy,
        )


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

    @property
    def busy(self) -> bool:
        """Si la máquina estaba ocupada en alguno de los puntos."""
        return any(p.busy for p in self.points)

    def speedups(self, variant: str) -> list[float]:
        """Aceleraciones de ``variant`` en cada número de trabajadores."""
        return [p.speedup(variant) for p in self.points]

    def serial_fraction(self, variant: str) -> float:
        """Fracción serie experimental (Karp–Flatt) que mejor explica la curva de ``variant``."""
        if max(self.workers) < 2:
            raise ValueError("hace falta medir con al menos 2 trabajadores para ajustar Amdahl")
        return laws.fit_amdahl(self.workers, self.speedups(variant))

    def pool_vs_ceiling(self) -> list[float]:
        """Cociente ``procesos / techo`` (de medianas) en cada número de trabajadores."""
        return [p.speedup("procesos") / p.speedup("techo") for p in self.points]

    def table(self, caption: str = "") -> Table:
        """Tabla de aceleraciones: trabajadores, ideal y cada variante."""
        headers = ["trabajadores", "ideal", *self.variants]
        rows: list[list[object]] = [
            [p.workers, fmt.ratio(p.workers), *(fmt.ratio(p.speedup(v)) for v in self.variants)]
            for p in self.points
        ]
        if {"procesos", "techo"} <= set(self.variants):
            headers.append("procesos/techo")
            for row, ratio in zip(rows, self.pool_vs_ceiling(), strict=True):
                row.append(fmt.number(ratio, 2))
        return Table(headers, rows, caption)

    def _spreads(self) -> list[list[float]]:
        return [
            [p.baseline.relative_spread, *(p.variants[v].relative_spread for v in self.variants)]
            for p in self.points
        ]

    def max_spread(self) -> float:
        """La mayor dispersión relativa (RIC / mediana, fracción) de todas las mediciones."""
        return max(max(row) for row in self._spreads())

    def spread_table(self, caption: str = "") -> Table:
        """Dispersión de cada medición: rango intercuartílico relativo a la mediana, en %.

        Una aceleración es un cociente de medianas; si la dispersión de ``uno`` o de
        una variante es grande, su aceleración se lee con esa incertidumbre.
        """
        headers = ["trabajadores", "uno", *self.variants]
        rows = [
            [p.workers, *(fmt.percent(x) for x in row)]
            for p, row in zip(self.points, self._spreads(), strict=True)
        ]
        return Table(headers, rows, caption)

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
                    "busy": p.busy,
                }
                for p in self.points
            ],
        }


def _check_variants(variants: Sequence[str]) -> None:
    check_sequence("variants", variants, lambda n, v: check_choice(n, v, VARIANTS))


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
    la ronda de calentamiento arranca los procesos del *pool*. Los procesos del techo
    se arrancan y calientan antes, fuera de la medición.
    """
    if not callable(task):
        raise TypeError(f"task debe ser invocable; se recibió {type(task).__name__}")
    check_sequence("workers", workers, lambda n, v: check_int(n, v, 1), what="enteros")
    _check_variants(variants)
    check_int("warmup", warmup, 1)
    context = multiprocessing.get_context()
    points = []
    with blas.limit(1):
        for n in workers:
            with ExitStack() as stack:
                fns: dict[str, Task] = {"uno": task}
                ceiling: WarmCeiling | None = None
                if "techo" in variants:
                    ceiling = stack.enter_context(WarmCeiling(task, n, context=context))
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
            if ceiling is not None:  # cada trabajador cronometra su porción: sin reparto
                kept = tuple(ceiling.samples_ns[-len(baseline.samples_ns) :])
                measured["techo"] = measure.Measurement(
                    "techo", kept, baseline.warmup, load=baseline.load
                )
            points.append(
                ScalingPoint(n, baseline, {v: measured[v] for v in VARIANTS if v in measured})
            )
    return ScalingResult(workload, tuple(points))

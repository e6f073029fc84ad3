"""El PLINQ de Python: *pools* de procesos, ``chunksize``, granularidad y reparto.

``ProcessPoolExecutor.map`` y ``multiprocessing.Pool`` reparten una función sobre una
colección entre procesos (cada uno con su intérprete y su GIL). Lo que decide si
compensa:

- :func:`scaling`: aceleración con 1…N procesos para un trabajo fijo, contando el
  arranque del *pool* (la parte serie que verá Amdahl).
- :func:`chunksize_effect`: muchas tareas pequeñas; enviarlas de una en una
  (``chunksize=1``) paga una ida y vuelta por tarea; en lotes, una por lote.
- :func:`granularity_effect`: el mismo trabajo total partido en más o menos tareas.
- :func:`skew_effect`: tareas desiguales (tamaños sembrados con cola larga): reparto
  **estático** en bloques grandes frente a reparto **dinámico** (``imap_unordered``
  con ``chunksize=1``).

Los trabajadores son :func:`dadsbook.workloads.python_spin` (Python puro: con hilos
no aceleraría nada).
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np

from dadsbook import fmt, measure, verdict
from dadsbook.software import ranking
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, check_sequence
from dadsbook.workloads import python_spin

__all__ = [
    "Comparison",
    "chunksize_effect",
    "granularity_effect",
    "processes",
    "random_sizes",
    "scaling",
    "skew_effect",
    "static_imbalance",
]


@dataclass(frozen=True)
class Comparison:
    """Tiempos de varias variantes frente a la ejecución en serie."""

    serial: measure.Measurement
    variants: dict[str, measure.Measurement]

    def speedups(self) -> dict[str, float]:
        """Aceleración de cada variante respecto a la serie (cociente de medianas)."""
        return {k: measure.speedup(self.serial, v) for k, v in self.variants.items()}

    def verdict(self, name: str) -> verdict.Verdict:
        """Veredicto de la variante ``name`` frente a la serie (``"menor"``: más rápida)."""
        check_choice("name", name, self.variants)
        return verdict.compare(
            self.variants[name],
            self.serial,
            a_label=f"«{name}»",
            b_label="la serie",
            more="más lento",
            less="más rápido",
        )

    def best(self) -> ranking.Ranking:
        """La variante más rápida, si lo es de forma medible (si no, las que empatan con ella)."""
        return ranking.best(self.variants)

    def table(self, caption: str = "") -> Table:
        """Una fila por variante: mediana, rango intercuartílico, aceleración y veredicto."""
        rows = [("serie", fmt.seconds(self.serial.median_s), _iqr(self.serial), "1×", "—")]
        rows += [
            (
                name,
                fmt.seconds(m.median_s),
                _iqr(m),
                fmt.ratio(measure.speedup(self.serial, m)),
                _cell(self.verdict(name)),
            )
            for name, m in self.variants.items()
        ]
        return Table(
            ("variante", "mediana", "RIC", "aceleración", "frente a la serie (veredicto)"),
            rows,
            caption,
        )


def _cell(v: verdict.Verdict) -> str:
    return v.pick(mayor="más lenta", menor="más rápida", igual=f"no decide: {v.reason}")


def _iqr(m: measure.Measurement) -> str:
    return f"{fmt.seconds(m.q1_s)}–{fmt.seconds(m.q3_s)}"


def _serial(sizes: Sequence[int]) -> None:
    for size in sizes:
        python_spin(size)


def _check_sizes(sizes: Sequence[int]) -> None:
    check_sequence("sizes", sizes, lambda n, v: check_int(n, v, 1, 10**9), what="tareas")


def _map_fresh_pool(workers: int, sizes: Sequence[int]) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(python_spin, sizes))


def processes(n: int) -> str:
    """Nombre de la variante de :func:`scaling` con ``n`` procesos.

    >>> processes(1), processes(4)
    ('1 proceso', '4 procesos')
    """
    check_int("n", n, 1, 256)
    return "1 proceso" if n == 1 else f"{n} procesos"


def scaling(
    sizes: Sequence[int],
    workers: Sequence[int],
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> Comparison:
    """Aceleración de ``ProcessPoolExecutor.map`` con cada número de procesos.

    Cada medición crea el *pool*, reparte ``sizes`` y lo cierra: el arranque cuenta.
    Las variantes se llaman como dice :func:`processes`.
    """
    _check_sizes(sizes)
    for n in workers:
        check_int("workers", n, 1, 256)
    fns = {"serie": partial(_serial, sizes)}
    fns |= {processes(n): partial(_map_fresh_pool, n, sizes) for n in workers}
    results = measure.compare(fns, repeats=repeats, warmup=warmup)
    return Comparison(results.pop("serie"), results)


def _compare_on_pool(
    workers: int,
    sizes_by_variant: Mapping[str, tuple[Sequence[int], int]],
    serial_sizes: Sequence[int],
    repeats: int | None,
    warmup: int | None,
) -> Comparison:
    check_int("workers", workers, 1, 256)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(python_spin, [1] * workers))  # arranca los procesos antes de medir

        def run(sizes: Sequence[int], chunk: int) -> None:
            list(pool.map(python_spin, sizes, chunksize=chunk))

        fns = {"serie": partial(_serial, serial_sizes)}
        fns |= {k: partial(run, s, c) for k, (s, c) in sizes_by_variant.items()}
        results = measure.compare(fns, repeats=repeats, warmup=warmup)
    return Comparison(results.pop("serie"), results)


def chunksize_effect(
    tasks: int,
    size: int,
    chunksizes: Sequence[int],
    workers: int,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> Comparison:
    """``tasks`` tareas iguales de ``size`` iteraciones con cada ``chunksize``.

    El *pool* se arranca antes de medir: solo cuenta el reparto.
    """
    check_int("tasks", tasks, 1, 1_000_000)
    check_int("size", size, 1, 10**9)
    for c in chunksizes:
        check_int("chunksizes", c, 1, 1_000_000)
    sizes = [size] * tasks
    variants = {f"chunksize={c}": (sizes, c) for c in chunksizes}
    return _compare_on_pool(workers, variants, sizes, repeats, warmup)


def granularity_effect(
    total: int,
    task_counts: Sequence[int],
    workers: int,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> Comparison:
    """El mismo trabajo ``total`` partido en cada número de tareas de ``task_counts``."""
    check_int("total", total, 1, 10**10)
    variants: dict[str, tuple[Sequence[int], int]] = {}
    for count in task_counts:
        check_int("task_counts", count, 1, min(total, 1_000_000))
        variants[f"{count} tareas"] = ([total // count] * count, 1)
    return _compare_on_pool(workers, variants, [total], repeats, warmup)


def random_sizes(seed: int, count: int, mean: int, sigma: float = 1.2) -> list[int]:
    """Tamaños de tarea con cola larga (log-normal), reproducibles con ``seed``.

    La media es aproximadamente ``mean``; ``sigma`` controla lo desiguales que son.

    >>> random_sizes(3, 4, 1000)
    [5635, 22, 803, 246]
    """
    check_int("seed", seed, 0, 2**63)
    check_int("count", count, 1, 1_000_000)
    check_int("mean", mean, 1, 10**9)
    check_number("sigma", sigma, 0, 4)
    rng = np.random.default_rng(seed)
    raw = rng.lognormal(mean=0.0, sigma=sigma, size=count)
    scale = mean / math.exp(sigma**2 / 2)  # media de la log-normal: e^(σ²/2)
    return [max(1, int(x * scale)) for x in raw]


def static_chunk(count: int, workers: int) -> int:
    """El ``chunksize`` de un reparto estático: un solo bloque por trabajador."""
    check_int("count", count, 1, 10**9)
    check_int("workers", workers, 1, 256)
    return math.ceil(count / workers)


def static_imbalance(sizes: Sequence[int], workers: int) -> float:
    """Cuánto más carga el bloque más pesado que el reparto perfecto (1,0 = equilibrado).

    >>> static_imbalance([4, 1, 1, 2], 2)
    1.25
    """
    _check_sizes(sizes)
    chunk = static_chunk(len(sizes), workers)
    loads = [sum(sizes[i : i + chunk]) for i in range(0, len(sizes), chunk)]
    return max(loads) / (sum(sizes) / workers)


def _imap(pool: multiprocessing.pool.Pool, sizes: Sequence[int], chunk: int) -> None:
    for _ in pool.imap_unordered(python_spin, sizes, chunksize=chunk):
        pass


def skew_effect(
    sizes: Sequence[int],
    workers: int,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> Comparison:
    """Tareas desiguales con ``multiprocessing.Pool``: reparto estático frente a dinámico.

    - **estático**: ``chunksize`` = tareas / trabajadores, un bloque por trabajador;
    - **dinámico**: ``imap_unordered`` con ``chunksize=1``: quien acaba pide otra;
    - **dinámico, grandes primero**: lo mismo con las tareas ordenadas de mayor a menor.
    """
    _check_sizes(sizes)
    check_int("workers", workers, 1, 256)
    ordered = sorted(sizes, reverse=True)
    chunk = static_chunk(len(sizes), workers)
    pool = multiprocessing.get_context().Pool(processes=workers)
    try:
        pool.map(python_spin, [1] * workers)
        results = measure.compare(
            {
                "serie": partial(_serial, sizes),
                "estático": partial(_imap, pool, sizes, chunk),
                "dinámico": partial(_imap, pool, sizes, 1),
                "dinámico, grandes primero": partial(_imap, pool, ordered, 1),
            },
            repeats=repeats,
            warmup=warmup,
        )
    finally:
        pool.close()
        pool.join()
    return Comparison(results.pop("serie"), results)

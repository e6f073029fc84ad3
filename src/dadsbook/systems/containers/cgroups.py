"""Control de ancho de banda de CFS: cómo un límite de CPU se convierte en latencia.

Un límite de CPU de un contenedor (``resources.limits.cpu`` en Kubernetes,
``--cpus`` en Docker) no reparte la CPU «a ritmo constante»: el núcleo de Linux da
al cgroup una **cuota** de tiempo de CPU por cada **periodo** (en cgroup v1,
``cpu.cfs_quota_us`` por ``cpu.cfs_period_us``; en cgroup v2, el fichero ``cpu.max``
con dos números en microsegundos, cuota y periodo, p. ej. ``50000 100000``; 100 ms de
periodo por omisión). Cuando los hilos del grupo gastan la cuota, el grupo queda
**estrangulado** (*throttled*) hasta que empieza el periodo siguiente, aunque la
máquina tenga núcleos libres. Lo que no se gasta en un periodo no se guarda para el
siguiente, salvo que se fije ``cpu.max.burst`` (``cpu.cfs_burst_us`` en v1; Linux ≥
5.14), que deja acumular hasta ese tanto de cuota sin gastar; aquí vale 0, el valor
por omisión.

El modelo descuenta la cuota de una sola bolsa. El núcleo real la reparte por CPU: cada
CPU toma de la bolsa global porciones de ``sched_cfs_bandwidth_slice_us`` (5 ms por
omisión) y las gasta localmente, así que un grupo con hilos en muchas CPU puede quedar
estrangulado en una mientras en otra le sobra un resto de porción.

:func:`run_request` simula una petición que necesita ``cpu_ms`` de CPU con ``threads``
hilos ejecutables bajo una cuota ``quota_ms`` por ``period_ms``; :func:`run_stream`
encadena peticiones que llegan en instantes dados y atiende una cada vez (FIFO). El
algoritmo es el de la documentación del núcleo (``Documentation/scheduler/
sched-bwc.rst``): la cuota se recarga entera al principio de cada periodo.

>>> r = run_request(50, quota_ms=20, period_ms=100)
>>> r.latency_ms, r.throttled_periods
(210.0, 2)
>>> run_request(50, quota_ms=100, period_ms=100).latency_ms
50.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dadsbook import fmt, stats
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "CfsProblem",
    "RequestRun",
    "Segment",
    "StreamResult",
    "quota_sweep",
    "random_cfs_problem",
    "run_request",
    "run_stream",
    "runs_table",
    "sweep_table",
]

_EPS = 1e-9


@dataclass(frozen=True)
class Segment:
    """Un tramo de la línea de tiempo: ``kind`` es ``"ejecuta"`` o ``"estrangulado"``."""

    kind: str
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class RequestRun:
    """Una petición atendida bajo la cuota: latencia, CPU y periodos estrangulados."""

    arrival_ms: float
    start_ms: float
    end_ms: float
    cpu_ms: float
    throttled_periods: int
    segments: tuple[Segment, ...]

    @property
    def latency_ms(self) -> float:
        """Desde la llegada hasta el final (cola incluida)."""
        return self.end_ms - self.arrival_ms

    @property
    def throttled_ms(self) -> float:
        """Tiempo que la petición pasó estrangulada."""
        return sum(s.end_ms - s.start_ms for s in self.segments if s.kind == "estrangulado")

    def as_dict(self) -> dict[str, object]:
        """Versión JSON de la petición."""
        return {
            "arrival_ms": self.arrival_ms,
            "latency_ms": self.latency_ms,
            "cpu_ms": self.cpu_ms,
            "throttled_periods": self.throttled_periods,
            "throttled_ms": self.throttled_ms,
        }


class _Cgroup:
    """Estado del cgroup: instante, índice de periodo y cuota que queda en él."""

    def __init__(self, quota_ms: float, period_ms: float, threads: int) -> None:
        self.quota = quota_ms
        self.period = period_ms
        self.rate = float(threads)  # ms de CPU que se gastan por ms de reloj
        self.t = 0.0
        self.k = 0
        self.budget = quota_ms

    def idle_until(self, t: float) -> None:
        if t <= self.t:
            return
        k = int(t // self.period)
        if (k + 1) * self.period <= t:
            k += 1
        elif k * self.period > t:
            k -= 1
        if k > self.k:
            self.k, self.budget = k, self.quota
        self.t = t

    def run(self, work: float) -> tuple[list[Segment], int]:
        segments: list[Segment] = []
        throttled = 0
        while work > _EPS:
            period_end = (self.k + 1) * self.period
            if self.budget <= _EPS:
                segments.append(Segment("estrangulado", self.t, period_end))
                throttled += 1
            else:
                span = min(work, self.budget) / self.rate
                span = min(span, period_end - self.t)
                segments.append(Segment("ejecuta", self.t, self.t + span))
                self.t += span
                work -= span * self.rate
                self.budget -= span * self.rate
                if period_end - self.t > _EPS:
                    continue
            self.t, self.k, self.budget = period_end, self.k + 1, self.quota
        return segments, throttled


def run_request(
    cpu_ms: float, *, quota_ms: float, period_ms: float = 100.0, threads: int = 1
) -> RequestRun:
    """Una petición aislada que llega al principio de un periodo con la cuota entera.

    Con ``threads`` hilos la petición gasta ``threads`` ms de cuota por ms de reloj
    (se reparte entre hilos, cada uno con ``cpu_ms / threads``): por eso un proceso
    con muchos hilos agota la cuota antes y sufre estrangulamientos más largos.
    """
    return run_stream(
        [0.0], [cpu_ms], quota_ms=quota_ms, period_ms=period_ms, threads=threads
    ).requests[0]


@dataclass(frozen=True)
class StreamResult:
    """Peticiones encadenadas bajo una misma cuota."""

    quota_ms: float
    period_ms: float
    threads: int
    requests: tuple[RequestRun, ...]

    def latencies_ms(self) -> np.ndarray:
        """Latencias de todas las peticiones, en ms."""
        return np.array([r.latency_ms for r in self.requests])

    def percentile_ms(self, q: float) -> float:
        """Percentil ``q`` (0–100) de la latencia (:func:`dadsbook.stats.percentile`)."""
        return stats.percentile(self.latencies_ms(), q)

    @property
    def throttled_fraction(self) -> float:
        """Fracción de peticiones que sufrieron al menos un estrangulamiento."""
        return sum(r.throttled_periods > 0 for r in self.requests) / len(self.requests)

    def as_dict(self) -> dict[str, object]:
        """Versión JSON: parámetros y percentiles."""
        return {
            "quota_ms": self.quota_ms,
            "period_ms": self.period_ms,
            "threads": self.threads,
            "requests": len(self.requests),
            "p50_ms": self.percentile_ms(50),
            "p99_ms": self.percentile_ms(99),
            "throttled_fraction": self.throttled_fraction,
        }


def run_stream(
    arrivals_ms: Sequence[float],
    cpu_ms: Sequence[float],
    *,
    quota_ms: float,
    period_ms: float = 100.0,
    threads: int = 1,
) -> StreamResult:
    """Atiende en orden de llegada peticiones con la CPU que pide cada una.

    >>> s = run_stream([0, 10], [30, 30], quota_ms=40, period_ms=100)
    >>> [round(r.latency_ms) for r in s.requests]
    [30, 110]
    """
    quota = check_number("quota_ms", quota_ms, positive=True)
    period = check_number("period_ms", period_ms, positive=True)
    n_threads = check_int("threads", threads, 1, 256)
    if len(arrivals_ms) != len(cpu_ms) or not arrivals_ms:
        raise ValueError(
            "arrivals_ms y cpu_ms deben tener la misma longitud, al menos 1; se recibieron "
            f"{len(arrivals_ms)} y {len(cpu_ms)}"
        )
    previous = 0.0
    for a in arrivals_ms:
        check_number("arrivals_ms", a)
        if a < previous:
            raise ValueError("arrivals_ms debe estar ordenada de menor a mayor")
        previous = a
    group = _Cgroup(quota, period, n_threads)
    runs: list[RequestRun] = []
    for arrival, work in zip(arrivals_ms, cpu_ms, strict=True):
        work_ms = check_number("cpu_ms", work, positive=True)
        group.idle_until(float(arrival))
        start = group.t
        segments, throttled = group.run(work_ms)
        runs.append(RequestRun(float(arrival), start, group.t, work_ms, throttled, tuple(segments)))
    return StreamResult(quota, period, n_threads, tuple(runs))


@dataclass(frozen=True)
class CfsProblem:
    """Un problema aleatorio: llegadas de Poisson y CPU exponencial por petición."""

    seed: int
    arrivals_ms: tuple[float, ...]
    cpu_ms: tuple[float, ...]
    period_ms: float

    @property
    def offered_cpus(self) -> float:
        """CPU media pedida por ms de reloj (núcleos que haría falta de media)."""
        return sum(self.cpu_ms) / max(self.arrivals_ms[-1], 1.0)

    def as_dict(self) -> dict[str, object]:
        """Versión JSON del problema."""
        return {
            "seed": self.seed,
            "requests": len(self.arrivals_ms),
            "period_ms": self.period_ms,
            "offered_cpus": self.offered_cpus,
        }


def random_cfs_problem(
    seed: int,
    *,
    requests: int = 200,
    mean_cpu_ms: float = 20.0,
    mean_gap_ms: float = 80.0,
    period_ms: float = 100.0,
) -> CfsProblem:
    """Peticiones con llegadas de Poisson (hueco medio ``mean_gap_ms``) y CPU exponencial.

    >>> p = random_cfs_problem(1, requests=5)
    >>> len(p.arrivals_ms), p.arrivals_ms == random_cfs_problem(1, requests=5).arrivals_ms
    (5, True)
    """
    check_int("requests", requests, 1, 10**6)
    cpu = check_number("mean_cpu_ms", mean_cpu_ms, positive=True)
    gap = check_number("mean_gap_ms", mean_gap_ms, positive=True)
    period = check_number("period_ms", period_ms, positive=True)
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(gap, requests))
    work = np.maximum(rng.exponential(cpu, requests), 0.1)
    return CfsProblem(
        seed, tuple(float(a) for a in arrivals), tuple(float(w) for w in work), period
    )


def quota_sweep(
    problem: CfsProblem, quotas_ms: Sequence[float], *, threads: int = 1
) -> dict[float, StreamResult]:
    """El mismo problema con cada cuota de ``quotas_ms``."""
    if not quotas_ms:
        raise ValueError("quotas_ms debe contener al menos una cuota")
    return {
        float(q): run_stream(
            problem.arrivals_ms,
            problem.cpu_ms,
            quota_ms=q,
            period_ms=problem.period_ms,
            threads=threads,
        )
        for q in quotas_ms
    }


def runs_table(runs: Mapping[str, RequestRun]) -> Table:
    """Una fila por configuración: latencia, tiempo estrangulado y periodos estrangulados.

    >>> print(runs_table({"200m": run_request(50, quota_ms=20)}))
    límite | latencia | estrangulada | periodos estrangulados
    -------+----------+--------------+-----------------------
    200m   | 210 ms   | 160 ms       | 2
    """
    return Table(
        ("límite", "latencia", "estrangulada", "periodos estrangulados"),
        [
            (
                name,
                f"{fmt.number(run.latency_ms)} ms",
                f"{fmt.number(run.throttled_ms)} ms",
                fmt.number(run.throttled_periods),
            )
            for name, run in runs.items()
        ],
    )


def sweep_table(results: Mapping[float, StreamResult]) -> Table:
    """Una fila por cuota: núcleos, latencia p50 y p99 y peticiones estranguladas."""
    return Table(
        ("cuota por periodo", "núcleos", "p50", "p99", "estranguladas"),
        [
            (
                f"{fmt.number(q)} ms",
                fmt.number(q / r.period_ms),
                f"{fmt.number(r.percentile_ms(50))} ms",
                f"{fmt.number(r.percentile_ms(99))} ms",
                fmt.percent(r.throttled_fraction, 0),
            )
            for q, r in results.items()
        ],
    )

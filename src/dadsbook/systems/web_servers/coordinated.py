"""El experimento de la omisión coordinada: lazo cerrado frente a lazo abierto, y la rodilla.

:func:`study` arranca gunicorn ``sync`` (un proceso por petición en curso: una cola
FIFO con ``c`` servidores, la forma de M/M/c) con :func:`launch.serve`, y en el mismo
bloque:

1. mide su **capacidad** con el generador de lazo cerrado a saturación
   (:func:`load.run_load`, varias ventanas; la mediana);
2. con un proceso, recorre a ``gap_load`` (80 %) de esa capacidad el mismo
   calendario de Poisson en lazo **cerrado** y en lazo **abierto**, ``repeats`` veces
   intercaladas (alternando cuál va primero), para que el veredicto compare los p99;
3. para la **rodilla**, carga en lazo abierto a varias fracciones de la capacidad,
   con uno y con ``c`` procesos, y guarda el p99 de cada ventana junto al que predice
   M/M/1 o M/M/c (:mod:`~dadsbook.systems.web_servers.queueing`) con la capacidad
   medida.

Las ventanas corren bajo el cerrojo de medición (:func:`dadsbook.measure.exclusive_async`),
que anota lo ocupada que estaba la máquina; arrancar y parar gunicorn, fuera de él. Al
salir, los servidores ya están parados.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt, measure, stats
from dadsbook.systems.web_servers import launch, queueing
from dadsbook.systems.web_servers.load import run_load, window_median
from dadsbook.systems.web_servers.openloop import (
    Mode,
    Schedule,
    ScheduledResult,
    poisson_schedule,
    run_schedule,
)
from dadsbook.tables import Table
from dadsbook.validation import check_fraction, check_int, check_sequence

__all__ = ["KneePoint", "Study", "spread", "study"]

_MAX_REPEATS = 50


def spread(values: Sequence[float]) -> tuple[float, float]:
    """Rango intercuartílico (con menos de 4 valores, el mínimo y el máximo)."""
    finite = stats.finite(values)
    if not finite:
        return math.nan, math.nan
    if len(finite) < 4:
        return min(finite), max(finite)
    q1, _, q3 = stats.quartiles(finite)
    return q1, q3


@dataclass(frozen=True)
class KneePoint:
    """Lazo abierto a una fracción ``load`` de la capacidad con ``workers`` procesos.

    ``service_rate`` es la capacidad medida justo antes, dividida entre los procesos.
    """

    workers: int
    load: float
    rate: float
    service_rate: float
    windows: tuple[ScheduledResult, ...]

    @property
    def p99_samples(self) -> list[float]:
        """p99 de cada ventana (ms)."""
        return [w.p99_ms for w in self.windows]

    @property
    def p99_ms(self) -> float:
        """Mediana, entre ventanas, del p99 (ms)."""
        return window_median(self.p99_samples)

    @property
    def p99_services(self) -> list[float]:
        """p99 de cada ventana en tiempos de servicio medios (p99 × μ)."""
        return [x * self.service_rate / 1000 for x in self.p99_samples]

    @property
    def model_p99_ms(self) -> float:
        """p99 que predice M/M/c con la capacidad medida (ms); ``nan`` si no es estable."""
        if self.rate >= self.workers * self.service_rate:
            return math.nan
        return 1000 * queueing.response_quantile(99, self.rate, self.service_rate, self.workers)


@dataclass(frozen=True)
class Study(measure.WithLoad):
    """Capacidades, las ventanas de lazo cerrado y abierto, y la rodilla."""

    capacity: dict[int, tuple[float, ...]]
    closed: tuple[ScheduledResult, ...]
    open: tuple[ScheduledResult, ...]
    knee: tuple[KneePoint, ...]
    gap_load: float
    clients: int
    mean_iterations: int
    window_s: float
    load: measure.Load | None = None

    @property
    def workers(self) -> list[int]:
        """Números de procesos medidos, en orden."""
        return sorted(self.capacity)

    def capacity_rps(self, workers: int) -> float:
        """Capacidad medida con ``workers`` procesos: mediana de las ventanas (pet/s)."""
        return window_median(self.capacity[workers])

    @property
    def gap_rate(self) -> float:
        """Llegadas por segundo del calendario de la comparación."""
        return self.gap_load * self.capacity_rps(self.workers[0])

    @property
    def closed_p99(self) -> list[float]:
        """p99 de cada ventana en lazo cerrado, desde el envío real (ms)."""
        return [w.p99_ms for w in self.closed]

    @property
    def open_p99(self) -> list[float]:
        """p99 de cada ventana en lazo abierto, desde el instante previsto (ms)."""
        return [w.p99_ms for w in self.open]

    @property
    def closed_p99_intended(self) -> list[float]:
        """p99 de las ventanas de lazo cerrado medido desde el instante previsto (ms)."""
        return [w.p99_intended_ms for w in self.closed]

    def model(self, workers: int, load: float) -> queueing.QueueMetrics:
        """M/M/c con la capacidad medida con ``workers`` procesos y carga ``load``."""
        mu = self.capacity_rps(workers) / workers
        return queueing.mmc(load * workers * mu, mu, workers)

    def load_note(self) -> str:
        """Una frase sobre lo ocupada que estaba la máquina."""
        if self.load is None:
            return "no se registró lo ocupada que estaba la máquina"
        if self.load.busy:
            return self.load.describe()
        return (
            "la máquina no estaba ocupada: otros procesos usaron el "
            f"{fmt.percent(self.load.other_cpu, 0)} de la CPU"
        )

    def table(self) -> Table:
        """Las ventanas de la comparación: mediana y dispersión de cada generador."""
        rows = []
        for name, windows in (("lazo cerrado", self.closed), ("lazo abierto", self.open)):
            p99 = [w.p99_ms for w in windows]
            low, high = spread(p99)
            rows.append(
                (
                    name,
                    "envío real" if name == "lazo cerrado" else "instante previsto",
                    fmt.number(sum(w.ok for w in windows)),
                    fmt.number(window_median([w.p50_ms for w in windows]), 1),
                    fmt.number(window_median(p99), 1),
                    f"{fmt.number(low, 1)}–{fmt.number(high, 1)}",
                    fmt.number(sum(w.unsent for w in windows)),
                    fmt.number(sum(w.errors for w in windows)),
                )
            )
        headers = (
            "generador", "latencia desde", "correctas", "p50 (ms)", "p99 (ms, mediana)",
            "p99 (ms, dispersión)", "sin enviar", "errores",
        )  # fmt: skip
        caption = (
            f"{fmt.number(len(self.open))} ventanas de {fmt.seconds(self.window_s)} de cada "
            f"generador, intercaladas, con el mismo calendario de Poisson a "
            f"{fmt.number(self.gap_rate, 0)} llegadas/s ({fmt.percent(self.gap_load, 0)} de la "
            "capacidad medida). La dispersión es el rango intercuartílico (con menos de "
            "cuatro ventanas, mínimo y máximo)."
        )
        return Table(headers, rows, caption=caption)


def _check(workers: Sequence[int], loads: Sequence[float], gap_load: float) -> None:
    check_sequence(
        "workers", workers, lambda n, v: check_int(n, v, 1, launch.MAX_WORKERS), what="enteros"
    )
    check_sequence("loads", loads, check_fraction, what="fracciones de la capacidad")
    check_fraction("gap_load", gap_load)


async def study(
    *,
    workers: Sequence[int],
    loads: Sequence[float],
    gap_load: float = 0.8,
    mean_iterations: int,
    clients: int,
    repeats: int,
    knee_repeats: int,
    window_s: float,
    capacity_windows: int,
    capacity_seconds: float,
    warmup: int,
    seed: int = 0,
    ready_timeout_s: float = 15.0,
) -> Study:
    """Mide capacidad, lazo cerrado frente a abierto (con ``workers[0]`` procesos) y la
    rodilla (con cada número de ``workers``). Los tamaños vienen de la sección
    ``[web_open_loop]`` del perfil."""
    counts = sorted(set(workers))
    _check(counts, loads, gap_load)
    check_int("repeats", repeats, 1, _MAX_REPEATS)
    check_int("knee_repeats", knee_repeats, 1, _MAX_REPEATS)
    check_int("capacity_windows", capacity_windows, 1, _MAX_REPEATS)
    check_int("clients", clients, 1, 1024)
    capacity: dict[int, tuple[float, ...]] = {}
    closed: list[ScheduledResult] = []
    opened: list[ScheduledResult] = []
    knee: list[KneePoint] = []
    requests_cap = 100_000

    async def saturated(server: launch.RunningServer, count: int, warm: int = 0) -> float:
        """Una ventana de lazo cerrado a saturación: la capacidad que da (pet/s)."""
        result = await run_load(
            f"{server.url}/cpu?n={mean_iterations}",
            requests=requests_cap,
            concurrency=2 * count + 2,
            max_seconds=capacity_seconds,
            warmup=warm,
        )
        return result.throughput

    def schedule(rate: float, draw: int) -> Schedule:
        """El calendario de Poisson de una ventana a ``rate`` llegadas/s, con semilla ``draw``."""
        return poisson_schedule(
            rate, requests=requests_cap, max_seconds=window_s, seed=draw,
            mean_iterations=mean_iterations,
        )  # fmt: skip

    probes: list[measure.Load | None] = []
    for count in counts:
        # Arrancar y parar gunicorn no mide nada: fuera del cerrojo de medición.
        with launch.serve("sync", workers=count, ready_timeout_s=ready_timeout_s) as server:
            async with measure.exclusive_async() as probe:
                samples = [
                    await saturated(server, count, 0 if i else warmup)
                    for i in range(capacity_windows)
                ]
                capacity[count] = tuple(samples)
                cap = window_median(samples)
                if not cap > 0:
                    raise RuntimeError(f"gunicorn sync con {count} procesos no atendió nada")
                if count == counts[0]:
                    for rep in range(repeats):
                        gap = schedule(gap_load * cap, seed + rep)
                        order: tuple[Mode, Mode] = (
                            ("cerrado", "abierto") if rep % 2 == 0 else ("abierto", "cerrado")
                        )
                        for mode in order:
                            run = await run_schedule(server.url, gap, mode=mode, clients=clients)
                            (closed if mode == "cerrado" else opened).append(run)
                for load in loads:
                    # La capacidad se vuelve a medir justo antes de cada carga: en una
                    # máquina compartida cambia durante la celda.
                    local = await saturated(server, count) or cap
                    windows = [
                        await run_schedule(
                            server.url, schedule(load * local, seed + 1000 + rep), mode="abierto"
                        )
                        for rep in range(knee_repeats)
                    ]
                    point = KneePoint(
                        count, float(load), load * local, local / count, tuple(windows)
                    )
                    knee.append(point)
            probes.append(probe.load)
    return Study(
        capacity=capacity,
        closed=tuple(closed),
        open=tuple(opened),
        knee=tuple(knee),
        gap_load=float(gap_load),
        clients=clients,
        mean_iterations=mean_iterations,
        window_s=float(window_s),
        load=measure.Load.combine(probes),
    )

"""Funciones bajo demanda (*serverless*): escalar por evento, con arranques en frío.

Modelo inspirado en Azure Functions y AWS Lambda: cada evento necesita una instancia
con un hueco libre. Si hay una caliente con hueco, se ejecuta ya; si no, y no se ha
llegado al máximo de instancias, se arranca una nueva y el evento paga el **arranque
en frío**; si se está en el máximo, el evento espera en cola. Cada instancia atiende
hasta ``concurrency`` eventos a la vez y se recicla tras ``keep_alive_s`` sin trabajo.

Las plataformas reales añaden matices (el controlador de escalado de Azure Functions
decide cada cierto tiempo, no por evento; Lambda cobra por milisegundo), pero la
dinámica que importa aquí es la de la documentación de ambas: concurrencia por
instancia, un límite de escalado y el coste del arranque en frío.

>>> r = simulate_serverless(ServerlessConfig(), rate_per_s=5, duration_s=60, seed=1)
>>> r.events == len(r.latencies_s) and r.cold_starts >= 1
True
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

import simpy

from dadsbook.systems.cloud.stats import check_positive, check_positive_int, percentile
from dadsbook.tables import Table

__all__ = [
    "ServerlessConfig",
    "ServerlessResult",
    "bursty_rate",
    "simulate_serverless",
    "summary_table",
]


@dataclass(frozen=True)
class ServerlessConfig:
    """Parámetros de la plataforma y de la función."""

    cold_start_s: float = 1.5
    execution_s: float = 0.2
    concurrency: int = 1
    max_instances: int = 20
    keep_alive_s: float = 60.0

    def __post_init__(self) -> None:
        check_positive("cold_start_s", self.cold_start_s, allow_zero=True)
        check_positive("execution_s", self.execution_s)
        check_positive_int("concurrency", self.concurrency)
        check_positive_int("max_instances", self.max_instances)
        check_positive("keep_alive_s", self.keep_alive_s)


@dataclass(frozen=True)
class ServerlessResult:
    """Latencias, arranques en frío e instancias a lo largo del tiempo."""

    config: ServerlessConfig
    latencies_s: tuple[float, ...]
    cold_starts: int
    instances: tuple[tuple[float, int], ...] = field(repr=False)
    instance_seconds: float

    @property
    def events(self) -> int:
        """Eventos atendidos."""
        return len(self.latencies_s)

    @property
    def p50_s(self) -> float:
        """Mediana de la latencia."""
        return percentile(self.latencies_s, 50)

    @property
    def p99_s(self) -> float:
        """Percentil 99 de la latencia."""
        return percentile(self.latencies_s, 99)

    @property
    def peak_instances(self) -> int:
        """Máximo de instancias vivas a la vez."""
        return max((n for _, n in self.instances), default=0)

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "events": self.events,
            "cold_starts": self.cold_starts,
            "p50_s": self.p50_s,
            "p99_s": self.p99_s,
            "peak_instances": self.peak_instances,
            "instance_seconds": self.instance_seconds,
        }


def bursty_rate(t: float, base: float, burst: float, period_s: float = 120.0) -> float:
    """Tasa de llegada con ráfagas: ``burst`` eventos/s durante el primer cuarto de cada
    periodo y ``base`` el resto."""
    return burst if (t % period_s) < period_s / 4 else base


@dataclass
class _Instance:
    ready_at: float
    busy: int = 0
    idle_since: float = 0.0
    alive: bool = True


def simulate_serverless(
    config: ServerlessConfig,
    *,
    rate_per_s: float,
    duration_s: float,
    seed: int,
    burst_per_s: float | None = None,
) -> ServerlessResult:
    """Simula ``duration_s`` segundos de eventos de Poisson a ``rate_per_s`` por segundo.

    Con ``burst_per_s``, la tasa sube a ese valor un cuarto de cada dos minutos.
    """
    check_positive("rate_per_s", rate_per_s)
    check_positive("duration_s", duration_s)
    if burst_per_s is not None:
        check_positive("burst_per_s", burst_per_s)
    rng = random.Random(seed)
    env = simpy.Environment()
    pool: list[_Instance] = []
    waiting: deque[float] = deque()
    latencies: list[float] = []
    timeline: list[tuple[float, int]] = [(0.0, 0)]
    cold = 0
    alive_seconds = 0.0
    births: dict[int, float] = {}

    def record() -> None:
        timeline.append((env.now, sum(1 for i in pool if i.alive)))

    def run_event(arrived: float, instance: _Instance) -> simpy.events.ProcessGenerator:
        if env.now < instance.ready_at:
            yield env.timeout(instance.ready_at - env.now)
        yield env.timeout(config.execution_s)
        latencies.append(env.now - arrived)
        instance.busy -= 1
        if waiting:
            queued_at = waiting.popleft()
            instance.busy += 1
            env.process(run_event(queued_at, instance))
        elif instance.busy == 0:
            instance.idle_since = env.now
            env.process(reap(instance))

    def reap(instance: _Instance) -> simpy.events.ProcessGenerator:
        idle_mark = instance.idle_since
        yield env.timeout(config.keep_alive_s)
        if instance.alive and instance.busy == 0 and instance.idle_since == idle_mark:
            nonlocal alive_seconds
            instance.alive = False
            alive_seconds += env.now - births.pop(id(instance))
            record()

    def dispatch(arrived: float) -> None:
        nonlocal cold
        live = [i for i in pool if i.alive]
        free = [i for i in live if i.busy < config.concurrency]
        if free:
            chosen = min(free, key=lambda i: (i.ready_at > env.now, -i.busy))
        elif len(live) < config.max_instances:
            chosen = _Instance(ready_at=env.now + config.cold_start_s)
            pool.append(chosen)
            births[id(chosen)] = env.now
            cold += 1
            record()
        else:
            waiting.append(arrived)
            return
        chosen.busy += 1
        env.process(run_event(arrived, chosen))

    def arrivals() -> simpy.events.ProcessGenerator:
        while True:
            rate = (
                rate_per_s if burst_per_s is None else bursty_rate(env.now, rate_per_s, burst_per_s)
            )
            yield env.timeout(rng.expovariate(rate))
            if env.now >= duration_s:
                return
            dispatch(env.now)

    env.process(arrivals())
    env.run()
    alive_seconds += sum(env.now - born for born in births.values())
    record()
    return ServerlessResult(config, tuple(latencies), cold, tuple(timeline), alive_seconds)


def summary_table(runs: Mapping[str, ServerlessResult]) -> Table:
    """Tabla comparativa de varias simulaciones (una fila por configuración)."""
    rows = [
        (
            name,
            r.events,
            r.cold_starts,
            round(r.p50_s, 2),
            round(r.p99_s, 2),
            r.peak_instances,
            round(r.instance_seconds),
        )
        for name, r in runs.items()
    ]
    headers = (
        "configuración", "eventos", "arranques en frío", "p50 (s)", "p99 (s)",
        "pico de instancias", "instancia·s",
    )  # fmt: skip
    return Table(headers, rows, caption="Funciones bajo demanda con ráfagas")

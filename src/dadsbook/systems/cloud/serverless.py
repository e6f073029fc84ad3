"""Funciones bajo demanda (*serverless*): dos maneras de escalar, con arranques en frío.

Cada evento necesita una instancia con un hueco libre; cada instancia atiende hasta
``concurrency`` eventos a la vez y se recicla tras ``keep_alive_s`` sin trabajo. Lo que
cambia de una plataforma a otra es **quién decide arrancar instancias y cuándo**, y el
modelo ofrece las dos formas (``ServerlessConfig.scaling``):

- ``"per_event"``: **por evento, al estilo de AWS Lambda**. Si un evento no encuentra
  hueco y no se ha llegado al máximo, la plataforma arranca en ese momento una
  instancia para él, y ese evento paga el **arranque en frío**. (En Lambda, además,
  cada entorno de ejecución atiende un solo evento a la vez: ``concurrency=1``.)
- ``"controller"``: **con un controlador de escalado, al estilo de Azure Functions**.
  Los eventos sin hueco esperan en cola; un controlador (el *scale controller* de
  Azure) mira la demanda cada ``scale_interval_s`` segundos y añade **como mucho una
  instancia** cada vez. La documentación de Azure («Event-driven scaling in Azure
  Functions») da como mucho una instancia nueva por segundo para disparadores HTTP y
  una cada 30 s para los demás. La concurrencia por instancia es la del plan
  (en Flex Consumption, la concurrencia HTTP por instancia es fija y configurable).

Y dos formas de no pagar arranques en frío, de los planes Premium y Flex Consumption:

- ``always_ready``: instancias **siempre listas**, arrancadas desde el principio y que
  nunca se reciclan (se pagan aunque no trabajen).
- ``prewarmed``: un colchón de instancias **precalentadas** (plan Premium): cuando hace
  falta una instancia, se toma del colchón sin arranque en frío, y el colchón se
  rellena en segundo plano.

Y dos formas de fijar **cuántos eventos atiende cada instancia**
(``ServerlessConfig.concurrency_mode``), las dos de Azure Functions («Concurrency in
Azure Functions»):

- ``"static"``: un número fijo, ``concurrency`` (en Azure, el límite por disparador de
  ``host.json``, como ``maxConcurrentCalls`` de Service Bus).
- ``"dynamic"``: la **concurrencia dinámica** (``dynamicConcurrencyEnabled`` en
  ``host.json``): cada instancia empieza con un evento a la vez y el *host* lo sube
  mientras la ve sana y lo baja si deja de estarlo. Azure no publica su algoritmo; el
  de aquí es un **modelo**: cada ``adjust_interval_s`` segundos, una instancia lista
  cuya carga (eventos en curso / ``capacity``) no pasa de ``healthy_load`` y que está
  llena hasta su límite lo sube en uno (hasta ``concurrency``, que hace de techo); si su
  carga pasa de ``healthy_load``, lo baja en uno (nunca por debajo de 1).

Para que la concurrencia tenga un precio, ``capacity`` dice cuántos eventos ejecuta una
instancia a la vez sin ralentizarse (sus núcleos, o lo que aguanta el servicio que hay
detrás): un evento que empieza con ``b`` eventos en curso en su instancia tarda
``execution_s · max(1, b / capacity)`` (una aproximación del reparto de la CPU que se
fija al empezar). Sin ``capacity`` (``None``), la instancia no se ralentiza nunca.

La cola del modo ``"controller"`` es una sola, delante de todas las instancias: una
idealización (en la plataforma real cada instancia tiene su cola). Los arranques en
frío que se cuentan son las instancias que entraron en servicio arrancando en frío;
rellenar el colchón no cuenta (nadie espera por ello), pero sí cuesta.

>>> r = simulate_serverless(ServerlessConfig(), rate_per_s=5, duration_s=60, seed=1)
>>> r.events == len(r.latencies_s) and r.cold_starts >= 1
True
>>> warm = ServerlessConfig(scaling="controller", always_ready=1, prewarmed=1, concurrency=8)
>>> simulate_serverless(warm, rate_per_s=1, duration_s=60, seed=1).cold_starts
0
>>> dyn = ServerlessConfig(scaling="controller", concurrency_mode="dynamic", capacity=4,
...                        concurrency=16)
>>> r = simulate_serverless(dyn, rate_per_s=20, duration_s=60, seed=1)
>>> r.concurrency[0][1] == 1 and 1 <= max(c for _, c in r.concurrency) <= 16
True
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import simpy

from dadsbook import fmt, stats
from dadsbook.systems._events import Soon
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, check_sequence

__all__ = [
    "CONCURRENCY_MODES",
    "SCALING",
    "ServerlessConfig",
    "ServerlessResult",
    "bursty_rate",
    "by_seed",
    "simulate_serverless",
    "summary_table",
]

#: Formas de escalar: por evento (AWS Lambda) o con controlador (Azure Functions).
SCALING = ("per_event", "controller")
#: Concurrencia por instancia: fija o dinámica (Azure Functions).
CONCURRENCY_MODES = ("static", "dynamic")


@dataclass(frozen=True)
class ServerlessConfig:
    """Parámetros de la plataforma y de la función."""

    cold_start_s: float = 1.5
    execution_s: float = 0.2
    concurrency: int = 1
    max_instances: int = 20
    keep_alive_s: float = 60.0
    scaling: str = "per_event"
    scale_interval_s: float = 1.0
    always_ready: int = 0
    prewarmed: int = 0
    concurrency_mode: str = "static"
    capacity: float | None = None
    healthy_load: float = 0.8
    adjust_interval_s: float = 1.0

    def __post_init__(self) -> None:
        check_number("cold_start_s", self.cold_start_s)
        check_number("execution_s", self.execution_s, positive=True)
        check_int("concurrency", self.concurrency, 1)
        check_int("max_instances", self.max_instances, 1)
        check_number("keep_alive_s", self.keep_alive_s, positive=True)
        check_choice("scaling", self.scaling, SCALING)
        check_number("scale_interval_s", self.scale_interval_s, positive=True)
        check_int("always_ready", self.always_ready, 0)
        check_int("prewarmed", self.prewarmed, 0)
        check_choice("concurrency_mode", self.concurrency_mode, CONCURRENCY_MODES)
        if self.capacity is not None:
            check_number("capacity", self.capacity, positive=True)
        check_number("healthy_load", self.healthy_load, positive=True)
        check_number("adjust_interval_s", self.adjust_interval_s, positive=True)
        if self.always_ready + self.prewarmed > self.max_instances:
            raise ValueError(
                f"always_ready + prewarmed ({self.always_ready + self.prewarmed}) no puede "
                f"superar max_instances ({self.max_instances})"
            )


@dataclass(frozen=True)
class ServerlessResult(stats.LatencyTail):
    """Latencias, arranques en frío e instancias a lo largo del tiempo."""

    config: ServerlessConfig
    latencies_s: tuple[float, ...]
    cold_starts: int
    instances: tuple[tuple[float, int], ...] = field(repr=False)
    instance_seconds: float
    concurrency: tuple[tuple[float, float], ...] = field(default=(), repr=False)

    @property
    def events(self) -> int:
        """Eventos atendidos."""
        return len(self.latencies_s)

    @property
    def peak_instances(self) -> int:
        """Máximo de instancias vivas a la vez (precalentadas incluidas)."""
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
            "mean_concurrency": self.mean_concurrency,
        }

    @property
    def mean_concurrency(self) -> float:
        """Límite medio de eventos por instancia a lo largo de la simulación.

        Con concurrencia estática es ``concurrency``; con la dinámica, la media en el
        tiempo de la media de los límites de las instancias listas.
        """
        if not self.concurrency:
            return float(self.config.concurrency)
        times = [t for t, _ in self.concurrency]
        if len(times) < 2 or times[-1] == times[0]:
            return self.concurrency[-1][1]
        pairs = itertools.pairwise(self.concurrency)
        area = sum(c * (b - a) for (a, c), (b, _) in pairs)
        return area / (times[-1] - times[0])


def bursty_rate(t: float, base: float, burst: float, period_s: float = 120.0) -> float:
    """Tasa de llegada con ráfagas: ``burst`` eventos/s durante el primer cuarto de cada
    periodo y ``base`` el resto."""
    return burst if (t % period_s) < period_s / 4 else base


@dataclass
class _Instance:
    ready_at: float
    born: float
    busy: int = 0
    idle_since: float = 0.0
    alive: bool = True
    pinned: bool = False
    limit: int = 1


class _Platform:
    """El estado de la simulación: instancias, colchón, cola y contabilidad."""

    def __init__(self, env: simpy.Environment, config: ServerlessConfig) -> None:
        self.env = env
        self.config = config
        self.pool: list[_Instance] = []
        self.running: list[_Instance] = []  # las de ``pool`` vivas, en el mismo orden
        self.buffer: list[_Instance] = []  # precalentadas (listas o calentándose)
        self.waiting: deque[float] = deque()
        self.latencies: list[float] = []
        self.timeline: list[tuple[float, int]] = [(0.0, 0)]
        self.cold = 0
        self.alive_seconds = 0.0
        self.dynamic = config.concurrency_mode == "dynamic"
        self.limits: list[tuple[float, float]] = []

    # --- contabilidad -----------------------------------------------------------
    def live(self) -> list[_Instance]:
        """Las instancias vivas de ``pool``, en su orden (la lista interna: no modificar)."""
        return self.running

    def allocated(self) -> int:
        return len(self.running) + len(self.buffer)

    def limit(self, instance: _Instance) -> int:
        """Eventos a la vez que admite ``instance`` ahora."""
        return instance.limit if self.dynamic else self.config.concurrency

    def execution(self, instance: _Instance) -> float:
        """Lo que tarda un evento que empieza ahora en ``instance`` (ver ``capacity``)."""
        config = self.config
        if config.capacity is None:
            return config.execution_s
        return config.execution_s * max(1.0, instance.busy / config.capacity)

    def record(self) -> None:
        self.timeline.append((self.env.now, self.allocated()))

    def retire(self, instance: _Instance) -> None:
        instance.alive = False
        self.running.remove(instance)
        self.alive_seconds += self.env.now - instance.born
        self.record()

    # --- instancias -------------------------------------------------------------
    def warm_buffer(self) -> None:
        """Rellena el colchón de precalentadas hasta ``prewarmed`` (sin superar el máximo)."""
        config = self.config
        while len(self.buffer) < config.prewarmed and self.allocated() < config.max_instances:
            now = self.env.now
            self.buffer.append(_Instance(ready_at=now + config.cold_start_s, born=now))
            self.record()

    def new_instance(self) -> _Instance | None:
        """Una instancia más en servicio: del colchón si hay una lista; si no, en frío."""
        now = self.env.now
        ready = [i for i in self.buffer if i.ready_at <= now]
        if ready:
            chosen = ready[0]
            self.buffer.remove(chosen)
        elif self.allocated() < self.config.max_instances:
            chosen = _Instance(ready_at=now + self.config.cold_start_s, born=now)
            self.cold += 1
        else:
            return None
        self.pool.append(chosen)
        self.running.append(chosen)
        self.record()
        self.warm_buffer()
        if self.config.scaling == "controller":
            self.on_ready(chosen)
        return chosen

    def start_pinned(self) -> None:
        for _ in range(self.config.always_ready):
            pinned = _Instance(ready_at=0.0, born=0.0, pinned=True)
            self.pool.append(pinned)
            self.running.append(pinned)
        self.record()
        self.warm_buffer()

    # --- eventos ----------------------------------------------------------------
    # Cada evento, cada recolección y cada instancia que se pone en marcha son cadenas de
    # retrollamadas sobre los mismos eventos de SimPy que un proceso (``Soon`` hace de su
    # inicialización): los mismos instantes en el mismo orden, sin un generador por evento.
    def run_event(self, arrived: float, instance: _Instance) -> None:
        """Un evento en ``instance``: espera a que esté lista y se ejecuta."""
        Soon(self.env, lambda _: self._event_start(arrived, instance))

    def _event_start(self, arrived: float, instance: _Instance) -> None:
        env = self.env
        if env.now < instance.ready_at:
            wait = env.timeout(instance.ready_at - env.now)
            wait.callbacks.append(lambda _: self._event_execute(arrived, instance))
        else:
            self._event_execute(arrived, instance)

    def _event_execute(self, arrived: float, instance: _Instance) -> None:
        run = self.env.timeout(self.execution(instance))
        run.callbacks.append(lambda _: self._event_done(arrived, instance))

    def _event_done(self, arrived: float, instance: _Instance) -> None:
        env = self.env
        self.latencies.append(env.now - arrived)
        instance.busy -= 1
        if self.waiting and instance.busy < self.limit(instance):
            instance.busy += 1
            self.run_event(self.waiting.popleft(), instance)
        elif instance.busy == 0 and not instance.pinned:
            instance.idle_since = env.now
            self.reap(instance)

    def reap(self, instance: _Instance) -> None:
        """Recicla ``instance`` si sigue sin trabajo ``keep_alive_s`` después."""
        Soon(self.env, lambda _: self._reap_start(instance))

    def _reap_start(self, instance: _Instance) -> None:
        idle_mark = instance.idle_since
        timer = self.env.timeout(self.config.keep_alive_s)
        timer.callbacks.append(lambda _: self._reap_check(instance, idle_mark))

    def _reap_check(self, instance: _Instance, idle_mark: float) -> None:
        if instance.alive and instance.busy == 0 and instance.idle_since == idle_mark:
            self.retire(instance)

    def on_ready(self, instance: _Instance) -> None:
        """Modo controlador: al estar lista, la instancia toma eventos de la cola."""
        Soon(self.env, lambda _: self._ready_start(instance))

    def _ready_start(self, instance: _Instance) -> None:
        env = self.env
        if env.now < instance.ready_at:
            wait = env.timeout(instance.ready_at - env.now)
            wait.callbacks.append(lambda _: self._ready_take(instance))
        else:
            self._ready_take(instance)

    def _ready_take(self, instance: _Instance) -> None:
        while self.waiting and instance.busy < self.limit(instance):
            instance.busy += 1
            self.run_event(self.waiting.popleft(), instance)
        if instance.busy == 0:
            instance.idle_since = self.env.now
            self.reap(instance)

    def dispatch(self, arrived: float) -> None:
        now = self.env.now
        dynamic, static_limit = self.dynamic, self.config.concurrency
        chosen: _Instance | None = None
        if self.config.scaling == "per_event":
            # la primera con hueco de clave mínima (lista antes que arrancando, más ocupada)
            best = (True, 0)
            for i in self.running:
                if i.busy < (i.limit if dynamic else static_limit):
                    key = (i.ready_at > now, -i.busy)
                    if chosen is None or key < best:
                        chosen, best = i, key
            chosen = chosen or self.new_instance()
        else:
            # la primera lista y con hueco de ``busy`` máximo
            for i in self.running:
                if (
                    i.ready_at <= now
                    and i.busy < (i.limit if dynamic else static_limit)
                    and (chosen is None or i.busy > chosen.busy)
                ):
                    chosen = i
        if chosen is None:
            self.waiting.append(arrived)
            return
        chosen.busy += 1
        self.run_event(arrived, chosen)

    def controller(self, until_s: float) -> simpy.events.ProcessGenerator:
        """Cada ``scale_interval_s``: si la demanda supera la capacidad, una instancia más."""
        config = self.config
        while self.env.now < until_s or self.waiting:
            yield self.env.timeout(config.scale_interval_s)
            live = self.live()
            demand = sum(i.busy for i in live) + len(self.waiting)
            if demand > sum(self.limit(i) for i in live):
                self.new_instance()

    def adjuster(self, until_s: float) -> simpy.events.ProcessGenerator:
        """Concurrencia dinámica: cada ``adjust_interval_s``, cada instancia lista sube o
        baja su límite según su carga (ver el módulo); anota la media de los límites."""
        config = self.config
        capacity = config.capacity
        self.limits.append((0.0, 1.0))
        while self.env.now < until_s or self.waiting:
            yield self.env.timeout(config.adjust_interval_s)
            now = self.env.now
            ready = [i for i in self.live() if i.ready_at <= now]
            for instance in ready:
                load = 0.0 if capacity is None else instance.busy / capacity
                if load > config.healthy_load:
                    instance.limit = max(1, instance.limit - 1)
                elif instance.busy >= instance.limit and instance.limit < config.concurrency:
                    instance.limit += 1
                    while self.waiting and instance.busy < instance.limit:
                        instance.busy += 1
                        self.run_event(self.waiting.popleft(), instance)
            if ready:
                self.limits.append((now, sum(i.limit for i in ready) / len(ready)))


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
    check_number("rate_per_s", rate_per_s, positive=True)
    check_number("duration_s", duration_s, positive=True)
    if burst_per_s is not None:
        check_number("burst_per_s", burst_per_s, positive=True)
    rng = random.Random(seed)
    env = simpy.Environment()
    platform = _Platform(env, config)
    platform.start_pinned()

    # Las llegadas, como retrollamadas encadenadas (ver _Platform): cada una programa la
    # siguiente con la tasa del instante en que llega.
    def next_arrival() -> None:
        rate = rate_per_s if burst_per_s is None else bursty_rate(env.now, rate_per_s, burst_per_s)
        env.timeout(rng.expovariate(rate)).callbacks.append(arrive)

    def arrive(_: simpy.Event) -> None:
        if env.now < duration_s:
            platform.dispatch(env.now)
            next_arrival()

    Soon(env, lambda _: next_arrival())
    if config.scaling == "controller":
        env.process(platform.controller(duration_s))
    if platform.dynamic:
        env.process(platform.adjuster(duration_s))
    env.run()
    end = env.now
    survivors = [i for i in platform.pool if i.alive] + platform.buffer
    platform.alive_seconds += sum(end - i.born for i in survivors)
    platform.record()
    return ServerlessResult(
        config,
        tuple(platform.latencies),
        platform.cold,
        tuple(platform.timeline),
        platform.alive_seconds,
        tuple(platform.limits),
    )


def by_seed(
    configs: Mapping[str, ServerlessConfig],
    *,
    seeds: Sequence[int],
    rate_per_s: float,
    duration_s: float,
    burst_per_s: float | None = None,
) -> dict[str, list[ServerlessResult]]:
    """Cada configuración con cada semilla (la misma carga para todas con la misma semilla).

    Las listas son las repeticiones que compara :func:`dadsbook.verdict.compare`; la
    primera semilla da las simulaciones que se muestran.
    """
    check_sequence("seeds", seeds, check_int, what="semillas")
    return {
        name: [
            simulate_serverless(
                config,
                rate_per_s=rate_per_s,
                duration_s=duration_s,
                seed=seed,
                burst_per_s=burst_per_s,
            )
            for seed in seeds
        ]
        for name, config in configs.items()
    }


def summary_table(runs: Mapping[str, ServerlessResult]) -> Table:
    """Tabla comparativa de varias simulaciones (una fila por configuración)."""
    rows = [
        (
            name,
            fmt.number(r.events),
            fmt.number(r.cold_starts),
            fmt.number(r.p50_s, 2),
            fmt.number(r.p99_s, 2),
            fmt.number(r.peak_instances),
            fmt.number(round(r.instance_seconds)),
        )
        for name, r in runs.items()
    ]
    headers = (
        "configuración", "eventos", "arranques en frío", "p50 (s)", "p99 (s)",
        "pico de instancias", "instancia·s",
    )  # fmt: skip
    return Table(headers, rows, caption="Funciones bajo demanda con ráfagas")

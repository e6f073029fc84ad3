"""Un plan de App Service: instancias detrás de un balanceador, con afinidad ARR o sin ella.

Azure App Service reparte las peticiones de una aplicación entre las instancias de su
plan. Por omisión activa la **afinidad ARR** (*Application Request Routing*): la
primera respuesta lleva una *cookie* (``ARRAffinity``) y las peticiones siguientes del
mismo cliente vuelven a la misma instancia. Es una sesión pegajosa (*sticky session*):
sirve a las aplicaciones que guardan la sesión en la memoria de la instancia, y se
paga de tres maneras que esta simulación hace visibles:

1. **Desequilibrio**: el balanceador solo decide en la primera petición de cada
   sesión; si a una instancia le tocan usuarios pesados, se los queda.
2. **Sesiones perdidas**: si una instancia cae, las sesiones que vivían en su memoria
   se pierden (la *cookie* apunta a una instancia que ya no está y el cliente empieza
   de cero en otra).
3. **Escalado lento de aliviar**: una instancia nueva solo recibe sesiones nuevas; las
   que ya existen siguen en las instancias saturadas hasta que terminan.

Sin afinidad, cada petición va a la instancia con menos peticiones en curso y la
sesión vive fuera (Redis, una base de datos): es el servidor sin estado del capítulo
de servidores web.

La regla de escalado horizontal imita a la del autoescalado de Azure Monitor: cada
``evaluate_s`` mira la utilización media de las instancias en la ventana ``window_s``
y, si pasa de ``scale_out_above``, añade una instancia (lista tras ``warmup_s``) y
espera ``cooldown_s`` antes de volver a actuar.

>>> r = simulate_app_service(AppServiceConfig(duration_s=120, fail_at_s=None), seed=1)
>>> r.completed > 0 and r.lost_sessions == 0
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import simpy

from dadsbook import fmt, stats
from dadsbook.systems._events import Slots
from dadsbook.tables import Table
from dadsbook.validation import check_fraction, check_int, check_number, check_sequence

__all__ = [
    "AppServiceConfig",
    "AppServiceResult",
    "by_seed",
    "simulate_app_service",
    "summary_table",
]

#: Ancho (s) de los tramos en los que se cuenta la utilización de cada instancia.
BIN_S = 30.0


@dataclass(frozen=True)
class AppServiceConfig:
    """Un plan de App Service y su tráfico.

    ``load`` es la fracción de la capacidad de las ``instances`` iniciales que piden
    las sesiones; ``session_sigma`` es la dispersión (lognormal) del peso de cada
    usuario: unos piden páginas ligeras y otros informes pesados.
    """

    instances: int = 3
    affinity: bool = True
    slots: int = 2
    load: float = 0.6
    service_s: float = 0.1
    requests_per_session: float = 30.0
    think_s: float = 2.0
    session_sigma: float = 1.0
    duration_s: float = 900.0
    fail_at_s: float | None = 300.0
    max_instances: int = 6
    scale_out_above: float = 0.7
    window_s: float = 120.0
    evaluate_s: float = 60.0
    cooldown_s: float = 300.0
    warmup_s: float = 60.0

    def __post_init__(self) -> None:
        check_int("instances", self.instances, 1)
        check_int("slots", self.slots, 1)
        check_int("max_instances", self.max_instances, self.instances)
        check_fraction("load", self.load, high=2.0)
        check_fraction("scale_out_above", self.scale_out_above)
        check_number("duration_s", self.duration_s, 0, 86_400, open_low=True)
        for name in ("service_s", "think_s", "window_s", "evaluate_s"):
            check_number(name, getattr(self, name), positive=True)
        for name in ("session_sigma", "cooldown_s", "warmup_s"):
            check_number(name, getattr(self, name))
        check_number("requests_per_session", self.requests_per_session, 1)
        if self.fail_at_s is not None:
            check_fraction("fail_at_s", self.fail_at_s, high=self.duration_s)


@dataclass(frozen=True)
class AppServiceResult(stats.LatencyTail):
    """Lo que pasó en una simulación: latencias, reparto, sesiones y escalado.

    ``failed_requests`` cuenta las peticiones que no se sirvieron: su instancia cayó con
    ellas dentro, o llegaron cuando no había ninguna instancia lista (el 503 que da el
    balanceador de App Service mientras la nueva arranca).
    """

    config: AppServiceConfig
    latencies_s: tuple[float, ...]
    waits_s: tuple[float, ...]
    failed_requests: int
    lost_sessions: int
    sessions: int
    imbalance: float
    added_at_s: tuple[float, ...]
    new_share: float
    fair_share: float
    utilization: tuple[tuple[float, ...], ...] = field(repr=False)

    @property
    def completed(self) -> int:
        """Peticiones atendidas."""
        return len(self.latencies_s)

    @property
    def wait_p99_s(self) -> float:
        """Percentil 99 de la espera en cola (latencia menos servicio): lo que cuesta
        el desequilibrio, sin el peso propio de cada petición."""
        return stats.percentile(self.waits_s, 99, empty=math.nan)

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "affinity": self.config.affinity,
            "completed": self.completed,
            "p99_s": self.p99_s,
            "wait_p99_s": self.wait_p99_s,
            "failed_requests": self.failed_requests,
            "lost_sessions": self.lost_sessions,
            "sessions": self.sessions,
            "imbalance": self.imbalance,
            "added_at_s": list(self.added_at_s),
            "new_share": self.new_share,
            "fair_share": self.fair_share,
        }


@dataclass
class _Instance:
    slots: Slots
    ready_at: float
    alive: bool = True
    in_flight: int = 0
    busy_s: float = 0.0
    served_after: int = 0
    bins: list[float] = field(default_factory=list)


def simulate_app_service(config: AppServiceConfig, *, seed: int) -> AppServiceResult:
    """Simula el plan con sesiones que llegan al azar durante ``config.duration_s``."""
    rng = random.Random(seed)
    env = simpy.Environment()
    bins = math.ceil(config.duration_s / BIN_S)
    fleet: list[_Instance] = []

    def add(ready_at: float) -> None:
        fleet.append(_Instance(Slots(env, config.slots), ready_at, bins=[0.0] * bins))

    for _ in range(config.instances):
        add(0.0)
    mean_weight = math.exp(config.session_sigma**2 / 2)
    capacity = config.instances * config.slots / (config.service_s * mean_weight)
    session_rate = config.load * capacity / config.requests_per_session
    latencies: list[float] = []
    waits: list[float] = []
    counters = {"failed": 0, "lost": 0, "sessions": 0, "after_new": 0, "after_total": 0}
    added: list[float] = []

    def pick() -> int | None:
        ready = [i for i, x in enumerate(fleet) if x.alive and x.ready_at <= env.now]
        if not ready:  # todas caídas o arrancando: el balanceador contesta 503
            return None
        return min(ready, key=lambda i: (fleet[i].in_flight, rng.random()))

    def request(index: int, service: float) -> simpy.events.ProcessGenerator:
        inst, start = fleet[index], env.now
        inst.in_flight += 1
        yield inst.slots.request()
        yield env.timeout(service)
        inst.slots.release()
        inst.in_flight -= 1
        if not inst.alive:  # la instancia cayó con la petición dentro
            counters["failed"] += 1
            return
        now = env.now
        inst.busy_s += service
        inst.bins[min(int(now // BIN_S), bins - 1)] += service
        latencies.append(now - start)
        waits.append(now - start - service)
        first_new = fleet[config.instances].ready_at if len(fleet) > config.instances else math.inf
        if first_new <= now < first_new + config.window_s:
            counters["after_total"] += 1
            counters["after_new"] += index == config.instances

    def session() -> simpy.events.ProcessGenerator:
        counters["sessions"] += 1
        weight = rng.lognormvariate(0.0, config.session_sigma)
        count = 1 + int(rng.expovariate(1 / max(config.requests_per_session - 1, 1e-9)))
        home: int | None = None
        for _ in range(count):
            if config.affinity:
                if home is not None and not fleet[home].alive:
                    counters["lost"] += 1  # la cookie apunta a una instancia que ya no está
                    home = None
                if home is None:
                    home = pick()
                target = home
            else:
                target = pick()
            service = rng.expovariate(1 / config.service_s) * weight
            if target is None:
                counters["failed"] += 1
            else:
                yield from request(target, service)
            yield env.timeout(rng.expovariate(1 / config.think_s))

    def arrivals() -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(rng.expovariate(session_rate))
            env.process(session())

    def failure(at: float) -> simpy.events.ProcessGenerator:
        yield env.timeout(at)
        fleet[0].alive = False

    def autoscale() -> simpy.events.ProcessGenerator:
        history: list[float] = [0.0]
        last_action = -math.inf
        while True:
            yield env.timeout(config.evaluate_s)
            history.append(sum(x.busy_s for x in fleet))
            steps = max(1, round(config.window_s / config.evaluate_s))
            done = history[-1] - history[max(0, len(history) - 1 - steps)]
            span = min(config.window_s, env.now)
            live = [x for x in fleet if x.alive and x.ready_at <= env.now]
            utilization = done / (len(live) * config.slots * span) if live else 1.0
            can_act = env.now - last_action >= config.cooldown_s
            room = sum(x.alive for x in fleet) < config.max_instances
            if utilization > config.scale_out_above and can_act and room:
                add(env.now + config.warmup_s)
                added.append(env.now)
                last_action = env.now

    env.process(arrivals())
    env.process(autoscale())
    if config.fail_at_s is not None:
        env.process(failure(config.fail_at_s))
    env.run(until=config.duration_s)
    before = min(int((config.fail_at_s or config.duration_s) // BIN_S), bins)
    original = [sum(x.bins[:before]) for x in fleet[: config.instances]]
    imbalance = max(original) / (sum(original) / len(original)) if sum(original) else 1.0
    after_total = counters["after_total"]
    new_share = counters["after_new"] / after_total if after_total else 0.0
    alive_then = sum(x.alive for x in fleet[: config.instances + 1])
    fair = 1 / alive_then if added else 0.0
    per_bin = tuple(tuple(b / (BIN_S * config.slots) for b in x.bins) for x in fleet)
    return AppServiceResult(
        config, tuple(latencies), tuple(waits), counters["failed"], counters["lost"],
        counters["sessions"], imbalance, tuple(added), new_share, fair, per_bin,
    )  # fmt: skip


def by_seed(
    configs: Mapping[str, AppServiceConfig], *, seeds: Sequence[int]
) -> dict[str, list[AppServiceResult]]:
    """Cada configuración con cada semilla: las repeticiones que compara el veredicto."""
    check_sequence("seeds", seeds, check_int, what="semillas")
    return {name: [simulate_app_service(c, seed=s) for s in seeds] for name, c in configs.items()}


def with_affinity(config: AppServiceConfig, affinity: bool) -> AppServiceConfig:
    """La misma configuración con la afinidad activada o desactivada."""
    return replace(config, affinity=affinity)


def summary_table(results: Mapping[str, AppServiceResult]) -> Table:
    """Una fila por configuración: p99, desequilibrio, fallos, sesiones y escalado."""
    rows = [
        (
            name,
            fmt.number(r.completed),
            fmt.seconds(r.wait_p99_s),
            fmt.ratio(r.imbalance),
            fmt.number(r.failed_requests),
            f"{fmt.number(r.lost_sessions)} de {fmt.number(r.sessions)}",
            " · ".join(fmt.seconds(t) for t in r.added_at_s) or "ninguna",
            f"{fmt.percent(r.new_share, 0)} (justa: {fmt.percent(r.fair_share, 0)})",
        )
        for name, r in results.items()
    ]
    headers = (
        "configuración", "peticiones", "espera p99", "más cargada / media", "peticiones fallidas",
        "sesiones perdidas", "instancias añadidas en",
        "parte de la primera nueva",
    )  # fmt: skip
    return Table(headers, rows, caption="App Service con afinidad ARR y sin ella")

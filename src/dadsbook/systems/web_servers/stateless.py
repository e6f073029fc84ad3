"""Una flota de servidores detrás de un balanceador, con autoescalado (SimPy).

Llegan sesiones de usuario (proceso de Poisson); cada sesión hace varias
peticiones separadas por un tiempo de reflexión. Un balanceador de carga las
reparte por turno rotatorio entre las instancias vivas, y un calendario de
autoescalado (sembrado) añade y retira instancias. Dos formas de guardar la sesión:

- ``"memoria"``: el estado vive en la memoria de la instancia que atendió la
  primera petición, y el balanceador tiene que mandar allí el resto (sesiones
  pegajosas, *sticky sessions*). Si esa instancia se retira, la sesión se pierde: la
  siguiente petición del usuario falla.
- ``"compartido"``: el estado vive en un almacén compartido (un Redis modelado con
  su latencia de ida y vuelta: una lectura al empezar y una escritura al terminar
  cada petición). Cualquier instancia atiende cualquier petición; retirar una no
  pierde nada.

Una instancia retirada deja de recibir peticiones nuevas pero termina las que ya
tenía (*connection draining*, como hacen los balanceadores de la nube). La carga de
cada sesión sale de su propia semilla, así que las dos variantes ven exactamente
la misma carga.

>>> problem = random_fleet(seed=3, duration_s=60.0)
>>> memory, shared = simulate(problem, "memoria"), simulate(problem, "compartido")
>>> shared.sessions_lost
0
>>> memory.requests_served + memory.requests_failed == memory.requests_total
True
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import simpy

from dadsbook import fmt, stats
from dadsbook.systems._events import Slots
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "STORES",
    "FleetProblem",
    "FleetResult",
    "ScaleEvent",
    "compare_stores",
    "random_fleet",
    "simulate",
    "stores_table",
]

Store = Literal["memoria", "compartido"]
STORES: tuple[Store, ...] = ("memoria", "compartido")
MAX_INSTANCES = 1000


@dataclass(frozen=True)
class ScaleEvent:
    """En el instante ``time_s`` la flota pasa a tener ``instances`` instancias."""

    time_s: float
    instances: int


@dataclass(frozen=True)
class FleetProblem:
    """Todo lo que define una simulación de la flota (tiempos en segundos)."""

    duration_s: float
    session_rate: float
    requests_per_session: int
    think_s: float
    service_s: float
    capacity: int
    store_latency_s: float
    initial_instances: int
    schedule: tuple[ScaleEvent, ...]
    seed: int

    def __post_init__(self) -> None:
        check_number("duration_s", self.duration_s, positive=True)
        check_number("session_rate", self.session_rate, positive=True)
        check_number("service_s", self.service_s, positive=True)
        check_number("think_s", self.think_s)
        check_number("store_latency_s", self.store_latency_s)
        check_int("requests_per_session", self.requests_per_session, 1, 1000)
        check_int("capacity", self.capacity, 1, 10_000)
        check_int("initial_instances", self.initial_instances, 1, MAX_INSTANCES)
        check_int("seed", self.seed, 0, 2**63 - 1)
        for i, event in enumerate(self.schedule):
            if not 0 <= event.time_s < self.duration_s:
                raise ValueError(
                    f"schedule[{i}].time_s debe estar en [0, duration_s); "
                    f"se recibió {event.time_s!r}"
                )
            check_int(f"schedule[{i}].instances", event.instances, 1, MAX_INSTANCES)
        times = [e.time_s for e in self.schedule]
        if times != sorted(times):
            raise ValueError("schedule debe estar ordenado por time_s")

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {**asdict(self), "schedule": [[e.time_s, e.instances] for e in self.schedule]}


@dataclass(frozen=True)
class FleetResult:
    """Qué pasó: peticiones servidas y fallidas, sesiones perdidas y su cronología."""

    store: str
    sessions_started: int
    sessions_completed: int
    sessions_lost: int
    requests_total: int
    requests_served: int
    requests_failed: int
    mean_latency_s: float
    p99_latency_s: float
    fleet: tuple[tuple[float, int], ...]
    losses: tuple[float, ...]

    @property
    def scale_outs(self) -> int:
        """Veces que la flota creció."""
        sizes = [n for _, n in self.fleet]
        return sum(1 for a, b in itertools.pairwise(sizes) if b > a)

    @property
    def scale_ins(self) -> int:
        """Veces que la flota se encogió (cada una retira al menos una instancia)."""
        sizes = [n for _, n in self.fleet]
        return sum(1 for a, b in itertools.pairwise(sizes) if b < a)

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {
            **asdict(self),
            "fleet": [list(point) for point in self.fleet],
            "losses": list(self.losses),
        }


def random_fleet(
    seed: int,
    *,
    duration_s: float = 600.0,
    session_rate: float = 5.0,
    min_instances: int = 2,
    max_instances: int = 6,
    changes: int = 8,
) -> FleetProblem:
    """Un problema aleatorio (sembrado): ``changes`` cambios de tamaño de la flota."""
    check_int("seed", seed, 0, 2**63 - 1)
    check_number("duration_s", duration_s, positive=True)
    check_int("min_instances", min_instances, 1, MAX_INSTANCES)
    check_int("max_instances", max_instances, min_instances, MAX_INSTANCES)
    check_int("changes", changes, 0, 1000)
    rng = np.random.default_rng(seed)
    step = duration_s / (changes + 1)
    schedule = tuple(
        ScaleEvent(round(step * (i + 1), 6), int(rng.integers(min_instances, max_instances + 1)))
        for i in range(changes)
    )
    return FleetProblem(
        duration_s=float(duration_s),
        session_rate=float(session_rate),
        requests_per_session=int(rng.integers(4, 9)),
        think_s=float(rng.uniform(2.0, 6.0)),
        service_s=0.02,
        capacity=4,
        store_latency_s=0.001,
        initial_instances=int(rng.integers(min_instances, max_instances + 1)),
        schedule=schedule,
        seed=seed,
    )


@functools.lru_cache(maxsize=1 << 15)
def _session_draws(
    seed: int, sid: int, think_s: float, service_s: float, requests: int
) -> tuple[tuple[float, ...] | None, tuple[float, ...]]:
    """Pausas y servicios de la sesión ``sid``: la misma carga en las dos variantes (se
    calculan una vez para las dos, con el generador propio de la sesión)."""
    rng = np.random.default_rng([seed, 3, sid])
    thinks = tuple(rng.exponential(think_s, requests).tolist()) if think_s else None
    return thinks, tuple(rng.exponential(service_s, requests).tolist())


class _Instance:
    def __init__(self, env: simpy.Environment, ident: int, capacity: int) -> None:
        self.ident = ident
        self.alive = True
        self.worker = Slots(env, capacity)


class _Fleet:
    """Estado mutable de una simulación (solo vive dentro de :func:`simulate`)."""

    def __init__(self, env: simpy.Environment, problem: FleetProblem, store: Store) -> None:
        self.env = env
        self.problem = problem
        self.store = store
        self.ids = itertools.count()
        self.active: list[_Instance] = []
        self.turn = 0
        self.scale_rng = np.random.default_rng([problem.seed, 1])
        self.started = self.total = self.served = self.failed = self.completed = self.lost = 0
        self.latencies: list[float] = []
        self.fleet: list[tuple[float, int]] = []
        self.losses: list[float] = []

    def resize(self, target: int) -> None:
        while len(self.active) < target:
            self.active.append(_Instance(self.env, next(self.ids), self.problem.capacity))
        while len(self.active) > target:
            victim = self.active.pop(int(self.scale_rng.integers(len(self.active))))
            victim.alive = False  # termina lo que tenía en cola; su memoria desaparece
        self.fleet.append((float(self.env.now), len(self.active)))

    def pick(self) -> _Instance:
        self.turn = (self.turn + 1) % len(self.active)
        return self.active[self.turn]

    def autoscaler(self) -> simpy.events.ProcessGenerator:
        for event in self.problem.schedule:
            yield self.env.timeout(event.time_s - self.env.now)
            self.resize(event.instances)

    def arrivals(self) -> simpy.events.ProcessGenerator:
        rng = np.random.default_rng([self.problem.seed, 2])
        for sid in itertools.count():
            yield self.env.timeout(float(rng.exponential(1 / self.problem.session_rate)))
            if self.env.now >= self.problem.duration_s:
                return
            self.env.process(self.session(sid))

    def session(self, sid: int) -> simpy.events.ProcessGenerator:
        p = self.problem
        self.started += 1
        draws = _session_draws(p.seed, sid, p.think_s, p.service_s, p.requests_per_session)
        thinks, services = draws
        home: _Instance | None = None
        for k in range(p.requests_per_session):
            if k and thinks is not None:
                yield self.env.timeout(thinks[k])
            self.total += 1
            if self.store == "memoria":
                if home is not None and not home.alive:  # su estado se fue con la instancia
                    self.failed += 1
                    self.lost += 1
                    self.losses.append(float(self.env.now))
                    return
                target = home = home or self.pick()
                extra = 0.0
            else:
                target = self.pick()
                extra = 2 * p.store_latency_s  # leer y escribir la sesión en el almacén
            began = self.env.now
            yield target.worker.request()
            yield self.env.timeout(services[k] + extra)
            target.worker.release()
            self.served += 1
            self.latencies.append(self.env.now - began)
        self.completed += 1


def simulate(problem: FleetProblem, store: str) -> FleetResult:
    """Simula la flota con el estado de sesión en ``store`` (``"memoria"`` o ``"compartido"``)."""
    if not isinstance(problem, FleetProblem):
        raise TypeError(f"problem debe ser un FleetProblem; se recibió {type(problem).__name__}")
    check_choice("store", store, STORES)
    env = simpy.Environment()
    fleet = _Fleet(env, problem, "memoria" if store == "memoria" else "compartido")
    fleet.resize(problem.initial_instances)
    env.process(fleet.autoscaler())
    env.process(fleet.arrivals())
    env.run()
    latencies = np.asarray(fleet.latencies, dtype=float)
    has = latencies.size > 0
    return FleetResult(
        store=store,
        sessions_started=fleet.started,
        sessions_completed=fleet.completed,
        sessions_lost=fleet.lost,
        requests_total=fleet.total,
        requests_served=fleet.served,
        requests_failed=fleet.failed,
        mean_latency_s=float(latencies.mean()) if has else 0.0,
        p99_latency_s=stats.percentile(latencies, 99, empty=0.0),
        fleet=tuple(fleet.fleet),
        losses=tuple(fleet.losses),
    )


def compare_stores(problem: FleetProblem) -> dict[str, FleetResult]:
    """La misma flota y la misma carga con las dos formas de guardar la sesión."""
    return {store: simulate(problem, store) for store in STORES}


def stores_table(results: dict[str, FleetResult]) -> Table:
    """Tabla resumen de las dos variantes."""
    rows = [
        (
            store,
            fmt.number(r.sessions_started),
            fmt.number(r.sessions_lost),
            fmt.number(r.requests_served),
            fmt.number(r.requests_failed),
            fmt.number(1000 * r.mean_latency_s, 2),
            fmt.number(1000 * r.p99_latency_s, 2),
        )
        for store, r in results.items()
    ]
    headers = (
        "estado de sesión",
        "sesiones",
        "perdidas",
        "peticiones servidas",
        "fallidas",
        "latencia media (ms)",
        "p99 (ms)",
    )
    return Table(headers, rows, caption="La misma carga y el mismo autoescalado, dos almacenes.")

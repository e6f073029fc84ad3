"""Un clúster simulado en SimPy: una cola de mensajes consumida por pods escalados.

Tres maneras de decidir cuántos pods consumen la cola, con los mismos mensajes:

- ``fija``: un ReplicaSet con N pods siempre.
- ``hpa-cpu``: un HPA con objetivo de utilización de CPU media (el pod está al 100 %
  mientras procesa y al 0 % mientras espera), cada ``sync_period_s``; los pods que aún
  arrancan se apartan como en Kubernetes (:func:`hpa.resource_desired`).
- ``keda-cola``: KEDA con un disparador de longitud de cola: activación 0 ↔ 1 cada
  ``pollingInterval`` con ``cooldownPeriod`` para volver a 0, y el HPA que crea con la
  métrica externa ``AverageValue`` (mensajes pendientes ÷ objetivo por réplica).

Los pods tardan ``startup_s`` en estar listos, procesan un mensaje cada vez y su
contenedor puede fallar (MTBF sembrado): el mensaje en curso vuelve a la cola y el
kubelet reinicia el contenedor en el mismo pod, con la espera exponencial de
*CrashLoopBackOff* (:mod:`~dadsbook.systems.containers.replicaset`). Al bajar de
escala, el ReplicaSet elige qué pods borrar como el de Kubernetes y un pod ocupado
termina su mensaje antes de irse. La simulación sigue después de la última llegada
hasta vaciar la cola (con un tope). El coste es la suma de pod·segundos dentro de la
duración de la carga (un pod cuesta mientras existe, también mientras reinicia).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import simpy

from dadsbook import fmt, stats
from dadsbook.systems._events import Soon
from dadsbook.systems.containers import hpa, keda
from dadsbook.systems.containers.replicaset import Pod, ReplicaSet
from dadsbook.systems.containers.workload import Messages
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "POLICIES",
    "ClusterConfig",
    "ClusterResult",
    "compare",
    "simulate",
    "table",
]

POLICIES: tuple[str, ...] = ("fija", "hpa-cpu", "keda-cola")
#: HPA por CPU del ejemplo: objetivo 70 %, entre 1 y 20 réplicas, resto por omisión (sin
#: ``behavior``, como lo crea ``kubectl autoscale``).
DEFAULT_HPA = hpa.HpaSpec(min_replicas=1, max_replicas=20, target=70.0)
#: KEDA del ejemplo: 5 mensajes pendientes por réplica, entre 0 y 20, resto por omisión
#: (su HPA, sin ``behavior``).
DEFAULT_KEDA = keda.KedaSpec(target=5.0, max_replica_count=20)


@dataclass(frozen=True)
class ClusterConfig:
    """Parámetros del clúster y de los tres controladores."""

    startup_s: float = 20.0
    mtbf_s: float | None = None
    fixed_replicas: int = 4
    hpa_spec: hpa.HpaSpec = DEFAULT_HPA
    keda_spec: keda.KedaSpec = DEFAULT_KEDA
    sample_s: float = 5.0
    drain_limit_s: float = 3600.0

    def __post_init__(self) -> None:
        for name in ("startup_s", "sample_s", "drain_limit_s"):
            check_number(name, getattr(self, name), positive=name != "startup_s")
        if self.mtbf_s is not None:
            check_number("mtbf_s", self.mtbf_s, positive=True)
        check_int("fixed_replicas", self.fixed_replicas, 1)


@dataclass(frozen=True)
class ClusterResult:
    """Lo que pasó con una política: esperas, serie temporal y coste."""

    policy: str
    waits_s: tuple[float, ...]
    samples: tuple[tuple[float, int, int, int], ...]  # (t, deseadas, vivas, pendientes)
    pod_seconds: float
    duration_s: float
    messages: int
    processed: int
    failures: int
    pods_created: int
    drained_s: float

    def wait_percentile(self, q: float) -> float:
        """Percentil ``q`` (0–100) de la espera en cola (s)."""
        return stats.percentile(self.waits_s, q, empty=0.0)

    @property
    def mean_pods(self) -> float:
        """Pods medios durante la carga: ``pod·s / duración``."""
        return self.pod_seconds / self.duration_s

    @property
    def max_backlog(self) -> int:
        """Máximo de mensajes pendientes observado."""
        return max((s[3] for s in self.samples), default=0)

    @property
    def mean_backlog(self) -> float:
        """Media de mensajes pendientes en las muestras."""
        return float(np.mean([s[3] for s in self.samples])) if self.samples else 0.0

    def as_dict(self) -> dict[str, object]:
        """Versión JSON (sin las series)."""
        return {
            "policy": self.policy,
            "messages": self.messages,
            "processed": self.processed,
            "wait_p50_s": self.wait_percentile(50),
            "wait_p99_s": self.wait_percentile(99),
            "pod_seconds": self.pod_seconds,
            "mean_pods": self.mean_pods,
            "max_backlog": self.max_backlog,
            "failures": self.failures,
            "pods_created": self.pods_created,
            "drained_s": self.drained_s,
        }


class _Queue:
    """La cola y el reparto de mensajes a pods libres."""

    def __init__(self, env: simpy.Environment, service: tuple[float, ...]) -> None:
        self.env = env
        self.service = service
        self.waiting: deque[int] = deque()
        self.idle: dict[str, Pod] = {}
        self.in_service = 0
        self.waits: list[float] = []
        self.done = 0

    @property
    def backlog(self) -> int:
        return len(self.waiting) + self.in_service

    def offer(self, msg: int, *, front: bool = False) -> None:
        if self.idle:
            _, pod = self.idle.popitem()
            wake: simpy.Event = pod.data["wake"]
            wake.succeed(msg)
        elif front:
            self.waiting.appendleft(msg)
        else:
            self.waiting.append(msg)

    def on_stop(self, pod: Pod) -> None:
        self.idle.pop(pod.name, None)

    def consume(self, pod: Pod, arrivals: tuple[float, ...]) -> Generator[simpy.Event, Any, None]:
        env = self.env
        while not pod.deleting and not pod.failed:
            if self.waiting:
                msg = self.waiting.popleft()
            else:
                wake = env.event()
                pod.data["wake"] = wake
                self.idle[pod.name] = pod
                try:
                    msg = yield wake
                except simpy.Interrupt:
                    self.idle.pop(pod.name, None)
                    if wake.triggered and isinstance(wake.value, int):
                        self.offer(wake.value, front=True)
                    return
            self.in_service += 1
            start = env.now
            pod.busy_since = start
            remaining = self.service[msg]
            while remaining > 1e-12:
                began = env.now
                try:
                    yield env.timeout(remaining)
                    remaining = 0.0
                except simpy.Interrupt as stop:
                    remaining -= env.now - began
                    if stop.cause != "borrado":  # el contenedor o su nodo cayeron
                        break
            pod.busy_s += env.now - start
            pod.busy_since = None
            self.in_service -= 1
            if remaining > 1e-12:  # el contenedor cayó: el mensaje vuelve a la cola
                self.offer(msg, front=True)
                return
            self.waits.append(start - arrivals[msg])
            self.done += 1


def _cpu_hpa(
    env: simpy.Environment, rs: ReplicaSet, spec: hpa.HpaSpec
) -> Generator[simpy.Event, Any, None]:
    state = hpa.HpaState()
    seen: dict[str, tuple[float, float]] = {}
    while True:
        yield env.timeout(spec.sync_period_s)
        now = env.now
        ready, unready = [], 0
        for pod in rs.active:
            if pod.ready_s is None:
                unready += 1
                continue
            last_t, last_busy = seen.get(pod.name, (pod.ready_s, 0.0))
            busy = pod.busy_total(now)
            if now > last_t:
                ready.append(100.0 * min(1.0, (busy - last_busy) / (now - last_t)))
            seen[pod.name] = (now, busy)
        raw = hpa.resource_desired(
            rs.desired, ready, unready, spec.target, tolerance=spec.tolerance
        )
        new, state = hpa.step(spec, state, now, rs.desired, raw)
        if new != rs.desired:
            rs.scale(new)


def _keda_operator(
    env: simpy.Environment, rs: ReplicaSet, spec: keda.KedaSpec, queue: _Queue
) -> Generator[simpy.Event, Any, None]:
    last_active: float | None = None
    while True:
        decision = keda.activation(spec, env.now, rs.desired, queue.backlog, last_active)
        last_active = decision.last_active_s
        if decision.replicas != rs.desired:
            rs.scale(decision.replicas)
        yield env.timeout(spec.polling_interval_s)


def _keda_hpa(
    env: simpy.Environment, rs: ReplicaSet, spec: keda.KedaSpec, queue: _Queue
) -> Generator[simpy.Event, Any, None]:
    hspec = keda.hpa_spec(spec)
    state = hpa.HpaState()
    while True:
        yield env.timeout(hspec.sync_period_s)
        if rs.desired == 0:  # con 0 réplicas el HPA no actúa
            continue
        raw = hpa.average_value_desired(rs.desired, queue.backlog, spec.target)
        new, state = hpa.step(hspec, state, env.now, rs.desired, raw)
        if new != rs.desired:
            rs.scale(new)


def simulate(policy: str, messages: Messages, config: ClusterConfig, *, seed: int) -> ClusterResult:
    """Ejecuta la carga ``messages`` con la política ``policy`` hasta vaciar la cola."""
    check_choice("policy", policy, POLICIES)
    if not isinstance(messages, Messages):
        raise TypeError("messages debe ser un Messages (usa BurstyWorkload.messages)")
    env = simpy.Environment()
    queue = _Queue(env, messages.service_s)
    initial = {
        "fija": config.fixed_replicas,
        "hpa-cpu": config.hpa_spec.min_replicas,
        "keda-cola": config.keda_spec.min_replica_count,
    }[policy]
    rs = ReplicaSet(
        env,
        replicas=initial,
        startup_s=config.startup_s,
        rng=np.random.default_rng(seed),
        mtbf_s=config.mtbf_s,
        work=lambda pod: queue.consume(pod, messages.arrivals_s),
        on_stop=queue.on_stop,
    )
    if policy == "hpa-cpu":
        env.process(_cpu_hpa(env, rs, config.hpa_spec))
    elif policy == "keda-cola":
        env.process(_keda_operator(env, rs, config.keda_spec, queue))
        env.process(_keda_hpa(env, rs, config.keda_spec, queue))
    total = len(messages.arrivals_s)
    samples: list[tuple[float, int, int, int]] = []
    drained = env.event()

    arrivals_s = messages.arrivals_s

    def arrive(i: int) -> None:
        # Cada llegada, una retrollamada que programa la siguiente: los mismos eventos
        # que un proceso que recorre las llegadas (ver dadsbook.systems._events).
        if i >= 0:
            queue.offer(i)
        if i + 1 < total:
            wait = env.timeout(arrivals_s[i + 1] - env.now)
            wait.callbacks.append(lambda _: arrive(i + 1))

    def monitor() -> Generator[simpy.Event, Any, None]:
        while True:
            alive = len(rs.alive)
            samples.append((env.now, rs.desired, alive, queue.backlog))
            if queue.done == total and env.now >= messages.duration_s and not drained.triggered:
                drained.succeed()
            yield env.timeout(config.sample_s)

    Soon(env, lambda _: arrive(-1))
    env.process(monitor())
    env.run(until=env.any_of([drained, env.timeout(messages.duration_s + config.drain_limit_s)]))
    cost = sum(p.lifetime(0.0, messages.duration_s) for p in rs.pods)
    return ClusterResult(
        policy=policy,
        waits_s=tuple(queue.waits),
        samples=tuple(samples),
        pod_seconds=cost,
        duration_s=messages.duration_s,
        messages=total,
        processed=queue.done,
        failures=rs.failures,
        pods_created=len(rs.pods),
        drained_s=env.now,
    )


Variants = Mapping[str, tuple[str, ClusterConfig]]


def compare(
    messages: Messages, config: ClusterConfig, *, seed: int, extra: Variants | None = None
) -> dict[str, ClusterResult]:
    """Las tres políticas con los mismos mensajes y la misma semilla de fallos.

    ``extra`` añade variantes con nombre propio: ``{nombre: (política, configuración)}``.
    """
    results = {p: simulate(p, messages, config, seed=seed) for p in POLICIES}
    for name, (policy, variant) in (extra or {}).items():
        results[name] = replace(simulate(policy, messages, variant, seed=seed), policy=name)
    return results


def table(results: Mapping[str, ClusterResult]) -> Table:
    """Tabla resumen: esperas, cola, pods medios y coste por política."""
    return Table(
        (
            "política",
            "espera p50 (s)",
            "espera p99 (s)",
            "pendientes (media)",
            "pendientes (máx.)",
            "pods medios",
            "coste (pod·h)",
        ),
        [
            (
                name,
                fmt.number(r.wait_percentile(50)),
                fmt.number(r.wait_percentile(99)),
                fmt.number(r.mean_backlog),
                fmt.number(r.max_backlog),
                fmt.number(r.mean_pods),
                fmt.number(r.pod_seconds / 3600),
            )
            for name, r in results.items()
        ],
        caption="Las tres políticas con los mismos mensajes.",
    )

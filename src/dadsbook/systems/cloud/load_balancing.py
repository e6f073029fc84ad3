"""Balanceo de carga de peticiones concurrentes sobre servidores heterogéneos.

Un balanceador (como el de Azure App Service o cualquier proxy inverso) reparte
peticiones entre instancias. Tres políticas clásicas:

- ``round_robin``: turno rotatorio; ignora cuánto trabajo tiene cada servidor.
- ``least_connections``: el servidor con menos peticiones en curso (en cola o en
  servicio); necesita conocer el estado de todos.
- ``two_choices``: elige dos servidores al azar y envía al menos cargado. Mitzenmacher
  (*The Power of Two Choices in Randomized Load Balancing*, IEEE TPDS 2001) demostró
  que esa segunda opción reduce la cola máxima de forma exponencial respecto a elegir
  uno solo al azar (``random``).

La simulación es de eventos discretos: llegadas de Poisson, cada servidor atiende
``slots`` peticiones a la vez en orden de llegada y su tiempo de servicio es exponencial
con media ``base_service_s / speed``. Los servidores lentos son los que castigan a las
políticas que no miran la carga. El modelo de referencia está escrito con SimPy
(:func:`simulate_balancer_simpy`); :func:`simulate_balancer` calcula lo mismo sin el motor
de eventos (cada cola es FIFO, así que basta con recorrer las llegadas en orden) y da
los mismos números, bit a bit: si dos instantes coinciden exactamente, donde el orden
de SimPy decidiría, usa el modelo de referencia.

>>> servers = default_servers()
>>> r = simulate_balancer("least_connections", servers, load=0.5, requests=500, seed=1)
>>> r.completed
500
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

import simpy

from dadsbook import fmt, stats
from dadsbook.tables import Table
from dadsbook.validation import (
    check_choice,
    check_fraction,
    check_int,
    check_number,
    check_sequence,
)

__all__ = [
    "POLICIES",
    "BalancerResult",
    "Server",
    "compare_policies",
    "default_servers",
    "p99_by_seed",
    "random_servers",
    "servers_table",
    "simulate_balancer",
    "simulate_balancer_simpy",
]

POLICIES = ("round_robin", "random", "least_connections", "two_choices")


@dataclass(frozen=True)
class Server:
    """Una instancia: nombre, velocidad relativa y peticiones simultáneas."""

    name: str
    speed: float
    slots: int = 1

    def __post_init__(self) -> None:
        check_number("speed", self.speed, positive=True)
        check_int("slots", self.slots, 1)


def default_servers() -> tuple[Server, ...]:
    """Cuatro instancias distintas: dos rápidas, una media y una lenta."""
    return (Server("A", 1.0), Server("B", 1.0), Server("C", 0.5), Server("D", 0.25))


def random_servers(seed: int, count: int = 4) -> tuple[Server, ...]:
    """Servidores con velocidades al azar entre 0,2 y 1 (problema aleatorio)."""
    check_int("count", count, 1)
    rng = random.Random(seed)
    return tuple(
        Server(chr(ord("A") + i % 26) + str(i // 26 or ""), round(rng.uniform(0.2, 1.0), 2))
        for i in range(count)
    )


@dataclass(frozen=True)
class BalancerResult(stats.LatencyTail):
    """Latencias y reparto de una simulación de balanceo."""

    policy: str
    load: float
    latencies_s: tuple[float, ...]
    per_server: tuple[int, ...]

    @property
    def completed(self) -> int:
        """Peticiones completadas."""
        return len(self.latencies_s)

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "policy": self.policy,
            "load": self.load,
            "completed": self.completed,
            "p50_s": self.p50_s,
            "p99_s": self.p99_s,
            "per_server": list(self.per_server),
        }


def _check(policy: str, servers: Sequence[Server], load: float, requests: int, base: float) -> None:
    check_choice("policy", policy, POLICIES)
    if not servers:
        raise ValueError("servers debe contener al menos un servidor")
    check_fraction("load", load)
    check_int("requests", requests, 1)
    check_number("base_service_s", base, positive=True)


def simulate_balancer(
    policy: str,
    servers: Sequence[Server],
    *,
    load: float,
    requests: int,
    seed: int,
    base_service_s: float = 0.01,
) -> BalancerResult:
    """Simula ``requests`` peticiones con la política ``policy`` a una carga ``load``.

    ``load`` es la fracción (0–1) de la capacidad total de la flota que piden las
    llegadas: con 0,8 la flota entera estaría ocupada el 80 % del tiempo si el reparto
    fuera perfecto.
    """
    _check(policy, servers, load, requests, base_service_s)
    fast = _simulate_queues(policy, servers, load, requests, seed, base_service_s)
    if fast is None:  # dos instantes iguales: que decida el orden de SimPy
        return simulate_balancer_simpy(
            policy, servers, load=load, requests=requests, seed=seed, base_service_s=base_service_s
        )
    latencies, served = fast
    return BalancerResult(policy, load, latencies, served)


def _simulate_queues(
    policy: str,
    servers: Sequence[Server],
    load: float,
    requests: int,
    seed: int,
    base_service_s: float,
) -> tuple[tuple[float, ...], tuple[int, ...]] | None:
    """El modelo de :func:`simulate_balancer_simpy` sin motor de eventos.

    Todas las extracciones del generador ocurren en las llegadas y en el mismo orden
    (intervalo, elección, servicio); la elección solo necesita las peticiones en curso
    en ese instante, y cada servidor es una cola FIFO con ``slots`` puestos: la petición
    empieza al llegar o cuando se libera el primer puesto. Las sumas de tiempos son las
    mismas que hace SimPy (``ahora + retraso``). Devuelve ``None`` si un fin coincide
    exactamente con una llegada o con otro fin (el orden lo decidiría SimPy).
    """
    rng = random.Random(seed)
    count = len(servers)
    capacity = sum(s.speed * s.slots for s in servers) / base_service_s
    arrival_rate = load * capacity
    slots = [s.slots for s in servers]
    speeds = [s.speed for s in servers]
    free: list[list[float]] = [[] for _ in servers]  # fines de los puestos ocupados (montículo)
    in_flight = [0] * count
    served = [0] * count
    pending: list[tuple[float, int]] = []  # (fin, servidor) de las peticiones en curso
    finished: list[tuple[float, float]] = []  # (fin, latencia)
    expovariate, randrange = rng.expovariate, rng.randrange
    mean_rate = 1 / base_service_s
    turn = 0
    now = 0.0
    for _ in range(requests):
        now = now + expovariate(arrival_rate)
        while pending and pending[0][0] <= now:
            end, index = heapq.heappop(pending)
            if end == now:
                return None
            in_flight[index] -= 1
        if policy == "round_robin":
            turn = (turn + 1) % count
            index = turn
        elif policy == "random":
            index = randrange(count)
        elif policy == "least_connections":
            index = min(range(count), key=lambda i: (in_flight[i] / slots[i], i))
        else:
            a, b = randrange(count), randrange(count)
            index = a if in_flight[a] / slots[a] <= in_flight[b] / slots[b] else b
        service = expovariate(mean_rate)
        in_flight[index] += 1
        busy = free[index]
        if len(busy) < slots[index]:
            start = now
        else:
            start = heapq.heappop(busy)
            if start == now:
                return None
            start = max(start, now)
        end = start + service / speeds[index]
        heapq.heappush(busy, end)
        heapq.heappush(pending, (end, index))
        finished.append((end, end - now))
        served[index] += 1
    finished.sort()
    ends = [end for end, _ in finished]
    if any(a == b for a, b in itertools.pairwise(ends)):
        return None
    return tuple(latency for _, latency in finished), tuple(served)


def simulate_balancer_simpy(
    policy: str,
    servers: Sequence[Server],
    *,
    load: float,
    requests: int,
    seed: int,
    base_service_s: float = 0.01,
) -> BalancerResult:
    """El modelo de :func:`simulate_balancer` con SimPy: la referencia (más lenta)."""
    _check(policy, servers, load, requests, base_service_s)
    rng = random.Random(seed)
    env = simpy.Environment()
    capacity = sum(s.speed * s.slots for s in servers) / base_service_s
    arrival_rate = load * capacity
    resources = [simpy.Resource(env, capacity=s.slots) for s in servers]
    in_flight = [0] * len(servers)
    served = [0] * len(servers)
    latencies: list[float] = []
    turn = 0

    def choose() -> int:
        nonlocal turn
        if policy == "round_robin":
            turn = (turn + 1) % len(servers)
            return turn
        if policy == "random":
            return rng.randrange(len(servers))
        if policy == "least_connections":
            return min(range(len(servers)), key=lambda i: (in_flight[i] / servers[i].slots, i))
        a, b = rng.randrange(len(servers)), rng.randrange(len(servers))
        return a if in_flight[a] / servers[a].slots <= in_flight[b] / servers[b].slots else b

    def handle(index: int, service: float) -> simpy.events.ProcessGenerator:
        start = env.now
        in_flight[index] += 1
        with resources[index].request() as slot:
            yield slot
            yield env.timeout(service / servers[index].speed)
        in_flight[index] -= 1
        served[index] += 1
        latencies.append(env.now - start)

    def arrivals() -> simpy.events.ProcessGenerator:
        for _ in range(requests):
            yield env.timeout(rng.expovariate(arrival_rate))
            env.process(handle(choose(), rng.expovariate(1 / base_service_s)))

    env.process(arrivals())
    env.run()
    return BalancerResult(policy, load, tuple(latencies), tuple(served))


def compare_policies(
    servers: Sequence[Server],
    *,
    loads: Sequence[float],
    requests: int,
    seed: int,
    policies: Sequence[str] = POLICIES,
) -> dict[str, list[BalancerResult]]:
    """Cada política a cada carga, con la misma semilla (mismas llegadas y servicios)."""
    if not loads:
        raise ValueError("loads debe contener al menos una carga")
    return {
        p: [simulate_balancer(p, servers, load=x, requests=requests, seed=seed) for x in loads]
        for p in policies
    }


def p99_by_seed(
    servers: Sequence[Server],
    *,
    policies: Sequence[str],
    load: float,
    requests: int,
    seeds: Sequence[int],
) -> dict[str, list[float]]:
    """El percentil 99 (s) de cada política con varias semillas: las repeticiones que
    compara :func:`dadsbook.verdict.compare` antes de decir que una política gana.

    >>> tails = p99_by_seed(default_servers(), policies=["random"], load=0.5,
    ...                     requests=200, seeds=[1, 2])
    >>> len(tails["random"])
    2
    """
    check_sequence("seeds", seeds, check_int, what="semillas")
    return {
        p: [
            simulate_balancer(p, servers, load=load, requests=requests, seed=seed).p99_s
            for seed in seeds
        ]
        for p in policies
    }


def servers_table(servers: Sequence[Server]) -> Table:
    """Los servidores de la flota, con su velocidad relativa y su parte de la capacidad."""
    total = sum(s.speed * s.slots for s in servers)
    rows = [
        (s.name, fmt.number(s.speed), fmt.number(s.slots), fmt.percent(s.speed * s.slots / total))
        for s in servers
    ]
    headers = ("servidor", "velocidad relativa", "peticiones a la vez", "parte de la capacidad")
    return Table(headers, rows, caption="La flota del balanceador")

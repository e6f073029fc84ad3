"""Colas de manual: M/M/1 y M/M/c (Erlang C), para comparar con lo medido.

Llegadas de Poisson con tasa ``λ`` (``arrival_rate``), tiempos de servicio
exponenciales con tasa ``μ`` (``service_rate``, por servidor) y ``c`` servidores
idénticos que atienden en orden de llegada. Con carga ofrecida ``a = λ/μ`` y
utilización ``ρ = a/c < 1``:

- **Erlang C**, la probabilidad de que una llegada tenga que esperar::

      C(c, a) = (a^c / c!) · c/(c − a) / (Σ_{k<c} a^k/k! + (a^c / c!) · c/(c − a))

  (con ``c = 1`` vale ``ρ``).
- Espera media en cola ``Wq = C / (cμ − λ)``; respuesta media ``W = Wq + 1/μ``;
  por la ley de Little, ``Lq = λ·Wq`` y ``L = λ·W``.
- La cola de la respuesta: la espera, si la hay, es exponencial de tasa
  ``α = cμ − λ``, y se le suma un servicio exponencial de tasa ``μ``::

      P(T > t) = (1 − C)·e^(−μt) + C·(α·e^(−μt) − μ·e^(−αt)) / (α − μ)

  En M/M/1 se reduce a ``P(T > t) = e^(−(μ − λ)t)``, así que el percentil 99 es
  ``ln(100) / (μ − λ)``: con ``ρ = 0,8`` es 23 veces el tiempo de servicio, y se
  dispara al acercarse ``ρ`` a 1 (la **rodilla**).

>>> round(erlang_c(2, 1.0), 6)  # M/M/2 con ρ = 0,5: una de cada tres llegadas espera
0.333333
>>> m = mm1(8.0, 10.0)
>>> round(m.mean_response_s, 6), round(m.p99_response_s, 4)
(0.5, 2.3026)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dadsbook.validation import check_int, check_number

__all__ = [
    "MAX_SERVERS",
    "QueueMetrics",
    "erlang_c",
    "mm1",
    "mmc",
    "response_quantile",
    "response_survival",
]

#: Servidores como mucho (la suma de Erlang C es O(c)).
MAX_SERVERS = 10_000


@dataclass(frozen=True)
class QueueMetrics:
    """Lo que predice el modelo para una cola M/M/c estable (tiempos en segundos)."""

    servers: int
    arrival_rate: float
    service_rate: float
    utilization: float
    wait_probability: float
    mean_wait_s: float
    mean_response_s: float
    mean_queue: float
    mean_in_system: float
    p99_response_s: float


def _check_rates(arrival_rate: float, service_rate: float, servers: int) -> None:
    check_int("servers", servers, 1, MAX_SERVERS)
    check_number("arrival_rate", arrival_rate)
    check_number("service_rate", service_rate, positive=True)
    if arrival_rate >= servers * service_rate:
        raise ValueError(
            "arrival_rate debe ser menor que servers × service_rate (utilización < 1) para "
            f"que la cola sea estable; se recibió {arrival_rate!r} ≥ {servers * service_rate!r}"
        )


def erlang_c(servers: int, offered_load: float) -> float:
    """Probabilidad de esperar en M/M/c con ``servers`` servidores y carga ``a = λ/μ``.

    Se calcula con la recurrencia de Erlang B (estable para ``c`` grande):
    ``B(0) = 1``, ``B(k) = a·B(k−1) / (k + a·B(k−1))`` y
    ``C = c·B / (c − a·(1 − B))``.

    >>> erlang_c(1, 0.8)
    0.8
    """
    check_int("servers", servers, 1, MAX_SERVERS)
    check_number("offered_load", offered_load)
    if offered_load >= servers:
        raise ValueError(
            f"offered_load debe ser menor que servers ({servers}); se recibió {offered_load!r}"
        )
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    return servers * blocking / (servers - offered_load * (1 - blocking))


def response_survival(t: float, arrival_rate: float, service_rate: float, servers: int) -> float:
    """``P(T > t)``: probabilidad de que la respuesta (espera + servicio) pase de ``t`` s."""
    _check_rates(arrival_rate, service_rate, servers)
    check_number("t", t)
    mu = service_rate
    alpha = servers * mu - arrival_rate
    waits = erlang_c(servers, arrival_rate / mu)
    if math.isclose(alpha, mu, rel_tol=1e-9):
        queued = (1 + mu * t) * math.exp(-mu * t)  # Erlang de dos fases iguales
    else:
        queued = (alpha * math.exp(-mu * t) - mu * math.exp(-alpha * t)) / (alpha - mu)
    return (1 - waits) * math.exp(-mu * t) + waits * queued


def response_quantile(q: float, arrival_rate: float, service_rate: float, servers: int) -> float:
    """Percentil ``q`` (0–100, exclusivo) del tiempo de respuesta, en segundos (bisección).

    >>> round(response_quantile(99, 8.0, 10.0, 1), 4)  # ln(100) / (10 − 8)
    2.3026
    """
    if not 0 < check_number("q", q) < 100:
        raise ValueError(f"q debe estar en (0, 100); se recibió {q!r}")
    _check_rates(arrival_rate, service_rate, servers)
    target = 1 - q / 100
    low, high = 0.0, 1.0 / service_rate
    while response_survival(high, arrival_rate, service_rate, servers) > target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if response_survival(mid, arrival_rate, service_rate, servers) > target:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * high:
            break
    return (low + high) / 2


def mmc(arrival_rate: float, service_rate: float, servers: int) -> QueueMetrics:
    """Predicciones de M/M/c: utilización, Erlang C, esperas, colas y p99 de la respuesta.

    >>> m = mmc(1.0, 1.0, 2)
    >>> round(m.mean_queue, 6), round(m.mean_wait_s, 6)  # Lq = 2ρ³/(1 − ρ²) con ρ = 0,5
    (0.333333, 0.333333)
    """
    _check_rates(arrival_rate, service_rate, servers)
    waits = erlang_c(servers, arrival_rate / service_rate)
    mean_wait = waits / (servers * service_rate - arrival_rate)
    mean_response = mean_wait + 1 / service_rate
    return QueueMetrics(
        servers=servers,
        arrival_rate=float(arrival_rate),
        service_rate=float(service_rate),
        utilization=arrival_rate / (servers * service_rate),
        wait_probability=waits,
        mean_wait_s=mean_wait,
        mean_response_s=mean_response,
        mean_queue=arrival_rate * mean_wait,
        mean_in_system=arrival_rate * mean_response,
        p99_response_s=response_quantile(99, arrival_rate, service_rate, servers),
    )


def mm1(arrival_rate: float, service_rate: float) -> QueueMetrics:
    """M/M/1: ``mmc`` con un servidor (``W = 1/(μ − λ)``, ``p99 = ln(100)/(μ − λ)``)."""
    return mmc(arrival_rate, service_rate, 1)

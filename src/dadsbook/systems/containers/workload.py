"""Una carga a ráfagas: mensajes que llegan a una cola, con calma y tormentas.

El proceso de llegadas alterna dos estados (un proceso de Poisson modulado por una
cadena de Markov de dos estados): **calma**, con tasa ``base_rate`` mensajes/s y
duración exponencial de media ``calm_mean_s``, y **ráfaga**, con tasa ``burst_rate``
y duración exponencial de media ``burst_mean_s``. Cada mensaje pide un tiempo de
proceso exponencial de media ``service_mean_s`` en un pod. Todo se genera de antemano
con una semilla, para que las políticas de escalado se comparen con *los mismos*
mensajes.

>>> w = random_workload(3)
>>> msgs = w.messages(seed=3)
>>> msgs.arrivals_s == w.messages(seed=3).arrivals_s
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from dadsbook.validation import check_number

__all__ = ["BurstyWorkload", "Messages", "random_workload"]


@dataclass(frozen=True)
class Messages:
    """Llegadas (s, ordenadas) y tiempo de proceso de cada mensaje (s)."""

    arrivals_s: tuple[float, ...]
    service_s: tuple[float, ...]
    bursts: tuple[tuple[float, float], ...]
    duration_s: float

    @property
    def mean_rate(self) -> float:
        """Mensajes por segundo de media en toda la duración."""
        return len(self.arrivals_s) / self.duration_s

    def as_dict(self) -> dict[str, object]:
        """Versión JSON (resumen)."""
        return {
            "messages": len(self.arrivals_s),
            "duration_s": self.duration_s,
            "mean_rate": self.mean_rate,
            "bursts": len(self.bursts),
        }


@dataclass(frozen=True)
class BurstyWorkload:
    """Parámetros de la carga a ráfagas."""

    duration_s: float
    base_rate: float
    burst_rate: float
    calm_mean_s: float
    burst_mean_s: float
    service_mean_s: float

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            check_number(name, value, positive=name != "base_rate")
        if self.burst_rate < self.base_rate:
            raise ValueError(
                f"burst_rate ({self.burst_rate}) debe ser ≥ base_rate ({self.base_rate})"
            )

    @property
    def burst_share(self) -> float:
        """Fracción esperada del tiempo en ráfaga."""
        return self.burst_mean_s / (self.burst_mean_s + self.calm_mean_s)

    @property
    def expected_rate(self) -> float:
        """Tasa media esperada (mensajes/s)."""
        share = self.burst_share
        return share * self.burst_rate + (1 - share) * self.base_rate

    def messages(self, seed: int) -> Messages:
        """Genera los mensajes con la semilla ``seed``."""
        rng = np.random.default_rng(seed)
        arrivals: list[float] = []
        bursts: list[tuple[float, float]] = []
        t, burst = 0.0, False
        while t < self.duration_s:
            mean = self.burst_mean_s if burst else self.calm_mean_s
            end = min(t + float(rng.exponential(mean)), self.duration_s)
            rate = self.burst_rate if burst else self.base_rate
            if burst:
                bursts.append((t, end))
            if rate > 0:
                count = int(rng.poisson(rate * (end - t)))
                arrivals.extend(np.sort(rng.uniform(t, end, count)).tolist())
            t, burst = end, not burst
        service = rng.exponential(self.service_mean_s, len(arrivals))
        return Messages(
            tuple(float(a) for a in arrivals),
            tuple(float(s) for s in service),
            tuple(bursts),
            float(self.duration_s),
        )


def random_workload(seed: int, *, duration_s: float = 3600.0) -> BurstyWorkload:
    """Una carga a ráfagas con parámetros aleatorios razonables (sembrada)."""
    rng = np.random.default_rng(seed)
    return BurstyWorkload(
        duration_s=duration_s,
        base_rate=float(rng.uniform(0.0, 0.3)),
        burst_rate=float(rng.uniform(3.0, 10.0)),
        calm_mean_s=float(rng.uniform(300.0, 1200.0)),
        burst_mean_s=float(rng.uniform(60.0, 300.0)),
        service_mean_s=float(rng.uniform(0.5, 2.0)),
    )

"""Problemas aleatorios (sembrados) para las decisiones puras del HPA y de KEDA.

Siguen el contrato de los simuladores del libro: ``random_<problema>(seed)`` genera un
problema reproducible; ``solve()`` lo resuelve con las funciones de
:mod:`~dadsbook.systems.containers.hpa` y :mod:`~dadsbook.systems.containers.keda`, y
``as_dict()`` devuelve problema y solución en tipos JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dadsbook.systems.containers import hpa, keda
from dadsbook.validation import check_int

__all__ = ["HpaProblem", "KedaProblem", "random_hpa_problem", "random_keda_problem"]


@dataclass(frozen=True)
class HpaProblem:
    """Un problema aleatorio: un HPA, réplicas iniciales y recomendaciones por ciclo."""

    seed: int
    spec: hpa.HpaSpec
    start: int
    raw: tuple[int, ...]

    def solve(self) -> tuple[int, ...]:
        """Réplicas tras cada ciclo (:func:`replay`)."""
        return hpa.replay(self.spec, self.raw, self.start)

    def as_dict(self) -> dict[str, object]:
        """Versión JSON del problema y su solución."""
        return {
            "seed": self.seed,
            "min_replicas": self.spec.min_replicas,
            "max_replicas": self.spec.max_replicas,
            "start": self.start,
            "raw": list(self.raw),
            "replicas": list(self.solve()),
        }


def random_hpa_problem(seed: int, *, cycles: int = 40) -> HpaProblem:
    """Recomendaciones aleatorias (un pico y una bajada) para un HPA con límites aleatorios.

    >>> p = random_hpa_problem(1)
    >>> p == random_hpa_problem(1), len(p.solve()) == len(p.raw)
    (True, True)
    """
    check_int("cycles", cycles, 1)
    rng = np.random.default_rng(seed)
    low = int(rng.integers(1, 4))
    high = low + int(rng.integers(2, 20))
    peak = int(rng.integers(1, cycles + 1))
    raw = tuple(
        int(rng.integers(low, high + 5)) if i < peak else int(rng.integers(0, low + 2))
        for i in range(cycles)
    )
    spec = hpa.HpaSpec(min_replicas=low, max_replicas=high, target=1.0)
    return HpaProblem(seed, spec, int(rng.integers(low, high + 1)), raw)


@dataclass(frozen=True)
class KedaProblem:
    """Un problema aleatorio: un ``ScaledObject`` y la métrica en cada sondeo."""

    seed: int
    spec: keda.KedaSpec
    metrics: tuple[int, ...]

    def solve(self) -> tuple[int, ...]:
        """Réplicas tras cada sondeo del operador (solo la fase 0 ↔ 1)."""
        return tuple(d.replicas for d in keda.replay(self.spec, self.metrics))

    def as_dict(self) -> dict[str, object]:
        """Versión JSON del problema y su solución."""
        return {
            "seed": self.seed,
            "activation_value": self.spec.activation_value,
            "metrics": list(self.metrics),
            "replicas": list(self.solve()),
        }


def random_keda_problem(seed: int, *, polls: int = 30) -> KedaProblem:
    """Mensajes en cola por sondeo (ráfagas y silencios) y un valor de activación aleatorio.

    >>> p = random_keda_problem(4)
    >>> p == random_keda_problem(4), len(p.solve())
    (True, 30)
    """
    check_int("polls", polls, 1)
    rng = np.random.default_rng(seed)
    busy = rng.random(polls) < 0.3
    metrics = tuple(int(rng.integers(1, 60)) if b else 0 for b in busy)
    spec = keda.KedaSpec(target=5.0, activation_value=float(rng.integers(0, 10)))
    return KedaProblem(seed, spec, metrics)

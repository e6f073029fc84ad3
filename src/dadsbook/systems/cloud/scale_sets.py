"""Grupos de escalado (*scale sets*): instancias que crecen y decrecen con una métrica.

Modelo de las reglas de autoescalado de Azure Monitor para Virtual Machine Scale Sets
(y, con otros nombres, de los *Auto Scaling groups* de AWS): cada ``evaluation_s``
segundos se promedia la utilización de CPU de los últimos ``window_s`` segundos; si
supera ``scale_out_above`` se añaden ``step`` instancias, si baja de ``scale_in_below``
se quitan ``step``; tras cada acción hay un periodo de enfriamiento (*cooldown*). Una
instancia nueva tarda ``provisioning_s`` en estar lista (arranque de la VM y de la
aplicación): es el retraso que convierte una subida brusca de demanda en trabajo sin
atender.

La demanda es un fluido (unidades de CPU por segundo); cada instancia lista aporta una
unidad. Es una simulación por pasos de un segundo: suficiente para las escalas de
tiempo del autoescalado, que son de minutos.

>>> r = simulate_scale_set(ScaleRule(), demand=step_demand(1800, low=2, high=8, at_s=300), seed=0)
>>> r.instances[-1] >= 8
True
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_fraction, check_int, check_number, check_sequence

__all__ = [
    "ScaleRule",
    "ScaleSetResult",
    "random_demand",
    "rules_table",
    "simulate_scale_set",
    "step_demand",
    "unserved_by_seed",
]


@dataclass(frozen=True)
class ScaleRule:
    """Regla de autoescalado: umbrales, ventana, evaluación, paso y enfriamiento."""

    min_instances: int = 2
    max_instances: int = 20
    scale_out_above: float = 0.7
    scale_in_below: float = 0.3
    window_s: int = 300
    evaluation_s: int = 60
    step: int = 1
    cooldown_s: int = 300
    provisioning_s: int = 180

    def __post_init__(self) -> None:
        check_int("min_instances", self.min_instances, 1)
        check_int("max_instances", self.max_instances, 1)
        if self.min_instances > self.max_instances:
            raise ValueError(
                f"min_instances ({self.min_instances}) no puede ser mayor que "
                f"max_instances ({self.max_instances})"
            )
        check_fraction("scale_out_above", self.scale_out_above)
        check_fraction("scale_in_below", self.scale_in_below)
        if self.scale_in_below >= self.scale_out_above:
            raise ValueError("scale_in_below debe ser menor que scale_out_above")
        for name in ("window_s", "evaluation_s", "step"):
            check_int(name, getattr(self, name), 1)
        check_int("cooldown_s", self.cooldown_s, 0)
        check_int("provisioning_s", self.provisioning_s, 0)


@dataclass(frozen=True)
class ScaleSetResult:
    """Series temporales (una muestra por segundo) y totales."""

    rule: ScaleRule
    demand: tuple[float, ...] = field(repr=False)
    instances: tuple[int, ...] = field(repr=False)
    ready: tuple[int, ...] = field(repr=False)

    @property
    def unserved(self) -> float:
        """Trabajo pedido que no se pudo atender (unidades × segundo)."""
        return sum(max(d - r, 0.0) for d, r in zip(self.demand, self.ready, strict=True))

    @property
    def unserved_fraction(self) -> float:
        """Fracción de la demanda total que quedó sin atender."""
        total = sum(self.demand)
        return self.unserved / total if total else 0.0

    @property
    def instance_seconds(self) -> int:
        """Coste: instancias (listas o arrancando) × segundos."""
        return sum(self.instances)

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "unserved": self.unserved,
            "unserved_fraction": self.unserved_fraction,
            "instance_seconds": self.instance_seconds,
            "peak_instances": max(self.instances),
        }


def step_demand(duration_s: int, *, low: float, high: float, at_s: int) -> tuple[float, ...]:
    """Demanda que salta de ``low`` a ``high`` en el segundo ``at_s``."""
    check_int("duration_s", duration_s, 1)
    check_number("low", low)
    check_number("high", high)
    return tuple(float(low if t < at_s else high) for t in range(duration_s))


def random_demand(seed: int, duration_s: int = 7200, *, peak: float = 12.0) -> tuple[float, ...]:
    """Demanda diaria comprimida: una onda con ruido y un pico inesperado (con semilla)."""
    check_int("duration_s", duration_s, 1)
    check_number("peak", peak, positive=True)
    rng = random.Random(seed)
    spike_at = rng.randrange(duration_s // 3, 2 * duration_s // 3)
    out = []
    for t in range(duration_s):
        wave = 0.5 * peak * (1 - math.cos(2 * math.pi * t / duration_s)) / 2 + 1
        spike = 0.5 * peak if spike_at <= t < spike_at + duration_s // 12 else 0.0
        out.append(max(0.0, wave + spike + rng.gauss(0, 0.05 * peak)))
    return tuple(out)


def simulate_scale_set(rule: ScaleRule, *, demand: Sequence[float], seed: int) -> ScaleSetResult:
    """Simula la regla ``rule`` contra la serie de ``demand`` (una muestra por segundo).

    ``seed`` desordena el tiempo de arranque de cada instancia (±20 %), como en la nube.
    """
    if not demand:
        raise ValueError("demand debe contener al menos una muestra")
    for value in demand:
        check_number("demand", value)
    rng = random.Random(seed)
    pending: list[int] = []  # segundos en que estará lista cada instancia que arranca
    ready = rule.min_instances
    window: deque[float] = deque(maxlen=rule.window_s)
    last_action = -rule.cooldown_s
    instances_series: list[int] = []
    ready_series: list[int] = []
    for t, wanted in enumerate(demand):
        now_ready = [p for p in pending if p <= t]
        ready += len(now_ready)
        pending = [p for p in pending if p > t]
        window.append(min(wanted / ready, 1.0) if ready else 1.0)
        total = ready + len(pending)
        if t % rule.evaluation_s == 0 and t - last_action >= rule.cooldown_s and t > 0:
            average = sum(window) / len(window)
            if average > rule.scale_out_above and total < rule.max_instances:
                for _ in range(min(rule.step, rule.max_instances - total)):
                    jitter = rng.uniform(0.8, 1.2)
                    pending.append(t + max(1, round(rule.provisioning_s * jitter)))
                last_action = t
            elif average < rule.scale_in_below and ready > rule.min_instances:
                ready -= min(rule.step, ready - rule.min_instances)
                last_action = t
        instances_series.append(ready + len(pending))
        ready_series.append(ready)
    return ScaleSetResult(
        rule, tuple(float(d) for d in demand), tuple(instances_series), tuple(ready_series)
    )


def unserved_by_seed(
    rules: Mapping[str, ScaleRule], *, demand: Sequence[float], seeds: Sequence[int]
) -> dict[str, list[float]]:
    """Fracción de demanda sin atender de cada regla ante ``demand``, con varias semillas.

    La semilla sortea los tiempos de arranque de cada instancia (±20 %); la demanda es la
    misma en todas las repeticiones, así que las listas son repeticiones de **un** problema
    que :func:`dadsbook.verdict.compare` puede comparar.

    >>> out = unserved_by_seed({"rápida": ScaleRule(provisioning_s=60)},
    ...                        demand=random_demand(1, 600), seeds=[1, 2])
    >>> len(out["rápida"])
    2
    """
    check_sequence("seeds", seeds, check_int, what="semillas")
    return {
        name: [
            simulate_scale_set(rule, demand=demand, seed=seed).unserved_fraction for seed in seeds
        ]
        for name, rule in rules.items()
    }


def rules_table(
    results: Mapping[str, ScaleSetResult],
    *,
    caption: str = "Dos reglas de escalado ante la misma demanda",
) -> Table:
    """Demanda sin atender, coste y pico de instancias de cada regla."""
    rows = [
        (
            name,
            fmt.percent(r.unserved_fraction),
            fmt.number(r.instance_seconds / 3600, 1),
            fmt.number(max(r.instances)),
        )
        for name, r in results.items()
    ]
    headers = ("regla", "demanda sin atender", "coste (instancia·hora)", "pico de instancias")
    return Table(headers, rows, caption=caption)

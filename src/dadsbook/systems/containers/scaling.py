"""Las reglas de ritmo del HPA: ventanas de estabilización y políticas de escalado.

Lo que decide cuánto y cuándo puede cambiar el número de réplicas un Horizontal Pod
Autoscaler una vez calculada la recomendación (:mod:`~dadsbook.systems.containers.hpa`),
por los dos caminos del controlador (``pkg/controller/podautoscaler/horizontal.go``):

- **sin** ``behavior``: como mucho ``max(2 × actuales, 4)`` réplicas por ciclo
  (:func:`legacy_scale_up_limit`, ``calculateScaleUpLimit``);
- **con** ``behavior``: ventanas de subida y bajada (:func:`stabilize`) y políticas
  ``Pods``/``Percent`` por periodo (:func:`scale_up_limit`, :func:`scale_down_limit`),
  con los valores por omisión documentados (:data:`DEFAULT_SCALE_UP`,
  :data:`DEFAULT_SCALE_DOWN`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook.validation import check_int, check_number

__all__ = [
    "DEFAULT_SCALE_DOWN",
    "DEFAULT_SCALE_UP",
    "LEGACY_SCALE_UP_FACTOR",
    "LEGACY_SCALE_UP_MINIMUM",
    "ScalingPolicy",
    "ScalingRules",
    "legacy_scale_up_limit",
    "scale_down_limit",
    "scale_up_limit",
    "stabilize",
]

#: Camino sin ``behavior``: como mucho ``max(FACTOR × actuales, MÍNIMO)`` réplicas por
#: ciclo (``scaleUpLimitFactor`` y ``scaleUpLimitMinimum`` en ``horizontal.go``).
LEGACY_SCALE_UP_FACTOR = 2
LEGACY_SCALE_UP_MINIMUM = 4


@dataclass(frozen=True)
class ScalingPolicy:
    """Una política: ``kind`` ``"Pods"`` o ``"Percent"``, ``value`` por ``period_s``."""

    kind: str
    value: int
    period_s: float

    def __post_init__(self) -> None:
        if self.kind not in ("Pods", "Percent"):
            raise ValueError(f"kind debe ser 'Pods' o 'Percent'; se recibió {self.kind!r}")
        check_int("value", self.value, 1)
        check_number("period_s", self.period_s, positive=True)


@dataclass(frozen=True)
class ScalingRules:
    """Reglas de un sentido (subir o bajar): ventana, políticas y cuál elegir."""

    stabilization_window_s: float
    policies: tuple[ScalingPolicy, ...]
    select_policy: str = "Max"

    def __post_init__(self) -> None:
        check_number("stabilization_window_s", self.stabilization_window_s)
        if self.select_policy not in ("Max", "Min", "Disabled"):
            raise ValueError(
                "select_policy debe ser 'Max', 'Min' o 'Disabled'; "
                f"se recibió {self.select_policy!r}"
            )
        if not self.policies and self.select_policy != "Disabled":
            raise ValueError("policies debe contener al menos una política")


#: Comportamiento por omisión al subir: sin ventana; 100 % o 4 pods cada 15 s.
DEFAULT_SCALE_UP = ScalingRules(
    0.0, (ScalingPolicy("Percent", 100, 15.0), ScalingPolicy("Pods", 4, 15.0)), "Max"
)
#: Comportamiento por omisión al bajar: ventana de 300 s; hasta el 100 % cada 15 s.
DEFAULT_SCALE_DOWN = ScalingRules(300.0, (ScalingPolicy("Percent", 100, 15.0),), "Max")


def legacy_scale_up_limit(current: int) -> int:
    """Tope de subida por ciclo de un HPA **sin** ``behavior``: ``max(2 × current, 4)``.

    Es ``calculateScaleUpLimit`` del controlador; la documentación no lo menciona
    porque describe los valores por omisión de ``behavior``, que este camino no usa.

    >>> legacy_scale_up_limit(1), legacy_scale_up_limit(3), legacy_scale_up_limit(10)
    (4, 6, 20)
    """
    check_int("current", current, 0)
    return max(LEGACY_SCALE_UP_FACTOR * current, LEGACY_SCALE_UP_MINIMUM)


def stabilize(
    recommendations: Sequence[tuple[float, int]],
    now: float,
    current: int,
    desired: int,
    *,
    up_window_s: float = 0.0,
    down_window_s: float = 300.0,
) -> int:
    """La recomendación estabilizada: nunca baja de la mayor de la ventana de bajada.

    >>> stabilize([(0.0, 8), (200.0, 3)], 290.0, current=8, desired=2)
    8
    >>> stabilize([(0.0, 8), (200.0, 3)], 310.0, current=8, desired=2)
    3
    """
    up, down = desired, desired
    for when, replicas in recommendations:
        if when > now - down_window_s:
            down = max(down, replicas)
        if when > now - up_window_s:
            up = min(up, replicas)
    result = current
    if result < up:
        result = up
    if result > down:
        result = down
    return result


def _period_changes(
    events: Sequence[tuple[float, int]], now: float, period: float
) -> tuple[int, int]:
    added = sum(c for t, c in events if c > 0 and t > now - period)
    deleted = -sum(c for t, c in events if c < 0 and t > now - period)
    return added, deleted


def _proposals(
    current: int, events: Sequence[tuple[float, int]], now: float, rules: ScalingRules, *, up: bool
) -> list[int]:
    """Lo que permite cada política, contado desde las réplicas al principio de su periodo.

    Subiendo, el tanto por ciento se redondea hacia arriba; bajando, hacia abajo (como
    el controlador de Kubernetes).
    """
    proposals = []
    for policy in rules.policies:
        added, deleted = _period_changes(events, now, policy.period_s)
        start = current - added + deleted
        if policy.kind == "Pods":
            proposals.append(start + policy.value if up else start - policy.value)
        elif up:
            proposals.append(math.ceil(start * (1 + policy.value / 100)))
        else:
            proposals.append(int(start * (1 - policy.value / 100)))
    return proposals


def scale_up_limit(
    current: int, events: Sequence[tuple[float, int]], now: float, rules: ScalingRules
) -> int:
    """Máximo al que se puede subir ahora según las políticas y los cambios recientes.

    >>> scale_up_limit(1, [], 0.0, DEFAULT_SCALE_UP)   # 100 % de 1 = 2; 1 + 4 = 5
    5
    >>> scale_up_limit(10, [], 0.0, DEFAULT_SCALE_UP)  # 100 % de 10 = 20
    20
    """
    if rules.select_policy == "Disabled":
        return current
    proposals = _proposals(current, events, now, rules, up=True)
    chosen = min(proposals) if rules.select_policy == "Min" else max(proposals)
    return max(chosen, current)


def scale_down_limit(
    current: int, events: Sequence[tuple[float, int]], now: float, rules: ScalingRules
) -> int:
    """Mínimo al que se puede bajar ahora según las políticas y los cambios recientes.

    El ejemplo de la documentación: 4 pods o el 10 % por minuto, la que más permita.

    >>> rules = ScalingRules(0, (ScalingPolicy("Pods", 4, 60), ScalingPolicy("Percent", 10, 60)))
    >>> scale_down_limit(80, [], 0.0, rules), scale_down_limit(72, [], 0.0, rules)
    (72, 64)
    """
    if rules.select_policy == "Disabled":
        return current
    proposals = _proposals(current, events, now, rules, up=False)
    chosen = max(proposals) if rules.select_policy == "Min" else min(proposals)
    return min(chosen, current)

"""Las decisiones del Horizontal Pod Autoscaler (HPA), como funciones puras.

Sigue la documentación de Kubernetes («Horizontal Pod Autoscaling», secciones
*Algorithm details* y *Configurable scaling behavior*,
https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/) y el
controlador que describe (``pkg/controller/podautoscaler/horizontal.go``):

1. Cada ``--horizontal-pod-autoscaler-sync-period`` (15 s por omisión) se calcula
   ``desired = ceil(current × metric / target)``; si el cociente ``metric / target``
   está a menos de la **tolerancia** (0,1) de 1, no se cambia nada
   (:func:`desired_replicas`). Con CPU, los pods que aún no están listos se apartan y,
   si se iba a escalar hacia arriba, cuentan como 0 % (:func:`resource_desired`). Con
   una métrica externa de tipo ``AverageValue`` (la que usa KEDA),
   ``desired = ceil(total / target)`` (:func:`average_value_desired`).
2. La recomendación se **estabiliza**: al bajar se toma la mayor de las
   recomendaciones de la ventana (300 s por omisión); al subir, la menor de su ventana
   (0 s por omisión).
3. Se aplican las **políticas** de ritmo: por omisión, subir como mucho el 100 % o
   4 pods (la que permita más) cada 15 s, y bajar hasta el 100 % cada 15 s.
4. Se recorta a ``[minReplicas, maxReplicas]``.

:func:`step` encadena 2–4 sobre un :class:`HpaState` inmutable (historial de
recomendaciones y de cambios de escala) y devuelve el estado nuevo.

>>> desired_replicas(1, 200, 100)   # 200m frente a 100m: se dobla
2
>>> desired_replicas(4, 50, 100)    # 50m frente a 100m: se reduce a la mitad
2
>>> desired_replicas(10, 105, 100)  # dentro de la tolerancia: no cambia
10
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "DEFAULT_SCALE_DOWN",
    "DEFAULT_SCALE_UP",
    "HpaSpec",
    "HpaState",
    "ScalingPolicy",
    "ScalingRules",
    "average_value_desired",
    "desired_replicas",
    "replay",
    "resource_desired",
    "scale_down_limit",
    "scale_up_limit",
    "stabilize",
    "step",
]

TOLERANCE = 0.1


def _number(name: str, value: float, *, minimum: float = 0.0, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"{name} debe ser un número finito; se recibió {value!r}")
    if value < minimum or (strict and value == minimum):
        raise ValueError(
            f"{name} debe ser {'>' if strict else '≥'} {minimum:g}; se recibió {value!r}"
        )
    return float(value)


def _count(name: str, value: int, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} debe ser un entero; se recibió {value!r}")
    if value < minimum:
        raise ValueError(f"{name} debe ser un entero ≥ {minimum}; se recibió {value!r}")
    return value


def _within_tolerance(ratio: float, tolerance: float) -> bool:
    return abs(1.0 - ratio) <= tolerance


def desired_replicas(
    current: int, metric: float, target: float, *, tolerance: float = TOLERANCE
) -> int:
    """``ceil(current × metric / target)``, o ``current`` si el cociente está en tolerancia.

    Con ``current == 0`` el HPA está desactivado y devuelve 0 (la documentación lo
    llama *implicit maintenance-mode deactivation*).
    """
    _count("current", current)
    _number("metric", metric)
    _number("target", target, strict=True)
    _number("tolerance", tolerance)
    ratio = metric / target
    if current == 0 or _within_tolerance(ratio, tolerance):
        return current
    return math.ceil(current * ratio)


def resource_desired(
    current: int,
    ready_values: Sequence[float],
    unready: int,
    target: float,
    *,
    tolerance: float = TOLERANCE,
) -> int:
    """Réplicas deseadas con una métrica de recurso (CPU) y pods aún no listos.

    ``ready_values`` son las utilizaciones de los pods listos; los ``unready`` se
    apartan y, si la decisión era subir, se recalcula suponiendo que consumen 0 %
    (amortigua la subida). Si el recálculo invierte el sentido o cae en la tolerancia,
    no se cambia nada.

    >>> resource_desired(2, [100.0, 100.0], 0, 50.0)
    4
    >>> resource_desired(4, [100.0, 100.0], 2, 50.0)  # dos pods arrancando: no sube
    4
    """
    _count("current", current)
    _count("unready", unready)
    _number("target", target, strict=True)
    _number("tolerance", tolerance)
    values = [_number("ready_values", v) for v in ready_values]
    if current == 0:
        return 0
    if not values:
        return current
    ratio = sum(values) / len(values) / target
    scale_up_with_unready = unready > 0 and ratio > 1.0
    if not scale_up_with_unready:
        if _within_tolerance(ratio, tolerance):
            return current
        return math.ceil(ratio * len(values))
    new_ratio = sum(values) / (len(values) + unready) / target
    if _within_tolerance(new_ratio, tolerance) or new_ratio < 1.0:
        return current
    return max(current, math.ceil(new_ratio * (len(values) + unready)))


def average_value_desired(
    current: int, total: float, target_per_pod: float, *, tolerance: float = TOLERANCE
) -> int:
    """Réplicas para una métrica externa ``AverageValue``: ``ceil(total / target)``.

    Es lo que hace el HPA con la métrica que le sirve KEDA (p. ej. mensajes en cola):
    el cociente de uso es ``total / (target × current)``; si está en tolerancia, no cambia.

    >>> average_value_desired(1, 40, 10)  # 40 mensajes, 10 por réplica
    4
    """
    _count("current", current)
    _number("total", total)
    _number("target_per_pod", target_per_pod, strict=True)
    _number("tolerance", tolerance)
    if current == 0:
        return 0
    if _within_tolerance(total / (target_per_pod * current), tolerance):
        return current
    return math.ceil(total / target_per_pod)


@dataclass(frozen=True)
class ScalingPolicy:
    """Una política: ``kind`` ``"Pods"`` o ``"Percent"``, ``value`` por ``period_s``."""

    kind: str
    value: int
    period_s: float

    def __post_init__(self) -> None:
        if self.kind not in ("Pods", "Percent"):
            raise ValueError(f"kind debe ser 'Pods' o 'Percent'; se recibió {self.kind!r}")
        _count("value", self.value, 1)
        _number("period_s", self.period_s, strict=True)


@dataclass(frozen=True)
class ScalingRules:
    """Reglas de un sentido (subir o bajar): ventana, políticas y cuál elegir."""

    stabilization_window_s: float
    policies: tuple[ScalingPolicy, ...]
    select_policy: str = "Max"

    def __post_init__(self) -> None:
        _number("stabilization_window_s", self.stabilization_window_s)
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


@dataclass(frozen=True)
class HpaSpec:
    """Un HPA: límites de réplicas, objetivo, tolerancia, periodo y comportamiento."""

    min_replicas: int
    max_replicas: int
    target: float
    tolerance: float = TOLERANCE
    sync_period_s: float = 15.0
    scale_up: ScalingRules = DEFAULT_SCALE_UP
    scale_down: ScalingRules = DEFAULT_SCALE_DOWN

    def __post_init__(self) -> None:
        _count("min_replicas", self.min_replicas, 1)
        _count("max_replicas", self.max_replicas, 1)
        if self.min_replicas > self.max_replicas:
            raise ValueError(
                f"min_replicas ({self.min_replicas}) no puede ser mayor que "
                f"max_replicas ({self.max_replicas})"
            )
        _number("target", self.target, strict=True)
        _number("tolerance", self.tolerance)
        _number("sync_period_s", self.sync_period_s, strict=True)


@dataclass(frozen=True)
class HpaState:
    """Historial que el controlador guarda entre ciclos.

    ``recommendations`` son pares ``(instante, réplicas)``; ``events``, pares
    ``(instante, cambio)`` con el signo del cambio de escala.
    """

    recommendations: tuple[tuple[float, int], ...] = field(default=())
    events: tuple[tuple[float, int], ...] = field(default=())


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
    proposals = []
    for policy in rules.policies:
        added, deleted = _period_changes(events, now, policy.period_s)
        start = current - added + deleted
        if policy.kind == "Pods":
            proposals.append(start + policy.value)
        else:
            proposals.append(math.ceil(start * (1 + policy.value / 100)))
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
    proposals = []
    for policy in rules.policies:
        added, deleted = _period_changes(events, now, policy.period_s)
        start = current - added + deleted
        if policy.kind == "Pods":
            proposals.append(start - policy.value)
        else:
            proposals.append(int(start * (1 - policy.value / 100)))
    chosen = max(proposals) if rules.select_policy == "Min" else min(proposals)
    return min(chosen, current)


def step(
    spec: HpaSpec, state: HpaState, now: float, current: int, raw_desired: int
) -> tuple[int, HpaState]:
    """Un ciclo del controlador a partir de la recomendación sin normalizar.

    Devuelve las réplicas nuevas y el estado con la recomendación y el cambio anotados.

    >>> spec = HpaSpec(min_replicas=1, max_replicas=10, target=50.0)
    >>> n, s = step(spec, HpaState(), 0.0, 1, 9)   # quiere 9: sube a 5 (1 + 4 pods)
    >>> n, s = step(spec, s, 15.0, n, 9)           # 15 s después: a 9
    >>> n
    9
    """
    _count("current", current)
    _count("raw_desired", raw_desired)
    _number("now", now)
    longest = max(
        [spec.scale_down.stabilization_window_s, spec.scale_up.stabilization_window_s]
        + [p.period_s for p in spec.scale_up.policies + spec.scale_down.policies]
    )
    recommendations = tuple(r for r in state.recommendations if r[0] > now - longest)
    events = tuple(e for e in state.events if e[0] > now - longest)
    stabilized = stabilize(
        recommendations,
        now,
        current,
        raw_desired,
        up_window_s=spec.scale_up.stabilization_window_s,
        down_window_s=spec.scale_down.stabilization_window_s,
    )
    if stabilized > current:
        allowed = min(spec.max_replicas, scale_up_limit(current, events, now, spec.scale_up))
        new = min(stabilized, allowed)
    elif stabilized < current:
        allowed = max(spec.min_replicas, scale_down_limit(current, events, now, spec.scale_down))
        new = max(stabilized, allowed)
    else:
        new = min(max(stabilized, spec.min_replicas), spec.max_replicas)
    recommendations += ((now, raw_desired),)
    if new != current:
        events += ((now, new - current),)
    return new, replace(state, recommendations=recommendations, events=events)


def replay(spec: HpaSpec, raw: Sequence[int], start: int) -> tuple[int, ...]:
    """Aplica :func:`step` a una serie de recomendaciones, una por ``sync_period_s``.

    Devuelve las réplicas tras cada ciclo (el primero en ``t = 0``).

    >>> spec = HpaSpec(min_replicas=1, max_replicas=10, target=1.0)
    >>> out = replay(spec, [8] * 2 + [2] * 22, start=8)
    >>> out.index(2) * spec.sync_period_s  # baja 300 s después de la última recomendación de 8
    315.0
    """
    _count("start", start)
    state = HpaState()
    current = start
    out = []
    for i, desired in enumerate(raw):
        current, state = step(spec, state, i * spec.sync_period_s, current, desired)
        out.append(current)
    return tuple(out)

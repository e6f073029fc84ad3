"""Las decisiones del Horizontal Pod Autoscaler (HPA), como funciones puras.

Sigue la documentación de Kubernetes («Horizontal Pod Autoscaling», secciones
*Algorithm details* y *Configurable scaling behavior*,
https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/) y, donde
la documentación calla, el controlador que la implementa
(``pkg/controller/podautoscaler/horizontal.go`` en kubernetes/kubernetes):

1. Cada ``--horizontal-pod-autoscaler-sync-period`` (15 s por omisión) se calcula
   ``desired = ceil(current × metric / target)``; si el cociente ``metric / target``
   está a menos de la **tolerancia** (0,1) de 1, no se cambia nada
   (:func:`desired_replicas`). Con CPU, la utilización es **relativa a las
   *requests*** del pod (no a su límite); los pods que aún no están listos se apartan
   y, si se iba a escalar hacia arriba, cuentan como 0 % (:func:`resource_desired`).
   Con una métrica externa de tipo ``AverageValue`` (la que usa KEDA),
   ``desired = ceil(total / target)`` (:func:`average_value_desired`).
2. Antes de mirar la métrica, ``reconcileAutoscaler`` corrige las réplicas fuera de
   rango: por encima de ``maxReplicas`` baja a ``maxReplicas`` y por debajo de
   ``minReplicas`` **sube a** ``minReplicas`` de golpe, sin ventana ni límite de ritmo.
   Con 0 réplicas el HPA está desactivado. En su primer ciclo anota las réplicas
   actuales como recomendación (``recordInitialRecommendation``): durante la primera
   ventana de bajada no quita pods.
3. Después hay **dos caminos**, según el objeto HPA tenga o no ``spec.behavior``:

   - **Sin** ``behavior`` (lo que crean ``kubectl autoscale`` y KEDA si no se le
     configura ``advanced.horizontalPodAutoscalerConfig``), el camino heredado
     ``normalizeDesiredReplicas``: la recomendación es la **mayor** de la ventana de
     bajada (``--horizontal-pod-autoscaler-downscale-stabilization``, 300 s), al subir
     como mucho ``max(2 × actuales, 4)`` réplicas por ciclo
     (``calculateScaleUpLimit``, :func:`legacy_scale_up_limit`), y al bajar sin
     límite de ritmo.
   - **Con** ``behavior`` (aunque solo fije un campo; el servidor rellena el resto con
     los valores por omisión documentados), ``normalizeDesiredReplicasWithBehaviors``:
     la recomendación se **estabiliza** entre la menor de la ventana de subida (0 s) y
     la mayor de la de bajada (300 s) (:func:`stabilize`), y se aplican las
     **políticas** de ritmo: subir como mucho el 100 % o 4 pods (la que permita más)
     cada 15 s, y bajar hasta el 100 % cada 15 s.
4. Se recorta a ``[minReplicas, maxReplicas]``.

:func:`step` encadena 2–4 sobre un :class:`HpaState` inmutable (historial de
recomendaciones y de cambios de escala) y devuelve el estado nuevo; el camino lo
decide :attr:`HpaSpec.has_behavior`. Las reglas de ritmo (ventanas, políticas y el
tope del camino heredado) viven en :mod:`~dadsbook.systems.containers.scaling` y se
reexportan aquí.

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

from dadsbook.systems.containers.scaling import (
    DEFAULT_SCALE_DOWN,
    DEFAULT_SCALE_UP,
    LEGACY_SCALE_UP_FACTOR,
    LEGACY_SCALE_UP_MINIMUM,
    ScalingPolicy,
    ScalingRules,
    legacy_scale_up_limit,
    scale_down_limit,
    scale_up_limit,
    stabilize,
)
from dadsbook.validation import check_int, check_number

__all__ = [
    "DEFAULT_SCALE_DOWN",
    "DEFAULT_SCALE_UP",
    "LEGACY_SCALE_UP_FACTOR",
    "LEGACY_SCALE_UP_MINIMUM",
    "TOLERANCE",
    "HpaSpec",
    "HpaState",
    "ScalingPolicy",
    "ScalingRules",
    "average_value_desired",
    "desired_replicas",
    "legacy_scale_up_limit",
    "replay",
    "resource_desired",
    "scale_down_limit",
    "scale_up_limit",
    "stabilize",
    "step",
]

#: Tolerancia por omisión (``--horizontal-pod-autoscaler-tolerance``).
TOLERANCE = 0.1


def _within_tolerance(ratio: float, tolerance: float) -> bool:
    return abs(1.0 - ratio) <= tolerance


def desired_replicas(
    current: int, metric: float, target: float, *, tolerance: float = TOLERANCE
) -> int:
    """``ceil(current × metric / target)``, o ``current`` si el cociente está en tolerancia.

    Con ``current == 0`` el HPA está desactivado y devuelve 0 (la documentación lo
    llama *implicit maintenance-mode deactivation*).
    """
    check_int("current", current, 0)
    check_number("metric", metric)
    check_number("target", target, positive=True)
    check_number("tolerance", tolerance)
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
    check_int("current", current, 0)
    check_int("unready", unready, 0)
    check_number("target", target, positive=True)
    check_number("tolerance", tolerance)
    values = [check_number("ready_values", v) for v in ready_values]
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
    check_int("current", current, 0)
    check_number("total", total)
    check_number("target_per_pod", target_per_pod, positive=True)
    check_number("tolerance", tolerance)
    if current == 0:
        return 0
    if _within_tolerance(total / (target_per_pod * current), tolerance):
        return current
    return math.ceil(total / target_per_pod)


@dataclass(frozen=True)
class HpaSpec:
    """Un HPA: límites de réplicas, objetivo, tolerancia, periodo y, si lo tiene, ``behavior``.

    ``scale_up`` y ``scale_down`` son los campos de ``spec.behavior``: si los dos son
    ``None`` el HPA no tiene ``behavior`` y el controlador sigue el camino heredado
    (:func:`legacy_scale_up_limit`); si hay alguno, el que falte toma el valor por
    omisión (:data:`DEFAULT_SCALE_UP`, :data:`DEFAULT_SCALE_DOWN`).
    ``downscale_window_s`` es la ventana de bajada del propio controlador
    (``--horizontal-pod-autoscaler-downscale-stabilization``): la usa el camino
    heredado y la hereda ``scale_down`` cuando no se da.
    """

    min_replicas: int
    max_replicas: int
    target: float
    tolerance: float = TOLERANCE
    sync_period_s: float = 15.0
    scale_up: ScalingRules | None = None
    scale_down: ScalingRules | None = None
    downscale_window_s: float = 300.0

    def __post_init__(self) -> None:
        check_int("min_replicas", self.min_replicas, 1)
        check_int("max_replicas", self.max_replicas, 1)
        if self.min_replicas > self.max_replicas:
            raise ValueError(
                f"min_replicas ({self.min_replicas}) no puede ser mayor que "
                f"max_replicas ({self.max_replicas})"
            )
        check_number("target", self.target, positive=True)
        check_number("tolerance", self.tolerance)
        check_number("sync_period_s", self.sync_period_s, positive=True)
        check_number("downscale_window_s", self.downscale_window_s)
        for name in ("scale_up", "scale_down"):
            rules = getattr(self, name)
            if rules is not None and not isinstance(rules, ScalingRules):
                raise TypeError(
                    f"{name} debe ser un ScalingRules o None; se recibió {type(rules).__name__}"
                )

    @property
    def has_behavior(self) -> bool:
        """Si el HPA declara ``spec.behavior`` (y el controlador sigue ese camino)."""
        return self.scale_up is not None or self.scale_down is not None

    @property
    def up_rules(self) -> ScalingRules:
        """Reglas de subida efectivas del camino con ``behavior``."""
        return self.scale_up if self.scale_up is not None else DEFAULT_SCALE_UP

    @property
    def down_rules(self) -> ScalingRules:
        """Reglas de bajada efectivas del camino con ``behavior``."""
        if self.scale_down is not None:
            return self.scale_down
        return replace(DEFAULT_SCALE_DOWN, stabilization_window_s=self.downscale_window_s)

    @property
    def down_window_s(self) -> float:
        """Ventana de estabilización al bajar que aplica este HPA, por el camino que sea."""
        return (
            self.down_rules.stabilization_window_s
            if self.has_behavior
            else (self.downscale_window_s)
        )


@dataclass(frozen=True)
class HpaState:
    """Historial que el controlador guarda entre ciclos.

    ``recommendations`` son pares ``(instante, réplicas)``; ``events``, pares
    ``(instante, cambio)`` con el signo del cambio de escala (solo los anota el camino
    con ``behavior``, como ``storeScaleEvent``); ``started`` dice si ya pasó el primer
    ciclo, en el que se anotan las réplicas actuales como recomendación.
    """

    recommendations: tuple[tuple[float, int], ...] = field(default=())
    events: tuple[tuple[float, int], ...] = field(default=())
    started: bool = False


def _legacy_normalize(
    spec: HpaSpec,
    recommendations: Sequence[tuple[float, int]],
    now: float,
    current: int,
    raw_desired: int,
) -> int:
    """``normalizeDesiredReplicas``: ventana de bajada y tope ``max(2 × actuales, 4)``."""
    stabilized = max(
        [raw_desired] + [r for t, r in recommendations if t > now - spec.downscale_window_s]
    )
    allowed = min(spec.max_replicas, legacy_scale_up_limit(current))
    if stabilized < spec.min_replicas:
        return spec.min_replicas
    return min(stabilized, allowed)


def _behavior_normalize(
    spec: HpaSpec,
    recommendations: Sequence[tuple[float, int]],
    events: Sequence[tuple[float, int]],
    now: float,
    current: int,
    raw_desired: int,
) -> int:
    """``normalizeDesiredReplicasWithBehaviors``: ventanas y políticas de ritmo."""
    up_rules, down_rules = spec.up_rules, spec.down_rules
    stabilized = stabilize(
        recommendations,
        now,
        current,
        raw_desired,
        up_window_s=up_rules.stabilization_window_s,
        down_window_s=down_rules.stabilization_window_s,
    )
    if stabilized > current:
        allowed = min(spec.max_replicas, scale_up_limit(current, events, now, up_rules))
        return min(stabilized, allowed)
    if stabilized < current:
        allowed = max(spec.min_replicas, scale_down_limit(current, events, now, down_rules))
        return max(stabilized, allowed)
    return min(max(stabilized, spec.min_replicas), spec.max_replicas)


def step(
    spec: HpaSpec, state: HpaState, now: float, current: int, raw_desired: int
) -> tuple[int, HpaState]:
    """Un ciclo del controlador a partir de la recomendación sin normalizar.

    Devuelve las réplicas nuevas y el estado con la recomendación y el cambio anotados.
    Las ventanas excluyen la recomendación que cae justo en su borde: en un clúster los
    instantes nunca coinciden al microsegundo (cada ciclo tarda 15 s más lo que cueste
    calcularlo), así que el borde exacto solo existe en una simulación.

    >>> spec = HpaSpec(min_replicas=1, max_replicas=10, target=50.0)  # sin behavior
    >>> n, s = step(spec, HpaState(), 0.0, 1, 9)   # quiere 9: sube a max(2 × 1, 4) = 4
    >>> n
    4
    >>> step(spec, s, 15.0, n, 9)[0]               # 15 s después: max(2 × 4, 4) = 8
    8
    >>> with_behavior = HpaSpec(1, 10, 50.0, scale_up=DEFAULT_SCALE_UP)
    >>> step(with_behavior, HpaState(), 0.0, 1, 9)[0]  # 100 % o 4 pods: 1 + 4 = 5
    5
    >>> step(spec, HpaState(), 0.0, 12, 3)[0]      # por encima de maxReplicas: a 10
    10
    """
    check_int("current", current, 0)
    check_int("raw_desired", raw_desired, 0)
    check_number("now", now)
    recommendations = state.recommendations if state.started else ((now, current),)
    events = state.events
    if current == 0:  # con 0 réplicas el HPA está desactivado
        return 0, replace(state, recommendations=recommendations, started=True)
    rules = (spec.up_rules, spec.down_rules) if spec.has_behavior else ()
    longest = max(
        [spec.downscale_window_s]
        + [r.stabilization_window_s for r in rules]
        + [p.period_s for r in rules for p in r.policies]
    )
    recommendations = tuple(r for r in recommendations if r[0] > now - longest)
    events = tuple(e for e in events if e[0] > now - longest)
    if current > spec.max_replicas:
        new = spec.max_replicas
    elif current < spec.min_replicas:
        new = spec.min_replicas
    else:
        if spec.has_behavior:
            new = _behavior_normalize(spec, recommendations, events, now, current, raw_desired)
        else:
            new = _legacy_normalize(spec, recommendations, now, current, raw_desired)
        recommendations += ((now, raw_desired),)
    if new != current and spec.has_behavior:
        events += ((now, new - current),)
    return new, HpaState(recommendations=recommendations, events=events, started=True)


def replay(spec: HpaSpec, raw: Sequence[int], start: int) -> tuple[int, ...]:
    """Aplica :func:`step` a una serie de recomendaciones, una por ``sync_period_s``.

    Devuelve las réplicas tras cada ciclo (el primero en ``t = 0``).

    >>> spec = HpaSpec(min_replicas=1, max_replicas=10, target=1.0)
    >>> out = replay(spec, [8] * 2 + [2] * 22, start=8)
    >>> out.index(2) * spec.sync_period_s  # baja 300 s después de la última recomendación de 8
    315.0
    """
    check_int("start", start, 0)
    state = HpaState()
    current = start
    out = []
    for i, desired in enumerate(raw):
        current, state = step(spec, state, i * spec.sync_period_s, current, desired)
        out.append(current)
    return tuple(out)

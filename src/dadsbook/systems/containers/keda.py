"""Las decisiones de KEDA (*Kubernetes Event-driven Autoscaling*), como funciones puras.

Sigue la documentación de KEDA (https://keda.sh/docs/latest/reference/scaledobject-spec/
y https://keda.sh/docs/latest/concepts/scaling-deployments/, sección *Activating and
Scaling thresholds*). KEDA separa dos fases:

- **Activación** (0 ↔ 1), que decide el operador de KEDA: cada ``pollingInterval``
  (30 s por omisión) consulta el disparador; está **activo** si la métrica es
  *estrictamente mayor* que el valor de activación (``activationThreshold``,
  ``activationQueueLength``… 0 por omisión). Si está activo y hay 0 réplicas, sube a
  ``max(minReplicaCount, 1)``. Si no lo está, espera ``cooldownPeriod`` (300 s por
  omisión) desde la última vez que lo estuvo y baja a 0. Con ``minReplicaCount ≥ 1`` el
  disparador se considera siempre activo y el valor de activación se ignora.
- **Escalado** (1 ↔ N), que hace el HPA que KEDA crea: la métrica (p. ej. mensajes en
  cola) se le sirve como métrica externa de tipo ``AverageValue`` con el objetivo por
  réplica, y el HPA calcula ``ceil(cola / objetivo)`` con su tolerancia, su ventana de
  estabilización y sus políticas (:mod:`dadsbook.systems.containers.hpa`). Si el
  ``ScaledObject`` no configura ``advanced.horizontalPodAutoscalerConfig.behavior``,
  KEDA crea el HPA **sin** ``behavior`` (``newHPAForScaledObject`` en
  ``controllers/keda/hpa.go``) y el controlador sigue el camino heredado: subir como
  mucho ``max(2 × actuales, 4)`` por ciclo.

La activación tiene prioridad: con ``threshold: 10`` y ``activationThreshold: 50``, 40
mensajes dejan el despliegue en 0 aunque el HPA pediría 4 (el ejemplo de la
documentación, que :func:`activation` reproduce).

>>> is_active(0, 0), is_active(1, 0), is_active(50, 50)
(False, True, False)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dadsbook.systems.containers import hpa
from dadsbook.validation import check_int, check_number

__all__ = [
    "Activation",
    "KedaSpec",
    "activation",
    "hpa_spec",
    "is_active",
    "replay",
]


def is_active(metric: float, activation_value: float) -> bool:
    """Si el disparador está activo: la métrica supera (``>``) el valor de activación."""
    return check_number("metric", metric, None) > check_number(
        "activation_value", activation_value, None
    )


@dataclass(frozen=True)
class KedaSpec:
    """Un ``ScaledObject`` con un disparador de longitud de cola."""

    target: float
    min_replica_count: int = 0
    max_replica_count: int = 100
    activation_value: float = 0.0
    polling_interval_s: float = 30.0
    cooldown_period_s: float = 300.0
    hpa_sync_period_s: float = 15.0
    scale_down_window_s: float | None = None

    def __post_init__(self) -> None:
        for name in ("min_replica_count", "max_replica_count"):
            check_int(name, getattr(self, name), 0)
        if self.max_replica_count < max(self.min_replica_count, 1):
            raise ValueError(
                f"max_replica_count ({self.max_replica_count}) debe ser ≥ 1 y ≥ "
                f"min_replica_count ({self.min_replica_count})"
            )
        for name in ("target", "polling_interval_s", "hpa_sync_period_s"):
            check_number(name, getattr(self, name), positive=True)
        for name in ("activation_value", "cooldown_period_s"):
            check_number(name, getattr(self, name))
        if self.scale_down_window_s is not None:
            check_number("scale_down_window_s", self.scale_down_window_s)


def hpa_spec(spec: KedaSpec) -> hpa.HpaSpec:
    """El HPA que KEDA crea para la fase 1 ↔ N (``minReplicas = max(min, 1)``).

    ``scale_down_window_s`` es lo que se fija en
    ``advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds``;
    con ``None`` (lo que pasa si no se configura) el HPA no tiene ``behavior``.

    >>> hpa_spec(KedaSpec(target=5)).has_behavior
    False
    >>> hpa_spec(KedaSpec(target=5, scale_down_window_s=60)).down_window_s
    60.0
    """
    down = None
    if spec.scale_down_window_s is not None:
        window = float(spec.scale_down_window_s)
        down = replace(hpa.DEFAULT_SCALE_DOWN, stabilization_window_s=window)
    return hpa.HpaSpec(
        min_replicas=max(spec.min_replica_count, 1),
        max_replicas=spec.max_replica_count,
        target=spec.target,
        sync_period_s=spec.hpa_sync_period_s,
        scale_down=down,
    )


@dataclass(frozen=True)
class Activation:
    """Decisión del operador en un sondeo: réplicas y última vez que estuvo activo."""

    replicas: int
    last_active_s: float | None
    active: bool
    reason: str


def activation(
    spec: KedaSpec, now: float, current: int, metric: float, last_active_s: float | None
) -> Activation:
    """Un sondeo del operador de KEDA (solo la fase 0 ↔ 1).

    ``last_active_s`` es el instante del último sondeo activo (``None`` si nunca lo
    estuvo). Devuelve las réplicas tras el sondeo; entre 1 y N no toca nada (eso es
    del HPA).

    >>> spec = KedaSpec(target=10, activation_value=50)
    >>> activation(spec, 0.0, 0, 40, None).replicas  # 40 ≤ 50: sigue en 0
    0
    >>> activation(spec, 0.0, 0, 51, None).replicas
    1
    """
    check_int("current", current, 0)
    check_number("now", now, None)
    if spec.min_replica_count >= 1:
        return Activation(max(current, spec.min_replica_count), now, True, "siempre activo")
    active = is_active(metric, spec.activation_value)
    if active:
        replicas = max(current, 1)
        reason = "activación 0 → 1" if current == 0 else "activo"
        return Activation(replicas, now, True, reason)
    if current == 0:
        return Activation(0, last_active_s, False, "inactivo")
    since = now - last_active_s if last_active_s is not None else math.inf
    if since >= spec.cooldown_period_s:
        return Activation(0, last_active_s, False, "enfriamiento cumplido: 1 → 0")
    return Activation(current, last_active_s, False, "en enfriamiento")


def replay(spec: KedaSpec, metrics: Sequence[float]) -> tuple[Activation, ...]:
    """Aplica :func:`activation` a una serie de métricas, una por ``polling_interval_s``.

    Empieza en ``min_replica_count`` réplicas, sin haber estado activo nunca; devuelve
    la decisión de cada sondeo (el primero en ``t = 0``).

    >>> spec = KedaSpec(target=5, activation_value=0, cooldown_period_s=60)
    >>> [d.replicas for d in replay(spec, [0, 12, 0, 0, 0])]  # sondeo cada 30 s
    [0, 1, 1, 0, 0]
    """
    replicas, last = spec.min_replica_count, None
    out = []
    for i, metric in enumerate(metrics):
        decision = activation(spec, i * spec.polling_interval_s, replicas, metric, last)
        replicas, last = decision.replicas, decision.last_active_s
        out.append(decision)
    return tuple(out)

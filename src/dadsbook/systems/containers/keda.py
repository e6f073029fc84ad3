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
from dataclasses import dataclass, replace

from dadsbook.systems.containers import hpa
from dadsbook.validation import check_int

__all__ = [
    "Activation",
    "KedaSpec",
    "activation",
    "hpa_spec",
    "is_active",
]


def is_active(metric: float, activation_value: float) -> bool:
    """Si el disparador está activo: la métrica supera (``>``) el valor de activación."""
    for name, value in (("metric", metric), ("activation_value", activation_value)):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise TypeError(f"{name} debe ser un número; se recibió {value!r}")
    return metric > activation_value


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
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} debe ser un entero ≥ 0; se recibió {value!r}")
        if self.max_replica_count < max(self.min_replica_count, 1):
            raise ValueError(
                f"max_replica_count ({self.max_replica_count}) debe ser ≥ 1 y ≥ "
                f"min_replica_count ({self.min_replica_count})"
            )
        checks: tuple[tuple[str, float, bool], ...] = (
            ("target", self.target, True),
            ("activation_value", self.activation_value, False),
            ("polling_interval_s", self.polling_interval_s, True),
            ("cooldown_period_s", self.cooldown_period_s, False),
            ("hpa_sync_period_s", self.hpa_sync_period_s, True),
        )
        if self.scale_down_window_s is not None:
            checks += (("scale_down_window_s", self.scale_down_window_s, False),)
        for name, value, strict in checks:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{name} debe ser un número; se recibió {value!r}")
            if not math.isfinite(value) or value < 0 or (strict and value == 0):
                bound = "> 0" if strict else "≥ 0"
                raise ValueError(f"{name} debe ser un número finito {bound}; se recibió {value!r}")


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
    if isinstance(now, bool) or not isinstance(now, int | float) or not math.isfinite(now):
        raise TypeError(f"now debe ser un número finito; se recibió {now!r}")
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

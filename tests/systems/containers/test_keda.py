"""Pruebas de las decisiones de KEDA (dadsbook.systems.containers.keda).

Los ejemplos salen de la documentación de KEDA: la especificación de ``ScaledObject``
(https://keda.sh/docs/latest/reference/scaledobject-spec/) y *Activating and Scaling
thresholds* (https://keda.sh/docs/latest/concepts/scaling-deployments/).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import hpa, keda


def test_doc_defaults() -> None:
    """Por omisión: pollingInterval 30 s, cooldownPeriod 300 s, minReplicaCount 0, max 100."""
    spec = keda.KedaSpec(target=5)
    assert (spec.polling_interval_s, spec.cooldown_period_s) == (30.0, 300.0)
    assert (spec.min_replica_count, spec.max_replica_count, spec.activation_value) == (0, 100, 0)


def test_doc_activation_is_strictly_greater() -> None:
    """``activationThreshold: 0`` solo activa con una métrica de 1 o más."""
    assert not keda.is_active(0, 0)
    assert keda.is_active(1, 0)
    assert not keda.is_active(50, 50)


def test_doc_activation_beats_scaling() -> None:
    """threshold 10 y activationThreshold 50: 40 mensajes dejan 0 réplicas aunque el
    HPA pediría 4."""
    spec = keda.KedaSpec(target=10, activation_value=50)
    assert hpa.average_value_desired(1, 40, spec.target) == 4
    assert keda.activation(spec, 0.0, 0, 40, None).replicas == 0
    assert keda.activation(spec, 0.0, 3, 40, None).replicas == 0  # nunca activo: a 0


def test_cooldown_before_scaling_to_zero() -> None:
    """Tras la última vez activo, espera ``cooldownPeriod`` antes de bajar a 0."""
    spec = keda.KedaSpec(target=5)
    on = keda.activation(spec, 0.0, 0, 3, None)
    assert (on.replicas, on.last_active_s) == (1, 0.0)
    assert keda.activation(spec, 299.0, 4, 0, 0.0).replicas == 4
    assert keda.activation(spec, 300.0, 4, 0, 0.0).replicas == 0
    assert keda.activation(spec, 300.0, 4, 2, 0.0).last_active_s == 300.0


def test_min_replicas_means_always_active() -> None:
    """Con ``minReplicaCount ≥ 1`` el disparador está siempre activo."""
    spec = keda.KedaSpec(target=5, min_replica_count=2, activation_value=100)
    assert keda.activation(spec, 1000.0, 2, 0, None).replicas == 2
    assert keda.hpa_spec(spec).min_replicas == 2
    assert keda.hpa_spec(keda.KedaSpec(target=5)).min_replicas == 1


def test_hpa_spec_takes_window() -> None:
    spec = keda.KedaSpec(target=5, scale_down_window_s=60)
    assert keda.hpa_spec(spec).scale_down.stabilization_window_s == 60


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": 0},
        {"target": 5, "min_replica_count": 5, "max_replica_count": 2},
        {"target": 5, "max_replica_count": 0},
        {"target": 5, "polling_interval_s": 0},
        {"target": 5, "cooldown_period_s": -1},
        {"target": 5, "activation_value": -1},
    ],
)
def test_bad_specs(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"target|replica_count|interval|period|activation"):
        keda.KedaSpec(**kwargs)  # type: ignore[arg-type]


def test_bad_activation_inputs() -> None:
    spec = keda.KedaSpec(target=5)
    with pytest.raises(ValueError, match="current"):
        keda.activation(spec, 0.0, -1, 0, None)
    with pytest.raises(ValueError, match="metric debe ser un número finito; se recibió nan"):
        keda.is_active(float("nan"), 0)
    with pytest.raises(ValueError, match="now debe ser un número finito"):
        keda.activation(spec, float("inf"), 0, 0, None)


@settings(max_examples=100)
@given(
    metrics=st.lists(st.integers(0, 30), min_size=1, max_size=40),
    activation=st.integers(0, 10),
)
def test_zero_only_after_cooldown(metrics: list[int], activation: int) -> None:
    """Solo se baja a 0 si lleva ``cooldownPeriod`` sin estar activo."""
    spec = keda.KedaSpec(target=5, activation_value=activation)
    replicas, last = 0, None
    for i, metric in enumerate(metrics):
        now = i * spec.polling_interval_s
        decision = keda.activation(spec, now, replicas, metric, last)
        if replicas > 0 and decision.replicas == 0:
            assert last is None or now - last >= spec.cooldown_period_s
        if metric > activation:
            assert decision.replicas >= 1
        replicas, last = decision.replicas, decision.last_active_s


def test_hpa_without_behavior_unless_configured() -> None:
    """KEDA crea el HPA sin ``behavior`` si el ScaledObject no configura
    ``advanced.horizontalPodAutoscalerConfig``: camino heredado, tope max(2 × n, 4)."""
    plain = keda.hpa_spec(keda.KedaSpec(target=5.0, max_replica_count=50))
    assert not plain.has_behavior and plain.down_window_s == 300.0
    assert hpa.step(plain, hpa.HpaState(), 0.0, 1, 30)[0] == 4
    tuned = keda.hpa_spec(keda.KedaSpec(target=5.0, max_replica_count=50, scale_down_window_s=60))
    assert tuned.has_behavior and tuned.down_window_s == 60.0
    assert hpa.step(tuned, hpa.HpaState(), 0.0, 1, 30)[0] == 5
    with pytest.raises(ValueError, match="scale_down_window_s"):
        keda.KedaSpec(target=5.0, scale_down_window_s=-1.0)


def test_replay_chains_the_polls() -> None:
    """``replay`` pasa las réplicas y el último instante activo de un sondeo al siguiente."""
    spec = keda.KedaSpec(target=5, activation_value=0, cooldown_period_s=60)
    decisions = keda.replay(spec, [0, 12, 0, 0, 0, 3])
    assert [d.replicas for d in decisions] == [0, 1, 1, 0, 0, 1]
    assert [d.last_active_s for d in decisions] == [None, 30.0, 30.0, 30.0, 30.0, 150.0]
    assert decisions[3].reason == "enfriamiento cumplido: 1 → 0"
    always = keda.replay(keda.KedaSpec(target=5, min_replica_count=2), [0, 0])
    assert [d.replicas for d in always] == [2, 2]


def test_spec_rejects_what_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="target debe ser un número finito > 0"):
        keda.KedaSpec(target="5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_replica_count debe ser un entero ≥ 0"):
        keda.KedaSpec(target=5, min_replica_count=True)

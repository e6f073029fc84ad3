"""Pruebas de las decisiones del HPA (dadsbook.systems.containers.hpa).

Los ejemplos salen de la documentación de Kubernetes, «Horizontal Pod Autoscaling»
(https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/), y los de
los dos caminos (sin y con ``behavior``) se resuelven a mano en cada prueba con las
reglas del controlador (``pkg/controller/podautoscaler/horizontal.go``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import hpa


def test_doc_example_doubles_and_halves() -> None:
    """*Algorithm details*: 200m frente a 100m dobla; 50m frente a 100m reduce a la mitad."""
    assert hpa.desired_replicas(5, 200, 100) == 10
    assert hpa.desired_replicas(6, 50, 100) == 3


def test_doc_tolerance_skips_scaling() -> None:
    """*Algorithm details*: si el cociente está a 0.1 de 1 no se escala."""
    assert hpa.desired_replicas(10, 109, 100) == 10
    assert hpa.desired_replicas(10, 91, 100) == 10
    assert hpa.desired_replicas(10, 111, 100) == 12


def test_zero_replicas_means_disabled() -> None:
    """*Implicit maintenance-mode deactivation*: con 0 réplicas el HPA no actúa."""
    assert hpa.desired_replicas(0, 500, 100) == 0


def test_unready_pods_dampen_scale_up() -> None:
    """Los pods que arrancan cuentan como 0 % si la decisión era subir."""
    assert hpa.resource_desired(2, [100.0, 100.0], 0, 50.0) == 4
    assert hpa.resource_desired(3, [100.0, 100.0], 1, 50.0) == 4  # 200/3/50 = 1.33 → 4
    assert hpa.resource_desired(4, [100.0, 100.0], 2, 50.0) == 4  # cociente 1: no sube


def test_average_value_uses_total_over_target() -> None:
    """Métrica externa ``AverageValue``: ``ceil(total / objetivo)``."""
    assert hpa.average_value_desired(1, 40, 10) == 4
    assert hpa.average_value_desired(4, 41, 10) == 4  # cociente 1.025: tolerancia
    assert hpa.average_value_desired(2, 0, 10) == 0


def test_doc_default_scale_up_policies() -> None:
    """*Default Behavior*: subir 4 pods o el 100 % cada 15 s, la que permita más."""
    assert hpa.scale_up_limit(1, [], 0.0, hpa.DEFAULT_SCALE_UP) == 5
    assert hpa.scale_up_limit(3, [], 0.0, hpa.DEFAULT_SCALE_UP) == 7
    assert hpa.scale_up_limit(6, [], 0.0, hpa.DEFAULT_SCALE_UP) == 12
    # Si en los últimos 15 s ya subió de 3 a 7, el periodo empezó en 3: tope 7.
    assert hpa.scale_up_limit(7, [(10.0, 4)], 20.0, hpa.DEFAULT_SCALE_UP) == 7


def test_doc_scale_down_policy_example() -> None:
    """*Scaling policies*: 80 réplicas con 4 pods o 10 % por minuto: 72, luego 64, y 4 en 4."""
    rules = hpa.ScalingRules(
        0.0, (hpa.ScalingPolicy("Pods", 4, 60.0), hpa.ScalingPolicy("Percent", 10, 60.0))
    )
    assert hpa.scale_down_limit(80, [], 0.0, rules) == 72
    assert hpa.scale_down_limit(72, [], 0.0, rules) == 64
    assert hpa.scale_down_limit(30, [], 0.0, rules) == 26
    minimum = hpa.ScalingRules(0.0, rules.policies, "Min")
    assert hpa.scale_down_limit(80, [], 0.0, minimum) == 76
    disabled = hpa.ScalingRules(0.0, (), "Disabled")
    assert hpa.scale_down_limit(80, [], 0.0, disabled) == 80


def test_doc_kubectl_autoscale_limits() -> None:
    """``kubectl autoscale rs foo --min=2 --max=5 --cpu-percent=80``: nunca más de 5 ni
    menos de 2 (pasada la primera ventana de bajada)."""
    spec = hpa.HpaSpec(min_replicas=2, max_replicas=5, target=80.0)
    assert not spec.has_behavior  # kubectl autoscale no escribe behavior
    raw = hpa.desired_replicas(4, 100.0, 80.0)
    assert hpa.step(spec, hpa.HpaState(), 0.0, 4, raw)[0] == 5
    assert hpa.replay(spec, [1] * 22, start=3)[-1] == 2


# --- Los dos caminos, resueltos a mano con las reglas del controlador -------------------
LEGACY = hpa.HpaSpec(min_replicas=1, max_replicas=50, target=1.0)
BEHAVIOR = hpa.HpaSpec(min_replicas=1, max_replicas=50, target=1.0, scale_up=hpa.DEFAULT_SCALE_UP)


def test_legacy_scale_up_is_double_or_four_per_cycle() -> None:
    """Sin behavior, ``calculateScaleUpLimit``: como mucho max(2 × actuales, 4) por ciclo.

    De 1 réplica pidiendo 40: max(2, 4) = 4; max(8, 4) = 8; 16; 32; y 40 (< 64)."""
    assert hpa.replay(LEGACY, [40] * 6, start=1) == (4, 8, 16, 32, 40, 40)
    assert [hpa.legacy_scale_up_limit(n) for n in (0, 1, 2, 3, 7)] == [4, 4, 4, 6, 14]


def test_behavior_defaults_scale_up_is_double_or_plus_four_per_period() -> None:
    """Con behavior por omisión (100 % o 4 pods cada 15 s, la que permita más).

    De 1 pidiendo 40: max(2, 1 + 4) = 5; 15 s después el periodo empieza en 5:
    max(10, 9) = 10; luego max(20, 14) = 20 y max(40, 24) = 40."""
    assert BEHAVIOR.has_behavior and not LEGACY.has_behavior
    assert hpa.replay(BEHAVIOR, [40] * 5, start=1) == (5, 10, 20, 40, 40)
    # Desde 3 los dos caminos ya difieren: max(6, 4) = 6 frente a max(6, 3 + 4) = 7.
    assert hpa.step(LEGACY, hpa.HpaState(), 0.0, 3, 40)[0] == 6
    assert hpa.step(BEHAVIOR, hpa.HpaState(), 0.0, 3, 40)[0] == 7


def test_legacy_follows_the_highest_recent_recommendation_upwards() -> None:
    """Sin behavior, la recomendación es la **mayor** de la ventana también al subir.

    Empieza en 2; la métrica pide 20 y luego 10. Heredado: max(20, 2) → tope 4; después
    max(10, 20) = 20 → tope 8, 16 y 20. Con behavior, la ventana de subida (0 s) deja 10:
    2 → min(20, max(4, 6)) = 6 y luego 10 (tope max(12, 10))."""
    raws = [20, 10, 10, 10, 10]
    assert hpa.replay(LEGACY, raws, start=2) == (4, 8, 16, 20, 20)
    assert hpa.replay(BEHAVIOR, raws, start=2) == (6, 10, 10, 10, 10)


def test_below_min_jumps_to_min_above_max_drops_to_max() -> None:
    """``reconcileAutoscaler`` corrige el rango antes de mirar la métrica, sin ritmo."""
    slow_down = hpa.ScalingRules(0.0, (hpa.ScalingPolicy("Pods", 1, 60.0),))
    for spec in (
        hpa.HpaSpec(min_replicas=10, max_replicas=20, target=1.0),
        hpa.HpaSpec(min_replicas=10, max_replicas=20, target=1.0, scale_down=slow_down),
    ):
        assert hpa.step(spec, hpa.HpaState(), 0.0, 1, 1)[0] == 10  # ni 4 ni 5: 10
        assert hpa.step(spec, hpa.HpaState(), 0.0, 30, 30)[0] == 20  # ni 29: 20


def test_first_cycle_records_current_replicas() -> None:
    """``recordInitialRecommendation``: en los primeros 300 s no se baja de las iniciales."""
    for spec in (LEGACY, BEHAVIOR):
        out = hpa.replay(spec, [2] * 25, start=8)
        assert out[:20] == (8,) * 20  # hasta t = 285 s
        assert out[20] == 2  # t = 300 s: la anotación de t = 0 sale de la ventana


def test_legacy_scale_down_has_no_rate_limit() -> None:
    """Sin behavior, pasada la ventana se baja de golpe; con la política de la
    documentación (4 pods o 10 % por minuto, sin ventana) se baja de 80 a 72 y, un
    minuto después, a 64."""
    assert hpa.replay(LEGACY, [10] * 21, start=80)[-1] == 10
    doc_policy = hpa.ScalingRules(
        0.0, (hpa.ScalingPolicy("Pods", 4, 60.0), hpa.ScalingPolicy("Percent", 10, 60.0))
    )
    spec = hpa.HpaSpec(min_replicas=1, max_replicas=100, target=1.0, scale_down=doc_policy)
    assert hpa.replay(spec, [10] * 5, start=80) == (72, 72, 72, 72, 64)


def test_zero_replicas_disables_both_paths() -> None:
    for spec in (LEGACY, BEHAVIOR):
        assert hpa.step(spec, hpa.HpaState(), 0.0, 0, 30)[0] == 0


def test_stabilization_window_holds_the_highest() -> None:
    """*Stabilization window*: al bajar se usa la mayor recomendación de los últimos 300 s."""
    spec = hpa.HpaSpec(min_replicas=1, max_replicas=10, target=1.0)
    out = hpa.replay(spec, [8, 8] + [2] * 24, start=8)
    assert out[:21] == (8,) * 21
    assert out[21] == 2
    legacy_short = hpa.HpaSpec(min_replicas=1, max_replicas=10, target=1.0, downscale_window_s=60)
    assert hpa.replay(legacy_short, [8, 8] + [2] * 10, start=8).index(2) == 5
    short = hpa.HpaSpec(
        min_replicas=1,
        max_replicas=10,
        target=1.0,
        scale_down=hpa.ScalingRules(60.0, hpa.DEFAULT_SCALE_DOWN.policies),
    )
    assert hpa.replay(short, [8, 8] + [2] * 10, start=8).index(2) == 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_replicas": 5, "max_replicas": 2, "target": 1.0},
        {"min_replicas": 0, "max_replicas": 2, "target": 1.0},
        {"min_replicas": 1, "max_replicas": 2, "target": 0.0},
        {"min_replicas": 1, "max_replicas": 2, "target": 1.0, "tolerance": -0.1},
        {"min_replicas": 1, "max_replicas": 2, "target": 1.0, "sync_period_s": 0},
        {"min_replicas": 1, "max_replicas": 2, "target": 1.0, "downscale_window_s": -1},
    ],
)
def test_bad_specs(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"replicas|target|tolerance|sync_period_s|window"):
        hpa.HpaSpec(**kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="target"):
        hpa.desired_replicas(1, 1.0, 0.0)
    with pytest.raises(ValueError, match="current"):
        hpa.desired_replicas(-1, 1.0, 1.0)
    with pytest.raises(ValueError, match="metric debe ser un número finito ≥ 0"):
        hpa.desired_replicas(1, float("nan"), 1.0)
    with pytest.raises(ValueError, match="current debe ser un entero ≥ 0"):
        hpa.step(hpa.HpaSpec(1, 2, 1.0), hpa.HpaState(), 0.0, 1.5, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        hpa.ScalingPolicy("Nodes", 1, 15.0)
    with pytest.raises(ValueError, match="select_policy"):
        hpa.ScalingRules(0.0, hpa.DEFAULT_SCALE_UP.policies, "Avg")
    with pytest.raises(TypeError, match="scale_up"):
        hpa.HpaSpec(1, 2, 1.0, scale_up=4)  # type: ignore[arg-type]


bounds = st.tuples(st.integers(1, 30), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


paths = st.sampled_from([None, hpa.DEFAULT_SCALE_UP])


@settings(max_examples=150)
@given(
    bounds=bounds,
    raws=st.lists(st.integers(0, 80), min_size=1, max_size=60),
    data=st.data(),
    up=paths,
)
def test_replicas_stay_within_bounds(
    bounds: tuple[int, int], raws: list[int], data: st.DataObject, up: hpa.ScalingRules | None
) -> None:
    """Empezando en cualquier sitio, tras el primer ciclo las réplicas están en [min, max]."""
    low, high = bounds
    start = data.draw(st.integers(0, high + 10))
    spec = hpa.HpaSpec(min_replicas=low, max_replicas=high, target=1.0, scale_up=up)
    out = hpa.replay(spec, raws, start)
    assert all(low <= n <= high for n in out) or start == 0


@settings(max_examples=150)
@given(
    raws=st.lists(st.integers(1, 40), min_size=1, max_size=60),
    start=st.integers(1, 40),
    up=paths,
)
def test_no_scale_down_inside_window(
    raws: list[int], start: int, up: hpa.ScalingRules | None
) -> None:
    """Nunca se baja de la mayor recomendación de los últimos 300 s (ni de las réplicas
    actuales, si ya estaban por debajo), por ninguno de los dos caminos."""
    spec = hpa.HpaSpec(min_replicas=1, max_replicas=40, target=1.0, scale_up=up)
    out = hpa.replay(spec, raws, start)
    window = int(spec.down_window_s / spec.sync_period_s)
    previous = start
    for i, now in enumerate(out):
        recent = max(raws[max(0, i - window + 1) : i + 1])
        if now < previous:
            assert now >= recent
        previous = now

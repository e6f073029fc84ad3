"""Pruebas de las funciones bajo demanda simuladas (dadsbook.systems.cloud.serverless)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.cloud import serverless as sl


def test_a_lone_event_pays_one_cold_start() -> None:
    config = sl.ServerlessConfig(cold_start_s=2.0, execution_s=0.5)
    r = sl.simulate_serverless(config, rate_per_s=0.001, duration_s=5000, seed=3)
    # Casi siempre la instancia se recicla antes del siguiente evento: paga el arranque.
    assert r.events >= 1 and r.cold_starts >= 1
    assert sorted(set(round(x, 6) for x in r.latencies_s)) in ([0.5, 2.5], [2.5])
    assert r.latencies_s.count(2.5) == r.cold_starts


def test_concurrency_reduces_instances() -> None:
    runs = {
        c: sl.simulate_serverless(
            sl.ServerlessConfig(concurrency=c), rate_per_s=2, burst_per_s=30, duration_s=600, seed=1
        )
        for c in (1, 16)
    }
    assert runs[16].peak_instances < runs[1].peak_instances
    assert runs[16].instance_seconds < runs[1].instance_seconds
    assert "arranques en frío" in str(sl.summary_table({"a": runs[1]}))


@settings(max_examples=20)
@given(
    st.integers(1, 8),
    st.integers(1, 6),
    st.floats(0.5, 20),
    st.integers(0, 1000),
)
def test_instances_never_exceed_the_limit(
    concurrency: int, max_instances: int, rate: float, seed: int
) -> None:
    config = sl.ServerlessConfig(concurrency=concurrency, max_instances=max_instances)
    r = sl.simulate_serverless(config, rate_per_s=rate, duration_s=120, seed=seed)
    assert r.peak_instances <= max_instances
    assert all(latency >= config.execution_s - 1e-9 for latency in r.latencies_s)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cold_start_s", -1),
        ("execution_s", 0),
        ("concurrency", 0),
        ("max_instances", 0),
        ("keep_alive_s", 0),
    ],
)
def test_bad_config(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        sl.ServerlessConfig(**{field: value})  # type: ignore[arg-type]


def test_bad_load() -> None:
    with pytest.raises(ValueError, match="rate_per_s"):
        sl.simulate_serverless(sl.ServerlessConfig(), rate_per_s=0, duration_s=10, seed=0)
    with pytest.raises(ValueError, match="duration_s"):
        sl.simulate_serverless(sl.ServerlessConfig(), rate_per_s=1, duration_s=-1, seed=0)


def test_controller_adds_at_most_one_instance_per_interval() -> None:
    """Azure: el controlador añade como mucho una instancia por intervalo, y los eventos
    esperan en cola mientras tanto (en lugar de arrancar una instancia cada uno)."""
    config = sl.ServerlessConfig(scaling="controller", scale_interval_s=1.0, cold_start_s=0.5)
    r = sl.simulate_serverless(config, rate_per_s=50, duration_s=10, seed=2)
    births = [t for (t, n), (_, m) in itertools.pairwise(r.instances) if m > n]
    assert r.cold_starts == len(births) and r.cold_starts >= 2
    gaps = [b - a for a, b in itertools.pairwise(births)]
    assert all(gap >= 1.0 - 1e-9 for gap in gaps)
    per_event = sl.simulate_serverless(
        sl.ServerlessConfig(cold_start_s=0.5), rate_per_s=50, duration_s=10, seed=2
    )
    assert per_event.peak_instances > r.peak_instances


def test_always_ready_and_prewarmed_avoid_cold_starts() -> None:
    """Premium: con una instancia siempre lista y colchón precalentado, ni un arranque en
    frío con carga ligera; y las siempre listas se pagan aunque no trabajen."""
    base = {"scaling": "controller", "concurrency": 4, "keep_alive_s": 30.0}
    warm = sl.ServerlessConfig(**base, always_ready=1, prewarmed=1)  # type: ignore[arg-type]
    cold = sl.ServerlessConfig(**base)  # type: ignore[arg-type]
    runs = {
        name: sl.simulate_serverless(c, rate_per_s=0.01, duration_s=2000, seed=4)
        for name, c in (("warm", warm), ("cold", cold))
    }
    assert runs["warm"].cold_starts == 0 < runs["cold"].cold_starts
    assert max(runs["warm"].latencies_s) == pytest.approx(warm.execution_s)
    assert runs["warm"].instance_seconds > runs["cold"].instance_seconds


def test_by_seed_repeats_each_config_with_the_same_load() -> None:
    configs = {"a": sl.ServerlessConfig(), "b": sl.ServerlessConfig(concurrency=4)}
    out = sl.by_seed(configs, seeds=[1, 2, 3], rate_per_s=2.0, duration_s=60)
    assert [len(v) for v in out.values()] == [3, 3]
    assert [r.events for r in out["a"]] == [r.events for r in out["b"]]
    with pytest.raises(ValueError, match="seeds"):
        sl.by_seed(configs, seeds=[], rate_per_s=2.0, duration_s=60)


def test_summary_table_uses_the_spanish_formatter() -> None:
    r = sl.simulate_serverless(sl.ServerlessConfig(), rate_per_s=5, duration_s=600, seed=1)
    (row,) = sl.summary_table({"x": r}).rows
    assert all(isinstance(cell, str) for cell in row)
    assert "," in row[3] and "." not in "".join(row[1:])


@pytest.mark.parametrize(
    ("field", "value"),
    [("scaling", "lambda"), ("scale_interval_s", 0), ("always_ready", -1), ("prewarmed", -1),
     ("always_ready", 30)],
)  # fmt: skip
def test_bad_platform(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        sl.ServerlessConfig(**{field: value})  # type: ignore[arg-type]


# --- Concurrencia dinámica (modelo de Azure Functions) ---------------------------------
def _dynamic(**kwargs: object) -> sl.ServerlessConfig:
    base: dict[str, object] = {
        "scaling": "controller", "concurrency_mode": "dynamic", "capacity": 4,
        "concurrency": 16,
    }  # fmt: skip
    return sl.ServerlessConfig(**{**base, **kwargs})  # type: ignore[arg-type]


def test_dynamic_concurrency_starts_at_one_and_settles_near_the_capacity() -> None:
    r = sl.simulate_serverless(_dynamic(), rate_per_s=30, duration_s=120, seed=3)
    assert r.concurrency[0] == (0.0, 1.0)
    peak = max(c for _, c in r.concurrency)
    # Sube mientras la carga no pasa del 80 % de 4 eventos: como mucho hasta 4 (3 + 1).
    assert 2 <= peak <= 4
    assert 1 < r.mean_concurrency <= 4


def test_dynamic_concurrency_without_capacity_climbs_to_the_ceiling() -> None:
    r = sl.simulate_serverless(
        _dynamic(capacity=None, concurrency=6, max_instances=1),
        rate_per_s=40,
        duration_s=60,
        seed=1,
    )
    assert max(c for _, c in r.concurrency) == 6


def test_an_overloaded_instance_lowers_its_limit() -> None:
    # healthy_load muy bajo: en cuanto hay un evento en curso, la instancia está «enferma».
    r = sl.simulate_serverless(_dynamic(healthy_load=0.2), rate_per_s=30, duration_s=60, seed=2)
    assert max(c for _, c in r.concurrency) <= 2


def test_capacity_slows_events_in_proportion() -> None:
    lone = sl.ServerlessConfig(scaling="controller", concurrency=16, capacity=4, always_ready=1,
                               cold_start_s=0, execution_s=1.0)  # fmt: skip
    r = sl.simulate_serverless(lone, rate_per_s=0.01, duration_s=300, seed=1)
    assert all(t == pytest.approx(1.0) for t in r.latencies_s), "solo: sin ralentizarse"
    busy = sl.simulate_serverless(lone, rate_per_s=40, duration_s=5, seed=1)
    assert max(busy.latencies_s) > 2.0, "con 16 a la vez donde caben 4, cada uno tarda más"


def test_static_default_is_unchanged_by_the_new_fields() -> None:
    r = sl.simulate_serverless(sl.ServerlessConfig(), rate_per_s=5, duration_s=60, seed=1)
    assert r.concurrency == () and r.mean_concurrency == 1.0
    assert all(t >= sl.ServerlessConfig().execution_s - 1e-9 for t in r.latencies_s)


def test_dynamic_against_static_low_and_high() -> None:
    configs = {
        "baja": sl.ServerlessConfig(scaling="controller", concurrency=1, capacity=4),
        "alta": sl.ServerlessConfig(scaling="controller", concurrency=16, capacity=4),
        "dinámica": _dynamic(),
    }
    runs = sl.by_seed(configs, seeds=range(3), rate_per_s=2, burst_per_s=30, duration_s=120)
    for low, high, dyn in zip(runs["baja"], runs["alta"], runs["dinámica"], strict=True):
        assert dyn.cold_starts < low.cold_starts
        assert dyn.p50_s < high.p50_s


@pytest.mark.parametrize(
    ("field", "value"),
    [("concurrency_mode", "adaptive"), ("capacity", 0), ("healthy_load", 0),
     ("adjust_interval_s", -1)],
)  # fmt: skip
def test_bad_dynamic_config(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        sl.ServerlessConfig(**{field: value})  # type: ignore[arg-type]

"""Pruebas de las funciones bajo demanda simuladas (dadsbook.systems.cloud.serverless)."""

from __future__ import annotations

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


@settings(max_examples=20, deadline=None)
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

"""Pruebas de los grupos de escalado simulados (dadsbook.systems.cloud.scale_sets)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.cloud import scale_sets as ss


def test_scales_out_after_a_step_and_back_in() -> None:
    demand = ss.step_demand(3600, low=1, high=8, at_s=600) + ss.step_demand(
        3600, low=0.5, high=0.5, at_s=0
    )
    r = ss.simulate_scale_set(ss.ScaleRule(), demand=demand, seed=0)
    assert max(r.ready) >= 8
    assert r.instances[-1] == ss.ScaleRule().min_instances


def test_slow_provisioning_leaves_more_work_unserved() -> None:
    demand = ss.step_demand(3600, low=1, high=10, at_s=300)
    fast = ss.simulate_scale_set(ss.ScaleRule(provisioning_s=30), demand=demand, seed=1)
    slow = ss.simulate_scale_set(ss.ScaleRule(provisioning_s=900), demand=demand, seed=1)
    assert slow.unserved > fast.unserved


@settings(max_examples=30)
@given(st.integers(1, 5), st.integers(0, 10), st.integers(0, 100))
def test_instances_within_bounds(low: int, extra: int, seed: int) -> None:
    rule = ss.ScaleRule(min_instances=low, max_instances=low + extra, cooldown_s=60, window_s=60)
    r = ss.simulate_scale_set(rule, demand=ss.random_demand(seed, 1800), seed=seed)
    assert all(rule.min_instances <= n <= rule.max_instances for n in r.instances)
    assert all(ready <= n for ready, n in zip(r.ready, r.instances, strict=True))
    assert 0 <= r.unserved_fraction <= 1


def test_bad_rules() -> None:
    with pytest.raises(ValueError, match="min_instances"):
        ss.ScaleRule(min_instances=5, max_instances=2)
    with pytest.raises(ValueError, match="scale_in_below"):
        ss.ScaleRule(scale_in_below=0.8, scale_out_above=0.5)
    with pytest.raises(ValueError, match="provisioning_s"):
        ss.ScaleRule(provisioning_s=-1)
    with pytest.raises(ValueError, match="demand"):
        ss.simulate_scale_set(ss.ScaleRule(), demand=[], seed=0)
    with pytest.raises(ValueError, match="demand"):
        ss.simulate_scale_set(ss.ScaleRule(), demand=[1, -2], seed=0)


def test_unserved_by_seed_repeats_one_demand_with_new_start_times() -> None:
    rules = {"rápida": ss.ScaleRule(provisioning_s=60), "lenta": ss.ScaleRule(provisioning_s=600)}
    demand = ss.random_demand(4, 3600)
    out = ss.unserved_by_seed(rules, demand=demand, seeds=range(5))
    assert [len(v) for v in out.values()] == [5, 5]
    assert len(set(out["lenta"])) > 1, "la semilla cambia los tiempos de arranque"
    assert min(out["lenta"]) > max(out["rápida"])
    with pytest.raises(ValueError, match="seeds debe ser una secuencia no vacía de semillas"):
        ss.unserved_by_seed(rules, demand=demand, seeds=[])
    with pytest.raises(ValueError, match=r"seeds\[1\] debe ser un entero"):
        ss.unserved_by_seed(rules, demand=demand, seeds=[1, 2.5])


def test_rules_table_is_spanish() -> None:
    demand = ss.step_demand(1800, low=1, high=6, at_s=300)
    r = ss.simulate_scale_set(ss.ScaleRule(), demand=demand, seed=0)
    (row,) = ss.rules_table({"regla": r}).rows
    assert row[1].endswith(" %") and all(isinstance(c, str) for c in row)

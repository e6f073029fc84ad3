"""Pruebas del plan de App Service con afinidad ARR (dadsbook.systems.cloud.app_service)."""

from __future__ import annotations

import pytest

from dadsbook.systems.cloud import app_service as app

SHORT = app.AppServiceConfig(duration_s=400, fail_at_s=150)


def test_without_a_failure_nothing_is_lost() -> None:
    for affinity in (True, False):
        config = app.AppServiceConfig(duration_s=200, fail_at_s=None, affinity=affinity)
        r = app.simulate_app_service(config, seed=2)
        assert r.lost_sessions == 0 and r.failed_requests == 0 and r.completed > 1000


def test_when_the_only_instance_falls_requests_fail_until_a_new_one_is_ready() -> None:
    """Sin instancia lista, el balanceador contesta 503: se cuentan, no revientan."""
    for affinity in (True, False):
        config = app.AppServiceConfig(
            instances=1, duration_s=600, fail_at_s=100, affinity=affinity, load=0.5
        )
        r = app.simulate_app_service(config, seed=1)
        assert r.failed_requests > 0
        assert r.added_at_s and r.added_at_s[0] > 100  # el autoescalado repone
        assert r.completed > 0


def test_affinity_loses_the_sessions_of_the_failed_instance() -> None:
    for seed in range(3):
        sticky = app.simulate_app_service(SHORT, seed=seed)
        free = app.simulate_app_service(app.with_affinity(SHORT, False), seed=seed)
        assert sticky.lost_sessions > 0
        assert free.lost_sessions == 0


@pytest.mark.slow
def test_affinity_unbalances_the_instances() -> None:
    """El balanceador solo decide en la primera petición: los pesados se quedan donde caen."""
    for seed in range(3):
        sticky = app.simulate_app_service(SHORT, seed=seed)
        free = app.simulate_app_service(app.with_affinity(SHORT, False), seed=seed)
        assert sticky.imbalance > free.imbalance
        assert free.imbalance < 1.1


@pytest.mark.slow
def test_the_rule_scales_out_after_the_failure_and_respects_the_cooldown() -> None:
    config = app.AppServiceConfig(duration_s=900, fail_at_s=200, cooldown_s=300)
    r = app.simulate_app_service(config, seed=1)
    assert r.added_at_s and r.added_at_s[0] >= 200
    gaps = [b - a for a, b in zip(r.added_at_s, r.added_at_s[1:], strict=False)]
    assert all(g >= 300 for g in gaps)
    assert len(r.utilization) == config.instances + len(r.added_at_s)
    assert 0 < r.new_share < 1 and r.fair_share == pytest.approx(1 / 3)


def test_same_seed_same_result() -> None:
    a = app.simulate_app_service(SHORT, seed=5)
    b = app.simulate_app_service(SHORT, seed=5)
    assert a.as_dict() == b.as_dict()


def test_table_and_bad_inputs() -> None:
    runs = app.by_seed({"x": SHORT}, seeds=[1])
    assert "sesiones perdidas" in str(app.summary_table({"x": runs["x"][0]}))
    with pytest.raises(ValueError, match="instances"):
        app.AppServiceConfig(instances=0)
    with pytest.raises(ValueError, match="fail_at_s"):
        app.AppServiceConfig(duration_s=100, fail_at_s=200)
    with pytest.raises(ValueError, match="load"):
        app.AppServiceConfig(load=0)
    with pytest.raises(ValueError, match=r"duration_s debe ser un número > 0 y ≤ 86400"):
        app.AppServiceConfig(duration_s=86_401)
    with pytest.raises(ValueError, match="seeds"):
        app.by_seed({"x": SHORT}, seeds=[])

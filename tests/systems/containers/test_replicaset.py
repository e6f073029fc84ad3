"""Pruebas del ReplicaSet (dadsbook.systems.containers.replicaset)."""

from __future__ import annotations

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import replicaset
from dadsbook.systems.containers.replicaset import PodView


def test_reconcile_creates_what_is_missing() -> None:
    assert replicaset.reconcile(3, []).create == 3
    assert replicaset.reconcile(0, []) == replicaset.Reconciliation(0, ())


def test_reconcile_deletes_unready_then_newest() -> None:
    """Como ``getPodsToDelete``: primero los no listos; entre iguales, los más nuevos."""
    pods = [
        PodView("viejo", True, 0.0),
        PodView("nuevo", True, 9.0),
        PodView("arranca", False, 1.0),
    ]
    assert replicaset.reconcile(2, pods).delete == ("arranca",)
    assert replicaset.reconcile(1, pods).delete == ("arranca", "nuevo")


def test_failed_pod_is_replaced_after_startup() -> None:
    """Un pod que cae se repone; el repuesto está listo ``startup_s`` después."""
    env = simpy.Environment()
    rs = replicaset.ReplicaSet(
        env, replicas=2, startup_s=10.0, rng=np.random.default_rng(0), reconcile_delay_s=1.0
    )
    env.run(until=20)
    assert rs.ready_count() == 2
    rs._stop(rs.active[0], "fallo")
    env.run(until=25)
    assert rs.ready_count() == 1 and len(rs.active) == 2  # el repuesto arranca
    env.run(until=32)
    assert rs.ready_count() == 2 and len(rs.pods) == 3


def test_scale_down_and_up() -> None:
    env = simpy.Environment()
    rs = replicaset.ReplicaSet(env, replicas=4, startup_s=5.0, rng=np.random.default_rng(0))
    env.run(until=10)
    rs.scale(1)
    env.run(until=11)
    assert len(rs.active) == 1
    rs.scale(3)
    assert len(rs.active) == 3 and rs.ready_count() == 1


def test_self_healing_counts() -> None:
    r = replicaset.simulate_self_healing(
        replicas=3, mtbf_s=100.0, startup_s=10.0, horizon_s=2000.0, seed=4
    )
    assert r.failures > 0
    assert r.created - 3 in (r.failures, r.failures - 1)
    assert 0 < r.availability < 1
    assert max(r.ready) <= 3
    assert r.figure().axes


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="desired"):
        replicaset.reconcile(-1, [])
    with pytest.raises(ValueError, match="startup_s"):
        replicaset.ReplicaSet(
            simpy.Environment(), replicas=1, startup_s=-1, rng=np.random.default_rng(0)
        )
    with pytest.raises(ValueError, match="replicas"):
        replicaset.simulate_self_healing(replicas=0, mtbf_s=10, startup_s=1, horizon_s=10, seed=0)
    with pytest.raises(ValueError, match="mtbf_s"):
        replicaset.simulate_self_healing(replicas=1, mtbf_s=0, startup_s=1, horizon_s=10, seed=0)


@settings(max_examples=60, deadline=None)
@given(
    replicas=st.integers(1, 6),
    mtbf=st.floats(20, 500),
    startup=st.floats(0, 30),
    seed=st.integers(0, 10_000),
)
def test_never_more_ready_than_desired(
    replicas: int, mtbf: float, startup: float, seed: int
) -> None:
    """Los pods listos nunca superan las réplicas deseadas."""
    r = replicaset.simulate_self_healing(
        replicas=replicas, mtbf_s=mtbf, startup_s=startup, horizon_s=600.0, seed=seed
    )
    assert max(r.ready) <= replicas

"""Pruebas del ReplicaSet simulado (dadsbook.systems.containers.replicaset).

Cada instante esperado se deduce en la prueba de las reglas de Kubernetes: reinicio en
su sitio con espera 10 s, 20 s, 40 s… (kubelet) y, si cae el nodo, desalojo tras el
periodo de gracia (50 s) más la tolerancia (300 s), y solo entonces un pod nuevo.
"""

from __future__ import annotations

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import figures, replicaset


def _rs(env: simpy.Environment, **kwargs: object) -> replicaset.ReplicaSet:
    options: dict[str, object] = {"replicas": 1, "startup_s": 10.0, "nodes": 2}
    options.update(kwargs)
    return replicaset.ReplicaSet(env, rng=np.random.default_rng(0), **options)  # type: ignore[arg-type]


def test_crashed_container_restarts_in_the_same_pod() -> None:
    """Un fallo del contenedor no crea pods: espera 10 s, arranca 10 s y vuelve a estar listo."""
    env = simpy.Environment()
    rs = _rs(env)
    env.run(until=20)
    pod = rs.active[0]
    rs.crash(pod)
    env.run(until=39)
    assert rs.ready_count() == 0 and len(rs.active) == 1  # esperando y arrancando
    env.run(until=41)
    assert rs.ready_count() == 1 and rs.active[0] is pod
    assert (len(rs.pods), pod.restarts, rs.failures, pod.ready_s) == (1, 1, 1, 40.0)


def test_crash_loop_back_off_doubles() -> None:
    """Un fallo 1 s después de cada arranque: esperas de 10, 20 y 40 s.

    Lista en 10; falla en 11 → lista en 11 + 10 + 10 = 31; falla en 32 → 32 + 20 + 10 =
    62; falla en 63 → 63 + 40 + 10 = 113."""
    env = simpy.Environment()
    rs = _rs(env)
    ready_at = []
    for expected in (10.0, 31.0, 62.0, 113.0):
        env.run(until=expected + 1)
        pod = rs.active[0]
        ready_at.append(pod.ready_s)
        rs.crash(pod)
    assert ready_at == [10.0, 31.0, 62.0, 113.0]
    assert (rs.failures, rs.active[0].restarts) == (4, 3)  # el cuarto aún espera


def test_back_off_resets_after_ten_minutes_running() -> None:
    """Tras 600 s funcionando, la racha se corta: la espera vuelve a 10 s."""
    env = simpy.Environment()
    rs = _rs(env)
    env.run(until=10.5)
    rs.crash(rs.active[0])  # espera 10: lista en 30
    env.run(until=30.5 + 600)
    rs.crash(rs.active[0])  # llevaba 600 s: espera 10 otra vez, lista en 650.5
    env.run(until=651)
    assert rs.active[0].ready_s == pytest.approx(650.5)


def test_node_failure_waits_for_eviction_then_replaces() -> None:
    """Cae el nodo en t = 50: el pod deja de estar listo en el acto, pero sigue contando
    hasta el desalojo (50 + 50 + 300 = 400); el repuesto se crea 1 s después en el otro
    nodo y está listo 10 s más tarde."""
    env = simpy.Environment()
    rs = _rs(env, replicas=2)
    env.run(until=50)
    assert {p.node for p in rs.active} == {"nodo-0", "nodo-1"}
    rs.fail_node("nodo-0")
    env.run(until=399)
    assert rs.ready_count() == 1 and len(rs.active) == 2 and len(rs.pods) == 2
    env.run(until=402)
    assert len(rs.pods) == 3 and rs.evictions == 1
    new = rs.pods[-1]
    assert (new.created_s, new.node) == (401.0, "nodo-1")
    env.run(until=412)
    assert rs.ready_count() == 2


def test_without_healthy_nodes_the_replacement_waits_unassigned() -> None:
    """Con un solo nodo caído, el repuesto queda sin asignar hasta que el nodo vuelve
    (600 s después de caer)."""
    env = simpy.Environment()
    rs = _rs(env, nodes=1, node_repair_s=600.0)
    env.run(until=20)
    rs.fail_node("nodo-0")
    env.run(until=500)
    (pending,) = rs.active
    assert pending.node is None and rs.views()[0].phase == "Pending"
    env.run(until=631)
    assert pending.node == "nodo-0" and pending.ready_s == pytest.approx(630.0)


def test_scale_down_deletes_by_rank() -> None:
    """Al reducir se borra primero el pod no listo (uno que reinicia), luego el que más
    comparte nodo."""
    env = simpy.Environment()
    rs = _rs(env, replicas=3, nodes=2)
    env.run(until=20)
    crashing = rs.active[1]
    rs.crash(crashing)
    rs.scale(2)
    assert crashing not in rs.active
    env.run(until=40)
    by_node = {p.node for p in rs.active}
    assert len(rs.active) == 2 and by_node == {"nodo-0"}  # pod-0 y pod-2 comparten nodo-0
    rs.scale(1)
    assert len(rs.active) == 1


def test_self_healing_counts() -> None:
    r = replicaset.simulate_self_healing(
        replicas=3, mtbf_s=300.0, startup_s=10.0, horizon_s=2400.0, seed=4, node_mtbf_s=2000.0
    )
    assert 0 < r.restarts <= r.failures
    assert r.created == 3 + r.evictions
    assert 0 < r.availability < 1
    assert max(r.ready) <= 3
    assert max(figures.self_healing_figure(r).axes[0].get_lines()[0].get_ydata()) <= 3
    assert {k for _, k in r.events} <= {"fallo", "nodo", "desalojo"}
    assert set(r.as_dict()) >= {"failures", "restarts", "node_failures", "evictions"}
    rows = dict(r.table().rows)
    assert rows["pods creados por el ReplicaSet"] == str(r.created)
    assert (
        rows["réplicas listas de media"].endswith(" %")
        and "." not in rows["réplicas listas de media"]
    )


def test_random_problem_solves() -> None:
    problem = replicaset.random_self_healing(5)
    assert problem.as_dict()["replicas"] == problem.replicas


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
    with pytest.raises(ValueError, match="nodes"):
        _rs(simpy.Environment(), nodes=0)
    with pytest.raises(ValueError, match="node"):
        _rs(simpy.Environment()).fail_node("nodo-9")


@settings(max_examples=40)
@given(
    replicas=st.integers(1, 6),
    mtbf=st.floats(20, 500),
    node_mtbf=st.one_of(st.none(), st.floats(200, 3000)),
    startup=st.floats(0, 30),
    seed=st.integers(0, 10_000),
)
def test_never_more_ready_than_desired(
    replicas: int, mtbf: float, node_mtbf: float | None, startup: float, seed: int
) -> None:
    """Los pods listos nunca superan las réplicas deseadas, y solo un desalojo crea pods
    (el repuesto llega 1 s después del desalojo, así que uno al final puede no verse)."""
    r = replicaset.simulate_self_healing(
        replicas=replicas,
        mtbf_s=mtbf,
        startup_s=startup,
        horizon_s=1500.0,
        seed=seed,
        node_mtbf_s=node_mtbf,
    )
    assert max(r.ready) <= replicas
    assert replicas <= r.created <= replicas + r.evictions

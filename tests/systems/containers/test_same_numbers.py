"""El clúster simulado da los mismos números con la misma semilla.

Huellas (SHA-256 de ``repr(dataclasses.astuple(resultado))``) calculadas con el código
anterior a las optimizaciones de rendimiento, con los tamaños del perfil ``quick`` de
``[cont_cluster]``. Si cambia la versión de NumPy, el generador podría cambiar: entonces
hay que recalcularlas con cuidado.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import simpy

from dadsbook.systems.containers import cluster, replicaset, workload


def test_cluster_numbers_do_not_change() -> None:
    load = workload.BurstyWorkload(
        duration_s=3600.0, base_rate=0.02, burst_rate=6.0,
        calm_mean_s=900.0, burst_mean_s=180.0, service_mean_s=1.0,
    )  # fmt: skip
    config = cluster.ClusterConfig(startup_s=20.0, mtbf_s=1800.0, fixed_replicas=8)
    results = cluster.compare(load.messages(7), config, seed=7)
    digests = {
        name: hashlib.sha256(repr(dataclasses.astuple(r)).encode()).hexdigest()[:16]
        for name, r in results.items()
    }
    assert digests == {
        "fija": "b4a4b100013952c4",
        "hpa-cpu": "5cb49813f0f1a0e1",
        "keda-cola": "493fb436a40e56ee",
    }


def test_alive_lists_the_pods_that_have_not_ended() -> None:
    """``ReplicaSet.alive`` es ``pods`` sin los terminados, en el mismo orden."""
    env = simpy.Environment()
    rs = replicaset.ReplicaSet(
        env, replicas=4, startup_s=20.0, rng=np.random.default_rng(3), mtbf_s=300.0,
        node_mtbf_s=1800.0, nodes=3,
    )  # fmt: skip
    checks = 0
    for until in range(600, 14_400, 600):
        env.run(until=until)
        assert rs.alive == [p for p in rs.pods if p.ended_s is None]
        assert rs.active == [p for p in rs.pods if p.ended_s is None and not p.deleting]
        checks += len(rs.pods) > len(rs.alive)
    assert checks > 0  # algún pod terminó por el camino (desalojo o borrado)

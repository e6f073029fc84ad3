"""Pruebas de la caída de un nodo y sus repuestos (dadsbook.systems.containers.failover)."""

from __future__ import annotations

import json

import pytest

from dadsbook.systems.containers import failover, figures, placement, placement_problems


@pytest.fixture(scope="module")
def placed() -> placement.Placement:
    nodes, pods = failover.example_cluster()
    return placement.schedule(nodes, pods, seed=3)


def test_example_cluster_places_everything(placed: placement.Placement) -> None:
    assert placed.pending == ()
    assert placed.decision("train-1").node == "gpu-1"
    assert [p.app for p in placed.pods_on("gpu-1")] == ["train"]
    web = [d.node for d in placed.decisions if d.pod.app == "web"]
    assert sorted(web.count(n) for n in set(web)) == [2, 2, 2]


def test_node_failure_reschedules_what_fits(placed: placement.Placement) -> None:
    down = failover.fail_node(placed, "nodo-2", seed=3)
    assert down.evicted == placed.pods_on("nodo-2")
    assert down.after.pods_on("nodo-2") == ()
    names = [d.pod.name for d in down.replacements]
    assert len(set(names)) == len(names)
    assert not set(names) & {d.pod.name for d in placed.decisions}  # pods nuevos
    assert [d.pod.name for d in down.pending] == ["api-4"]
    assert "CPU insuficiente" in down.pending[0].reason()
    for name, pods in placed.bound:  # los supervivientes no se mueven
        if name != "nodo-2":
            assert down.after.pods_on(name)[: len(pods)] == pods
    assert down.timeline.evicted_s == 350.0


def test_reserved_node_failure_leaves_its_pod_pending(placed: placement.Placement) -> None:
    down = failover.fail_node(placed, "gpu-1", seed=3)
    assert [p.name for p in down.evicted] == ["train-1"]
    assert [d.pod.name for d in down.pending] == ["train-2"]


def test_tables_and_figure(placed: placement.Placement) -> None:
    down = failover.fail_node(placed, "nodo-2", seed=3)
    table = failover.nodes_table(down.after)
    assert table.caption == "Pendientes: api-4"
    assert "unreachable:NoSchedule+NoExecute" in str(table.rows[1][2])
    nodes, _ = failover.example_cluster()
    decision = failover.decision_table(placed.decision("web-2"), nodes)
    assert str(decision.rows[3][1]).startswith("descartado: un taint")
    assert sum("← elegido" in str(row[-1]) for row in decision.rows) == 1
    assert len(figures.failover_figure(down).axes) == 2


def test_random_problems_are_reproducible_and_small() -> None:
    for seed in range(40):
        p = placement_problems.random_placement_problem(seed)
        assert p == placement_problems.random_placement_problem(seed)
        assert 2 <= len(p.nodes) <= 5
        data = p.as_dict()
        json.dumps(data)
        before = data["before"]
        assert isinstance(before, dict)
        assert set(before) == {q.name for q in p.pods}
        assert p.fail in p.describe()
        assert placement_problems.PlacementProblem.from_spec(json.loads(json.dumps(p.spec()))) == p
    text = placement_problems.random_placement_problem(7).solution()
    assert "repuestos" in text and "Puntos del primer pod" in text


def test_random_problem_bad_inputs() -> None:
    with pytest.raises(ValueError, match="seed"):
        placement_problems.random_placement_problem(-1)
    with pytest.raises(ValueError, match="nodes"):
        placement_problems.random_placement_problem(1, nodes=0)
    p = placement_problems.random_placement_problem(1)
    with pytest.raises(ValueError, match="fail"):
        placement_problems.PlacementProblem(1, p.nodes, p.pods, "no-existe")
    with pytest.raises(ValueError, match="nodo"):
        failover.fail_node(placement.schedule(p.nodes, p.pods), "no-existe")

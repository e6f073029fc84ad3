"""Pruebas del modelo del kube-scheduler (dadsbook.systems.containers.placement).

Los valores esperados se derivan a mano de las fórmulas del código de Kubernetes
(``least_allocated.go``, ``balanced_allocation.go``, ``podtopologyspread/scoring.go``,
``helper.DefaultNormalizeScore``), no de la propia implementación.
"""

from __future__ import annotations

import math
import random

import pytest

from dadsbook.systems.containers import placement as pl
from dadsbook.systems.containers.placement import Node, Pod, Taint, Toleration

GPU = Taint("dedicated", "gpu", "NoSchedule")


def test_tolerations_follow_tolerates_taint() -> None:
    assert Toleration("dedicated", "gpu", "NoSchedule").tolerates(GPU)
    assert not Toleration("dedicated", "cpu", "NoSchedule").tolerates(GPU)
    assert Toleration("dedicated", operator="Exists").tolerates(GPU)
    assert Toleration(operator="Exists").tolerates(GPU)  # clave vacía + Exists: todo
    assert not Toleration("dedicated", "gpu", "NoExecute").tolerates(GPU)
    assert not Toleration("otra", operator="Exists").tolerates(GPU)
    assert str(GPU) == "dedicated=gpu:NoSchedule"
    assert str(Taint(pl.UNREACHABLE, effect="NoExecute")) == f"{pl.UNREACHABLE}:NoExecute"


def test_least_allocated_worked_example() -> None:
    """Nodo 4000m/10 000 MiB con 1000m/2000 MiB pedidos; el pod pide 1000m/3000 MiB.

    CPU: (4000 − 2000) × 100 / 4000 = 50; memoria: (10 000 − 5000) × 100 / 10 000 = 50.
    """
    node = Node("n", "z", 4000, 10_000)
    placed = [Pod("a", "x", 1000, 2000)]
    assert pl.least_allocated(Pod("p", "x", 1000, 3000), node, placed) == 50
    # Sin requests cuenta 100m y 200 MiB: CPU 3900×100/4000 = 97, memoria 9800×100/10 000 = 98.
    assert pl.least_allocated(Pod("q", "x"), node, []) == (97 + 98) // 2
    # Pedir más de lo asignable da 0 en ese recurso.
    assert pl.least_allocated(Pod("r", "x", 5000, 0), node, []) == (0 + 98) // 2


def test_balanced_allocation_worked_example() -> None:
    """Fracciones 0,75 de CPU y 0,5 de memoria: σ = 0,125 y (1 − σ) × 100 = 87,5 → 87."""
    node = Node("n", "z", 4000, 10_000)
    assert pl.balanced_allocation(Pod("p", "x", 3000, 5000), node, []) == 87
    assert pl.balanced_allocation(Pod("p", "x", 2000, 5000), node, []) == 100
    assert pl.balanced_allocation(Pod("b", "x"), node, []) == 0  # BestEffort: no puntúa
    # Las fracciones se recortan a 1: CPU 1,0 (aunque pida 8000m) y memoria 0 → σ = 0,5.
    assert pl.balanced_allocation(Pod("p", "x", 8000, 0), node, []) == 50


def test_topology_spread_worked_example() -> None:
    """Tres nodos en tres zonas; ``a`` ya tiene dos réplicas.

    Pesos ln(3 + 2) para nodo y zona. a: 2·ln5 + 2 + 2·ln5 + 4 = 12,4 → 12; b y c: 6.
    Normalizado: a = 100 × (12 + 6 − 12) / 12 = 50; b = c = 100.
    """
    nodes = [Node(n, f"zona-{n}", 4000, 8192) for n in "abc"]
    bound = {"a": [Pod("w1", "web", 100, 100), Pod("w2", "web", 100, 100)], "b": [], "c": []}
    scores = pl.topology_spread(Pod("w3", "web", 100, 100), nodes, nodes, bound)
    assert round(2 * math.log(5) + 2 + 2 * math.log(5) + 4) == 12
    assert scores == {"a": 50, "b": 100, "c": 100}
    # Otro dueño no cuenta: todos empatan.
    assert set(pl.topology_spread(Pod("x", "api", 1, 1), nodes, nodes, bound).values()) == {100}


def test_taint_preference_is_reversed() -> None:
    soft = Node("s", "z", 1000, 1000, taints=(Taint("k", "v", "PreferNoSchedule"),))
    plain = Node("p", "z", 1000, 1000)
    assert pl.taint_preference(Pod("x", "a"), [soft, plain]) == {"s": 0, "p": 100}
    tolerant = Pod("y", "a", tolerations=(Toleration("k", "v"),))
    assert pl.taint_preference(tolerant, [soft, plain]) == {"s": 100, "p": 100}


def test_filters_and_pending_reason() -> None:
    nodes = (
        Node("gpu", "z1", 8000, 8192, taints=(GPU,)),
        Node("small", "z2", 1000, 8192),
        Node("full", "z3", 4000, 8192, max_pods=1),
    )
    p = pl.schedule(nodes, [Pod("busy", "x", 100, 100)], seed=0, bound=[("full", [Pod("o", "y")])])
    decision = p.decisions[0]
    assert decision.node == "small"
    reasons = dict(decision.rejected)
    assert reasons["gpu"] == "un taint que no tolera (dedicated=gpu:NoSchedule)"
    assert reasons["full"] == "demasiados pods"
    big = pl.schedule(nodes, [Pod("big", "x", 2000, 100)], seed=0).decisions[0]
    assert big.node == "full"
    huge = pl.schedule(nodes, [Pod("huge", "x", 9000, 100)], seed=0).decisions[0]
    assert huge.node is None
    assert huge.reason() == (
        "0/3 nodos disponibles: 2 con CPU insuficiente, "
        "1 con un taint que no tolera (dedicated=gpu:NoSchedule)"
    )


def test_best_effort_pods_fit_on_full_nodes() -> None:
    node = Node("n", "z", 1000, 1024)
    p = pl.schedule([node], [Pod("a", "x", 1000, 1024), Pod("b", "y")], seed=0)
    assert [d.node for d in p.decisions] == ["n", "n"]


def test_total_uses_the_default_profile_weights() -> None:
    s = pl.NodeScore("n", fit=10, balanced=20, spread=30, taint=40)
    assert s.total == 10 + 20 + 2 * 30 + 3 * 40


def test_replicas_spread_and_seed_breaks_ties() -> None:
    nodes = [Node(f"n{i}", f"z{i}", 4000, 8192) for i in range(3)]
    pods = [Pod(f"web-{i}", "web", 500, 512) for i in range(6)]
    first = pl.schedule(nodes, pods, seed=5)
    assert first == pl.schedule(nodes, pods, seed=5)
    assert sorted(len(ps) for _, ps in first.bound) == [2, 2, 2]
    chosen = {pl.schedule(nodes, pods[:1], seed=s).decisions[0].node for s in range(30)}
    assert chosen == {"n0", "n1", "n2"}  # el primero empata en los tres: sale cualquiera


def test_select_is_reservoir_sampling() -> None:
    scores = [pl.NodeScore(n, 0, 0, 0, 0) for n in ("a", "b", "c", "d")]
    counts = {n: 0 for n in "abcd"}
    rng = random.Random(1)
    for _ in range(4000):
        counts[pl._select(scores, rng)] += 1
    assert all(800 < c < 1200 for c in counts.values())


def test_unreachable_node_is_filtered() -> None:
    node = pl.unreachable(Node("n", "z", 4000, 4096))
    assert {t.effect for t in node.taints} == {"NoSchedule", "NoExecute"}
    decision = pl.schedule([node], [Pod("p", "x", 1, 1)], seed=0).decisions[0]
    assert decision.node is None


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="nodes"):
        pl.schedule([], [Pod("p", "x")])
    with pytest.raises(ValueError, match="nombres"):
        pl.schedule([Node("a", "z", 1, 1), Node("a", "z", 1, 1)], [])
    with pytest.raises(ValueError, match="bound"):
        pl.schedule([Node("a", "z", 1, 1)], [], bound=[("b", [])])
    with pytest.raises(ValueError, match="cpu_m"):
        Node("a", "z", 0, 1)
    with pytest.raises(ValueError, match="memory_mib"):
        Pod("p", "x", 1, -1)
    placement = pl.schedule([Node("a", "z", 1, 1)], [])
    with pytest.raises(ValueError, match="node"):
        placement.pods_on("b")
    with pytest.raises(ValueError, match="pod"):
        placement.decision("nadie")

"""Pruebas del simulador de colas por núcleo con y sin robo de trabajo."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.operating_system import load_balancing as lb

queues_strategy = st.lists(
    st.lists(st.integers(1, 20).map(float), max_size=8), min_size=1, max_size=5
).filter(any)


@settings(max_examples=200)
@given(queues_strategy, st.booleans(), st.sampled_from([0.0, 0.5, 3.0]), st.integers(0, 50))
def test_invariants(queues: list[list[float]], steal: bool, cost: float, seed: int) -> None:
    """Cada tarea corre una vez, entera, en un solo núcleo, sin solaparse con otra del mismo."""
    result = lb.simulate(queues, steal=steal, steal_cost=cost, seed=seed)
    sizes = [s for q in queues for s in q]
    assert sorted(p.task for p in result.placements) == list(range(len(sizes)))
    for p in result.placements:
        assert p.end - p.start == pytest.approx(sizes[p.task])
    for core in range(len(queues)):
        mine = sorted((p for p in result.placements if p.core == core), key=lambda p: p.start)
        assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(mine))
    assert sum(result.busy()) == pytest.approx(sum(sizes) + cost * result.steals)
    assert result.makespan >= max(sizes) - 1e-9
    assert result.makespan >= sum(sizes) / len(queues) - 1e-9


@settings(max_examples=300)
@given(queues_strategy, st.integers(0, 50))
def test_free_stealing_never_hurts(queues: list[list[float]], seed: int) -> None:
    """Con robo gratis, la duración total nunca es peor que sin robo (en estos casos)."""
    without = lb.simulate(queues, steal=False).makespan
    with_steal = lb.simulate(queues, steal=True, seed=seed).makespan
    assert with_steal <= without + 1e-9


def test_costly_stealing_can_hurt() -> None:
    """Si robar cuesta, robar puede empeorar: no se afirma lo contrario."""
    queues = ((1.0, 1.0), ())
    assert lb.simulate(queues, steal=False).makespan == 2.0
    assert lb.simulate(queues, steal=True, steal_cost=5.0).makespan == 6.0


def test_without_stealing_each_core_keeps_its_queue() -> None:
    queues = lb.block_partition(lb.random_workload(3, 12), 3)
    result = lb.simulate(queues, steal=False)
    assert result.steals == 0
    assert result.makespan == pytest.approx(max(sum(q) for q in queues))


def test_same_seed_same_result() -> None:
    queues = lb.block_partition(lb.random_workload(5, 30), 4)
    a = lb.simulate(queues, steal=True, seed=9)
    b = lb.simulate(queues, steal=True, seed=9)
    assert a == b
    assert json.loads(json.dumps(a.as_dict()))["steals"] == a.steals


def test_block_partition_pads_with_empty_queues() -> None:
    assert lb.block_partition([1.0, 2.0], 4) == ((1.0,), (2.0,), (), ())


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: lb.simulate([], steal=True), "queues"),
        (lambda: lb.simulate([[0.0]], steal=True), "duración"),
        (lambda: lb.simulate([[1.0]], steal=True, steal_cost=-1), "steal_cost"),
        (lambda: lb.block_partition([1.0], 0), "cores"),
        (lambda: lb.block_partition([], 2), "sizes debe ser una secuencia no vacía"),
        (lambda: lb.list_schedule([1.0, 0.0], 2), r"sizes\[1\]"),
        (lambda: lb.random_workload(1, 0), "tasks"),
    ],
)
def test_bad_arguments(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]


def test_steal_must_be_bool() -> None:
    with pytest.raises(TypeError, match="steal"):
        lb.simulate([[1.0]], steal=1)  # type: ignore[arg-type]

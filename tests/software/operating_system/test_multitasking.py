"""Pruebas del simulador de multitarea cooperativa y apropiativa."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.operating_system import multitasking as mt


def test_hog_starves_the_others_only_when_cooperative() -> None:
    """La acaparadora retrasa a las demás todo su trabajo; con reloj, un quantum por tarea."""
    tasks = mt.starvation_scenario(hog_work=40, interactive=3)
    coop = mt.simulate(tasks, mode="cooperative")
    pre = mt.simulate(tasks, mode="preemptive", quantum=2)
    assert coop.slices[0] == mt.Slice("acaparadora", 0.0, 40.0)
    assert coop.max_response == pytest.approx(39.0)
    assert pre.max_wait <= 2 * len(tasks)


def test_cooperative_yield_lets_others_in() -> None:
    tasks = (mt.Task("a", 0, 4, 1.0), mt.Task("b", 0, 4, 1.0))
    result = mt.simulate(tasks, mode="cooperative")
    assert [s.task for s in result.slices] == ["a", "b"] * 4


def test_as_dict_is_json() -> None:
    result = mt.simulate(mt.random_tasks(3), mode="preemptive", quantum=1)
    assert json.loads(json.dumps(result.as_dict()))["mode"] == "preemptive"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "fifo"}, "mode"),
        ({"quantum": 0}, "quantum"),
        ({"quantum": float("nan")}, "quantum"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        mt.simulate(mt.starvation_scenario(), **kwargs)  # type: ignore[arg-type]


def test_bad_tasks() -> None:
    with pytest.raises(ValueError, match="work"):
        mt.Task("x", 0, 0)
    with pytest.raises(ValueError, match="distintos"):
        mt.simulate((mt.Task("x", 0, 1), mt.Task("x", 1, 1)))
    with pytest.raises(ValueError, match="tasks"):
        mt.simulate(())


tasks_strategy = st.lists(
    st.builds(
        mt.Task,
        name=st.just("t"),
        arrival=st.integers(0, 20).map(float),
        work=st.integers(1, 15).map(float),
        burst=st.one_of(st.none(), st.sampled_from([0.5, 1.0, 3.0])),
    ),
    min_size=1,
    max_size=6,
).map(lambda ts: tuple(mt.Task(f"t{i}", t.arrival, t.work, t.burst) for i, t in enumerate(ts)))


@settings(max_examples=150)
@given(tasks_strategy, st.sampled_from(mt.MODES), st.sampled_from([0.5, 1.0, 4.0]))
def test_invariants(tasks: tuple[mt.Task, ...], mode: str, quantum: float) -> None:
    """Se conserva el trabajo, la CPU no corre dos tramos a la vez y nadie corre antes de llegar."""
    result = mt.simulate(tasks, mode=mode, quantum=quantum)
    for task in tasks:
        ran = sum(s.end - s.start for s in result.slices if s.task == task.name)
        assert ran == pytest.approx(task.work)
        assert all(s.start >= task.arrival for s in result.slices if s.task == task.name)
    ordered = sorted(result.slices, key=lambda s: s.start)
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(ordered))
    if mode == "preemptive":
        assert all(s.end - s.start <= quantum + 1e-9 for s in result.slices)

"""Pruebas del planificador cooperativo (coroutines)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.programming import coroutines as co


def test_round_robin_interleaves_generators() -> None:
    sched = co.RoundRobin()
    sched.spawn("a", co.countdown(2))
    sched.spawn("b", co.countdown(2))
    tasks = [s.task for s in sched.run()]
    assert tasks == ["a", "b", "a", "b", "a", "b"]


def test_sleep_jumps_the_clock() -> None:
    """Si la única tarea duerme, el reloj salta a su despertar."""
    trace = co.run_specs([co.TaskSpec("t", steps=2, sleep=5)])
    assert [s.event for s in trace] == ["paso 1/2", "duerme 5", "paso 2/2", "fin"]
    assert trace[2].tick == trace[1].tick + 6


def test_native_coroutines_receive_the_tick() -> None:
    seen: list[int | None] = []

    async def probe() -> None:
        seen.append(await co.pause("a"))
        seen.append(await co.pause("b"))

    sched = co.RoundRobin()
    sched.spawn("p", probe())
    sched.run()
    assert seen == [1, 2]


def test_max_ticks_stops_a_runaway_task() -> None:
    def forever():  # type: ignore[no-untyped-def]
        while True:
            yield "otra vez"

    sched = co.RoundRobin(max_ticks=50)
    sched.spawn("x", forever())
    with pytest.raises(RuntimeError, match="max_ticks"):
        sched.run()


@settings(max_examples=60)
@given(seed=st.integers(0, 10_000), count=st.integers(1, 6))
def test_every_task_runs_all_its_steps_in_order(seed: int, count: int) -> None:
    """Propiedad: cada tarea da todos sus pasos, en orden, y termina una sola vez."""
    specs = co.random_tasks(seed, count)
    trace = co.run_specs(specs)
    for spec in specs:
        events = [s.event for s in trace if s.task == spec.name]
        steps = [e for e in events if e.startswith("paso")]
        assert steps == [f"paso {i}/{spec.steps}" for i in range(1, spec.steps + 1)]
        assert events[-1] == "fin"
        assert events.count("fin") == 1
    ticks = [s.tick for s in trace]
    assert ticks == sorted(set(ticks))  # un paso por turno, el reloj nunca retrocede


@settings(max_examples=30)
@given(seed=st.integers(0, 10_000))
def test_random_tasks_is_deterministic(seed: int) -> None:
    assert co.random_tasks(seed, 4) == co.random_tasks(seed, 4)
    assert all(isinstance(t.as_dict()["steps"], int) for t in co.random_tasks(seed, 4))


def test_validation() -> None:
    with pytest.raises(ValueError, match="count"):
        co.random_tasks(1, 0)
    with pytest.raises(ValueError, match="steps"):
        co.TaskSpec("t", 0, 0)
    with pytest.raises(ValueError, match="ticks"):
        co.Sleep(-1)
    with pytest.raises(TypeError, match="task"):
        co.RoundRobin().spawn("x", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="specs"):
        co.run_specs([])
    table = co.trace_table(co.run_specs(co.random_tasks(2, 2)))
    assert str(table).startswith("turno")


def test_specs_table_shows_the_tasks_not_their_repr() -> None:
    specs = co.random_tasks(1, 2)
    table = co.specs_table(specs, "tareas")
    assert [tuple(r) for r in table.rows] == [("t1", 2, 2), ("t2", 1, 1)]
    assert "TaskSpec" not in str(table)
    with pytest.raises(ValueError, match="specs"):
        co.specs_table([])


def test_clock_jumps_are_where_everybody_slept() -> None:
    trace = co.run_specs([co.TaskSpec("t1", 3, 2), co.TaskSpec("t2", 1, 0)])
    assert co.clock_jumps(trace) == [(3, 5), (6, 9)]
    assert co.clock_jumps(co.run_specs([co.TaskSpec("t1", 2, 0)])) == []

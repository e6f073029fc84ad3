"""Conjunto de trabajo e hiperpaginación: la ventana de Denning y el modelo de carga."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.memory import workingset as ws


@settings(max_examples=60)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=60), st.integers(1, 12))
def test_sliding_sizes_match_the_definition(refs: list[int], window: int) -> None:
    sizes = ws.working_set_sizes(refs, window)
    assert sizes == [len(w) for w in ws.working_sets(refs, window)]
    assert sizes == [len(set(refs[max(0, t - window + 1) : t + 1])) for t in range(len(refs))]


def test_phases_and_figure() -> None:
    refs, starts = ws.phased_references(3, [4, 8], 100, 32)
    assert len(refs) == 200 and starts == [0, 100]
    assert len(set(refs[:100])) <= 4 and len(set(refs[100:])) <= 8
    with pytest.raises(ValueError, match="localities"):
        ws.phased_references(1, [40], 10, 32)


MODEL = ws.ThrashingModel(horizon=24_000, warmup=12_000)


def test_multiprogramming_helps_while_the_working_sets_fit() -> None:
    """Un proceso usa io_every / (io_every + io_time) de la CPU; cuatro la llenan."""
    one = ws.simulate(MODEL, 1)
    assert one.utilization == pytest.approx(0.25, abs=0.02)
    assert one.faults == 0
    full = ws.simulate(MODEL, MODEL.fitting)
    assert full.utilization > 0.95 and full.faults == 0


def test_thrashing_collapses_and_load_control_prevents_it() -> None:
    peak = ws.simulate(MODEL, MODEL.fitting).utilization
    crowded = ws.simulate(MODEL, 2 * MODEL.fitting)
    assert crowded.utilization < peak / 4
    assert crowded.faults_per_1000 > 50
    controlled = ws.simulate(MODEL, 2 * MODEL.fitting, admit=MODEL.fitting)
    assert controlled.admitted == MODEL.fitting
    assert controlled.utilization > 0.9 * peak
    assert ws.simulate(MODEL, 5, seed=1) == ws.simulate(MODEL, 5, seed=1)
    table = ws.thrashing_table([crowded, controlled])
    assert len(table.rows) == 2


def test_model_validation() -> None:
    with pytest.raises(ValueError, match="warmup"):
        ws.ThrashingModel(horizon=10, warmup=10)
    with pytest.raises(ValueError, match="processes"):
        ws.simulate(MODEL, 0)


def test_memory_pressure(tmp_path: Path) -> None:
    psi = tmp_path / "memory"
    psi.write_text(
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=1500000\n"
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=250000\n"
    )
    assert ws.memory_pressure(psi) == (1.5, 0.25)
    psi.write_text("basura\n")
    assert ws.memory_pressure(psi) is None
    assert ws.memory_pressure(tmp_path / "no-existe") is None


def test_random_working_set_problem() -> None:
    assert ws.random_working_set(1) == ws.random_working_set(1)
    problem = ws.random_working_set(2)
    data = json.loads(json.dumps(problem.as_dict()))
    assert data["max_size"] == max(data["sizes"]) <= problem.window
    assert len(problem.table().rows) == len(problem.references)
    assert "Δ" in problem.describe()


def test_problem_round_trips_through_json() -> None:
    problem = ws.random_working_set(5)
    data = json.loads(json.dumps(problem.problem()))
    assert ws.WorkingSetProblem.from_problem(data) == problem
    with pytest.raises(ValueError, match="window"):
        ws.WorkingSetProblem.from_problem({**data, "window": 0})

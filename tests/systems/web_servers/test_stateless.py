"""Pruebas de la flota sin estado con autoescalado (SimPy)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.web_servers import figures, stateless
from dadsbook.systems.web_servers.stateless import FleetProblem, ScaleEvent


def _problem(**changes: object) -> FleetProblem:
    base = FleetProblem(
        duration_s=60.0,
        session_rate=3.0,
        requests_per_session=4,
        think_s=2.0,
        service_s=0.02,
        capacity=2,
        store_latency_s=0.001,
        initial_instances=4,
        schedule=(ScaleEvent(20.0, 1), ScaleEvent(40.0, 3)),
        seed=1,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_memory_loses_sessions_when_scaling_in_shared_does_not() -> None:
    results = stateless.compare_stores(_problem())
    memory, shared = results["memoria"], results["compartido"]
    assert memory.sessions_lost > 0
    assert shared.sessions_lost == 0
    assert shared.requests_failed == 0
    assert memory.sessions_started == shared.sessions_started  # la misma carga
    assert all(loss >= 20.0 for loss in memory.losses)  # solo tras la primera reducción
    assert (memory.scale_ins, memory.scale_outs) == (1, 1)


def test_without_scale_in_nothing_is_lost() -> None:
    result = stateless.simulate(_problem(schedule=(ScaleEvent(10.0, 6),)), "memoria")
    assert result.sessions_lost == 0


def test_shared_store_pays_its_latency() -> None:
    slow = _problem(store_latency_s=0.05, schedule=())
    memory = stateless.simulate(slow, "memoria")
    shared = stateless.simulate(slow, "compartido")
    assert shared.mean_latency_s > memory.mean_latency_s


def test_deterministic_and_json_friendly() -> None:
    problem = stateless.random_fleet(5, duration_s=60.0)
    assert stateless.simulate(problem, "memoria") == stateless.simulate(problem, "memoria")
    assert problem == stateless.random_fleet(5, duration_s=60.0)
    json.dumps(problem.as_dict())
    json.dumps(stateless.simulate(problem, "compartido").as_dict())


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"duration_s": 0.0}, "duration_s"),
        ({"session_rate": -1.0}, "session_rate"),
        ({"think_s": -0.5}, "think_s"),
        ({"service_s": 0.0}, "service_s"),
        ({"store_latency_s": -0.001}, "store_latency_s debe ser un número finito ≥ 0"),
        ({"initial_instances": 0}, "initial_instances"),
        ({"capacity": 0}, "capacity"),
        ({"requests_per_session": 0}, "requests_per_session"),
        ({"schedule": (ScaleEvent(5.0, 0),)}, "instances"),
        ({"schedule": (ScaleEvent(99.0, 2),)}, "time_s"),
        ({"schedule": (ScaleEvent(9.0, 2), ScaleEvent(5.0, 2))}, "ordenado"),
    ],
)
def test_problem_validates_in_spanish(changes: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        _problem(**changes)


def test_simulate_validates() -> None:
    with pytest.raises(ValueError, match="store"):
        stateless.simulate(_problem(), "disco")
    with pytest.raises(TypeError, match="FleetProblem"):
        stateless.simulate({"duration_s": 1}, "memoria")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_instances"):
        stateless.random_fleet(1, min_instances=3, max_instances=2)
    with pytest.raises(ValueError, match="min_instances"):
        stateless.random_fleet(1, min_instances=0)


def test_figure_and_table() -> None:
    results = stateless.compare_stores(_problem())
    assert len(figures.stores_figure(results).axes) == 2
    assert len(stateless.stores_table(results).rows) == 2
    cells = [c for row in stateless.stores_table(results).rows for c in row[1:]]
    assert all(isinstance(c, str) and "." not in c for c in cells), "coma decimal de fmt"
    with pytest.raises(ValueError, match="results"):
        figures.stores_figure({"memoria": results["memoria"]})


@pytest.mark.slow
@settings(max_examples=25)
@given(
    seed=st.integers(0, 10_000),
    min_instances=st.integers(1, 3),
    extra=st.integers(0, 4),
    changes=st.integers(0, 6),
)
def test_properties(seed: int, min_instances: int, extra: int, changes: int) -> None:
    """En cualquier flota: el almacén compartido nunca pierde sesiones, y toda
    petición se sirve o se cuenta como fallida."""
    problem = stateless.random_fleet(
        seed,
        duration_s=40.0,
        session_rate=4.0,
        min_instances=min_instances,
        max_instances=min_instances + extra,
        changes=changes,
    )
    for store in stateless.STORES:
        result = stateless.simulate(problem, store)
        assert result.requests_served + result.requests_failed == result.requests_total
        assert result.sessions_completed + result.sessions_lost == result.sessions_started
        assert len(result.losses) == result.sessions_lost
        if store == "compartido":
            assert result.sessions_lost == 0
            assert result.requests_failed == 0
        else:
            assert result.requests_failed == result.sessions_lost

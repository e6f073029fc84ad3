"""Pruebas de la simulación de cuota de CPU (dadsbook.systems.containers.cgroups)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import cgroups, figures


def test_quota_per_period_spreads_the_work() -> None:
    """50 ms de CPU con 20 ms por cada 100 ms: tres tramos de ejecución, dos estrangulados."""
    run = cgroups.run_request(50, quota_ms=20, period_ms=100)
    kinds = [s.kind for s in run.segments]
    assert kinds == ["ejecuta", "estrangulado", "ejecuta", "estrangulado", "ejecuta"]
    assert run.latency_ms == pytest.approx(210.0)
    assert run.throttled_ms == pytest.approx(160.0)


def test_threads_burn_the_quota_faster() -> None:
    """Cuatro hilos gastan 100 ms de cuota en 25 ms de reloj."""
    run = cgroups.run_request(200, quota_ms=100, period_ms=100, threads=4)
    assert run.segments[0].end_ms == pytest.approx(25.0)
    assert run.latency_ms == pytest.approx(125.0)
    assert run.throttled_periods == 1


def test_no_throttling_with_enough_quota() -> None:
    run = cgroups.run_request(80, quota_ms=100, period_ms=100)
    assert run.throttled_periods == 0
    assert run.latency_ms == pytest.approx(80.0)


def test_unused_quota_does_not_accumulate() -> None:
    """Tras un periodo ocioso la cuota vuelve a ser ``quota``, no el doble."""
    stream = cgroups.run_stream([0.0, 250.0], [10.0, 60.0], quota_ms=40, period_ms=100)
    second = stream.requests[1]
    assert second.start_ms == 250.0
    assert second.throttled_periods == 1  # 40 ms en el periodo 200–300 y espera al 300


def test_queueing_behind_a_throttled_request() -> None:
    s = cgroups.run_stream([0, 10], [30, 30], quota_ms=40, period_ms=100)
    assert [round(r.latency_ms) for r in s.requests] == [30, 110]


def test_sweep_gets_better_with_more_quota() -> None:
    problem = cgroups.random_cfs_problem(1, requests=300)
    sweep = cgroups.quota_sweep(problem, [30.0, 100.0])
    assert sweep[30.0].percentile_ms(99) > sweep[100.0].percentile_ms(99)
    assert sweep[100.0].throttled_fraction == 0.0
    assert set(sweep[30.0].as_dict()) >= {"p50_ms", "p99_ms", "throttled_fraction"}


def test_figures() -> None:
    runs = [("a", cgroups.run_request(50, quota_ms=20))]
    legend = figures.timeline_figure(runs, period_ms=100).axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["ejecuta", "estrangulado"]
    problem = cgroups.random_cfs_problem(2, requests=50)
    sweep = figures.sweep_figure(cgroups.quota_sweep(problem, [50.0, 100.0]))
    assert [line.get_label() for line in sweep.axes[0].get_lines()] == ["p50", "p99"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"quota_ms": 0}, "quota_ms"),
        ({"quota_ms": 10, "period_ms": -1}, "period_ms"),
        ({"quota_ms": 10, "threads": 0}, "threads"),
    ],
)
def test_bad_inputs(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        cgroups.run_request(10, **kwargs)  # type: ignore[arg-type]


def test_bad_streams() -> None:
    with pytest.raises(ValueError, match="arrivals_ms"):
        cgroups.run_stream([5, 1], [1, 1], quota_ms=10)
    with pytest.raises(ValueError, match="misma longitud"):
        cgroups.run_stream([0], [1, 1], quota_ms=10)
    with pytest.raises(ValueError, match="cpu_ms"):
        cgroups.run_stream([0], [-1], quota_ms=10)
    with pytest.raises(ValueError, match="requests"):
        cgroups.random_cfs_problem(1, requests=0)


@settings(max_examples=150)
@given(
    cpu=st.floats(0.1, 500),
    quota=st.floats(1, 200),
    period=st.floats(10, 200),
    threads=st.integers(1, 8),
)
def test_cpu_is_conserved_and_bounded(
    cpu: float, quota: float, period: float, threads: int
) -> None:
    """El tiempo ejecutando × hilos es la CPU pedida; nunca se gasta más cuota por periodo."""
    run = cgroups.run_request(cpu, quota_ms=quota, period_ms=period, threads=threads)
    ran = sum(s.end_ms - s.start_ms for s in run.segments if s.kind == "ejecuta")
    assert ran * threads == pytest.approx(cpu, rel=1e-6)
    periods = math.ceil(run.end_ms / period - 1e-9)
    assert cpu <= periods * quota + 1e-6
    assert run.latency_ms >= cpu / threads - 1e-9


def test_tables_are_spanish() -> None:
    """Las tablas de la página salen del formateador del libro, con unidades."""
    runs = {
        "200m": cgroups.run_request(50, quota_ms=20),
        "500m": cgroups.run_request(50, quota_ms=50),
    }
    table = cgroups.runs_table(runs)
    assert table.rows[0] == ("200m", "210 ms", "160 ms", "2")
    problem = cgroups.random_cfs_problem(1, requests=50)
    sweep = cgroups.sweep_table(cgroups.quota_sweep(problem, [25.0, 200.0]))
    assert sweep.rows[0][:2] == ("25 ms", "0,25") and sweep.rows[1][4] == "0 %"

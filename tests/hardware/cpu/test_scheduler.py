"""Pruebas del simulador de planificación (dadsbook.hardware.cpu.scheduler)."""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.cpu import figures, scheduler, scheduler_report
from dadsbook.hardware.cpu.scheduler import (
    POLICIES,
    Job,
    Schedule,
    benchmark,
    random_jobs,
    schedule,
)


def _jobs(*pairs: tuple[float, float]) -> list[Job]:
    return [Job(chr(ord("A") + k), a, r) for k, (a, r) in enumerate(pairs)]


def test_ostep_convoy_effect() -> None:
    """OSTEP cap. 7: A=100, B=C=10 llegando a la vez; FIFO retorno 110, SJF 50."""
    jobs = _jobs((0, 100), (0, 10), (0, 10))
    assert schedule(jobs, "fifo").average_turnaround == 110
    assert schedule(jobs, "sjf").average_turnaround == 50


def test_ostep_stcf_example() -> None:
    """OSTEP cap. 7: A=100 en 0, B y C=10 en 10; STCF expulsa a A y el retorno medio es 50."""
    jobs = _jobs((0, 100), (10, 10), (10, 10))
    s = schedule(jobs, "stcf")
    assert s.average_turnaround == 50
    assert [x.job for x in s.slices] == ["A", "B", "C", "A"]
    assert schedule(jobs, "sjf").average_turnaround == pytest.approx(103 + 1 / 3)


def test_round_robin_response() -> None:
    """OSTEP cap. 7: tres trabajos de 5 con quantum 1 tienen respuesta media 1."""
    s = schedule(_jobs((0, 5), (0, 5), (0, 5)), "rr", quantum=1)
    assert s.average_response == 1
    assert s.average_turnaround == 14


def test_sjf_waits_for_the_shortest_among_simultaneous_arrivals() -> None:
    """Si la CPU está ociosa y llegan dos a la vez, SJF elige el corto."""
    s = schedule(_jobs((5, 9), (5, 1)), "sjf")
    assert [x.job for x in s.slices] == ["B", "A"]


def test_new_arrivals_queue_before_the_preempted_job() -> None:
    s = schedule(_jobs((0, 3), (1, 1)), "rr", quantum=1)
    assert [x.job for x in s.slices] == ["A", "B", "A"]


def test_switch_cost_is_charged_between_different_jobs_only() -> None:
    alone = schedule(_jobs((0, 5)), "rr", quantum=1, switch_cost=2)
    assert alone.switches == () and alone.makespan == 5
    pair = schedule(_jobs((0, 2), (0, 2)), "rr", quantum=1, switch_cost=0.5)
    assert len(pair.switches) == 3
    assert pair.makespan == 4 + 3 * 0.5
    assert pair.overhead == pytest.approx(1.5 / 5.5)


def test_idle_gaps_are_skipped() -> None:
    s = schedule(_jobs((10, 2)), "fifo")
    assert s.results[0].first_run == 10 and s.average_response == 0


def test_as_dict_is_json() -> None:
    data = schedule(random_jobs(5, seed=3, max_arrival=4), "rr", quantum=2).as_dict()
    assert json.loads(json.dumps(data))["average"]["turnaround"] > 0


def test_table_and_figures() -> None:
    jobs = random_jobs(4, seed=2, max_arrival=3)
    schedules = scheduler_report.compare_policies(jobs, quantum=2, switch_cost=0.5)
    assert len(scheduler_report.policies_table(schedules).rows) == len(POLICIES)
    assert "media" in str(schedules["rr"].table())
    rows = figures.policies_figure(schedules).axes[0].get_yticklabels()
    assert [r.get_text() for r in rows] == [s.label() for s in schedules.values()]
    sweep = scheduler_report.sweep_quantum(jobs, [0.5, 1, 2, 8], switch_cost=0.5)
    right = figures.quantum_figure(sweep).axes[1]
    assert list(right.get_lines()[0].get_ydata()) == [100 * v for v in sweep.overhead]
    assert sweep.overhead[0] > sweep.overhead[-1]
    assert json.dumps(sweep.as_dict())


def test_random_jobs_are_reproducible() -> None:
    assert random_jobs(20, seed=7, max_arrival=9) == random_jobs(20, seed=7, max_arrival=9)
    assert random_jobs(20, seed=7) != random_jobs(20, seed=8)
    assert all(1 <= j.run_time <= 3 for j in random_jobs(50, seed=1, max_run=3))


def test_benchmark_counts_slices(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Solo cuenta: con su propio cerrojo, no espera a que otro proceso termine de medir.
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "medir.lock"))
    result = benchmark(2000, policy="rr", quantum=2)
    assert result.jobs == 2000 and result.slices >= 2000 and result.seconds > 0


def test_benchmark_is_repeated_with_the_harness() -> None:
    """El tiempo pegado en la página es la mediana de varias repeticiones, no una sola."""
    result = benchmark(500, repeats=5, warmup=1)
    assert len(result.measurement.samples_ns) == 5 and result.measurement.warmup == 1
    assert result.seconds == result.measurement.median_s
    text = result.summary()
    assert text.startswith("500 trabajos") and "RIC" in text and "5 repeticiones" in text
    with pytest.raises(ValueError, match="policy"):
        benchmark(10, policy="lifo")


@pytest.mark.parametrize("warmup", [0, 1, 2])
def test_benchmark_takes_slices_from_a_timed_run(
    monkeypatch: pytest.MonkeyPatch, warmup: int
) -> None:
    """Los tramos salen de una ejecución de la medición: no hay planificación aparte."""
    real = scheduler.schedule
    calls: list[str] = []

    def counting(jobs: list[Job], policy: str, **kwargs: float) -> Schedule:
        calls.append(policy)
        return real(jobs, policy, **kwargs)

    monkeypatch.setattr(scheduler, "schedule", counting)
    result = benchmark(300, policy="rr", quantum=3, repeats=3, warmup=warmup)
    assert calls == ["rr"] * (3 + warmup)
    assert result.slices == len(real(random_jobs(300, 0), "rr", quantum=3).slices)


@pytest.mark.parametrize("quantum", [0, -1, math.nan, math.inf, True, "2"])
def test_bad_quantum(quantum: object) -> None:
    with pytest.raises(ValueError, match="quantum"):
        schedule(_jobs((0, 1)), "rr", quantum=quantum)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="jobs"):
        schedule([], "fifo")
    with pytest.raises(ValueError, match=r"policy.*fifo, sjf, stcf, rr"):
        schedule(_jobs((0, 1)), "lottery")
    with pytest.raises(ValueError, match="switch_cost"):
        schedule(_jobs((0, 1)), "rr", switch_cost=-1)
    with pytest.raises(ValueError, match="arrival"):
        Job("A", -1, 1)
    with pytest.raises(ValueError, match="run_time"):
        Job("A", 0, 0)
    with pytest.raises(ValueError, match="jobs"):
        schedule([Job("A", 0, 1), Job("A", 1, 1)], "fifo")
    with pytest.raises(ValueError, match="count"):
        random_jobs(0, seed=1)
    with pytest.raises(ValueError, match="seed"):
        random_jobs(3, seed=-1)
    with pytest.raises(ValueError, match="quanta"):
        scheduler_report.sweep_quantum(_jobs((0, 1)), [])


job_lists = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 12)), min_size=1, max_size=12
).map(lambda pairs: _jobs(*pairs))
costs = st.sampled_from([0.0, 0.25, 1.0])
quanta = st.sampled_from([0.5, 1.0, 2.0, 3.0, 100.0])


def _check_invariants(s: Schedule) -> None:
    intervals = sorted([(x.start, x.end) for x in s.slices] + list(s.switches))
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert end <= start + 1e-9, "dos cosas a la vez en una CPU"
    cpu: defaultdict[str, float] = defaultdict(float)
    results = {r.name: r for r in s.results}
    for x in s.slices:
        assert x.end > x.start
        r = results[x.job]
        assert r.arrival <= x.start and x.end <= r.completion + 1e-9
        cpu[x.job] += x.end - x.start
    for r in s.results:
        assert cpu[r.name] == pytest.approx(r.run_time, abs=1e-9)
        assert 0 <= r.response <= r.turnaround
        assert r.waiting >= -1e-9


@settings(max_examples=150)
@given(jobs=job_lists, quantum=quanta, cost=costs, policy=st.sampled_from(POLICIES))
def test_one_job_at_a_time_and_cpu_time_is_conserved(
    jobs: list[Job], quantum: float, cost: float, policy: str
) -> None:
    """Nunca dos trabajos a la vez; cada uno recibe exactamente su duración de CPU."""
    _check_invariants(schedule(jobs, policy, quantum=quantum, switch_cost=cost))


@settings(max_examples=150)
@given(jobs=job_lists, quantum=quanta)
def test_stcf_minimises_average_turnaround(jobs: list[Job], quantum: float) -> None:
    """Sin coste de cambio, STCF (SRPT) es óptimo en retorno medio: nadie lo mejora."""
    best = schedule(jobs, "stcf").average_turnaround
    for policy in ("fifo", "sjf", "rr"):
        other = schedule(jobs, policy, quantum=quantum).average_turnaround
        assert best <= other + 1e-9


@settings(max_examples=100)
@given(runs=st.lists(st.integers(1, 30), min_size=1, max_size=12))
def test_sjf_beats_fifo_when_all_arrive_together(runs: list[int]) -> None:
    """Con todas las llegadas a la vez, SJF es óptimo entre las políticas sin expulsión."""
    jobs = _jobs(*[(0, r) for r in runs])
    assert schedule(jobs, "sjf").average_turnaround <= schedule(jobs, "fifo").average_turnaround
    assert schedule(jobs, "sjf").average_turnaround == schedule(jobs, "stcf").average_turnaround


@settings(max_examples=100)
@given(jobs=job_lists)
def test_huge_quantum_turns_round_robin_into_fifo(jobs: list[Job]) -> None:
    fifo = schedule(jobs, "fifo")
    rr = schedule(jobs, "rr", quantum=1000)
    assert [(r.first_run, r.completion) for r in rr.results] == [
        (r.first_run, r.completion) for r in fifo.results
    ]

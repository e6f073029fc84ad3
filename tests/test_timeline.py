"""Pruebas de los tramos y métricas por trabajo comunes (dadsbook.timeline)."""

from __future__ import annotations

import pytest

from dadsbook.hardware.cpu import scheduler
from dadsbook.software.operating_system import mlfq, multitasking
from dadsbook.timeline import JobsSummary, JobTimes, Span, mean_of


def test_span_has_a_duration_and_an_optional_kind() -> None:
    """Un tramo es (quién, inicio, fin, tipo); la duración es fin − inicio."""
    span = Span("A", 1.5, 4.0)
    assert span.duration == 2.5 and span.kind == ""
    assert Span("chef 1", 0, 3, "espera").kind == "espera"


def test_job_times_give_response_and_turnaround() -> None:
    """Respuesta = primera ejecución − llegada; retorno = fin − llegada (OSTEP, cap. 7)."""
    job = JobTimes("A", arrival=2, first_run=5, finish=9)
    assert (job.response, job.turnaround) == (3, 7)


def test_mean_of_is_exact_and_rejects_empty_input() -> None:
    """La media usa math.fsum (no pierde el 1 junto a 1e16) y sin valores es un error."""
    assert mean_of([1e16, 1.0, -1e16, 2.0]) == 0.75
    with pytest.raises(ValueError, match="values debe contener al menos un valor"):
        mean_of([])


def test_the_three_schedulers_share_the_same_shapes() -> None:
    """CPU, multitarea y MLFQ dan tramos Span y métricas JobTimes, con sus nombres de siempre."""
    cpu = scheduler.schedule([scheduler.Job("A", 0, 3), scheduler.Job("B", 1, 2)], "rr")
    assert all(isinstance(s, Span) for s in cpu.slices)
    assert [s.job for s in cpu.slices] == [s.who for s in cpu.slices]
    assert all(isinstance(r, JobTimes) for r in cpu.results)
    assert [r.completion for r in cpu.results] == [r.finish for r in cpu.results]

    tasks = [multitasking.Task("a", 0, 2), multitasking.Task("b", 0, 2)]
    multi = multitasking.simulate(tasks, mode="preemptive", quantum=1)
    assert all(isinstance(s, Span) and s.task == s.who for s in multi.slices)
    assert all(isinstance(s, JobTimes) for s in multi.stats)

    levels = mlfq.simulate((mlfq.Job("largo", 0, 6), mlfq.Job("corto", 2, 1)))
    assert all(isinstance(s, JobTimes) for s in levels.stats)
    assert levels.mean_turnaround == mean_of(s.turnaround for s in levels.stats)


def test_scheduler_json_keeps_its_shape() -> None:
    """La salida JSON del planificador no cambia: tramos [trabajo, inicio, fin] y completion."""
    data = scheduler.schedule([scheduler.Job("A", 0, 2)], "fifo").as_dict()
    assert data["slices"] == [["A", 0.0, 2.0]]
    assert data["jobs"][0]["completion"] == 2.0
    table = scheduler.schedule([scheduler.Job("A", 0, 2)], "fifo").table()
    assert tuple(table.headers[:5]) == ("trabajo", "llegada", "duración", "1.ª ejecución", "fin")
    assert tuple(table.rows[0]) == ("A", 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0)


def test_the_summary_is_shared_by_multitasking_and_mlfq() -> None:
    """Fin del último, peor respuesta y medias salen de ``stats``, igual en los dos simuladores."""
    tasks = multitasking.starvation_scenario(hog_work=10.0, interactive=2)
    jobs = tuple(mlfq.Job(t.name, int(t.arrival), int(t.work)) for t in tasks)
    results = (
        multitasking.simulate(tasks, mode="cooperative"),
        mlfq.simulate(jobs, mlfq.MLFQConfig(2, (1, 2))),
    )
    for result in results:
        assert isinstance(result, JobsSummary)
        assert result.makespan == max(s.finish for s in result.stats)
        assert result.max_response == max(s.response for s in result.stats)
        assert result.mean_response == mean_of(s.response for s in result.stats)
        assert result.mean_turnaround == mean_of(s.turnaround for s in result.stats)
    cooperative = results[0]
    # La acaparadora no cede: la primera interactiva (llega en 1) espera a que acaben sus 10.
    assert cooperative.max_response == 10.0 - 1.0

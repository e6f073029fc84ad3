"""Pruebas de las figuras de la nube: ligeras y fieles a las series que dibujan."""

from __future__ import annotations

import io

from dadsbook.systems.cloud import figures
from dadsbook.systems.cloud import scale_sets as ss


def test_step_series_keep_only_their_changes() -> None:
    assert figures._changes([2, 2, 2, 3, 3, 2]) == ([0, 3, 5, 5], [2, 3, 2, 2])
    assert figures._per_minute([1.0] * 60 + [3.0] * 30) == [1.0, 3.0]


def test_scale_set_figure_stays_small() -> None:
    """Dos horas a un punto por segundo: la figura SVG no pasa de 64 KiB.

    Un mensaje mayor hace que el núcleo de Jupyter arranque el hilo recolector de
    pyzmq, que la comprobación de higiene de la página ve como un hilo de más.
    """
    demand = ss.random_demand(4, 7200)
    results = {
        name: ss.simulate_scale_set(ss.ScaleRule(provisioning_s=p), demand=demand, seed=1)
        for name, p in (("1 min", 60), ("10 min", 600))
    }
    buffer = io.BytesIO()
    figures.scale_set_timeline(results).savefig(buffer, format="svg")
    assert len(buffer.getvalue()) < 64 * 1024


def _svg_size(fig: object) -> int:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")  # type: ignore[attr-defined]
    return len(buffer.getvalue())


def test_new_figures_draw_their_series_and_stay_small() -> None:
    import asyncio

    from dadsbook.systems.cloud import app_service, choices, durable
    from dadsbook.systems.cloud.batch_faults import Attempt, FaultyJob

    peaks = choices.sweep([16, 64], seeds=[1, 2])
    fig = figures.choices_max_load(peaks)
    assert len(fig.axes[0].get_lines()) >= 3 and _svg_size(fig) < 64 * 1024

    config = app_service.AppServiceConfig(duration_s=300, fail_at_s=100)
    runs = {"a": app_service.simulate_app_service(config, seed=1)}
    fig = figures.app_service_utilization(runs)
    assert len(fig.axes[0].get_lines()) >= config.instances and _svg_size(fig) < 64 * 1024

    attempts = (Attempt(0, 10, 0.0, 0.5, "completado"), Attempt(1, 11, 0.1, None, "interrumpido"))
    job = FaultyJob(2, attempts, 11, 0.3, (), True, 1, 0, 1, 2, 1, 1.0)
    fig = figures.batch_attempts(job)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][1] == "proceso 2 (muerto)"

    durations = durable.activity_durations(6, low_s=0.001, high_s=0.003, seed=1)
    report = asyncio.run(durable.run_with_crash(durations, max_concurrent=2, crash_after=2))
    fig = figures.durable_replay(report)
    assert len(fig.axes[0].patches) == len(report.runs)


def test_overprovision_and_concurrency_figures_draw_their_series_and_stay_small() -> None:
    from dadsbook.systems.cloud import overprovisioning as op
    from dadsbook.systems.cloud import serverless as sl

    boots = op.by_seed(20, [0, 1, 2, 4], seeds=range(200))
    fig = figures.overprovision_times(boots)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 4
    assert list(lines[0].get_xdata())[1:] == sorted(d.time_to_ready_s for d in boots[0])
    assert lines[0].get_ydata()[-1] == 100
    assert _svg_size(fig) < 64 * 1024

    configs = {
        "estática": sl.ServerlessConfig(scaling="controller", concurrency=16, capacity=4),
        "dinámica": sl.ServerlessConfig(scaling="controller", concurrency=16, capacity=4,
                                        concurrency_mode="dynamic"),
    }  # fmt: skip
    runs = {
        name: sl.simulate_serverless(c, rate_per_s=2, burst_per_s=30, duration_s=120, seed=7)
        for name, c in configs.items()
    }
    fig = figures.serverless_concurrency(runs)
    top, bottom = fig.axes[:2]
    static, dynamic = top.get_lines()
    assert set(static.get_ydata()) == {16.0}
    assert dynamic.get_ydata()[0] == 1.0 and max(dynamic.get_ydata()) <= 4
    assert dynamic.get_xdata()[-1] == runs["dinámica"].instances[-1][0]
    assert len(bottom.get_lines()) == 2
    assert _svg_size(fig) < 64 * 1024

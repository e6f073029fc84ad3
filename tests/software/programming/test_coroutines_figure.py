"""La figura de las corrutinas: turnos en que corre cada tarea y tramos en que duerme."""

from __future__ import annotations

import pytest

from dadsbook.software.programming import coroutines, figures


def test_rows_per_task_with_runs_and_naps() -> None:
    specs = [coroutines.TaskSpec("t1", 2, 0), coroutines.TaskSpec("t2", 2, 3)]
    trace = coroutines.run_specs(specs)
    fig = figures.trace_figure(trace)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["t1", "t2"]
    runs = sum(1 for step in trace if step.task == "t2")
    naps = sum(1 for step in trace if step.event.startswith("duerme"))
    # t1: un tramo de barras; t2: uno de barras y otro de siestas (rayado).
    assert len(ax.collections) == 3
    assert len(ax.collections[1].get_paths()) == runs
    assert len(ax.collections[2].get_paths()) == naps and ax.collections[2].get_hatch()


def test_nothing_to_draw() -> None:
    with pytest.raises(ValueError, match="al menos un turno"):
        figures.trace_figure([])

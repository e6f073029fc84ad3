"""Pruebas de las ayudas de figuras (dadsbook.plotting)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from dadsbook import plotting
from dadsbook.plotting import GanttBar


def test_gantt_rows_and_legend() -> None:
    bars = [GanttBar("cpu 1", 0, 2, "A", "a"), GanttBar("cpu 2", 1, 3, "B", hatched=True)]
    fig = plotting.gantt(bars, rows=["cpu 2", "cpu 1"], title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cpu 2", "cpu 1"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B", "espera"]


def test_figures_are_not_left_open_in_pyplot() -> None:
    before = len(plt.get_fignums())
    plotting.gantt([GanttBar("r", 0, 1, "g")])
    plotting.speedup_plot([1, 2], {"procesos": [1.0, 1.9]})
    assert len(plt.get_fignums()) == before


def test_speedup_plot_has_ideal_line() -> None:
    fig = plotting.speedup_plot([1, 2, 4], {"hilos": [1, 1.1, 1.2]})
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["ideal (N×)", "hilos"]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="bars"):
        plotting.gantt([])
    with pytest.raises(ValueError, match="termina antes"):
        plotting.gantt([GanttBar("r", 2, 1, "g")])
    with pytest.raises(ValueError, match="workers"):
        plotting.speedup_plot([], {})
    with pytest.raises(ValueError, match="serie"):
        plotting.speedup_plot([1, 2], {"x": [1.0]})
    with pytest.raises(ValueError, match="width"):
        plotting.figure(0, 1)


def test_palette_is_cyclic() -> None:
    assert plotting.color(0) == plotting.color(len(plotting.PALETTE))


def test_importing_plotting_does_not_import_matplotlib() -> None:
    """Importar el módulo es barato: matplotlib llega al dibujar la primera figura."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import dadsbook.plotting\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'cycler')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_style_keeps_the_palette_cycle() -> None:
    cycle = plotting.style()["axes.prop_cycle"]
    assert [c["color"] for c in cycle] == list(plotting.PALETTE)

"""Las figuras del capítulo «Disco» (``dadsbook.hardware.disk.figures``)."""

from __future__ import annotations

import pytest
from figure_checks import series_colors

from dadsbook import plotting
from dadsbook.hardware.disk import dma, figures, hdd, nvme, raid, writehole


def test_rate_figure_draws_each_disk_and_its_ceiling() -> None:
    labels = [line.get_label() for line in figures.rate_figure().axes[0].get_lines()]
    for disk in hdd.OSTEP_DISKS:
        assert disk.name in labels and f"{disk.name}: transferencia máxima" in labels
    with pytest.raises(ValueError, match="disks"):
        figures.rate_figure([])


def test_dma_figures_share_the_colors_of_what_they_have_in_common() -> None:
    problem = dma.DmaProblem(2, 10, 1.0, 20.0, 1.0, 1.0)
    pio = series_colors(figures.dma_figure(dma.simulate(problem, "pio")))
    with_dma = series_colors(figures.dma_figure(dma.simulate(problem, "dma")))
    assert pio["trabajo útil"] == with_dma["trabajo útil"]
    assert pio["bus"] == with_dma["bus"] == {plotting.entity_color("bus").lower()}


def test_layout_figure_has_one_cell_per_chunk() -> None:
    array = raid.RaidArray(5, 3, 2, "left-asymmetric")
    fig = figures.layout_figure(array, 3)
    assert len(fig.axes[0].patches) == 3 * 3
    assert fig.axes[0].get_title() == array.title()


def test_rebuild_explore_and_little_figures() -> None:
    rebuild = figures.rebuild_figure([1, 2], [100, 200]).axes[0]
    assert rebuild.get_legend_handles_labels()[1] == ["100 MB/s", "200 MB/s"]
    with pytest.raises(ValueError, match="capacities_tb"):
        figures.rebuild_figure([], [100])
    assert len(figures.explore_figure(writehole.KITCHEN, {1: b"ESPINACA"}).axes) == 3
    bound, simulated = figures.model_figure([1, 4], 4, 100.0, 0.0, seed=1).axes[0].get_lines()[:2]
    assert all(
        s <= b * 1.0001 for s, b in zip(simulated.get_ydata(), bound.get_ydata(), strict=True)
    )


def test_iops_and_wa_figures_put_their_legend_below_the_data() -> None:
    points = tuple(nvme.IopsPoint(d, 1000.0 * d, 900.0 * d, 1100.0 * d, False) for d in (1, 2))
    for fig in (
        figures.iops_figure({"a": points}),
        figures.wa_figure([0.1, 0.2], {"FTL": [2.0, 1.5], "ZNS": [1.0, 1.0]}),
    ):
        assert fig.axes[0].get_legend() is None and len(fig.legends) == 1
    with pytest.raises(ValueError, match="la serie 'a' tiene 1 valores"):
        figures.wa_figure([0.1, 0.2], {"a": [2.0]})

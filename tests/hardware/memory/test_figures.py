"""Las figuras del capítulo «Memoria» (``dadsbook.hardware.memory.figures``)."""

from __future__ import annotations

import pytest
from figure_checks import series_colors

from dadsbook.hardware.memory import figures, pagetable, replacement, workingset
from dadsbook.hardware.memory.bandwidth import CacheLevel, Mountain
from dadsbook.hardware.memory.channels import ChannelPoint, ChannelScan


def test_sparse_figure_has_a_panel_per_address_width() -> None:
    curves = pagetable.sparse_curves(1, [1, 16], 16)
    fig = figures.sparse_figure(curves, [1, 16], 16)
    assert len(fig.axes) == 2
    assert list(fig.axes[1].get_lines()[0].get_ydata()) == curves[pagetable.X86_64.name]


def test_a_policy_keeps_its_color_when_drawn_alone() -> None:
    every = figures.faults_figure(replacement.fault_curve(replacement.BELADY_STRING, range(1, 5)))
    alone = figures.faults_figure(
        replacement.fault_curve(replacement.BELADY_STRING, [3, 4], ["fifo"])
    )
    assert len(every.axes[0].get_lines()) == len(replacement.POLICIES)
    assert series_colors(alone)["FIFO"] == series_colors(every)["FIFO"]


def test_working_set_and_thrashing_figures() -> None:
    refs, starts = workingset.phased_references(3, [4, 8], 60, 32)
    fig = figures.working_set_figure(refs, [5, 50], starts)
    assert [line.get_label() for line in fig.axes[0].get_lines()][:2] == ["Δ = 5", "Δ = 50"]
    with pytest.raises(ValueError, match="windows"):
        figures.working_set_figure(refs, [])
    model = workingset.ThrashingModel(horizon=2_000, warmup=1_000)
    with pytest.raises(ValueError, match="free"):
        figures.thrashing_figure(model, [], [])


def test_mountain_profile_and_channels_figures() -> None:
    mountain = Mountain((16 * 1024, 64 * 1024), (1, 8), ((10.0, 5.0), (8.0, 2.0)), 1)
    caches = (CacheLevel(1, "Data", 32 * 1024, 64, "0"),)
    heat = figures.mountain_figure(mountain, caches)
    assert "L1 = 32 KiB" in [t.get_text() for t in heat.axes[0].texts]
    profile = figures.profile_figure(mountain, caches).axes[0]
    assert profile.get_legend_handles_labels()[1] == ["paso 8 B", "paso 64 B"]
    scan = ChannelScan((ChannelPoint(1, (5.0, 6.0)), ChannelPoint(2, (9.0, 10.0))), 8, 2, None)
    fig = figures.channels_figure(scan, [("techo", 25.6)])
    assert "techo" in series_colors(fig) and fig.axes[0].get_legend() is None

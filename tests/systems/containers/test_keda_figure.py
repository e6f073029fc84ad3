"""La figura de KEDA: métrica con el umbral de activación y réplicas 0 o 1."""

from __future__ import annotations

import pytest

from dadsbook.systems.containers import figures


def test_metric_threshold_and_replicas() -> None:
    fig = figures.activation_figure(
        [0, 30, 60], [0, 12, 0], [0, 1, 1], activation_value=2.0, title="ráfaga"
    )
    top, bottom = fig.axes[:2]
    metric, threshold = top.get_lines()[:2]
    assert list(metric.get_ydata()) == [0, 12, 0]
    assert list(threshold.get_ydata()) == [2.0, 2.0]
    assert list(bottom.get_lines()[0].get_ydata()) == [0, 1, 1]
    assert top.get_title() == "ráfaga"


def test_series_must_match() -> None:
    with pytest.raises(ValueError, match="misma longitud"):
        figures.activation_figure([0, 30], [1], [0, 1], activation_value=0)

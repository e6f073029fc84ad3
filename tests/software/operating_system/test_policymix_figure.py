"""La figura de policymix: tres grupos de barras, una por política."""

from __future__ import annotations

import pytest

from dadsbook.software.operating_system import figures, mlfq, policy_mix


def test_one_bar_per_policy_and_metric() -> None:
    jobs = [mlfq.Job("lote 1", 0, 40), mlfq.Job("interactivo 1", 5, 2)]
    rows = policy_mix.compare(jobs)
    fig = figures.policies_figure(rows)
    ax = fig.axes[0]
    assert len(ax.patches) == 3 * len(rows)
    heights = [bar.get_height() for bar in ax.patches[:3]]
    first = rows[0]
    assert heights == [
        first.interactive_response,
        first.interactive_turnaround,
        first.batch_turnaround,
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [r.policy for r in rows]


def test_nothing_to_draw() -> None:
    with pytest.raises(ValueError, match="al menos una política"):
        figures.policies_figure([])

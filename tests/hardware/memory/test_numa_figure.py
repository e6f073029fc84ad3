"""La figura de NUMA: una barra por colocación en cada panel."""

from __future__ import annotations

import pytest

from dadsbook.hardware.memory import figures, numa


def test_three_panels_with_one_bar_per_placement() -> None:
    results = numa.compare_placements(
        numa.NumaModel(), threads=4, pages_per_thread=64, accesses_per_thread=200
    )
    fig = figures.placements_figure(results, title="dos nodos")
    assert len(fig.axes) == 3
    remote = [bar.get_height() for bar in fig.axes[0].patches]
    assert remote == [100 * r.remote_fraction for r in results.values()]
    assert remote[0] == 0  # first-touch: cada hilo usa su nodo
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == list(results)


def test_nothing_to_draw() -> None:
    with pytest.raises(ValueError, match="al menos una colocación"):
        figures.placements_figure({})

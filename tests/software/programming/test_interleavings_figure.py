"""La figura de ``interleavings``: barras por final, cuelgues y comprobaciones fallidas."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from dadsbook.software.programming import interleavings, interleavings_figure


def test_counter_race_has_a_right_and_a_wrong_final() -> None:
    rows = interleavings_figure.bars(interleavings.explore(interleavings.PROGRAMS["contador"]))
    assert rows == [("termina con contador=1", 18, "incorrecto"),
                    ("termina con contador=2", 2, "bien")]  # fmt: skip


def test_deadlocks_sleepers_and_failed_checks_get_their_own_bars() -> None:
    locks = interleavings.explore(interleavings.PROGRAMS["dos-cerrojos"])
    assert ("interbloqueo", 2, "colgado") in interleavings_figure.bars(locks)
    buffer = interleavings.explore(interleavings.PROGRAMS["bufer-if"])
    kinds = {kind for _, _, kind in interleavings_figure.bars(buffer)}
    assert {"colgado", "comprobación"} <= kinds


def test_many_finals_are_grouped_in_one_bar() -> None:
    exploration = interleavings.Exploration(
        interleavings.PROGRAMS["contador"],
        {f"contador={i}": i + 1 for i in range(40)}, 0, 0, 820, 900,
    )  # fmt: skip
    rows = interleavings_figure.bars(exploration)
    assert len(rows) <= interleavings_figure.MAX_BARS
    assert rows[-1][0] == "otros finales"
    assert sum(count for _, count, _ in rows) == 820


def test_figure_labels_are_spanish() -> None:
    fig = interleavings_figure.outcomes_figure(
        interleavings.explore(interleavings.PROGRAMS["dos-cerrojos"])
    )
    try:
        ax = fig.axes[0]
        assert ax.get_xlabel() == "entrelazados"
        assert "6 entrelazados" in ax.get_title()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert "interbloqueo" in labels
    finally:
        plt.close(fig)


def test_an_empty_exploration_is_rejected() -> None:
    empty = interleavings.Exploration(interleavings.PROGRAMS["contador"], {}, 0, 0, 0, 0)
    with pytest.raises(ValueError, match="ningún entrelazado"):
        interleavings_figure.outcomes_figure(empty)

"""La figura de la escritura diferida: cada escritura coloreada por su destino."""

from __future__ import annotations

import pytest

from dadsbook.hardware.disk import figures, writeback


def test_lost_and_persisted_writes_are_separate_series() -> None:
    writes = [writeback.Write(1, 0, "a"), writeback.Write(6, 1, "b"), writeback.Write(9, 0, "c")]
    result = writeback.simulate(writes, "write-back", flush_interval=5, capacity=4, crash_time=7)
    fig = figures.outcomes_figure(result, flush_interval=5)
    ax = fig.axes[0]
    series = {c.get_label(): c.get_offsets().tolist() for c in ax.collections}
    assert series == {
        "en disco": [[1.0, 0.0]],
        "perdida": [[6.0, 1.0]],
        "tras el fallo": [[9.0, 0.0]],
    }
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 1  # un vaciado en t = 5 antes del final (t = 9)


def test_too_many_flushes_are_not_drawn() -> None:
    result = writeback.simulate(
        [writeback.Write(1000, 0, "a")], "write-back", flush_interval=1, capacity=1,
        crash_time=1000,
    )  # fmt: skip
    ax = figures.outcomes_figure(result, flush_interval=1).axes[0]
    assert not [line for line in ax.get_lines() if line.get_linestyle() == ":"]


def test_nothing_to_draw() -> None:
    empty = writeback.CacheResult("write-back", 1.0, (), 0, 0.01)
    with pytest.raises(ValueError, match="al menos una escritura"):
        figures.outcomes_figure(empty)

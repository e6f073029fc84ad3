"""La figura de ZNS: el puntero de escritura de cada zona tras cada orden."""

from __future__ import annotations

import pytest

from dadsbook.hardware.disk import figures, zns


def test_replay_records_pointers_and_rejections() -> None:
    ops = [("append", 0, None), ("write", 1, 0), ("write", 0, 0), ("reset", 0, None)]
    pointers, rejected = zns.replay(2, 4, 2, ops)
    assert pointers == [[0, 1, 1, 1, 0], [0, 0, 1, 1, 1]]
    assert rejected == [False, False, True, False]  # w0:0 no es el puntero (1)


def test_max_open_rejects_a_third_zone() -> None:
    _, rejected = zns.replay(3, 4, 1, [("append", 0, None), ("append", 1, None)])
    assert rejected == [False, True]


def test_figure_has_a_line_per_zone_and_the_rejections() -> None:
    ops = [("append", 0, None), ("write", 0, 3)]
    fig = figures.pointers_figure(2, 4, 2, ops)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["zona 0", "zona 1"] and "zona llena" in labels
    assert ax.collections[0].get_offsets().tolist() == [[2.0, 1.0]]


def test_nothing_to_draw() -> None:
    with pytest.raises(ValueError, match="al menos una orden"):
        figures.pointers_figure(1, 4, 1, [])

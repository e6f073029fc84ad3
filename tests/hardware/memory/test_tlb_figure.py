"""La figura de la TLB: la página de cada acceso, su resultado y la tasa de aciertos."""

from __future__ import annotations

import pytest

from dadsbook.hardware.memory import figures, paging


def _translation() -> paging.Translation:
    # VPN 0, 0, 1, 2 (sin traducción), 0 con páginas de 4096 bytes.
    return paging.translate(
        [0, 100, 4096, 8192, 200], page_size=4096, page_table={0: 7, 1: 3}, tlb_size=2
    )


def test_each_outcome_is_its_own_series() -> None:
    fig = figures.translation_figure(_translation())
    top, bottom = fig.axes[:2]
    points = {c.get_label(): c.get_offsets().tolist() for c in top.collections}
    assert points == {
        "acierto de la TLB": [[2.0, 0.0], [5.0, 0.0]],
        "fallo de la TLB (tabla de páginas)": [[1.0, 0.0], [3.0, 1.0]],
        "fallo de página": [[4.0, 2.0]],
    }
    rate = bottom.get_lines()[0].get_ydata().tolist()
    assert rate == [0.0, 50.0, 100 / 3, 25.0, 40.0]


def test_an_empty_translation_cannot_be_drawn() -> None:
    empty = paging.Translation(4096, 2, ())
    with pytest.raises(ValueError, match="al menos un acceso"):
        figures.translation_figure(empty)

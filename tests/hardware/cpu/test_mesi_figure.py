"""La figura de MESI: el estado de la línea de cada acceso en cada caché."""

from __future__ import annotations

import pytest

from dadsbook.hardware.cpu import figures, mesi
from dadsbook.hardware.cpu.mesi import STATES


def test_false_sharing_is_a_ladder_of_m_and_i() -> None:
    """Dos núcleos escriben contadores vecinos: cada escritura deja M aquí e I allí."""
    result = mesi.simulate(mesi.false_sharing_trace(2, padded=False, cores=2), cores=2)
    fig = figures.states_figure(result, title="compartición falsa")
    ax = fig.axes[0]
    grid = ax.get_images()[0].get_array()
    m, i = STATES.index("M"), STATES.index("I")
    assert grid.tolist() == [[m, i], [i, m], [m, i], [i, m]]
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["1. C0 W 0", "2. C1 W 8"]
    assert ax.get_title() == "compartición falsa"
    assert [t.get_text() for t in ax.texts][:2] == ["M", "I"]


def test_long_traces_drop_the_labels_but_keep_every_row() -> None:
    trace = mesi.random_trace(1, length=200, cores=4)
    fig = figures.states_figure(mesi.simulate(trace, cores=4))
    ax = fig.axes[0]
    assert ax.get_images()[0].get_array().shape == (200, 4)
    assert len(ax.texts) == 0 and ax.get_ylabel() == "acceso"


def test_an_empty_trace_cannot_be_drawn() -> None:
    with pytest.raises(ValueError, match="al menos un acceso"):
        figures.states_figure(mesi.simulate([], cores=2))

"""DMA frente a E/S programada: la línea de tiempo y sus métricas."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.hardware.disk import dma


@given(st.integers(1, 5), st.integers(1, 32), st.floats(0, 100), st.floats(0, 5), st.floats(0, 5))
def test_work_is_conserved_and_never_overlaps(
    transfers: int, words: int, compute: float, setup: float, interrupt: float
) -> None:
    """Toda la carga útil se hace; la CPU nunca hace dos cosas a la vez."""
    p = dma.DmaProblem(transfers, words, 1.0, compute, setup, interrupt)
    for mode in dma.MODES:
        r = dma.simulate(p, mode)
        cpu = sorted((b.start, b.end) for b in r.bars if b.row == "CPU")
        assert all(a[1] <= b[0] + 1e-9 for a, b in itertools.pairwise(cpu))
        useful = sum(b.end - b.start for b in r.bars if b.group == "trabajo útil")
        assert useful == pytest.approx(compute)
        bus = sum(b.end - b.start for b in r.bars if b.row == "bus")
        assert bus == pytest.approx(transfers * words)


def test_pio_keeps_the_cpu_busy_during_transfers() -> None:
    p = dma.DmaProblem(2, 10, 1.0, 20.0, 1.0, 1.0)
    pio, d = dma.simulate(p, "pio"), dma.simulate(p, "dma")
    assert pio.io_cpu_time == 20.0
    assert d.io_cpu_time == 4.0
    assert d.useful_utilization > pio.useful_utilization


@pytest.mark.parametrize("field", ["transfers", "words", "word_time", "compute", "setup"])
def test_invalid_problem(field: str) -> None:
    values = {"transfers": 1, "words": 1, "word_time": 1.0, "compute": 1.0, "setup": 1.0,
              "interrupt": 1.0}  # fmt: skip
    values[field] = -1
    with pytest.raises(ValueError, match=field):
        dma.DmaProblem(**values)  # type: ignore[arg-type]


def test_unknown_mode_and_random() -> None:
    with pytest.raises(ValueError, match="mode"):
        dma.simulate(dma.random_dma(1), "magic")
    assert dma.simulate(dma.random_dma(5), "dma").as_dict()["mode"] == "dma"


def test_summary_table_one_row_per_mode() -> None:
    p = dma.DmaProblem(transfers=2, words=10, word_time=1.0, compute=20.0, setup=1.0, interrupt=1.0)
    table = dma.summary_table({m: dma.simulate(p, m) for m in dma.MODES})
    assert [row[0] for row in table.rows] == ["E/S programada", "DMA"]
    assert "83 %" in str(table)

"""Pruebas del ajuste de Amdahl y Gustafson y de las figuras del capítulo."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook import laws
from dadsbook.software.programming import figures, scaling
from dadsbook.software.programming.mpi_run import MpiRun
from dadsbook.software.programming.producer_consumer import PCConfig, run_threads


@settings(max_examples=60, deadline=None)
@given(serial=st.floats(0.0, 1.0))
def test_fit_recovers_an_exact_amdahl_fraction(serial: float) -> None:
    """Propiedad: con aceleraciones exactas de Amdahl, el ajuste devuelve la misma s."""
    workers = [1, 2, 4]
    f = scaling.fit("x", workers, [laws.amdahl(n, serial) for n in workers])
    assert f.serial == pytest.approx(serial, abs=1e-9)
    assert f.gustafson(4) >= f.amdahl(4) - 1e-9


def test_ceiling() -> None:
    assert scaling.fit("x", [1, 2], [1.0, 2.0]).ceiling == float("inf")


def test_validation() -> None:
    with pytest.raises(ValueError, match="2 o más"):
        scaling.fit("x", [1], [1.0])
    with pytest.raises(ValueError, match="longitud"):
        scaling.fit("x", [1, 2], [1.0])
    with pytest.raises(ValueError, match="fits"):
        scaling.laws_figure([])


def test_figures_draw() -> None:
    f = scaling.fit("pool", [1, 2], [1.0, 1.7])
    assert scaling.laws_figure([f]).axes
    run = MpiRun(1, 1000, 3.14159, (0.1, 0.2), 2, 8, 0.01)
    assert figures.mpi_figure([run]).axes
    pcr = run_threads(PCConfig(1, 1, 3, 1))
    assert figures.backpressure_figure([pcr, pcr]).axes
    assert figures.throughput_figure({"hilos": [(1, 10.0), (2, 20.0)]}).axes
    assert figures.speedup_bars({"a": 1.2}, xlabel="x", ideal=2).axes
    for fn in (figures.mpi_figure, figures.backpressure_figure):
        with pytest.raises(ValueError):
            fn([])

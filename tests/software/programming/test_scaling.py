"""Pruebas del ajuste de Amdahl y Gustafson y de las figuras del capítulo."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook import laws, verdict
from dadsbook.software.programming import figures, scaling
from dadsbook.software.programming.mpi_run import MpiRun
from dadsbook.software.programming.producer_consumer import PCConfig, run_threads

FASTER = verdict.compare([1.0, 1.02, 0.98, 1.01, 0.99], [2.0, 2.02, 1.98, 2.01, 1.99])
NOISE = verdict.compare([1.0, 1.5, 2.0, 2.5, 3.0], [1.2, 1.7, 2.2, 2.7, 3.2])
BUSY = verdict.compare([1.0] * 5, [2.0] * 5, busy=True)


@settings(max_examples=60)
@given(serial=st.floats(0.0, 1.0))
def test_fit_recovers_an_exact_amdahl_fraction(serial: float) -> None:
    """Propiedad: con aceleraciones exactas de Amdahl, el ajuste devuelve la misma s."""
    workers = [1, 2, 4]
    f = scaling.fit("x", workers, [laws.amdahl(n, serial) for n in workers], evidence=FASTER)
    assert f.serial == pytest.approx(serial, abs=1e-9)
    # Gustafson con la s′ de la ejecución de 4 trabajadores pasa por el punto medido…
    assert f.gustafson(4) == pytest.approx(f.amdahl(4))
    # …y por encima de él crece más que Amdahl.
    assert f.gustafson(16) >= f.amdahl(16) - 1e-9


def test_gustafson_uses_the_fraction_of_the_parallel_run() -> None:
    """s = 25 % medida con 2 trabajadores: la parte serie es el 40 % de esa ejecución."""
    f = scaling.fit("x", [1, 2], [1.0, laws.amdahl(2, 0.25)], evidence=FASTER)
    assert f.parallel_serial == pytest.approx(0.4)
    assert f.gustafson(16) == pytest.approx(16 - 0.4 * 15)
    assert f.gustafson(16) < laws.gustafson(16, 0.25)


def test_ceiling() -> None:
    assert scaling.fit("x", [1, 2], [1.0, 2.0]).ceiling == float("inf")


@pytest.mark.parametrize(
    ("evidence", "reliable"), [(FASTER, True), (NOISE, False), (BUSY, False), (None, False)]
)
def test_a_fit_is_reliable_only_with_a_measurable_speedup(
    evidence: verdict.Verdict | None, reliable: bool
) -> None:
    f = scaling.fit("el pool", [1, 2], [1.0, 1.0], evidence=evidence)
    assert f.serial == pytest.approx(1.0)  # lo que se ajustó en una máquina ocupada
    assert f.reliable is reliable
    text = scaling.describe(f)
    if reliable:
        assert "Karp–Flatt" in text and "100 %" in text
    else:
        assert "no mide la fracción serie" in text and "ninguna conclusión" in text
        assert "techo" not in text
    if evidence is BUSY:
        assert verdict.BUSY_PHRASE in text


def test_figure_without_a_reliable_fit_draws_only_labelled_reference_curves() -> None:
    f = scaling.fit("pool", [1, 2], [1.0, 1.0], evidence=NOISE)
    labels = [line.get_label() for line in figures.laws_figure([f]).axes[0].get_lines()]
    assert not any("s = 100 %" in label for label in labels)
    assert "Amdahl, referencia no medida (s = 5 %)" in labels
    assert "Gustafson, referencia no medida (s′ = 9,5 %)" in labels  # s′ con 2 trabajadores
    assert any("sin aceleración medible" in label for label in labels)
    good = scaling.fit("pool", [1, 2], [1.0, 1.8], evidence=FASTER)
    labels = [line.get_label() for line in figures.laws_figure([good]).axes[0].get_lines()]
    assert not any("referencia" in label for label in labels)
    assert any(label.startswith("Gustafson, pool (s′ = ") for label in labels)


def test_validation() -> None:
    with pytest.raises(ValueError, match="2 o más"):
        scaling.fit("x", [1], [1.0])
    with pytest.raises(ValueError, match="longitud"):
        scaling.fit("x", [1, 2], [1.0])
    with pytest.raises(ValueError, match="fits"):
        figures.laws_figure([])
    with pytest.raises(ValueError, match="up_to"):
        figures.laws_figure([scaling.fit("x", [1, 2], [1.0, 1.5])], up_to=1)
    with pytest.raises(TypeError, match="evidence"):
        scaling.fit("x", [1, 2], [1.0, 1.5], evidence="sí")  # type: ignore[arg-type]


def test_figures_draw() -> None:
    f = scaling.fit("pool", [1, 2], [1.0, 1.7])
    assert figures.laws_figure([f]).axes
    run = MpiRun(1, 1000, 3.14159, (0.1, 0.2), 2, 8, (0.01, 0.012))
    assert figures.mpi_figure([run]).axes
    pcr = run_threads(PCConfig(1, 1, 3, 1))
    assert figures.backpressure_figure([pcr, pcr]).axes
    assert figures.throughput_figure({"hilos": [(1, 10.0), (2, 20.0)]}).axes
    assert figures.speedup_bars({"a": 1.2}, xlabel="x", ideal=2).axes
    for fn in (figures.mpi_figure, figures.backpressure_figure):
        with pytest.raises(ValueError):
            fn([])

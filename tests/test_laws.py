"""Pruebas de las leyes de Amdahl y Gustafson y de la métrica de Karp–Flatt (dadsbook.laws)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook import laws


def test_limits() -> None:
    assert laws.amdahl(1, 0.3) == pytest.approx(1)
    assert laws.amdahl(1e9, 0.25) == pytest.approx(4, rel=1e-6)
    assert laws.amdahl(8, 0) == pytest.approx(8)
    assert laws.gustafson(8, 0) == pytest.approx(8)
    assert laws.gustafson(8, 1) == pytest.approx(1)


@given(st.floats(0, 1), st.lists(st.integers(1, 64), min_size=2, max_size=6, unique=True))
def test_fit_recovers_the_serial_fraction(serial: float, workers: list[int]) -> None:
    if max(workers) == 1:
        return
    speedups = [laws.amdahl(w, serial) for w in workers]
    assert laws.fit_amdahl(workers, speedups) == pytest.approx(serial, abs=1e-9)


def test_karp_flatt_agrees_with_amdahl() -> None:
    assert laws.karp_flatt(4, laws.amdahl(4, 0.2)) == pytest.approx(0.2)


def test_karp_flatt_is_a_measurement_not_clipped() -> None:
    """Superlineal: sale negativa; más lento que en serie: pasa de 1."""
    assert laws.karp_flatt(2, 2.5) < 0
    assert laws.karp_flatt(2, 0.5) > 1


@given(st.floats(0, 1), st.integers(1, 1024))
def test_gustafson_with_the_parallel_fraction_meets_amdahl_at_the_measured_point(
    serial: float, workers: int
) -> None:
    """La misma ejecución con N trabajadores: Gustafson con s′ da la aceleración de Amdahl con s.

    Es la prueba de que las dos fracciones no son intercambiables: con la s de Amdahl
    en la fórmula de Gustafson, la aceleración sale mayor (salvo s = 0, s = 1 o N = 1).
    """
    s_prime = laws.gustafson_fraction(workers, serial)
    assert laws.gustafson(workers, s_prime) == pytest.approx(laws.amdahl(workers, serial))
    assert s_prime >= serial - 1e-12
    if 1e-6 < serial < 1 - 1e-6 and workers > 1:
        assert laws.gustafson(workers, serial) > laws.amdahl(workers, serial)


def test_gustafson_fraction_example() -> None:
    """s = 0,25 con 2 trabajadores: la ejecución dura 0,625 y 0,25 de ella es serie (40 %)."""
    assert laws.gustafson_fraction(2, 0.25) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: laws.amdahl(2, 1.5), "serial"),
        (lambda: laws.amdahl(2, math.nan), "serial"),
        (lambda: laws.amdahl(math.inf, 0.1), "workers"),
        (lambda: laws.gustafson(0, 0.1), "workers"),
        (lambda: laws.gustafson_fraction(2, -0.1), "serial"),
        (lambda: laws.fit_amdahl([1, 2], [1.0]), "misma longitud"),
        (lambda: laws.fit_amdahl([1], [1.0]), "más de un trabajador"),
        (lambda: laws.karp_flatt(2, 0), "speedup"),
        (lambda: laws.karp_flatt(1, 1.0), "workers"),
    ],
)
def test_bad_inputs(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]

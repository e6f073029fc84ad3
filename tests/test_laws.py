"""Pruebas de las leyes de Amdahl y Gustafson (dadsbook.laws)."""

from __future__ import annotations

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
    assert laws.serial_fraction_from(4, laws.amdahl(4, 0.2)) == pytest.approx(0.2)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="serial"):
        laws.amdahl(2, 1.5)
    with pytest.raises(ValueError, match="workers"):
        laws.gustafson(0, 0.1)
    with pytest.raises(ValueError, match="misma longitud"):
        laws.fit_amdahl([1, 2], [1.0])
    with pytest.raises(ValueError, match="más de un trabajador"):
        laws.fit_amdahl([1], [1.0])
    with pytest.raises(ValueError, match="speedup"):
        laws.serial_fraction_from(2, 0)

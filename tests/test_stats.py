"""Pruebas de la regla única de percentiles (dadsbook.stats)."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook import stats

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
samples = st.lists(finite, min_size=1, max_size=60)
q = st.floats(min_value=0, max_value=100)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([1, 2, 3, 4], 25, 1.75),
        ([1, 2, 3, 4], 75, 3.25),
        ([10, 20, 30, 40, 50], 99, 49.6),
        ([3, 1, 2], 0, 1.0),
        ([3, 1, 2], 100, 3.0),
        ([5.0], 99, 5.0),
        ((7, 7, 7), 10, 7.0),
    ],
)
def test_known_values_by_linear_interpolation(
    values: list[float], q: float, expected: float
) -> None:
    """Valores conocidos: interpolación lineal en q/100·(n − 1), como NumPy por omisión."""
    assert stats.percentile(values, q) == pytest.approx(expected)


def test_quartiles_match_inclusive_quantiles_and_numpy() -> None:
    """Los cuartiles son los de statistics.quantiles(method="inclusive") y np.percentile."""
    values = [0.3, 9.1, 2.2, 4.4, 7.0, 1.5, 8.8]
    q1, q2, q3 = stats.quartiles(values)
    expected = statistics.quantiles(values, n=4, method="inclusive")
    assert (q1, q2, q3) == pytest.approx(expected)
    assert (q1, q3) == pytest.approx(tuple(np.percentile(values, [25, 75])))
    assert stats.iqr(values) == pytest.approx(q3 - q1)


def test_median_is_the_mean_of_the_two_central_values() -> None:
    """Con n par, la mediana es la media de los dos centrales, como statistics.median."""
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([0.1, 0.2, 0.7]) == statistics.median([0.1, 0.2, 0.7])


def test_empty_input_is_an_error_unless_the_caller_says_what_it_means() -> None:
    """Sin valores: ValueError que nombra values; con empty=, ese valor (nan, 0…)."""
    for call in (
        lambda: stats.percentile([], 50),
        lambda: stats.median([]),
        lambda: stats.quartiles([]),
        lambda: stats.iqr(np.array([])),
    ):
        with pytest.raises(ValueError, match="values debe contener al menos un valor"):
            call()
    assert stats.percentile([], 99, empty=0.0) == 0.0
    assert math.isnan(stats.median([], empty=math.nan))
    assert stats.quartiles([], empty=1.0) == (1.0, 1.0, 1.0)
    assert stats.iqr([], empty=0.0) == 0.0


@pytest.mark.parametrize("bad", [-1, 100.5, math.nan, True, "50"])
def test_q_outside_0_100_is_rejected_in_spanish(bad: object) -> None:
    """q fuera de [0, 100] (o que no es un número) da el mensaje de dadsbook.validation."""
    with pytest.raises(ValueError, match="q debe ser un número ≥ 0 y ≤ 100"):
        stats.percentile([1.0, 2.0], bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_rejected(bad: float) -> None:
    """Un nan o un inf entre los valores no se cuela en un percentil: ValueError."""
    with pytest.raises(ValueError, match="values debe contener solo números finitos"):
        stats.percentile([1.0, bad, 2.0], 50)


def test_finite_drops_only_nan() -> None:
    """finite() quita los nan (ventanas sin datos) y deja el resto en orden."""
    assert stats.finite([1.0, math.nan, 3.0]) == [1.0, 3.0]


@given(samples, q, q)
def test_percentile_is_monotonic_in_q(values: list[float], a: float, b: float) -> None:
    """Un q mayor nunca da un percentil menor."""
    low, high = sorted((a, b))
    assert stats.percentile(values, low) <= stats.percentile(values, high)


@given(samples, q)
def test_percentile_lies_between_min_and_max(values: list[float], q: float) -> None:
    """Todo percentil está entre el mínimo y el máximo; 0 y 100 son esos extremos."""
    p = stats.percentile(values, q)
    assert min(values) <= p <= max(values)
    assert stats.percentile(values, 0) == min(values)
    assert stats.percentile(values, 100) == max(values)


@given(samples)
def test_quartiles_are_ordered_and_agree_with_median(values: list[float]) -> None:
    """q1 ≤ mediana ≤ q3, el RIC no es negativo y la mediana coincide con el percentil 50."""
    q1, q2, q3 = stats.quartiles(values)
    assert q1 <= q2 <= q3
    assert stats.iqr(values) >= 0
    assert stats.median(values) == pytest.approx(q2, rel=1e-12, abs=1e-9)

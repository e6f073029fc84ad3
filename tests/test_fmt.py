"""Pruebas del formateador español (dadsbook.fmt)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook import fmt

NNBSP = fmt.THIN_SPACE


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (3.14159, {}, "3,14"),
        (1234, {}, "1234"),
        (12345, {}, f"12{NNBSP}345"),
        (16_000_000, {}, f"16{NNBSP}000{NNBSP}000"),
        (-1_234_567, {}, f"-1{NNBSP}234{NNBSP}567"),
        (0.5, {"decimals": 2}, "0,50"),
        (2.0, {}, "2"),
        (107334.2, {}, f"107{NNBSP}334"),
        (7.81e-05, {}, "7,81 × 10⁻⁵"),
        (np.float64(0.1 + 0.2), {}, "0,3"),
        (np.int64(100000), {}, f"100{NNBSP}000"),
        (math.nan, {}, "no disponible"),
    ],
)
def test_number(value: float, kwargs: dict[str, int], expected: str) -> None:
    assert fmt.number(value, **kwargs) == expected


def test_units() -> None:
    assert fmt.seconds(0.0123) == "12,3 ms"
    assert fmt.seconds(107.334) == "107 s"
    assert fmt.percent(0.256) == "25,6 %"
    assert fmt.ratio(1.934) == "1,93×"
    assert fmt.ratio(0.0012) == "0,0012×"
    assert fmt.size(506 * 1024) == "506 KiB"


def test_bad_values_get_a_spanish_error() -> None:
    with pytest.raises(TypeError, match="x debe ser un número"):
        fmt.number("tres")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="decimals debe ser un entero ≥ 0"):
        fmt.number(1.0, decimals=-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.50", "3,50"),
        ("1000000", f"1{NNBSP}000{NNBSP}000"),
        ("2024", "2024"),
        ("0,333", "0,333"),
        ("1,235", "1,235"),
        ("0.30000000000000004", "0,3"),
        ("1e-05", "1 × 10⁻⁵"),
        ("RR (q=1)", "RR (q=1)"),
        ("3.5 GB/s", "3.5 GB/s"),
    ],
)
def test_glued_text_follows_one_convention(text: str, expected: str) -> None:
    assert fmt.spanish_number_text(text) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_no_decimal_point_ever_reaches_the_reader(x: float) -> None:
    out = fmt.number(x)
    assert "." not in out and "e" not in out.lower()
    assert fmt.spanish_number_text(repr(x)).count(".") == 0


@given(st.integers(-(10**15), 10**15))
def test_integers_keep_their_digits(n: int) -> None:
    assert int(fmt.number(n).replace(NNBSP, "")) == n

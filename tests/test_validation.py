"""Pruebas de la validación compartida (dadsbook.validation)."""

from __future__ import annotations

import pytest

from dadsbook.validation import check_int, check_number


def test_accepts_and_returns_integers_in_range() -> None:
    """Los extremos son válidos y el valor vuelve tal cual."""
    assert check_int("n", 1, 1, 3) == 1
    assert check_int("n", 3, 1, 3) == 3
    assert check_int("n", 10**9, 0) == 10**9


@pytest.mark.parametrize(
    ("value", "high", "match"),
    [
        (0, 3, "n debe ser un entero entre 1 y 3; se recibió 0"),
        (4, 3, "n debe ser un entero entre 1 y 3; se recibió 4"),
        (0, None, "n debe ser un entero ≥ 1; se recibió 0"),
        (True, 3, "se recibió True"),
        (1.0, 3, "se recibió 1.0"),
        ("2", None, "se recibió '2'"),
    ],
)
def test_rejects_with_a_spanish_message(value: object, high: int | None, match: str) -> None:
    """Fuera de rango, bool, float o texto: ValueError que nombra el parámetro y el rango."""
    with pytest.raises(ValueError, match=match):
        check_int("n", value, 1, high)


def test_check_number_accepts_finite_non_negative_numbers() -> None:
    """Cero vale salvo con positive; enteros y decimales vuelven como float."""
    assert check_number("t", 0) == 0.0
    assert check_number("t", 2, positive=True) == 2.0
    assert isinstance(check_number("t", 3), float)


@pytest.mark.parametrize(
    ("value", "positive", "match"),
    [
        (0, True, "t debe ser un número finito > 0; se recibió 0"),
        (-1, False, "t debe ser un número finito ≥ 0; se recibió -1"),
        (float("inf"), False, "se recibió inf"),
        (float("nan"), True, "se recibió nan"),
        (True, False, "se recibió True"),
        ("1", False, "se recibió '1'"),
    ],
)
def test_check_number_rejects(value: object, positive: bool, match: str) -> None:
    """Negativos, cero con positive, infinitos, NaN, bool y texto se rechazan en español."""
    with pytest.raises(ValueError, match=match):
        check_number("t", value, positive=positive)

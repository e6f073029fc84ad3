"""Pruebas de la validación compartida (dadsbook.validation)."""

from __future__ import annotations

import pytest

from dadsbook.validation import check_int


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

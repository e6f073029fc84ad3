"""Pruebas de la validación compartida (dadsbook.validation)."""

from __future__ import annotations

import argparse
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.cli import spanish
from dadsbook.validation import (
    Choice,
    IntRange,
    NumberRange,
    check_choice,
    check_distinct,
    check_fraction,
    check_instances,
    check_int,
    check_number,
    check_sequence,
    check_text,
    seeded_random,
)


def test_accepts_and_returns_integers_in_range() -> None:
    """Los extremos son válidos y el valor vuelve tal cual."""
    assert check_int("n", 1, 1, 3) == 1
    assert check_int("n", 3, 1, 3) == 3
    assert check_int("n", 10**9, 0) == 10**9


@pytest.mark.parametrize(
    ("value", "high", "match"),
    [
        (0, 3, "n debe ser un entero ≥ 1 y ≤ 3; se recibió 0"),
        (4, 3, "n debe ser un entero ≥ 1 y ≤ 3; se recibió 4"),
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


def test_numpy_integers_and_floats_count_and_come_back_as_python_numbers() -> None:
    """Un entero o real de NumPy vale (vuelve como int o float); un bool de NumPy no es entero."""
    value = check_int("n", np.int64(3), 1, 5)
    assert value == 3 and type(value) is int
    assert type(check_number("t", np.float32(0.5))) is float
    with pytest.raises(ValueError, match="n debe ser un entero"):
        check_int("n", np.float64(3.0), 1)


def test_check_number_with_both_limits_and_open_ends() -> None:
    """Límites cerrados por omisión; open_low/open_high los excluyen y el mensaje lo dice."""
    assert check_number("x", 5, 0, 5) == 5.0
    with pytest.raises(ValueError, match=r"x debe ser un número > 0 y ≤ 5; se recibió 0"):
        check_number("x", 0, 0, 5, open_low=True)
    with pytest.raises(ValueError, match=r"x debe ser un número ≥ 0 y < 5; se recibió 5"):
        check_number("x", 5, 0, 5, open_high=True)
    with pytest.raises(ValueError, match=r"x debe ser un número finito ≥ -1"):
        check_number("x", float("-inf"), -1)
    assert check_number("x", -3.5, None) == -3.5


def test_check_fraction_excludes_both_ends() -> None:
    """Una fracción está estrictamente entre 0 y 1 (o entre low y high)."""
    assert check_fraction("load", 0.5) == 0.5
    for bad in (0, 1, 1.5, float("nan")):
        with pytest.raises(
            ValueError, match=r"load debe ser un número entre 0 y 1 \(sin incluirlos\)"
        ):
            check_fraction("load", bad)
    assert check_fraction("load", 1.5, high=2.0) == 1.5


def test_check_choice_returns_the_option_and_lists_them_all() -> None:
    """check_choice devuelve la opción (con su tipo) y el mensaje lista las válidas."""
    assert check_choice("policy", "rr", ("fifo", "rr")) == "rr"
    assert check_choice("level", 5, (0, 1, 5)) == 5
    with pytest.raises(
        ValueError, match=r"policy debe ser uno de estos valores: fifo, rr; se recibió 'lifo'"
    ):
        check_choice("policy", "lifo", ("fifo", "rr"))
    with pytest.raises(ValueError, match="se recibió True"):
        check_choice("level", True, (0, 1, 5))


def test_check_sequence_checks_each_item_with_its_index() -> None:
    """Cada elemento se comprueba con su nombre indexado; textos y vacíos no valen."""
    assert check_sequence("sizes", (1, 2), lambda n, v: check_int(n, v, 1)) == [1, 2]
    with pytest.raises(ValueError, match=r"sizes\[2\] debe ser un entero ≥ 1; se recibió 0"):
        check_sequence("sizes", [1, 2, 0], lambda n, v: check_int(n, v, 1))
    with pytest.raises(
        ValueError, match="sizes debe ser una secuencia no vacía de valores; se recibieron 0"
    ):
        check_sequence("sizes", [], lambda n, v: check_int(n, v, 1))
    with pytest.raises(ValueError, match="se recibió str"):
        check_sequence("sizes", "12", lambda n, v: check_int(n, v, 1))
    with pytest.raises(ValueError, match="entre 1 y 2 tareas; se recibieron 3"):
        check_sequence("tasks", [1, 2, 3], lambda n, v: v, max_items=2, what="tareas")


def test_check_instances_and_distinct_names() -> None:
    """Objetos del tipo pedido (TypeError si no) y nombres sin repetir (ValueError)."""
    assert check_instances("xs", [1, 2], int, what="enteros") == [1, 2]
    with pytest.raises(TypeError, match=r"xs\[0\] debe ser un int; se recibió 'a'"):
        check_instances("xs", ["a"], int, what="enteros")
    check_distinct("jobs", ["a", "b"])
    with pytest.raises(ValueError, match="jobs debe tener nombres distintos; repetidos: 'a'"):
        check_distinct("jobs", ["a", "b", "a", "a"])


def test_check_text_rejects_empty_blank_and_non_text() -> None:
    """Un nombre es un texto con algo más que espacios; el mensaje dice qué nombra."""
    assert check_text("name", "A") == "A"
    for bad in ("", "  ", None, 3):
        with pytest.raises(ValueError, match="name debe ser un texto no vacío con el nombre"):
            check_text("name", bad, what="el nombre de la tarea")


def _cli_error(parse: object, text: str) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as info:
        parse(text)  # type: ignore[operator]
    return str(info.value)


@pytest.mark.parametrize(
    ("library", "cli", "value"),
    [
        (lambda v: check_int("n", v, 1, 64), spanish.integer(1, 64), 0),
        (lambda v: check_int("n", v, 1, 64), spanish.integer(1, 64), 65),
        (lambda v: check_number("n", v, 0, 10, positive=True), spanish.number(0, 10), 0),
        (lambda v: check_number("n", v, 0.5, 10), spanish.number(0.5, 10, strict=False), 0.25),
        (lambda v: check_fraction("n", v), spanish.fraction, 1),
    ],
)
def test_library_and_cli_describe_the_range_with_the_same_words(
    library: object, cli: object, value: float
) -> None:
    """Biblioteca y línea de órdenes dicen lo mismo del rango: «debe ser X» / «se espera X»."""
    with pytest.raises(ValueError) as info:
        library(value)  # type: ignore[operator]
    rule = str(info.value).removeprefix("n debe ser ").split(";")[0]
    assert _cli_error(cli, str(value)) == f"se espera {rule}; se recibió {str(value)!r}"


def test_cli_choice_lists_the_options_like_the_library() -> None:
    """El tipo choice acepta mayúsculas y, si no, lista las opciones como Choice."""
    parse = spanish.choice(("fifo", "rr"))
    assert parse("RR") == "rr"
    assert _cli_error(parse, "lifo") == "valor no válido 'lifo' (elige entre fifo, rr)"
    assert Choice(("fifo", "rr")).listed == "fifo, rr"


@given(st.integers(-100, 100), st.integers(-100, 100), st.integers(-200, 200))
def test_int_range_agrees_with_the_cli_integer_type(low: int, span: int, value: int) -> None:
    """Para cualquier rango y valor, IntRange y spanish.integer aceptan exactamente lo mismo."""
    high = low + abs(span)
    parse = spanish.integer(low, high)
    try:
        parse(str(value))
        accepted = True
    except argparse.ArgumentTypeError:
        accepted = False
    assert accepted == IntRange(low, high).accepts(value) == (low <= value <= high)


@given(st.floats(allow_nan=True, allow_infinity=True), st.booleans())
def test_number_range_agrees_with_the_cli_number_type(value: float, strict: bool) -> None:
    """NumberRange y spanish.number aceptan los mismos valores (nan e inf nunca)."""
    parse = spanish.number(0, 100, strict=strict)
    try:
        parse(repr(value))
        accepted = True
    except argparse.ArgumentTypeError:
        accepted = False
    assert accepted == NumberRange(0, 100, open_low=strict).accepts(value)


@pytest.mark.parametrize("seed", [0, 7, 2**63])
def test_seeded_random_is_the_generator_of_a_valid_seed(seed: int) -> None:
    """seeded_random(seed) da la misma secuencia que random.Random(seed)."""
    ours, reference = seeded_random(seed), random.Random(seed)
    assert [ours.random() for _ in range(5)] == [reference.random() for _ in range(5)]


@pytest.mark.parametrize("seed", [-1, 2**63 + 1, True, 1.5, "3"])
def test_seeded_random_rejects_a_seed_naming_it(seed: object) -> None:
    """Una semilla fuera de 0…2**63 (o que no es un entero) es un ValueError que la nombra."""
    with pytest.raises(ValueError, match=r"^seed debe ser un entero ≥ 0 y ≤ "):
        seeded_random(seed)

"""Pruebas de la función de veredicto única (dadsbook.verdict)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook import measure, verdict


def _samples(rng: random.Random, center: float, noise: float, n: int) -> list[float]:
    return [max(rng.gauss(center, noise * center), 1e-9) for _ in range(n)]


@pytest.mark.parametrize("n", [5, 7, 11])
def test_equal_distributions_are_no_measurable_difference(n: int) -> None:
    """Dos muestras de la misma distribución: «sin diferencia medible» en ≥ 95 % de 200 ensayos."""
    undecided = 0
    for trial in range(200):
        rng = random.Random(trial)
        a, b = _samples(rng, 1.0, 0.1, n), _samples(rng, 1.0, 0.1, n)
        undecided += verdict.compare(a, b, seed=trial).decision == "sin diferencia medible"
    assert undecided >= 190


@pytest.mark.slow
@pytest.mark.parametrize("n", [5, 7])
def test_a_double_with_ten_percent_noise_always_has_the_right_winner(n: int) -> None:
    for trial in range(200):
        rng = random.Random(10_000 + trial)
        slow, fast = _samples(rng, 2.0, 0.1, n), _samples(rng, 1.0, 0.1, n)
        assert verdict.compare(slow, fast, seed=trial).decision == "mayor"
        assert verdict.compare(fast, slow, seed=trial).decision == "menor"


def test_medians_alone_never_decide() -> None:
    """Medianas distintas con dispersiones que se solapan: no hay ganador."""
    a = [1.0, 1.5, 2.0, 2.5, 3.0]
    b = [1.2, 1.7, 2.2, 2.7, 3.2]
    v = verdict.compare(a, b, a_label="los hilos", b_label="los procesos")
    assert v.decision == "sin diferencia medible"
    assert v.phrase.startswith("entre los hilos y los procesos no hay diferencia medible")
    assert v.pick(mayor="x", menor="y", igual="ninguno") == "ninguno"


def test_too_few_repetitions_cannot_decide() -> None:
    v = verdict.compare([1.0, 1.0, 1.0], [9.0, 9.0, 9.0])
    assert not v.differs and "repeticiones" in v.reason


def test_the_phrase_names_both_sides_and_the_ratio() -> None:
    v = verdict.compare(
        [2.0, 2.1, 1.9, 2.0, 2.05],
        [1.0, 1.05, 0.95, 1.0, 1.02],
        a_label="los procesos",
        b_label="los hilos",
        more="más lentos",
        less="más rápidos",
    )
    assert v.phrase.startswith("los procesos fueron más lentos que los hilos")
    assert "2×" in v.phrase and v.low > 1 and v.high >= v.low


def test_a_busy_machine_does_not_decide() -> None:
    fast = measure.Measurement("rápido", (1_000_000,) * 7, 1)
    slow_busy = measure.Measurement(
        "lento", (9_000_000,) * 7, 1, load=measure.Load(1.0, 2, 0.6, 0.0, 2.0)
    )
    v = verdict.compare(slow_busy, fast)
    assert v.decision == "sin diferencia medible" and v.busy
    assert v.phrase == "la máquina estaba ocupada: esta medición no decide"
    assert verdict.compare([9.0] * 7, [1.0] * 7, busy=True).busy


def test_measurements_are_read_in_seconds() -> None:
    a = measure.Measurement(
        "a", (2_000_000_000, 2_100_000_000, 1_900_000_000, 2_000_000_000, 2_050_000_000), 0
    )
    b = measure.Measurement(
        "b", (1_000_000_000, 1_050_000_000, 950_000_000, 1_000_000_000, 1_020_000_000), 0
    )
    assert verdict.compare(a, b).ratio == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("a", "message"),
    [
        ("12", "debe ser una Measurement"),
        ([1.0, float("nan")], r"a\[1\] debe ser un número finito ≥ 0"),
        ([1.0, -2.0], r"a\[1\] debe ser un número finito ≥ 0"),
        ([1.0, "x"], r"a\[1\] debe ser un número"),
        ([], "al menos una muestra"),
    ],
)
def test_bad_samples_get_a_spanish_error(a: object, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        verdict.compare(a, [1.0, 2.0])  # type: ignore[arg-type]


def test_rank_test_matches_the_exact_table() -> None:
    # n = m = 5, separación completa: p = 2 / C(10, 5).
    assert verdict.rank_test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(2 / 252)
    assert verdict.rank_test([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)


def test_rank_test_normal_approximation_for_large_samples() -> None:
    rng = random.Random(3)
    a = [rng.gauss(0, 1) for _ in range(40)]
    b = [rng.gauss(3, 1) for _ in range(40)]
    assert verdict.rank_test(a, b) < 1e-6
    assert verdict.rank_test(a, a) > 0.5


@given(st.lists(st.floats(0.001, 1000), min_size=5, max_size=12))
def test_a_sample_never_differs_from_itself(values: list[float]) -> None:
    assert verdict.compare(values, list(values)).decision == "sin diferencia medible"


@given(
    st.lists(st.floats(0.001, 1000), min_size=5, max_size=9),
    st.lists(st.floats(0.001, 1000), min_size=5, max_size=9),
)
def test_swapping_the_sides_swaps_the_decision(a: list[float], b: list[float]) -> None:
    forward = verdict.compare(a, b).decision
    backward = verdict.compare(b, a).decision
    mirror = {
        "mayor": "menor",
        "menor": "mayor",
        "sin diferencia medible": "sin diferencia medible",
    }
    assert backward == mirror[forward]


def test_a_zero_median_is_said_in_words_not_as_infinity() -> None:
    v = verdict.compare([3.0, 3.1, 2.9, 3.0, 3.05], [0.0] * 5, a_label="A", b_label="B")
    assert v.decision == "mayor" and "inf" not in v.phrase
    assert "la mediana de B es 0" in v.phrase


def test_default_adjectives_agree_with_a_plural_subject() -> None:
    v = verdict.compare([2.0, 2.1, 1.9, 2.0, 2.05], [1.0, 1.05, 0.95, 1.0, 1.02],
                        a_label="los procesos", b_label="los hilos")  # fmt: skip
    assert v.phrase.startswith("los procesos fueron mayores que los hilos")

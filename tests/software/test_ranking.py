"""Pruebas de quién queda en cabeza entre varias variantes (dadsbook.software.ranking)."""

from __future__ import annotations

import random

import pytest

from dadsbook import measure, verdict
from dadsbook.software import ranking


def _noisy(center: float, seed: int, n: int = 7) -> list[float]:
    rng = random.Random(seed)
    return [center * (1 + rng.gauss(0, 0.05)) for _ in range(n)]


def test_the_best_median_is_only_a_candidate() -> None:
    """Dos variantes iguales con ruido: las dos quedan en cabeza, gane quien gane la mediana."""
    for seed in range(50):
        r = ranking.best(
            {"a": _noisy(1.0, seed), "b": _noisy(1.0, seed + 1000), "c": _noisy(3.0, seed)}
        )
        assert "c" not in r.leaders
        assert r.candidate in {"a", "b"}


def test_a_clear_winner_is_named_alone() -> None:
    r = ranking.best({"lento": _noisy(2.0, 1), "rápido": _noisy(1.0, 2)})
    assert r.decided and r.leaders == ("rápido",)
    assert r.phrase == "quedó en cabeza «rápido», por delante de todas las demás de forma medible"
    rates = ranking.best({"lento": _noisy(2.0, 1), "rápido": _noisy(1.0, 2)}, lower_is_better=False)
    assert rates.leaders == ("lento",)


def test_a_busy_machine_names_nobody() -> None:
    load = measure.Load(1.0, 2, 0.9, 0.0, 3.0)
    slow = measure.Measurement("x", tuple(int(2e6) + i for i in range(7)), 0, load)
    fast = measure.Measurement("y", tuple(int(1e6) + i for i in range(7)), 0, load)
    r = ranking.best({"x": slow, "y": fast})
    assert r.busy and not r.decided
    assert r.phrase == f"{verdict.BUSY_PHRASE} quién quedó en cabeza"


def test_a_single_variant_and_bad_input() -> None:
    assert ranking.best({"sola": [1.0]}).phrase == "solo se midió «sola»"
    with pytest.raises(ValueError, match="samples"):
        ranking.best({})


def test_together_says_busy_once() -> None:
    busy = verdict.compare([1.0] * 5, [2.0] * 5, busy=True)
    clear = verdict.compare([1.0, 1.01, 0.99, 1.0, 1.02], [2.0, 2.01, 1.99, 2.0, 2.02])
    assert ranking.together([busy, busy, busy]).count("ocupada") == 1
    assert ranking.together([clear, busy], sep=", y ") == f"{clear.phrase}, y {busy.phrase}"
    with pytest.raises(ValueError, match="verdicts"):
        ranking.together([])

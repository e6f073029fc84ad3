"""Pruebas de bolas en cajas con una y dos opciones (dadsbook.systems.cloud.choices)."""

from __future__ import annotations

import math

import pytest

from dadsbook.systems.cloud import choices


def test_every_ball_lands_in_some_bin() -> None:
    for d in (1, 2, 3):
        loads = choices.throw(500, choices=d, seed=4, balls=1234)
        assert len(loads) == 500 and int(loads.sum()) == 1234


def test_one_choice_is_a_plain_histogram_of_the_draws() -> None:
    """Con una opción, cada bola cae donde dice el sorteo: el histograma del generador."""
    import numpy as np

    draws = np.random.default_rng(9).integers(0, 50, size=(50, 1))[:, 0]
    assert (
        choices.throw(50, choices=1, seed=9).tolist() == np.bincount(draws, minlength=50).tolist()
    )


def test_two_choices_put_each_ball_in_the_emptier_bin() -> None:
    """Dos cajas: la segunda bola va siempre a la caja vacía, así que nadie llega a 2."""
    for seed in range(20):
        assert choices.throw(2, choices=2, seed=seed).tolist() in ([1, 1], [2, 0], [0, 2])
    # Con dos opciones, una caja con 2 solo aparece si ambos sorteos dieron la misma caja.
    assert max(int(choices.throw(2, choices=2, seed=s).max()) for s in range(20)) <= 2


def test_the_two_choice_loop_follows_the_general_rule() -> None:
    """El bucle propio de ``d = 2`` reparte igual que la regla general (la menos llena de
    las sorteadas; con empate, la primera): mismas cargas con las mismas semillas."""
    import numpy as np

    for n, seed in ((2, 1), (64, 3), (1000, 5), (4096, 6)):
        picks = np.random.default_rng(seed).integers(0, n, size=(n, 2)).tolist()
        loads = [0] * n
        for row in picks:
            loads[min(row, key=loads.__getitem__)] += 1
        assert choices.throw(n, choices=2, seed=seed).tolist() == loads


def test_two_choices_beat_one_and_grow_slower() -> None:
    result = choices.sweep([256, 16384], seeds=range(5))
    one, two = result[1], result[2]
    assert all(o.mean > t.mean for o, t in zip(one, two, strict=True))
    assert one[-1].mean - one[0].mean > two[-1].mean - two[0].mean
    assert max(two[-1].max_load) <= 4  # ln ln n / ln 2 + O(1) con n = 16 384


def test_theory_curves() -> None:
    assert choices.theory_one_choice(10**6) == pytest.approx(
        math.log(1e6) / math.log(math.log(1e6))
    )
    assert choices.theory_d_choices(2**16) == pytest.approx(math.log(math.log(2**16)) / math.log(2))
    assert choices.theory_d_choices(2**16, 4) == pytest.approx(choices.theory_d_choices(2**16) / 2)
    x = choices.max_load_one_choice(5000) + 1.5
    assert math.lgamma(x) == pytest.approx(math.log(5000), rel=1e-6)


def test_table_has_one_row_per_size() -> None:
    table = choices.sweep_table(choices.sweep([64, 128], seeds=[1]))
    assert "128" in str(table) and "ln ln n / ln 2" in str(table)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="choices"):
        choices.throw(10, choices=0, seed=1)
    with pytest.raises(ValueError, match=rf"n debe ser un entero ≥ 1 y ≤ {choices.MAX_BALLS}"):
        choices.throw(choices.MAX_BALLS + 1, choices=1, seed=1)
    with pytest.raises(ValueError, match=rf"balls debe ser un entero ≥ 1 y ≤ {choices.MAX_BALLS}"):
        choices.throw(10, choices=1, seed=1, balls=choices.MAX_BALLS + 1)
    with pytest.raises(ValueError, match="seeds"):
        choices.max_loads(10, choices=2, seeds=[])
    with pytest.raises(ValueError, match="n"):
        choices.theory_one_choice(2)

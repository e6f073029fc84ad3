"""Pruebas de la tabla de pesos de CFS y del reparto real entre procesos con nice."""

from __future__ import annotations

import pytest

from dadsbook import hygiene
from dadsbook.software.operating_system import nice


def test_weight_table_matches_the_kernel() -> None:
    """Unos valores conocidos de sched_prio_to_weight y la razón ~1,25 entre vecinos."""
    assert len(nice.SCHED_PRIO_TO_WEIGHT) == 40
    assert (nice.weight(-20), nice.weight(0), nice.weight(5), nice.weight(19)) == (
        88761, 1024, 335, 15,
    )  # fmt: skip
    ratios = [
        a / b
        for a, b in zip(nice.SCHED_PRIO_TO_WEIGHT, nice.SCHED_PRIO_TO_WEIGHT[1:], strict=False)
    ]
    assert all(1.19 < r < 1.29 for r in ratios)


def test_predicted_shares_sum_to_one() -> None:
    shares = nice.predicted_shares((0, 0, 5))
    assert sum(shares) == pytest.approx(1.0)
    assert shares[0] == shares[1] > shares[2]


def test_predicted_shares_names_the_bad_nice() -> None:
    with pytest.raises(ValueError, match=r"nices\[1\] debe ser un entero ≥ -20 y ≤ 19"):
        nice.predicted_shares((0, 25))
    with pytest.raises(ValueError, match="nices debe ser una secuencia de entre 1 y 40"):
        nice.predicted_shares(())


@pytest.mark.slow
def test_real_shares_favour_the_lower_nice() -> None:
    """Con 0 frente a 10 (peso 1024 frente a 110) la diferencia es enorme y robusta."""
    before = hygiene.Snapshot.take()
    result = nice.measure_shares((0, 10), window_s=0.2, repeats=3)
    assert result.windows == 3
    assert all(len(s.samples) == len(s.cpu_samples_s) == 3 for s in result.shares)
    assert result.shares[0].cpu_s > result.shares[1].cpu_s
    for window in zip(*(s.samples for s in result.shares), strict=True):
        assert sum(window) == pytest.approx(1.0)
    assert not hygiene.leftovers(before)


def test_the_table_shows_medians_and_range_in_spanish() -> None:
    share = nice.NiceShare(0, 1024, 0.753, (0.7, 0.75, 0.8), (0.7, 0.75, 0.8))
    other = nice.NiceShare(5, 335, 0.247, (0.3, 0.25, 0.2), (0.3, 0.25, 0.2))
    result = nice.NiceShares(1, 1.0, (share, other))
    assert result.ratio == pytest.approx(3.0)
    row = result.table().rows[0]
    assert row[2:] == ("75,3 %", "75 %", "70 %–80 %", "750 ms")
    assert result.as_dict()["shares"][0]["samples"] == [0.7, 0.75, 0.8]  # type: ignore[index]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"nices": (0,)}, "nices"),
        ({"nices": (0, 25)}, r"nices\[1\]"),
        ({"nices": (-5, 0)}, "nices"),
        ({"window_s": 0}, "window_s"),
        ({"cpu": 9999}, "cpu"),
        ({"repeats": 0}, "repeats"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        nice.measure_shares(**kwargs)  # type: ignore[arg-type]


def test_weight_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="nice"):
        nice.weight(20)

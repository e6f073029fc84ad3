"""Pruebas del *pool* real con reparto estático y dinámico (sin umbrales de tiempo)."""

from __future__ import annotations

import pytest

from dadsbook import hygiene
from dadsbook.software.operating_system import pool_balance


def test_measures_both_variants_and_leaves_nothing() -> None:
    before = hygiene.Snapshot.take()
    sizes = pool_balance.spin_sizes(1, 8, 200_000)
    result = pool_balance.compare_dispatch(sizes, 2, repeats=2, warmup=0)
    assert len(result.static.samples_ns) == len(result.dynamic.samples_ns) == 2
    assert 0.5 <= result.static_heaviest_share <= 1.0
    assert result.as_dict()["workers"] == 2
    assert not hygiene.leftovers(before)


def test_sizes_are_skewed_and_sum_roughly_to_total() -> None:
    sizes = pool_balance.spin_sizes(4, 20, 1_000_000)
    assert list(sizes) == sorted(sizes, reverse=True)
    assert sum(sizes) == pytest.approx(1_000_000, rel=0.01)


@pytest.mark.parametrize(("sizes", "workers"), [((), 2), ((0,), 2), ((10,), 0)])
def test_bad_arguments(sizes: tuple[int, ...], workers: int) -> None:
    with pytest.raises(ValueError, match=r"sizes|workers"):
        pool_balance.compare_dispatch(sizes, workers)

"""Pruebas de los pools de procesos (pools)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.programming import pools


def test_scaling_structure() -> None:
    result = pools.scaling([1000] * 4, [1, 2], repeats=1, warmup=0)
    assert set(result.variants) == {"1", "2"}
    assert all(s > 0 for s in result.speedups().values())


def test_chunksize_and_granularity_structure() -> None:
    chunks = pools.chunksize_effect(20, 100, [1, 5], 2, repeats=1, warmup=0)
    assert set(chunks.speedups()) == {"chunksize=1", "chunksize=5"}
    grain = pools.granularity_effect(10_000, [2, 10], 2, repeats=1, warmup=0)
    assert set(grain.speedups()) == {"2 tareas", "10 tareas"}


def test_skew_structure() -> None:
    sizes = pools.random_sizes(1, 6, 2000)
    result = pools.skew_effect(sizes, 2, repeats=1, warmup=0)
    assert set(result.variants) == {"estático", "dinámico", "dinámico, grandes primero"}


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(1, 50), workers=st.integers(1, 8))
def test_static_imbalance_is_at_least_one(seed: int, count: int, workers: int) -> None:
    """Propiedad: ningún reparto estático supera al perfecto (desequilibrio ≥ 1)."""
    sizes = pools.random_sizes(seed, count, 1000)
    assert pools.random_sizes(seed, count, 1000) == sizes
    assert all(s >= 1 for s in sizes)
    assert pools.static_imbalance(sizes, workers) >= 1 - 1e-12


def test_equal_sizes_are_balanced() -> None:
    assert pools.static_imbalance([5] * 8, 2) == 1.0
    assert pools.static_chunk(9, 2) == 5


def test_validation() -> None:
    with pytest.raises(ValueError, match="sizes"):
        pools.scaling([], [1])
    with pytest.raises(ValueError, match="workers"):
        pools.scaling([10], [0])
    with pytest.raises(ValueError, match="chunksizes"):
        pools.chunksize_effect(10, 10, [0], 1)
    with pytest.raises(ValueError, match="sigma"):
        pools.random_sizes(1, 3, 10, sigma=-1)
    with pytest.raises(ValueError, match="task_counts"):
        pools.granularity_effect(10, [20], 1)

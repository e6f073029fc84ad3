"""Pruebas de los pools de procesos (pools)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook import measure
from dadsbook.software.programming import pools


def test_scaling_structure() -> None:
    result = pools.scaling([1000] * 4, [1, 2], repeats=1, warmup=0)
    assert set(result.variants) == {"1 proceso", "2 procesos"}
    # Con una repetición no se decide nada: por las pocas muestras o, si la máquina está
    # ocupada (la construcción de la sesión en segundo plano), por eso.
    verdict = result.verdict("2 procesos")
    assert verdict.decision == "sin diferencia medible"
    assert verdict.phrase.startswith(
        ("entre «2 procesos» y la serie", "la máquina estaba ocupada")
    ), verdict.phrase
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


@settings(max_examples=50)
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


def _timing(label: str, ms: float) -> measure.Measurement:
    samples = tuple(int(ms * 1e6 * f) for f in (0.98, 0.99, 1.0, 1.0, 1.01, 1.02, 0.995))
    return measure.Measurement(label, samples, 1, load=measure.Load(1.0, 2, 0.0, 0.0, 0.5))


def test_the_table_and_the_leader_come_from_the_verdict() -> None:
    """Sin medir: la variante «más rápida» solo se nombra si el veredicto la separa."""
    result = pools.Comparison(
        _timing("serie", 100),
        {"a": _timing("a", 50), "b": _timing("b", 50.2), "c": _timing("c", 150)},
    )
    table = result.table()
    assert [row[-1] for row in table.rows] == ["—", "más rápida", "más rápida", "más lenta"]
    few = pools.Comparison(_timing("serie", 100), {"a": measure.Measurement("a", (1, 2), 0)})
    assert few.table().rows[1][-1] == "no decide: hacen falta al menos 5 repeticiones de cada lado"
    assert table.rows[1][1] == "50 ms" and table.rows[1][3] == "2×"
    best = result.best()
    assert best.candidate == "a" and best.leaders == ("a", "b") and not best.decided
    assert best.phrase == "quedó en cabeza «a», sin diferencia medible con «b»"
    clear = pools.Comparison(_timing("serie", 100), {"a": _timing("a", 50), "c": _timing("c", 80)})
    assert clear.best().phrase.endswith("«a», por delante de todas las demás de forma medible")
    with pytest.raises(ValueError, match="name"):
        result.verdict("z")

"""Pruebas de las cargas de hilos y la medición del GIL (threads_gil)."""

from __future__ import annotations

import threading

import pytest

from dadsbook.software.programming import threads_gil as tg

TINY = {
    "units_per_worker": 1,
    "spin_iterations": 1000,
    "small_hash_kb": 1,
    "hash_mb": 1,
    "zlib_kb": 16,
    "sort_size": 1000,
    "sleep_s": 0.001,
}


def test_workloads_are_deterministic() -> None:
    assert tg.zlib_work(16) == tg.zlib_work(16)
    assert tg.numpy_sort_work(100) == tg.numpy_sort_work(100)
    assert tg.small_hash_work(1) == tg.small_hash_work(1)


def test_measure_gil_structure() -> None:
    before = threading.active_count()
    results = [tg.measure_gil(w, TINY, workers=[1, 2], repeats=1, warmup=0) for w in tg.WORKLOADS]
    assert threading.active_count() == before
    for r in results:
        assert r.workers == [1, 2]
        assert r.speedups[0] == pytest.approx(1.0)
        assert r.units == 2
    assert tg.surprises(results).startswith("En esta construcción")
    table = tg.summary_table(results)
    assert len(table.rows) == len(tg.WORKLOADS)


def test_sleep_overlaps_with_threads() -> None:
    """Hecho robusto: las esperas se solapan con hilos aunque no haya núcleos libres."""
    io = next(w for w in tg.WORKLOADS if w.call == "time.sleep")
    settings = TINY | {"sleep_s": 0.03, "units_per_worker": 2}
    result = tg.measure_gil(io, settings, workers=[1, 4], repeats=1, warmup=0)
    assert result.speedups[-1] > 2


def test_validation() -> None:
    with pytest.raises(ValueError, match="kilobytes"):
        tg.zlib_work(0)
    with pytest.raises(ValueError, match="size"):
        tg.numpy_sort_work(0)
    with pytest.raises(ValueError, match="workers"):
        tg.measure_gil(tg.WORKLOADS[0], TINY, workers=[2])
    with pytest.raises(TypeError, match="workload"):
        tg.measure_gil("python", TINY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="results"):
        tg.summary_table([])

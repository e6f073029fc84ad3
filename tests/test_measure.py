"""Pruebas del arnés de medición (dadsbook.measure)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from dadsbook import measure


def test_statistics_of_known_samples() -> None:
    m = measure.Measurement("x", (4_000, 1_000, 3_000, 2_000, 5_000), warmup=0)
    assert m.median_s == pytest.approx(3e-6)
    assert (m.min_s, m.max_s) == (pytest.approx(1e-6), pytest.approx(5e-6))
    assert (m.q1_s, m.q3_s) == (pytest.approx(2e-6), pytest.approx(4e-6))
    assert m.relative_spread == pytest.approx(2 / 3)
    assert "mediana 3 µs" in m.summary()


def test_measure_counts_warmup_and_repeats() -> None:
    calls: list[int] = []
    m = measure.measure(lambda: calls.append(1), repeats=4, warmup=2, label="c")
    assert len(calls) == 6 and len(m.samples_ns) == 4 and m.warmup == 2


def test_measure_times_what_it_runs() -> None:
    m = measure.measure(lambda: time.sleep(0.01), repeats=3, warmup=0)
    assert 0.009 < m.median_s < 0.2


def test_compare_interleaves() -> None:
    order: list[str] = []
    result = measure.compare(
        {"a": lambda: order.append("a"), "b": lambda: order.append("b")}, repeats=3, warmup=1
    )
    assert order == ["a", "b"] * 4
    assert set(result) == {"a", "b"}


@pytest.mark.parametrize(("repeats", "warmup"), [(0, 1), (-1, 0), (3, -1), (2.5, 0)])
def test_bad_counts(repeats: int, warmup: int) -> None:
    with pytest.raises(ValueError, match=r"repeats|warmup"):
        measure.measure(lambda: None, repeats=repeats, warmup=warmup)


def test_bad_inputs() -> None:
    with pytest.raises(TypeError, match="fn"):
        measure.measure(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fns"):
        measure.compare({})
    with pytest.raises(ValueError, match="limit"):
        measure.worker_counts(0)


def test_worker_counts() -> None:
    assert measure.worker_counts(1) == [1]
    assert measure.worker_counts(2) == [1, 2]
    assert measure.worker_counts(64) == [1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 64]
    assert measure.worker_counts(12)[-1] == 12


def _hold_lock(path: str, started: object, seconds: float) -> None:
    import os

    os.environ["DADSBOOK_LOCK_FILE"] = path
    with measure.exclusive():
        started.set()  # type: ignore[attr-defined]
        time.sleep(seconds)


def test_measurements_never_overlap_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mientras otro proceso mide, una medición de aquí espera su turno."""
    lock = tmp_path / "lock"
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(lock))
    ctx = multiprocessing.get_context("spawn")
    started = ctx.Event()
    other = ctx.Process(target=_hold_lock, args=(str(lock), started, 0.6))
    other.start()
    try:
        assert started.wait(30)
        t0 = time.perf_counter()
        measure.measure(lambda: None, repeats=1, warmup=0)
        waited = time.perf_counter() - t0
    finally:
        other.join(30)
    assert waited > 0.3


def test_lock_is_reentrant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))
    with measure.exclusive(), measure.exclusive():
        m = measure.measure(lambda: None, repeats=1, warmup=0)
    assert len(m.samples_ns) == 1

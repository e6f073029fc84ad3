"""Pruebas de la medición de esperas solapadas (dadsbook.concepts)."""

from __future__ import annotations

import threading

import pytest

from dadsbook import concepts


def test_threads_overlap_waits() -> None:
    """Ocho esperas de 20 ms con hilos tardan mucho menos que en fila."""
    result = concepts.overlap_waits(8, 0.02, repeats=3, warmup=1)
    assert result.sequential.median_s >= result.ideal_sequential_s * 0.95
    assert result.speedup > 3


def test_no_thread_survives() -> None:
    before = threading.active_count()
    concepts.run_threaded(5, 0.001)
    assert threading.active_count() == before


@pytest.mark.parametrize(("tasks", "wait_s"), [(0, 0.1), (300, 0.1), (2, 0), (2, -1), (2, 9)])
def test_bad_inputs(tasks: int, wait_s: float) -> None:
    with pytest.raises(ValueError, match=r"tasks|wait_s"):
        concepts.overlap_waits(tasks, wait_s)

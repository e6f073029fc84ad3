"""Canales de memoria: copias de NumPy con 1…N hilos, medidas de verdad."""

from __future__ import annotations

import pytest

from dadsbook.hardware.memory import channels


def test_parallel_copy_measures_each_thread_count() -> None:
    scan = channels.parallel_copy([2, 1, 2], megabytes=2, repeats=3, warmup=1, passes=1)
    assert [p.workers for p in scan.points] == [1, 2]
    for point in scan.points:
        assert len(point.samples_gb_s) == 3
        assert all(v > 0 for v in point.samples_gb_s)
        q1, q3 = point.quartiles()
        assert q1 <= point.median <= q3
    assert scan.load is not None
    assert scan.point(2).workers == 2
    assert len(scan.table().rows) == 2
    # Con tres repeticiones el veredicto no decide: hacen falta al menos cinco.
    assert scan.decide().decision == "sin diferencia medible"


def test_validation() -> None:
    with pytest.raises(ValueError, match="workers"):
        channels.parallel_copy([], megabytes=1, repeats=1)
    with pytest.raises(ValueError, match="4096"):
        channels.parallel_copy([64], megabytes=1024, repeats=1)
    scan = channels.parallel_copy([1], megabytes=1, repeats=1, warmup=0)
    with pytest.raises(ValueError, match="workers"):
        scan.point(3)

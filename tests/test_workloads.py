"""Pruebas de los trabajos de ejemplo (dadsbook.workloads)."""

from __future__ import annotations

import pytest

from dadsbook import workloads


def test_results_are_deterministic() -> None:
    assert workloads.python_spin(5000) == workloads.python_spin(5000)
    assert workloads.numpy_kernel(32, 2) == workloads.numpy_kernel(32, 2)
    assert workloads.hash_work(1) == workloads.hash_work(1)
    assert 0.005 <= workloads.sleep_task(0.005) < 1


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (workloads.python_spin, (0,)),
        (workloads.numpy_kernel, (0, 1)),
        (workloads.numpy_kernel, (8, 0)),
        (workloads.hash_work, (-1,)),
        (workloads.sleep_task, (-1,)),
    ],
)
def test_bad_inputs(fn: object, args: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="debe"):
        fn(*args)  # type: ignore[operator]

"""Colas NVMe: lecturas reales, ley de Little, cola simulada y enlaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.disk import nvme


def test_link_rates() -> None:
    assert nvme.sata3_bytes_per_s() == pytest.approx(600e6)
    assert nvme.pcie_bytes_per_s(3, 4) == pytest.approx(3.938e9, rel=1e-3)
    assert nvme.pcie_bytes_per_s(5, 4) == pytest.approx(4 * nvme.pcie_bytes_per_s(3, 4))
    with pytest.raises(ValueError, match="generation"):
        nvme.pcie_bytes_per_s(7, 4)
    with pytest.raises(ValueError, match="lanes"):
        nvme.pcie_bytes_per_s(3, 3)


@pytest.mark.parametrize("drop", [False, True])
def test_pread_iops_runs_each_depth(drop: bool) -> None:
    points = nvme.pread_iops([1, 3], file_mib=1, ops=60, repeats=1, drop_cache=drop)
    assert [p.depth for p in points] == [1, 3]
    assert all(p.iops_min <= p.iops <= p.iops_max for p in points)
    assert all(p.drop_cache is drop for p in points)


@given(st.integers(1, 64), st.integers(1, 16), st.floats(1, 500), st.floats(0, 100))
def test_little_bound(depth: int, channels: int, service: float, overhead: float) -> None:
    iops = nvme.little_iops(depth, channels, service, overhead)
    assert iops <= channels / service * 1e6 * (1 + 1e-9)
    assert iops <= depth / (service + overhead) * 1e6 * (1 + 1e-9)


@settings(max_examples=25)
@given(st.integers(1, 32), st.integers(1, 8), st.integers(0, 100))
def test_simulation_never_beats_the_bound(depth: int, channels: int, seed: int) -> None:
    """La cola simulada respeta la ley de Little y es determinista."""
    p = nvme.QueueProblem(depth, channels, 100.0, 10.0, 500, seed)
    sim = nvme.simulate_queue(p)
    assert sim <= nvme.little_iops(depth, channels, 100.0, 10.0) * 1.0001
    assert sim == nvme.simulate_queue(p)


def test_pread_points_and_random_problem() -> None:
    pts = nvme.pread_iops([1, 2], file_mib=1, ops=20, repeats=1)
    assert [p.depth for p in pts] == [1, 2]
    assert nvme.random_queue(4).as_dict()["seed"] == 4


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"file_mib": 0}, "file_mib"), ({"ops": 0}, "ops"), ({"block_bytes": 100}, "block_bytes")],
)
def test_invalid_pread_arguments(kwargs: dict[str, int], name: str) -> None:
    args = {"file_mib": 1, "ops": 10, **kwargs}
    with pytest.raises(ValueError, match=name):
        nvme.pread_iops([1], **args)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="depths"):
        nvme.pread_iops([], file_mib=1, ops=1)


def test_pread_keeps_every_repetition_for_the_verdict() -> None:
    points = nvme.pread_iops([1, 2], file_mib=1, ops=40, repeats=3)
    assert all(len(p.samples) == 3 for p in points)
    assert all(p.iops_min == min(p.samples) and p.iops_max == max(p.samples) for p in points)
    assert all(isinstance(p.busy, bool) for p in points)
    table = nvme.iops_table({"en caché": points})
    assert len(table.rows) == 2 and "3 repeticiones" in table.caption
    with pytest.raises(ValueError, match="series"):
        nvme.iops_table({})

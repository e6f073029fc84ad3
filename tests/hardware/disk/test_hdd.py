"""Modelo del disco duro (OSTEP, capítulo 37): el ejemplo resuelto y sus límites."""

from __future__ import annotations

import json

import pytest

from dadsbook.hardware.disk import hdd


def test_ostep_worked_example() -> None:
    """Las cifras de las figuras 37.5 y 37.6 de OSTEP, sin su redondeo."""
    cheetah = hdd.io_time(hdd.CHEETAH, 4096)
    assert cheetah.seek_ms == 4.0
    assert cheetah.rotation_ms == pytest.approx(2.0)
    assert cheetah.total_ms == pytest.approx(6.03, abs=0.01)
    assert cheetah.rate_mb_s == pytest.approx(0.66, abs=0.03)
    barracuda = hdd.io_time(hdd.BARRACUDA, 4096)
    assert barracuda.rotation_ms == pytest.approx(4.17, abs=0.01)
    assert barracuda.total_ms == pytest.approx(13.2, abs=0.05)
    assert barracuda.rate_mb_s == pytest.approx(0.31, abs=0.01)
    assert hdd.io_time(hdd.CHEETAH, 100 * hdd.MB).rate_mb_s == pytest.approx(125, rel=0.01)
    assert hdd.io_time(hdd.BARRACUDA, 100 * hdd.MB).rate_mb_s == pytest.approx(105, rel=0.02)


def test_rate_grows_with_size_towards_the_datasheet_maximum() -> None:
    rates = [hdd.io_time(hdd.CHEETAH, 2**k).rate_mb_s for k in range(9, 34)]
    assert rates == sorted(rates)
    assert rates[-1] < hdd.CHEETAH.transfer_mb_s
    assert rates[-1] > 0.99 * hdd.CHEETAH.transfer_mb_s
    small = hdd.io_time(hdd.CHEETAH, 512)
    assert small.positioning_share > 0.99
    assert small.requests_per_s == pytest.approx(1000 / small.total_ms)


@pytest.mark.parametrize(
    ("field", "value"), [("rpm", 0), ("seek_ms", -1.0), ("transfer_mb_s", float("nan"))]
)
def test_bad_disks_are_rejected(field: str, value: float) -> None:
    spec = {"rpm": 7200.0, "seek_ms": 9.0, "transfer_mb_s": 100.0, field: value}
    with pytest.raises(ValueError, match=field):
        hdd.Disk("malo", **spec)
    with pytest.raises(ValueError, match="size_bytes"):
        hdd.io_time(hdd.CHEETAH, 0)


def test_random_problem_is_seeded_and_json_friendly() -> None:
    assert hdd.random_hdd(5) == hdd.random_hdd(5)
    problem = hdd.random_hdd(7)
    assert len(set(problem.sizes)) == len(problem.sizes) == 3
    data = json.loads(json.dumps(problem.as_dict()))
    assert len(data["solution"]) == 3
    assert "rpm" in problem.describe()
    assert len(problem.statement().rows) == len(problem.table().rows) == 3
    with pytest.raises(ValueError, match="count"):
        hdd.random_hdd(1, count=0)


def test_tables_and_figure() -> None:
    assert len(hdd.workload_table().rows) == 4
    assert hdd.size_text(100 * hdd.MB) == "100 MB"


def test_problem_round_trips_through_json() -> None:
    problem = hdd.random_hdd(11)
    again = hdd.HddProblem.from_problem(json.loads(json.dumps(problem.problem())))
    assert again == problem
    with pytest.raises(ValueError, match="sizes"):
        hdd.HddProblem.from_problem({**problem.problem(), "sizes": []})

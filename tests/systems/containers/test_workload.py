"""Pruebas de la carga a ráfagas (dadsbook.systems.containers.workload)."""

from __future__ import annotations

import pytest

from dadsbook.systems.containers import workload


def _load(**changes: float) -> workload.BurstyWorkload:
    params = {
        "duration_s": 3600.0,
        "base_rate": 0.1,
        "burst_rate": 5.0,
        "calm_mean_s": 600.0,
        "burst_mean_s": 120.0,
        "service_mean_s": 1.0,
    }
    params.update(changes)
    return workload.BurstyWorkload(**params)


def test_seeded_and_sorted() -> None:
    a, b = _load().messages(3), _load().messages(3)
    assert a == b
    assert list(a.arrivals_s) == sorted(a.arrivals_s)
    assert len(a.arrivals_s) == len(a.service_s)
    assert all(0 <= t < 3600 for t in a.arrivals_s)
    assert _load().messages(4) != a


def test_bursts_are_busier() -> None:
    m = _load().messages(5)
    inside = sum(any(s <= t < e for s, e in m.bursts) for t in m.arrivals_s)
    burst_time = sum(e - s for s, e in m.bursts)
    assert burst_time > 0
    assert inside / burst_time > (len(m.arrivals_s) - inside) / (3600 - burst_time)


def test_zero_base_rate_means_silent_calm() -> None:
    m = _load(base_rate=0.0).messages(1)
    assert all(any(s <= t <= e for s, e in m.bursts) for t in m.arrivals_s)


def test_expected_rate() -> None:
    w = _load()
    assert w.burst_share == pytest.approx(120 / 720)
    assert w.expected_rate == pytest.approx(120 / 720 * 5 + 600 / 720 * 0.1)
    assert workload.random_workload(2).duration_s == 3600.0


@pytest.mark.parametrize(
    "changes",
    [
        {"duration_s": 0},
        {"base_rate": -1},
        {"burst_rate": 0.05},
        {"service_mean_s": 0},
        {"calm_mean_s": float("inf")},
    ],
)
def test_bad_inputs(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"_s|rate"):
        _load(**changes)

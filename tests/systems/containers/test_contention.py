"""Pruebas del reparto de CPU por *requests* (dadsbook.systems.containers.contention)."""

from __future__ import annotations

import pytest

from dadsbook import measure
from dadsbook.software.operating_system import nice
from dadsbook.systems.containers import contention, figures


def test_plan_translates_requests_to_weights() -> None:
    p = contention.plan((1000, 250))
    assert p.shares == (1024, 256)
    assert p.weights_linear == (39, 10)
    assert p.weights_new == (100, 35)
    predicted = p.predicted()
    assert predicted["cgroup v1 (cpu.shares)"] == pytest.approx(0.8)
    assert predicted["cgroup v2, fórmula lineal"] == pytest.approx(39 / 49)
    assert predicted["cgroup v2, runc ≥ 1.3.2"] == pytest.approx(100 / 135)
    assert predicted["análogo: nice 0 y 6"] == pytest.approx(1024 / (1024 + 272))


def test_weights_are_relative() -> None:
    """Doblar las dos *requests* apenas cambia el reparto (la lineal redondea distinto)."""
    single = contention.plan((1000, 250)).predicted()
    double = contention.plan((2000, 500)).predicted()
    for key in ("cgroup v1 (cpu.shares)", "cgroup v2, fórmula lineal"):
        assert double[key] == pytest.approx(single[key], abs=0.01)


def test_nearest_nice_gap() -> None:
    assert contention.nearest_nice_gap(1.0) == 0
    assert contention.nearest_nice_gap(1.25) == 1
    assert contention.nearest_nice_gap(3.9) == 6
    assert contention.nearest_nice_gap(1e6) == 19
    with pytest.raises(ValueError, match="ratio"):
        contention.nearest_nice_gap(0.5)


def test_plan_rejects_bad_requests() -> None:
    with pytest.raises(ValueError, match="requests_m"):
        contention.plan((250, 1000))
    with pytest.raises(ValueError, match="requests_m"):
        contention.plan((0, 0))
    with pytest.raises(ValueError, match="requests_m"):
        contention.plan((1000,))  # type: ignore[arg-type]


def _result(
    first: tuple[float, ...], second: tuple[float, ...], busy: bool
) -> contention.ContentionResult:
    def share(n: int, cpu: tuple[float, ...], other: tuple[float, ...]) -> nice.NiceShare:
        samples = tuple(a / (a + b) for a, b in zip(cpu, other, strict=True))
        return nice.NiceShare(n, nice.weight(n), 0.5, samples, cpu)

    load = measure.Load(1.0, 2, 0.9 if busy else 0.0, 0.0, 1.0)
    shares = nice.NiceShares(0, 0.5, (share(0, first, second), share(6, second, first)))
    return contention.ContentionResult(contention.plan((1000, 250)), shares, load)


def test_verdict_decides_only_when_the_machine_was_quiet() -> None:
    big = (0.39, 0.4, 0.41, 0.395, 0.405)
    small = (0.1, 0.11, 0.09, 0.105, 0.095)
    assert _result(big, small, busy=False).verdict().decision == "mayor"
    busy = _result(big, small, busy=True).verdict()
    assert busy.decision == "sin diferencia medible"
    assert busy.busy


@pytest.mark.slow
def test_measured_shares_follow_the_weights() -> None:
    """Dos procesos reales en una CPU: el de más peso se lleva la mayor parte."""
    result = contention.measure_contention((1000, 250), window_s=0.1, repeats=5)
    assert result.measured.windows == 5
    assert result.second.nice - result.first.nice == result.plan.nice_gap
    for a, b in zip(result.first.samples, result.second.samples, strict=True):
        assert a + b == pytest.approx(1.0)
    assert 0.6 < result.first.measured < 0.95
    assert len(result.table().rows) == 2
    assert len(figures.contention_figure(result).axes) == 1

"""El experimento de lazo cerrado frente a abierto: contra gunicorn de verdad y sintético."""

from __future__ import annotations

import asyncio
import math

import pytest

from dadsbook import measure, verdict
from dadsbook.systems.web_servers import coordinated, figures, verdicts
from dadsbook.systems.web_servers.openloop import ScheduledResult


def _window(mode: str, p99: float) -> ScheduledResult:
    return ScheduledResult(mode, 80.0, 1, 1, 0, 0, 1.0, (p99,), (p99,))  # type: ignore[arg-type]


def _study(closed: list[float], opened: list[float], busy: bool = False) -> coordinated.Study:
    load = measure.Load(10.0, 2, 0.9 if busy else 0.0, 0.0, 1.0)
    return coordinated.Study(
        {1: (100.0, 101.0, 99.0)},
        tuple(_window("cerrado", x) for x in closed),
        tuple(_window("abierto", x) for x in opened),
        (),
        0.8,
        4,
        100,
        1.0,
        load,
    )


CLOSED = [10.0, 11.0, 9.5, 10.2, 10.8, 9.9, 10.1]
OPENED = [50.0, 52.0, 49.0, 51.0, 50.5, 48.0, 53.0]


def test_open_loop_verdict_decides_with_the_spread() -> None:
    found = verdicts.open_loop(_study(CLOSED, OPENED))
    assert found.gap.decision == "mayor"
    assert "omisión coordinada" in found.sentence
    assert found.takeaway.startswith("Aquí se vio")
    same = verdicts.open_loop(_study(CLOSED, [x * 1.01 for x in CLOSED]))
    assert same.gap.decision == "sin diferencia medible"
    assert same.takeaway.startswith("En esta construcción no se comprobó")
    reverse = verdicts.open_loop(_study(OPENED, CLOSED))
    assert reverse.gap.decision == "menor"
    assert "al revés" in reverse.takeaway


def test_open_loop_verdict_does_not_decide_on_a_busy_machine() -> None:
    found = verdicts.open_loop(_study(CLOSED, OPENED, busy=True))
    assert found.gap.busy and not found.gap.differs
    assert verdict.BUSY_PHRASE[:20].lower() in found.sentence.lower()
    assert "ocupada" in found.takeaway


def test_too_few_windows_never_decide() -> None:
    found = verdicts.open_loop(_study(CLOSED[:3], OPENED[:3]))
    assert found.gap.decision == "sin diferencia medible"
    assert "repeticiones" in found.takeaway


def test_spread_and_model() -> None:
    assert coordinated.spread([3.0, 1.0, 2.0]) == (1.0, 3.0)
    assert coordinated.spread([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 4.0)
    assert all(math.isnan(x) for x in coordinated.spread([]))
    data = _study(CLOSED, OPENED)
    assert data.capacity_rps(1) == 100.0
    assert data.gap_rate == pytest.approx(80.0)
    assert data.model(1, 0.8).p99_response_s == pytest.approx(math.log(100) / 20)
    assert data.load_note().startswith("la máquina no estaba ocupada")
    assert "ocupada" in _study(CLOSED, OPENED, busy=True).load_note()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"workers": []}, "workers"),
        ({"workers": [0]}, "workers"),
        ({"loads": []}, "loads"),
        ({"loads": [1.2]}, "loads"),
        ({"gap_load": 1.0}, "gap_load"),
        ({"repeats": 0}, "repeats"),
    ],
)
def test_study_validates(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "workers": [1], "loads": [0.5], "gap_load": 0.8, "mean_iterations": 100, "clients": 2,
        "repeats": 1, "knee_repeats": 1, "window_s": 0.1, "capacity_windows": 1,
        "capacity_seconds": 0.1, "warmup": 0, **kwargs,
    }  # fmt: skip
    with pytest.raises(ValueError, match=match):
        asyncio.run(coordinated.study(**args))  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_small_real_study() -> None:
    """Contra gunicorn sync: capacidad, ventanas intercaladas, rodilla, tabla y figuras."""
    sizes = {
        "loads": [0.5], "mean_iterations": 2000, "clients": 2, "repeats": 2, "knee_repeats": 1,
        "window_s": 0.2, "capacity_windows": 1, "capacity_seconds": 0.2, "warmup": 4,
    }  # fmt: skip
    data = asyncio.run(coordinated.study(workers=[1, 2], **sizes))  # type: ignore[arg-type]
    assert data.workers == [1, 2]
    assert len(data.closed) == len(data.open) == 2
    assert {w.mode for w in data.closed} == {"cerrado"}
    assert {w.mode for w in data.open} == {"abierto"}
    assert data.capacity_rps(1) > 0 and data.capacity_rps(2) > 0
    assert [(p.workers, p.load) for p in data.knee] == [(1, 0.5), (2, 0.5)]
    assert all(w.ok > 0 for w in (*data.closed, *data.open))
    assert math.isfinite(data.knee[0].model_p99_ms)
    assert data.load is not None
    assert "lazo abierto" in str(data.table())
    assert len(figures.gap_figure(data).axes) == 1
    assert len(figures.knee_figure(data).axes) == len(data.workers)

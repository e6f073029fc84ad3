"""Pruebas de las esperas de los dos fallos de un pod (dadsbook.systems.containers.failures)."""

from __future__ import annotations

import pytest

from dadsbook.systems.containers import failures


def test_back_off_doubles_up_to_five_minutes() -> None:
    """Documentación de Kubernetes: 10 s, 20 s, 40 s… con tope de 300 s."""
    assert [failures.crash_backoff_s(n) for n in (1, 2, 3, 4, 5, 6, 50)] == [
        10.0,
        20.0,
        40.0,
        80.0,
        160.0,
        300.0,
        300.0,
    ]


def test_crash_loop_resets_after_ten_minutes() -> None:
    loop = failures.crash_loop(restarts=3, run_s=30.0, startup_s=5.0)
    assert loop.backoffs_s == (10.0, 20.0, 40.0)
    assert loop.down_s == (15.0, 25.0, 45.0)
    assert loop.availability == pytest.approx(90 / (90 + 85))
    assert loop.rows()[2] == (3, 40.0, 45.0)
    assert failures.crash_loop(restarts=2, run_s=600.0).backoffs_s == (10.0, 10.0)
    assert loop.table().rows[2] == ("3", "40 s", "45 s")


def test_node_failure_timeline() -> None:
    """Gracia 50 s + tolerancia 300 s = desalojo a los 350 s; repuesto listo 20 s después."""
    t = failures.node_failure(startup_s=20.0)
    assert (t.not_ready_s, t.evicted_s, t.replacement_ready_s) == (50.0, 350.0, 370.0)
    assert failures.node_failure(startup_s=0, grace_s=40, toleration_s=60).evicted_s == 100.0


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        failures.crash_backoff_s(0)
    with pytest.raises(ValueError, match="run_s"):
        failures.crash_loop(restarts=1, run_s=-1.0)
    with pytest.raises(ValueError, match="grace_s"):
        failures.node_failure(startup_s=1.0, grace_s=float("nan"))

"""Interbloqueo real con dos cerrojos: siempre ocurre en orden opuesto, nunca con orden global."""

from __future__ import annotations

import pytest

from dadsbook.software.programming import deadlock


def test_opposite_order_always_deadlocks_and_always_terminates() -> None:
    for _ in range(5):
        result = deadlock.transfer("opuesto", timeout_s=0.05)
        assert result.deadlocked
        # Al menos uno agota su espera; el otro puede terminar cuando el primero suelta.
        assert len(result.timed_out) >= 1
        assert result.elapsed_s < 5


def test_a_global_order_never_deadlocks() -> None:
    for _ in range(5):
        result = deadlock.transfer("global", timeout_s=0.05)
        assert not result.deadlocked
        assert result.completed == ("hilo 1", "hilo 2")


@pytest.mark.parametrize(
    ("order", "timeout", "message"),
    [
        ("otro", 0.1, "order debe ser uno de estos valores: opuesto, global"),
        ("global", 0.0, r"timeout_s debe ser un número ≥ 0\.01 y ≤ 5; se recibió 0\.0"),
        ("global", 60, r"timeout_s debe ser un número ≥ 0\.01 y ≤ 5; se recibió 60"),
    ],
)
def test_bad_arguments(order: str, timeout: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        deadlock.transfer(order, timeout_s=timeout)


def test_the_timeline_shows_the_circular_wait() -> None:
    """En orden opuesto, cada hilo espera el cerrojo que el otro tiene, a la vez."""
    result = deadlock.transfer("opuesto", timeout_s=0.05)
    spans = {(s.thread, s.lock, s.kind): s for s in result.spans}
    for me, mine, theirs in (("hilo 1", "A", "B"), ("hilo 2", "B", "A")):
        waiting = spans[(me, theirs, "espera")]
        held = spans[("hilo 2" if me == "hilo 1" else "hilo 1", theirs, "tiene")]
        assert held.start_s <= waiting.start_s < held.end_s  # espera lo que el otro tiene
        assert spans[(me, mine, "tiene")].start_s <= waiting.start_s
    assert all(0 <= s.start_s <= s.end_s <= result.elapsed_s for s in result.spans)


def test_with_a_global_order_nobody_waits_for_the_timeout() -> None:
    result = deadlock.transfer("global", timeout_s=0.5)
    waits = [s.end_s - s.start_s for s in result.spans if s.kind == "espera"]
    assert max(waits) < 0.5

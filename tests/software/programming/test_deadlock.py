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
        ("otro", 0.1, "order debe ser uno de opuesto, global"),
        ("global", 0.0, "timeout_s debe estar entre 0.01 y 5"),
        ("global", 60, "timeout_s debe estar entre 0.01 y 5"),
    ],
)
def test_bad_arguments(order: str, timeout: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        deadlock.transfer(order, timeout_s=timeout)

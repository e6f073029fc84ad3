"""Pruebas de la inanición medida con asyncio e hilos (solo hechos robustos)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from dadsbook.software.operating_system import starvation


def test_rude_coroutine_blocks_the_loop() -> None:
    """Una corrutina que no cede retrasa el latido casi toda su duración: no depende de la carga."""
    result = asyncio.run(starvation.asyncio_heartbeat(0.1, 0.01, polite=False))
    assert result.max_lateness_s >= 0.08
    assert len(result.lateness_s) == 12


def test_threads_leave_nothing_behind() -> None:
    before = threading.active_count()
    result = starvation.thread_heartbeat(0.03, 0.01)
    assert threading.active_count() == before
    assert result.as_dict()["hog_s"] == 0.03


@pytest.mark.parametrize(("hog_s", "tick_s"), [(0, 0.01), (0.01, 0.1), (20, 0.1), (0.1, -1)])
def test_bad_arguments(hog_s: float, tick_s: float) -> None:
    with pytest.raises(ValueError, match=r"hog_s|tick_s"):
        starvation.thread_heartbeat(hog_s, tick_s)

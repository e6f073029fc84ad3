"""Pruebas de la inanición medida con asyncio e hilos (solo hechos robustos)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from dadsbook import measure
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


def test_repeated_heartbeats_give_samples_for_the_verdict() -> None:
    """Tres variantes intercaladas, un peor retraso por repetición; el veredicto los compara."""
    before = threading.active_count()
    result = asyncio.run(starvation.measure_heartbeats(0.05, 0.01, repeats=2))
    assert threading.active_count() == before
    assert set(result.worst_s) == set(starvation.VARIANTS)
    assert all(len(w) == 2 for w in result.worst_s.values())
    assert result.load is not None
    # Robusto: sin ceder, el latido espera casi toda la acaparadora.
    assert result.median_worst_s("no cede") >= 0.04
    # Dos repeticiones no deciden nada.
    assert result.verdict("no cede", "cede").decision == "sin diferencia medible"


def test_the_heartbeat_verdict_reads_well() -> None:
    result = starvation.Heartbeats(
        0.3,
        0.01,
        {
            "no cede": (0.29, 0.3, 0.3, 0.31, 0.295),
            "cede": (0.003, 0.0031, 0.0029, 0.003, 0.0032),
            "hilos": (0.005, 0.006, 0.005, 0.0055, 0.0052),
        },
    )
    v = result.verdict("no cede", "cede")
    assert v.decision == "mayor"
    assert v.phrase.startswith("el peor retraso sin ceder fue mayor que cediendo cada milisegundo")
    with pytest.raises(ValueError, match="variant"):
        result.median_worst_s("otra")
    busy = starvation.Heartbeats(0.3, 0.01, result.worst_s, load=measure_load(busy=True))
    assert busy.verdict("no cede", "cede").busy


def measure_load(*, busy: bool) -> measure.Load:
    return measure.Load(1.0, 2, 0.6 if busy else 0.0, 0.0, 1.0)

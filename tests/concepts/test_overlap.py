"""Pruebas de la medición de esperas solapadas (dadsbook.concepts.overlap)."""

from __future__ import annotations

import threading

import pytest

from dadsbook import measure, profile
from dadsbook import verdict as verdict_module
from dadsbook.concepts import overlap
from dadsbook.measure import Measurement


@pytest.mark.slow
def test_threads_overlap_waits() -> None:
    """Ocho esperas de 20 ms con hilos tardan mucho menos que en fila."""
    # Tiempos de reloj: con la máquina cargada (make test construye el libro a la vez) un
    # hilo puede tardar en despertar, y la carga solo alarga; basta con que una de tres
    # pasadas muestre el solapamiento (en una máquina tranquila, la primera).
    speedups = []
    for _ in range(3):
        result = overlap.overlap_waits(8, 0.02, repeats=3, warmup=1)
        assert result.sequential.median_s >= result.ideal_sequential_s * 0.95
        speedups.append(result.speedup)
        if speedups[-1] > 3:
            break
    assert max(speedups) > 3, speedups


def test_no_thread_survives() -> None:
    before = threading.active_count()
    overlap.run_threaded(5, 0.001)
    assert threading.active_count() == before


@pytest.mark.parametrize(("tasks", "wait_s"), [(0, 0.1), (300, 0.1), (2, 0), (2, -1), (2, 9)])
def test_bad_inputs(tasks: int, wait_s: float) -> None:
    with pytest.raises(ValueError, match=r"tasks|wait_s"):
        overlap.overlap_waits(tasks, wait_s)


def _measurement(label: str, seconds: list[float], load: measure.Load | None = None) -> Measurement:
    return Measurement(label, tuple(int(s * 1e9) for s in seconds), warmup=0, load=load)


def _overlap(load: measure.Load | None = None) -> overlap.WaitOverlap:
    sequential = _measurement("en secuencia", [0.080, 0.081, 0.079, 0.080, 0.082], load)
    threaded = _measurement("con hilos", [0.021, 0.022, 0.020, 0.021, 0.023], load)
    return overlap.WaitOverlap(4, 0.02, sequential, threaded)


def test_the_verdict_decides_from_the_spread() -> None:
    """Separadas y con la máquina tranquila, la fila es «más lenta» que los hilos."""
    verdict = _overlap().verdict()
    assert verdict.decision == "mayor"
    assert verdict.phrase.startswith("la versión en fila fue más lenta que la versión con hilos")


def test_the_verdict_does_not_decide_on_a_busy_machine() -> None:
    busy = measure.Load(wall_s=1.0, cpus=2, other_cpu=0.9, steal=0.0, loadavg=3.0)
    verdict = _overlap(busy).verdict()
    assert verdict.decision == "sin diferencia medible" and verdict.busy
    assert "ocupada" in verdict.phrase


def test_the_verdict_needs_enough_repeats() -> None:
    result = overlap.overlap_waits(2, 0.005, repeats=3, warmup=0)
    assert result.verdict().decision == "sin diferencia medible"


@pytest.mark.slow
def test_a_real_measurement_reaches_a_verdict_or_says_the_machine_was_busy() -> None:
    """Con cinco repeticiones, la medición real decide, salvo que la máquina estuviera ocupada."""
    # Una carga por debajo del umbral de «ocupada» aún puede retrasar un hilo y solapar las
    # dispersiones; la carga solo quita decisión, así que basta con una de tres pasadas.
    for _ in range(3):
        verdict = overlap.overlap_waits(4, 0.02, repeats=5, warmup=1).verdict()
        if verdict.busy or verdict.decision == "mayor":
            break
    if verdict.busy:
        assert verdict.decision == "sin diferencia medible"
    else:
        assert verdict.decision == "mayor", verdict.phrase


def test_both_profiles_repeat_enough_for_a_verdict() -> None:
    """Los perfiles de la página dan al veredicto las repeticiones que necesita."""
    for name in profile.PROFILES:
        assert profile.load(name).get("concepts", "repeats") >= verdict_module.MIN_SAMPLES

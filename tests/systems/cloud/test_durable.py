"""Pruebas de temporizadores NCRONTAB y fan-out/fan-in duradero (dadsbook.systems.cloud.durable)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from dadsbook.systems.cloud import durable

START = datetime(2024, 9, 20, 10, 58, 30)  # un viernes


def test_timer_expressions() -> None:
    five = durable.next_occurrences("0 */5 * * * *", START, 2)
    assert [t.strftime("%H:%M:%S") for t in five] == ["11:00:00", "11:05:00"]
    weekdays = durable.next_occurrences("0 30 9 * * 1-5", START, 2)
    assert [t.strftime("%a %d") for t in weekdays] == ["Mon 23", "Tue 24"]
    sundays = durable.next_occurrences("0 0 12 * * 0", START, 1)
    assert sundays[0].strftime("%a %d %H") == "Sun 22 12"
    listed = durable.next_occurrences("15,45 * * * * *", START, 3)
    assert [t.strftime("%M:%S") for t in listed] == ["58:45", "59:15", "59:45"]
    # Estrictamente después del inicio: un disparo justo en START no cuenta.
    assert durable.next_occurrences("30 58 10 * * *", START, 1)[0].day == 21


def test_bad_expressions() -> None:
    with pytest.raises(ValueError, match="seis campos"):
        durable.next_occurrences("*/5 * * * *", START, 1)
    with pytest.raises(ValueError, match="minuto"):
        durable.next_occurrences("0 61 * * * *", START, 1)
    with pytest.raises(ValueError, match="hora"):
        durable.next_occurrences("0 0 x * * *", START, 1)
    with pytest.raises(ValueError, match="no dispara"):
        durable.next_occurrences("0 0 0 31 2 *", START, 1)
    with pytest.raises(ValueError, match="count"):
        durable.next_occurrences("* * * * * *", START, 0)


def test_fan_out_limits_concurrency_and_combines() -> None:
    running = 0
    peak = 0
    original = asyncio.sleep

    async def spy(seconds: float) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await original(0)
        running -= 1

    durations = durable.activity_durations(10, low_s=0.001, high_s=0.002, seed=1)
    history = durable.History()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(durable.asyncio, "sleep", spy)
        total = asyncio.run(durable.fan_out_fan_in(durations, max_concurrent=3, history=history))
    assert total == sum(i * i for i in range(10))
    assert peak == 3
    assert all(n == 1 for n in history.executions.values())


def test_replay_skips_what_finished_and_repeats_what_was_running() -> None:
    durations = durable.activity_durations(12, low_s=0.005, high_s=0.02, seed=3)
    report = asyncio.run(durable.run_with_crash(durations, max_concurrent=4, crash_after=5))
    assert report.total == report.expected
    assert report.saved_before_crash >= 5
    # Lo que estaba en el historial no se volvió a ejecutar.
    finished_first = {r.item for r in report.runs if r.attempt == 0 and r.completed}
    assert all(report.executions[i] == 1 for i in finished_first)
    # Lo cancelado por la caída se repitió al reanudar.
    cancelled = {r.item for r in report.runs if r.attempt == 0 and not r.completed}
    assert cancelled and set(report.repeated) == cancelled
    assert "suma final" in str(durable.crash_table(report))


def test_timing_and_bad_inputs() -> None:
    durations = durable.activity_durations(4, low_s=0.001, high_s=0.002, seed=1)
    timing = asyncio.run(durable.time_fan_out(durations, limits=[1, 4], repeats=2))
    assert len(timing.samples_s[1]) == 2 and timing.median_s(4) > 0
    with pytest.raises(ValueError, match="crash_after"):
        asyncio.run(durable.run_with_crash(durations, max_concurrent=2, crash_after=4))
    with pytest.raises(ValueError, match="max_concurrent"):
        asyncio.run(durable.fan_out_fan_in(durations, max_concurrent=0))
    with pytest.raises(ValueError, match="limits"):
        asyncio.run(durable.time_fan_out(durations, limits=[], repeats=1))

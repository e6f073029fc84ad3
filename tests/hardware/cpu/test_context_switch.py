"""Pruebas del ping-pong de cambios de contexto (dadsbook.hardware.cpu.context_switch)."""

from __future__ import annotations

import json
import os
import threading

import psutil
import pytest

from dadsbook.hardware.cpu import context_switch
from dadsbook.hardware.cpu.context_switch import ProcessPingPong, ThreadPingPong, ping_pong


@pytest.mark.parametrize("kind", context_switch.KINDS)
def test_ping_pong_counts_round_trips(kind: str) -> None:
    r = ping_pong(kind, 20, repeats=2, warmup=1)
    assert r.round_trips == 60
    assert len(r.measurement.samples_ns) == 2
    assert r.us_per_round_trip > 0
    assert json.loads(json.dumps(r.as_dict()))["kind"] == kind


def test_processes_switch_at_least_twice_per_round_trip() -> None:
    """Cada ida y vuelta duerme y despierta a las dos partes: al menos dos cambios."""
    r = ping_pong("procesos", 100, pinned=True, repeats=2, warmup=0)
    assert r.switches_per_round_trip >= 1.9


def test_threads_and_processes_are_cleaned_up() -> None:
    threads = threading.active_count()
    children = {p.pid for p in psutil.Process().children()}
    with ThreadPingPong() as t:
        t.run(5)
    with ProcessPingPong() as p:
        p.run(5)
        pid = p.pid
    assert threading.active_count() == threads
    assert {p.pid for p in psutil.Process().children()} == children
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_pinning_is_restored() -> None:
    before = os.sched_getaffinity(0)
    with context_switch.pinned_to_one_core() as core:
        assert os.sched_getaffinity(0) == {core}
    assert os.sched_getaffinity(0) == before


def test_table_has_one_row_per_measurement() -> None:
    results = (ping_pong("hilos", 5, repeats=1, warmup=0),)
    table = context_switch.ping_pong_table(results)
    assert len(table.rows) == 1 and table.headers[0] == "variante"
    assert all(isinstance(cell, str) and "." not in cell for cell in table.rows[0])


def test_counters_grow() -> None:
    voluntary, involuntary = context_switch.switch_counters()
    ping_pong("hilos", 10, repeats=1, warmup=0)
    after = context_switch.switch_counters()
    assert after[0] + after[1] > voluntary + involuntary


@pytest.mark.parametrize("rounds", [0, -1, 2.5, True, 10**7])
def test_bad_rounds(rounds: object) -> None:
    with pytest.raises(ValueError, match="rounds"):
        ping_pong("hilos", rounds)  # type: ignore[arg-type]


def test_bad_kind_and_pinned() -> None:
    with pytest.raises(ValueError, match=r"kind.*hilos, procesos"):
        ping_pong("corrutinas", 10)
    with pytest.raises(TypeError, match="pinned"):
        ping_pong("hilos", 10, pinned="sí")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="results"):
        context_switch.ping_pong_table(())


@pytest.mark.slow
def test_all_variants_interleaved_in_blocks_with_fresh_partners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, bool]] = []
    real = context_switch.ping_pong

    def spy(kind: str, rounds: int, **kwargs: object) -> context_switch.PingPong:
        calls.append((kind, bool(kwargs["pinned"])))
        return real(kind, rounds, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(context_switch, "ping_pong", spy)
    results = context_switch.ping_pong_all(5, repeats=2, warmup=0, blocks=2)
    # Cada ronda mide las cuatro variantes; la segunda, en el orden inverso.
    assert len(calls) == 8 and calls[4:] == calls[:4][::-1]
    assert [(r.kind, r.pinned) for r in results] == calls[:4]
    for r in results:
        assert len(r.measurement.samples_ns) == 4 and r.round_trips == 5 * 4


@pytest.mark.parametrize("blocks", [0, -1, 21, 1.5, True])
def test_bad_blocks(blocks: object) -> None:
    with pytest.raises(ValueError, match="blocks debe ser un entero ≥ 1 y ≤ 20"):
        context_switch.ping_pong_all(5, blocks=blocks)  # type: ignore[arg-type]

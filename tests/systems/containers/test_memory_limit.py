"""Pruebas del hijo con ``RLIMIT_AS`` (dadsbook.systems.containers.memory_limit)."""

from __future__ import annotations

import psutil
import pytest

from dadsbook.systems.containers import memory_limit


def test_catching_child_reserves_less_than_its_headroom() -> None:
    run = memory_limit.run_child(48, chunk_mib=8, mode="catch")
    assert run.returncode == 0
    assert run.error == "MemoryError"
    assert run.reserved_bytes is not None
    assert 0 < run.reserved_bytes < run.headroom_bytes
    assert run.reserved_bytes % run.chunk_bytes == 0
    assert run.ended == "terminó bien (estado 0)"


def test_crashing_child_dies_with_memory_error() -> None:
    run = memory_limit.run_child(32, chunk_mib=8, mode="crash")
    assert run.returncode == 1
    assert run.stderr_last_line == "MemoryError"
    assert run.reserved_bytes is None
    assert "estado 1" in run.ended


def test_no_child_is_left_behind() -> None:
    before = set(psutil.Process().children(recursive=True))
    memory_limit.run_child(16, chunk_mib=4)
    memory_limit.run_child(16, chunk_mib=4, mode="crash")
    assert set(psutil.Process().children(recursive=True)) == before


def test_table_and_kill_status() -> None:
    runs = [memory_limit.run_child(16, chunk_mib=4)]
    table = memory_limit.runs_table(runs)
    assert table.rows[0][0] == "captura MemoryError"
    assert memory_limit.kill_status() == 137


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="headroom_mib"):
        memory_limit.run_child(0)
    with pytest.raises(ValueError, match="chunk_mib"):
        memory_limit.run_child(8, chunk_mib=16)
    with pytest.raises(ValueError, match="mode"):
        memory_limit.run_child(8, mode="boom")  # type: ignore[arg-type]

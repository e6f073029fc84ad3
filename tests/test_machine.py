"""Pruebas del sello de la máquina (dadsbook.machine)."""

from __future__ import annotations

import dataclasses
import os
import platform
from pathlib import Path

import pytest

from dadsbook import machine


def test_stamp_reads_this_machine() -> None:
    s = machine.stamp()
    assert s.logical_cores == os.cpu_count()
    assert 1 <= s.physical_cores <= s.logical_cores
    assert 1 <= s.usable_cores <= s.logical_cores
    assert s.python == platform.python_version()
    assert s.memory_gib > 0 and s.cpu_model
    assert s.profile in ("quick", "full")


def test_usable_cores_is_this_process_affinity(monkeypatch: pytest.MonkeyPatch) -> None:
    """usable_cores cuenta la afinidad del proceso; sin sched_getaffinity, os.cpu_count()."""
    assert machine.usable_cores() == len(os.sched_getaffinity(0))
    monkeypatch.delattr(os, "sched_getaffinity")
    assert machine.usable_cores() == (os.cpu_count() or 1)


def test_summary_and_dict() -> None:
    s = machine.stamp()
    text = s.summary()
    assert f"perfil {s.profile}" in text and s.cores() in text
    assert s.as_dict()["python"] == s.python


def test_a_virtual_machine_never_claims_physical_cores() -> None:
    """Un invitado no sabe si dos vCPU son dos núcleos o dos hilos SMT de uno."""
    s = dataclasses.replace(machine.stamp(), virtual=True, logical_cores=4, usable_cores=4)
    assert "físicos" not in s.summary()
    assert "4 CPU lógicas (vCPU de una máquina virtual)" in s.summary()
    assert s.kind == "una máquina virtual"


def test_a_physical_machine_gives_both_counts() -> None:
    s = dataclasses.replace(
        machine.stamp(), virtual=False, physical_cores=4, logical_cores=8, usable_cores=6
    )
    assert s.cores() == "4 núcleos físicos, 8 CPU lógicas, 6 disponibles"
    assert s.kind == "una máquina física"


def test_is_virtual_reads_the_hypervisor_flag() -> None:
    flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    expected = (
        any(
            line.startswith("flags") and "hypervisor" in line.split(":", 1)[1].split()
            for line in flags.splitlines()
        )
        or Path("/sys/hypervisor/type").exists()
    )
    assert machine.is_virtual() is expected


def test_old_stamps_without_the_field_still_load() -> None:
    """benchmarks.json de construcciones anteriores no tienen «virtual»."""
    data = machine.stamp().as_dict()
    del data["virtual"]
    assert machine.MachineStamp(**data).virtual is False


@pytest.mark.parametrize("memory", [23.456, 1234.5])
def test_summary_uses_the_spanish_formatter(memory: float) -> None:
    s = dataclasses.replace(machine.stamp(), memory_gib=memory)
    assert "." not in s.summary().split(";")[2]

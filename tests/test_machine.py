"""Pruebas del sello de la máquina (dadsbook.machine)."""

from __future__ import annotations

import os
import platform

from dadsbook import machine


def test_stamp_reads_this_machine() -> None:
    s = machine.stamp()
    assert s.logical_cores == os.cpu_count()
    assert 1 <= s.physical_cores <= s.logical_cores
    assert 1 <= s.usable_cores <= s.logical_cores
    assert s.python == platform.python_version()
    assert s.memory_gib > 0 and s.cpu_model
    assert s.profile in ("quick", "full")


def test_summary_and_dict() -> None:
    s = machine.stamp()
    text = s.summary()
    assert "núcleos físicos" in text and f"perfil {s.profile}" in text
    assert s.as_dict()["python"] == s.python

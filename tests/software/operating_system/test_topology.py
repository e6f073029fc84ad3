"""Pruebas de la lectura de topología (CPU, NUMA, SMT)."""

from __future__ import annotations

import json
import os

import pytest

from dadsbook.software.operating_system import topology


def test_parse_list() -> None:
    assert topology.parse_list("0") == (0,)
    assert topology.parse_list("0-2,5") == (0, 1, 2, 5)
    assert topology.parse_list("") == ()


@pytest.mark.parametrize("text", ["a", "3-1", "1-"])
def test_parse_list_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="text"):
        topology.parse_list(text)


def test_allowed_cpus_match_sched_getaffinity() -> None:
    """Cpus_allowed_list y os.sched_getaffinity cuentan lo mismo."""
    t = topology.read_topology()
    if t.cpus_allowed is not None:
        assert set(t.cpus_allowed) == os.sched_getaffinity(0)
    assert json.loads(json.dumps(t.as_dict()))
    assert len(t.table().rows) == 5

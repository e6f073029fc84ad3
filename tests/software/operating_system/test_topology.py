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


def test_describe_hedges_inside_a_virtual_machine() -> None:
    """En una VM, «sin hermanas SMT» solo vale para lo visible, y la frase lo dice."""
    alone = topology.Topology(None, None, {0: (0, 1)}, ((0,), (1,)), None)
    assert alone.describe(virtual=False) == (
        "1 nodo NUMA visible y ninguna pareja de CPU hermanas SMT visible"
    )
    assert "no puede saber si dos vCPU comparten un núcleo físico" in alone.describe(virtual=True)
    smt = topology.Topology(None, None, {0: (0, 1), 1: (2, 3)}, ((0, 1), (2, 3)), True)
    assert smt.describe(virtual=False) == "2 nodos NUMA visibles y 2 grupos de CPU hermanas SMT"
    one = topology.Topology(None, None, {0: (0, 1)}, ((0, 1),), True)
    assert one.describe(virtual=False).endswith("y 1 grupo de CPU hermanas SMT")

"""Pruebas de la topología NUMA y del modelo de colocación (dadsbook.hardware.memory.numa)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.memory import numa


def fake_sysfs(root: Path) -> Path:
    """Una máquina de dos nodos con cuatro CPU cada uno."""
    for node, cpus, distance in ((0, "0-3", "10 21"), (1, "4-7", "21 10")):
        folder = root / f"node{node}"
        folder.mkdir(parents=True)
        (folder / "cpulist").write_text(cpus + "\n")
        (folder / "meminfo").write_text(f"Node {node} MemTotal:       8388608 kB\n")
        (folder / "distance").write_text(distance + "\n")
    (root / "online").write_text("0-1\n")
    return root


def test_read_nodes_from_fake_sysfs(tmp_path: Path) -> None:
    nodes = numa.read_nodes(fake_sysfs(tmp_path))
    assert [n.node for n in nodes] == [0, 1]
    assert nodes[1].cpus == (4, 5, 6, 7)
    assert nodes[0].memory_kib == 8 * 2**20
    assert nodes[0].distances == (10, 21)
    assert "nodo" in str(numa.nodes_table(nodes))
    assert json.loads(json.dumps(nodes[0].as_dict()))["cpus"] == [0, 1, 2, 3]


def test_this_machine_and_missing_folder(tmp_path: Path) -> None:
    assert numa.read_nodes(tmp_path / "no-existe") == ()
    nodes = numa.read_nodes()
    if Path("/sys/devices/system/node/node0").exists():
        assert nodes and all(n.cpus for n in nodes)


def test_cpulist_with_ranges_and_single_cpus(tmp_path: Path) -> None:
    """``cpulist`` mezcla intervalos y CPU sueltas (:func:`dadsbook.machine.parse_cpu_list`)."""
    folder = tmp_path / "node0"
    folder.mkdir()
    (folder / "cpulist").write_text("0-2,5,7-8\n")
    assert numa.read_nodes(tmp_path)[0].cpus == (0, 1, 2, 5, 7, 8)


def test_placements_order_as_expected() -> None:
    """Primer contacto: todo local; remota: la peor en ancho de banda."""
    model = numa.NumaModel(nodes=2, remote_ratio=1.6)
    r = numa.compare_placements(model, threads=4, pages_per_thread=256, accesses_per_thread=500)
    assert r["first-touch"].remote_fraction == 0.0
    assert r["first-touch"].mean_latency_ns == pytest.approx(model.local_ns)
    assert r["interleave"].remote_fraction == pytest.approx(0.5, abs=0.05)
    assert r["remote"].busiest_controller_share == 1.0
    assert r["remote"].stream_s > r["interleave"].stream_s >= r["first-touch"].stream_s
    assert "colocación" in str(numa.placements_table(r))
    assert json.loads(json.dumps(r["remote"].as_dict()))["policy"] == "remote"


def test_random_problem_is_seeded() -> None:
    a, b = numa.random_numa_problem(4), numa.random_numa_problem(4)
    assert a == b
    result = numa.compare_placements(
        a["model"],  # type: ignore[arg-type]
        threads=a["threads"],  # type: ignore[arg-type]
        pages_per_thread=a["pages_per_thread"],  # type: ignore[arg-type]
        accesses_per_thread=100,
    )
    assert set(result) == set(numa.PLACEMENTS)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="remote_ratio"):
        numa.NumaModel(remote_ratio=0.5)
    with pytest.raises(ValueError, match="nodes"):
        numa.NumaModel(nodes=0)
    with pytest.raises(ValueError, match="local_ns"):
        numa.NumaModel(local_ns=-1.0)
    with pytest.raises(ValueError, match="policy"):
        numa.simulate_placement(numa.NumaModel(), threads=2, pages_per_thread=2, policy="random")
    with pytest.raises(ValueError, match="threads"):
        numa.simulate_placement(numa.NumaModel(), threads=0, pages_per_thread=2, policy="remote")


@settings(max_examples=60)
@given(
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=16),
    st.floats(min_value=1.0, max_value=3.0),
)
def test_latency_between_local_and_remote(nodes: int, threads: int, ratio: float) -> None:
    """La latencia media queda entre la local y la remota y no mejora a primer contacto.

    En ancho de banda, la entrelazada sí puede ganar (con menos hilos que nodos reparte
    la carga entre más controladores); la remota nunca.
    """
    model = numa.NumaModel(nodes=nodes, remote_ratio=ratio)
    r = numa.compare_placements(model, threads=threads, pages_per_thread=32, accesses_per_thread=50)
    for result in r.values():
        assert model.local_ns - 1e-9 <= result.mean_latency_ns <= model.remote_ns + 1e-9
        assert result.mean_latency_ns >= r["first-touch"].mean_latency_ns - 1e-9
    assert r["remote"].stream_s >= r["first-touch"].stream_s - 1e-15


def test_topology_sentence_counts_nodes() -> None:
    node = numa.NumaNode(0, (0,), 1024, (10,))
    assert "no publica" in numa.describe_topology(())
    assert "único nodo" in numa.describe_topology((node,))
    assert "2 nodos" in numa.describe_topology((node, numa.NumaNode(1, (1,), 1024, (20, 10))))


def test_placements_table_uses_spanish_numbers() -> None:
    results = numa.compare_placements(numa.NumaModel(), threads=4, pages_per_thread=64)
    text = str(numa.placements_table(results))
    assert "1,33×" in text and "1.33" not in text

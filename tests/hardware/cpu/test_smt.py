"""Pruebas de topología y multihilo simultáneo (dadsbook.hardware.cpu.smt)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from dadsbook import measure
from dadsbook.hardware.cpu import smt


def _fake_sysfs(root: Path, cpus: dict[int, tuple[int, int, str]]) -> Path:
    (root / "online").write_text(f"0-{max(cpus)}\n")
    for n, (socket, core, siblings) in cpus.items():
        topo = root / f"cpu{n}" / "topology"
        topo.mkdir(parents=True)
        (topo / "physical_package_id").write_text(f"{socket}\n")
        (topo / "core_id").write_text(f"{core}\n")
        (topo / "thread_siblings_list").write_text(f"{siblings}\n")
    return root


def test_reads_a_machine_with_smt(tmp_path: Path) -> None:
    """Dos núcleos con dos hilos cada uno: 4 lógicas, 2 núcleos, pares de hermanos."""
    root = _fake_sysfs(
        tmp_path, {0: (0, 0, "0,2"), 1: (0, 1, "1,3"), 2: (0, 0, "0,2"), 3: (0, 1, "1,3")}
    )
    topo = smt.read_topology(root)
    assert (topo.sockets, topo.cores, topo.logical, topo.has_smt) == (1, 2, 4, True)
    assert topo.sibling_pair() == (0, 2)
    assert topo.separate_pair() == (0, 1)
    assert len(topo.table().rows) == 4


def test_reads_ranges(tmp_path: Path) -> None:
    """Las listas del núcleo con rangos (0-1) se expanden."""
    root = _fake_sysfs(tmp_path, {0: (0, 0, "0-1"), 1: (0, 0, "0-1")})
    topo = smt.read_topology(root)
    assert topo.cpus[0].siblings == (0, 1) and topo.cores == 1


def test_this_machine_is_consistent() -> None:
    """La topología real: tantas lógicas como CPU en línea, y núcleos ≤ lógicas."""
    topo = smt.read_topology()
    assert topo.cores <= topo.logical
    assert topo.has_smt == (topo.sibling_pair() is not None)
    assert topo.as_dict()["logical"] == topo.logical


def test_bad_root(tmp_path: Path) -> None:
    """Una carpeta que no existe o sin CPU se rechaza."""
    with pytest.raises(ValueError, match="root"):
        smt.read_topology(tmp_path / "no")
    with pytest.raises(ValueError, match="root"):
        smt.read_topology(tmp_path)


def test_model_fills_cores_first() -> None:
    """El modelo: hasta un hilo por núcleo escala 1×; el segundo hilo suma smt_gain."""
    points = smt.simulate(cores=4, smt_ways=2, smt_gain=0.2)
    assert [p.threads for p in points] == list(range(1, 9))
    assert points[3].throughput == pytest.approx(4.0)
    assert points[-1].throughput == pytest.approx(4 * 1.2)
    assert all(b.throughput >= a.throughput for a, b in itertools.pairwise(points))
    assert len(smt.simulated_table(points, 4).rows) == 8


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"cores": 0}, "cores"),
        ({"cores": 2, "smt_gain": 1.5}, "smt_gain"),
        ({"cores": 2, "max_threads": 5}, "max_threads"),
        ({"cores": 2, "smt_ways": 0}, "smt_ways"),
    ],
)
def test_bad_model(kwargs: dict[str, object], name: str) -> None:
    """El modelo valida sus parámetros."""
    with pytest.raises(ValueError, match=name):
        smt.simulate(**kwargs)  # type: ignore[arg-type]


def test_measure_pinning_runs() -> None:
    """Dos procesos fijados terminan y se miden (sin afirmar tiempos)."""
    cpu = min(os.sched_getaffinity(0))
    result = smt.measure_pinning((cpu, cpu), (cpu, cpu), 1_000, repeats=1, warmup=0)
    assert result.sibling_throughput > 0
    assert result.siblings_vs_separate().decision == "sin diferencia medible"


NO_SMT = smt.Topology((smt.CpuInfo(0, 0, 0, (0,)), smt.CpuInfo(1, 0, 1, (1,))))


def test_describe_topology_never_claims_physical_cores_on_a_vm() -> None:
    """En una VM la frase habla de lo que declara el hipervisor, nunca de núcleos físicos."""
    vm = smt.describe_topology(NO_SMT, virtual=True)
    assert "físicos" in vm and "no se puede saber" in vm and "núcleos físicos, cada uno" not in vm
    host = smt.describe_topology(NO_SMT, virtual=False)
    assert host.startswith("Esta máquina no tiene SMT: sus 2 CPU lógicas son 2 núcleos físicos")


def test_describe_topology_with_siblings_uses_the_verdict() -> None:
    """Con hermanos medidos, la frase lleva el porcentaje y el veredicto."""
    ones = (100, 101, 99, 100, 102)
    pinning = smt.PinningResult(
        (0, 2), (0, 1),
        measure.Measurement("hermanos", tuple(2 * t for t in ones), 0),
        measure.Measurement("separados", ones, 0),
    )  # fmt: skip
    text = smt.describe_topology(NO_SMT, virtual=True, pinning=pinning)
    assert text.startswith("Según la topología que declara el hipervisor, esta máquina")
    assert "50 %" in text and "fueron más lentos que en núcleos distintos" in text


def test_simulated_table_uses_the_book_formatter() -> None:
    """El modelo se muestra con coma decimal."""
    rows = smt.simulated_table(smt.simulate(cores=2, smt_gain=0.25), 2).rows
    assert rows[-1] == (4, "2,50", "0,62")


def test_bad_pinning() -> None:
    """CPU que no existen se rechazan."""
    with pytest.raises(ValueError, match="siblings"):
        smt.measure_pinning((0, 9999), (0, 0), 10)

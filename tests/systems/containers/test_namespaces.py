"""Pruebas de la mirada a /proc (dadsbook.systems.containers.namespaces)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadsbook.systems.containers import namespaces


def _fake_tree(tmp_path: Path, cgroup: str) -> tuple[Path, Path]:
    proc, root = tmp_path / "proc", tmp_path / "cgroup"
    (proc / "self" / "ns").mkdir(parents=True)
    (proc / "1" / "ns").mkdir(parents=True)
    (proc / "self" / "cgroup").write_text(cgroup)
    for kind, inode in (("pid", 11), ("net", 12), ("uts", 13)):
        (proc / "self" / "ns" / kind).symlink_to(f"{kind}:[{inode}]")
    (proc / "1" / "ns" / "pid").symlink_to("pid:[99]")
    (proc / "1" / "ns" / "net").symlink_to("net:[12]")
    return proc, root


def test_cgroup_v2_limits(tmp_path: Path) -> None:
    """cgroup v2: ``cpu.max`` con «50000 100000» es medio núcleo; ``memory.max`` en bytes."""
    proc, root = _fake_tree(tmp_path, "0::/kubepods/pod1/abc\n")
    base = root / "kubepods" / "pod1" / "abc"
    base.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("cpu memory\n")
    (base / "cpu.max").write_text("50000 100000\n")
    (base / "memory.max").write_text(str(256 * 2**20))
    seen = namespaces.look(proc, root)
    assert (seen.version, seen.path) == ("v2", "/kubepods/pod1/abc")
    assert seen.cpu_limit == pytest.approx(0.5)
    assert seen.memory_max_bytes == 256 * 2**20
    assert seen.namespaces == {"net": 12, "pid": 11, "uts": 13}
    assert seen.shared_with_init == ("net",)
    assert seen.controllers == ("cpu", "memory")
    text = namespaces.describe(seen)
    assert "0,50 núcleos" in text and "256 MiB" in text and "pid" in text
    assert "cpu.max" in text and "/kubepods" not in text  # enseña el fichero, no la ruta
    table = str(seen.table())
    assert "0,5 núcleos (50\u202f000 µs cada 100\u202f000 µs)" in table and "256 MiB" in table


def test_cgroup_v1_limits(tmp_path: Path) -> None:
    """cgroup v1: ``cpu.cfs_quota_us`` −1 es sin límite; un límite de memoria enorme, también."""
    proc, root = _fake_tree(tmp_path, "4:memory:/docker/x\n3:cpu,cpuacct:/docker/x\n")
    (root / "cpu" / "docker" / "x").mkdir(parents=True)
    (root / "cpu" / "docker" / "x" / "cpu.cfs_quota_us").write_text("-1\n")
    (root / "cpu" / "docker" / "x" / "cpu.cfs_period_us").write_text("100000\n")
    (root / "memory" / "docker" / "x").mkdir(parents=True)
    (root / "memory" / "docker" / "x" / "memory.limit_in_bytes").write_text(str(2**63 - 4096))
    seen = namespaces.look(proc, root)
    assert (seen.version, seen.path) == ("v1", "/docker/x")
    assert seen.cpu_limit is None and seen.memory_max_bytes is None
    assert seen.controllers == ("cpu", "cpuacct", "memory")
    text = namespaces.describe(seen)
    assert "sin límite de CPU" in text and "cpu.cfs_quota_us vale -1" in text
    assert "/docker" not in text
    assert "sin cuota" in str(seen.table())


def test_missing_everything_is_not_an_error(tmp_path: Path) -> None:
    seen = namespaces.look(tmp_path / "nada", tmp_path / "nada")
    assert not seen.available
    assert seen.as_dict()["namespaces"] == {}
    assert "no deja leer" in namespaces.describe(seen)
    assert "no legible" in str(seen.table())


def test_this_process_does_not_crash() -> None:
    """En esta máquina (Linux o no) devuelve algo sin lanzar excepciones."""
    seen = namespaces.look()
    assert isinstance(namespaces.describe(seen), str)
    assert set(seen.namespaces) <= set(namespaces.NS_TYPES)


def test_parsers() -> None:
    assert namespaces.parse_cpu_max("max 100000") == (None, 100000.0)
    with pytest.raises(ValueError, match=r"cpu\.max"):
        namespaces.parse_cpu_max("50000")
    with pytest.raises(TypeError, match="text"):
        namespaces.parse_proc_cgroup(None)  # type: ignore[arg-type]
    assert namespaces.parse_proc_cgroup("basura\n0::/a\n") == {"": "/a"}

"""Pruebas de los fallos de página reales (dadsbook.hardware.memory.faults)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from dadsbook.hardware.memory import faults


def test_lazy_allocation_faults_once_per_page() -> None:
    """Sin páginas enormes, el primer recorrido falla en casi todas las páginas y el segundo no."""
    result = faults.touch_anonymous(64, huge_pages=False)
    assert result.pages == 64 * 2**20 // faults.page_size()
    assert result.first_faults >= 0.5 * result.pages
    assert result.second_faults < 0.1 * result.pages
    assert result.reserve_faults < 0.1 * result.pages  # reservar no toca las páginas
    assert json.loads(json.dumps(result.as_dict()))["pages"] == result.pages


def test_huge_pages_do_not_add_faults() -> None:
    result = faults.touch_anonymous(64, huge_pages=True)
    assert 0 < result.first_faults <= result.pages + 64


def test_mapped_file_faults_and_cleans_up() -> None:
    """El fichero temporal desaparece y la segunda lectura casi no falla."""
    before = set(Path(tempfile.gettempdir()).glob("dadsbook-mmap-*"))
    result = faults.touch_mapped_file(4)
    assert 0 < result.first_faults <= result.pages + 64
    assert result.second_faults <= result.first_faults
    assert set(Path(tempfile.gettempdir()).glob("dadsbook-mmap-*")) == before
    assert "mmap" in str(faults.faults_table([result]))


def test_counters_and_machine_facts(tmp_path: Path) -> None:
    assert faults.minor_faults() > 0
    assert faults.page_size() & (faults.page_size() - 1) == 0
    thp = tmp_path / "enabled"
    thp.write_text("always [madvise] never\n")
    assert faults.transparent_huge_pages(thp) == "madvise"
    assert faults.transparent_huge_pages(tmp_path / "nada") == "desconocido"
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal: 100 kB\nSwapTotal:    2048 kB\n")
    assert faults.swap_mib(meminfo) == 2.0
    assert faults.swap_mib(tmp_path / "nada") == 0.0


@pytest.mark.parametrize("megabytes", [0, -1, 5000, 1.5, True])
def test_bad_sizes(megabytes: object) -> None:
    with pytest.raises(ValueError, match="megabytes"):
        faults.touch_anonymous(megabytes)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="≥ 64 y ≤ 4096"):
        faults.touch_anonymous(16)
    with pytest.raises(ValueError, match="megabytes"):
        faults.touch_mapped_file(megabytes)  # type: ignore[arg-type]


def test_fault_cost_is_repeated_and_positive() -> None:
    """El coste por fallo sale de varias repeticiones, cada una con sus fallos contados."""
    cost = faults.fault_cost(64, repeats=3, warmup=0)
    assert len(cost.samples_ns) == len(cost.faults) == 3
    assert all(f >= 0.5 * 64 * 2**20 // faults.page_size() for f in cost.faults)
    assert cost.q1_ns <= cost.median_ns <= cost.q3_ns
    assert cost.median_ns > 0
    assert "3 repeticiones" in cost.summary() and "." not in cost.summary().split("(")[0]
    assert cost.load is not None


@pytest.mark.parametrize(
    ("kwargs", "name"), [({"repeats": 0}, "repeats"), ({"warmup": -1}, "warmup")]
)
def test_fault_cost_bad_counts(kwargs: dict[str, int], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        faults.fault_cost(64, **kwargs)

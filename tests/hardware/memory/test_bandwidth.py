"""Pruebas de la montaña de memoria y del modelo de canales (dadsbook.hardware.memory.bandwidth)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dadsbook.hardware.memory import bandwidth


def fake_caches(root: Path) -> Path:
    for index, (level, kind, size) in enumerate(
        (
            (1, "Data", "32K"),
            (1, "Instruction", "32K"),
            (2, "Unified", "1024K"),
            (3, "Unified", "32M"),
        )
    ):
        folder = root / f"index{index}"
        folder.mkdir(parents=True)
        (folder / "level").write_text(f"{level}\n")
        (folder / "type").write_text(kind + "\n")
        (folder / "size").write_text(size + "\n")
        (folder / "coherency_line_size").write_text("64\n")
        (folder / "shared_cpu_list").write_text("0\n")
    return root


def test_cache_levels_skip_instruction_caches(tmp_path: Path) -> None:
    levels = bandwidth.cache_levels(fake_caches(tmp_path))
    assert [(c.level, c.size_bytes) for c in levels] == [(1, 2**15), (2, 2**20), (3, 2**25)]
    assert "L2" in str(bandwidth.cache_table(levels))
    assert json.loads(json.dumps(levels[0].as_dict()))["line_bytes"] == 64
    assert bandwidth.cache_levels(tmp_path / "no-existe") == ()


def test_small_mountain_has_the_right_shape() -> None:
    sizes = [16 * 1024, 64 * 1024]
    m = bandwidth.memory_mountain(sizes, [1, 8], bytes_per_sample=2**18, repeats=1, warmup=0)
    assert m.sizes == tuple(sizes) and m.strides == (1, 8)
    assert all(v > 0 for row in m.gb_s for v in row)
    assert m.peak == max(m.at(s, k) for s in sizes for k in (1, 8))
    assert json.loads(json.dumps(m.as_dict()))["repeats"] == 1


def test_copy_bandwidth_is_positive() -> None:
    result = bandwidth.copy_bandwidth(8, repeats=2, warmup=1)
    assert result.copy_gb_s > 0
    assert result.traffic_gb_s == pytest.approx(2 * result.copy_gb_s)
    assert json.loads(json.dumps(result.as_dict()))["megabytes"] == 8


def test_channel_model_arithmetic() -> None:
    """DDR4-3200: 3200 MT/s × 8 bytes = 25,6 GB/s por canal."""
    assert bandwidth.peak_bandwidth_gb_s(1, 3200) == pytest.approx(25.6)
    assert bandwidth.peak_bandwidth_gb_s(2, 3200) == pytest.approx(51.2)
    assert bandwidth.peak_bandwidth_gb_s(8, 4800) == pytest.approx(307.2)


def test_powers_of_two_and_names() -> None:
    assert bandwidth.powers_of_two(3, 20) == [4, 8, 16]
    assert bandwidth.human_bytes(2**30) == "1 GiB"
    assert bandwidth._parse_size("1024K") == 2**20


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="sizes"):
        bandwidth.memory_mountain([], [1])
    with pytest.raises(ValueError, match="strides"):
        bandwidth.memory_mountain([4096], [0])
    with pytest.raises(ValueError, match="bytes_per_sample"):
        bandwidth.memory_mountain([4096], [1], bytes_per_sample=0)
    with pytest.raises(ValueError, match="megabytes"):
        bandwidth.copy_bandwidth(0)
    with pytest.raises(ValueError, match="channels"):
        bandwidth.peak_bandwidth_gb_s(0, 3200)
    with pytest.raises(ValueError, match="max_bytes"):
        bandwidth.powers_of_two(64, 8)

"""Paridad XOR con bytes de verdad: reconstrucción, lecturas degradadas y tiempos."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.disk import parity, raid


@settings(max_examples=60)
@given(st.integers(2, 8), st.integers(1, 16), st.data())
def test_any_lost_chunk_is_the_xor_of_the_rest(count: int, size: int, data: st.DataObject) -> None:
    chunks = [data.draw(st.binary(min_size=size, max_size=size)) for _ in range(count)]
    lost = data.draw(st.integers(0, count - 1))
    stripe = [*chunks, parity.xor_bytes(chunks)]
    survivors = [c for i, c in enumerate(stripe) if i != lost]
    assert parity.xor_bytes(survivors) == chunks[lost]


def test_xor_bytes_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="al menos"):
        parity.xor_bytes([])
    with pytest.raises(ValueError, match="mismo tamaño"):
        parity.xor_bytes([b"ab", b"abc"])


@pytest.mark.parametrize("layout", raid.LAYOUTS)
@pytest.mark.parametrize("disks", [3, 4, 5, 6])
def test_degraded_reads_match_the_formula(layout: str, disks: int) -> None:
    """Con un número de franjas múltiplo de N, la media es exactamente 2(N − 1)/N."""
    array = parity.ParityArray(disks, stripes=2 * disks, chunk_bytes=8, layout=layout)
    array.write(bytes(range(256)) * (array.capacity // 256) + bytes(array.capacity % 256))
    healthy, reads = array.read_all()
    assert reads == array.data_chunks
    for failed in range(disks):
        probe = parity.ParityArray(disks, stripes=2 * disks, chunk_bytes=8, layout=layout)
        probe.write(healthy)
        probe.fail(failed)
        data, degraded = probe.read_all()
        assert data == healthy
        assert degraded / probe.data_chunks == pytest.approx(parity.degraded_reads_expected(disks))


def test_rebuild_restores_the_data_and_detects_a_bad_survivor() -> None:
    drill = parity.drill(4, 16, 64, seed=3, failed=1)
    assert drill.degraded_same
    assert drill.rebuild.matches
    assert drill.rebuild.reads == 16 * 3
    assert drill.rebuild.writes == 16
    assert len(drill.table().rows) == 3
    array = parity.ParityArray(4, 4, 8)
    array.write(bytes(range(96)))
    array.fail(0)
    array.disks[2, 1, 0] ^= 0xFF  # un superviviente corrompido en silencio
    assert not array.rebuild().matches


def test_parity_array_validation() -> None:
    array = parity.ParityArray(3, 2, 4)
    with pytest.raises(ValueError, match="data debe tener"):
        array.write(b"corto")
    with pytest.raises(ValueError, match="no hay ningún disco fallado"):
        array.rebuild()
    array.fail(0)
    with pytest.raises(ValueError, match="ya ha fallado"):
        array.fail(1)
    with pytest.raises(ValueError, match="disks"):
        parity.ParityArray(2, 2, 4)
    with pytest.raises(ValueError, match="chunk"):
        array.read(99)


def test_rebuild_time_model_and_md_limits(tmp_path: Path) -> None:
    assert parity.rebuild_hours(20, 200) == pytest.approx(20e12 / 200e6 / 3600)
    with pytest.raises(ValueError, match="rate_mb_s"):
        parity.rebuild_hours(1, 0)
    (tmp_path / "speed_limit_min").write_text("1000\n")
    (tmp_path / "speed_limit_max").write_text("200000\n")
    assert parity.md_speed_limits(tmp_path) == (1000, 200000)
    assert parity.md_speed_limits(tmp_path / "no-existe") is None


def test_parity_table_shows_the_rebuilt_chunk() -> None:
    table = parity.parity_table([b"ALBA", b"CEBO", b"PIMI"], lost=2)
    assert table.rows[-1][1] == b"PIMI".hex(" ")
    assert table.rows[-1][2] == "igual"


def test_xor_throughput_measures_the_output_rate(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Solo mira la forma del resultado: con su propio cerrojo, no espera a que termine
    # de medir otro proceso de la máquina (una construcción, otra sesión de pruebas).
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "medir.lock"))
    rate = parity.xor_throughput(1, 3, repeats=3, warmup=0)
    assert len(rate.samples_gb_s) == 3
    assert rate.gb_s > 0
    assert rate.as_dict()["sources"] == 3
    with pytest.raises(ValueError, match="sources"):
        parity.xor_throughput(1, 1)
    assert np.isfinite(rate.gb_s)


def test_drill_keeps_its_published_counts_and_digest() -> None:
    """El simulacro no cambia con la misma semilla: E/S contadas y SHA-256 de los datos."""
    d = parity.drill(4, 16, 4096, seed=1, failed=2)
    assert (d.chunks, d.healthy_reads, d.degraded_reads, d.degraded_same) == (48, 48, 72, True)
    assert (d.rebuild.reads, d.rebuild.writes, d.rebuild.matches) == (48, 16, True)
    assert d.rebuild.digest == "b90d91f616729097300cc5c078f231a99f0885f1a936a45901d1aa0da8aaf782"


@settings(max_examples=15)
@given(st.integers(3, 6), st.integers(1, 6), st.integers(1, 64), st.data())
def test_read_all_is_every_read_in_order(
    disks: int, stripes: int, chunk: int, data: st.DataObject
) -> None:
    """read_all, read y digest dicen lo mismo, sano y con un disco caído."""
    import hashlib

    array = parity.ParityArray(disks, stripes, chunk)
    array.write(data.draw(st.binary(min_size=array.capacity, max_size=array.capacity)))
    for failed in (None, data.draw(st.integers(0, disks - 1))):
        if failed is not None:
            array.fail(failed)
        reads = array.reads
        parts = [array.read(c) for c in range(array.data_chunks)]
        one_by_one = (b"".join(p for p, _ in parts), sum(r for _, r in parts))
        assert array.read_all() == one_by_one
        assert array.reads == reads + 2 * one_by_one[1]
        assert array.digest() == hashlib.sha256(one_by_one[0]).hexdigest() == array.expected
        assert array.reads == reads + 2 * one_by_one[1]

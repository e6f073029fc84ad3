"""RAID: correspondencia de Linux md, validación y modelo de rendimiento."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.hardware.disk import raid


def arrays() -> st.SearchStrategy[raid.RaidArray]:
    """Conjuntos RAID válidos de cualquier nivel, disposición y trozo."""
    return st.sampled_from(raid.LEVELS).flatmap(
        lambda level: st.builds(
            raid.RaidArray,
            st.just(level),
            st.integers(raid.MIN_DISKS[level], 8),
            st.integers(1, 5),
            st.sampled_from(raid.LAYOUTS),
        )
    )


@given(arrays(), st.integers(1, 200))
def test_mapping_is_a_bijection_onto_data_positions(array: raid.RaidArray, count: int) -> None:
    """Bloques distintos van a posiciones distintas, nunca a la paridad de su franja."""
    seen: set[tuple[int, int]] = set()
    for block in range(count):
        where = array.locate(block)
        for disk, offset in where.copies:
            assert 0 <= disk < array.disks
            assert (disk, offset) not in seen
            seen.add((disk, offset))
            stripe = offset // array.chunk_size
            assert disk != array.parity_disk(stripe)
        assert (where.disk, where.offset) in where.copies


def test_left_symmetric_matches_md() -> None:
    """La tabla de mdadm para 4 discos, left-symmetric (la predeterminada)."""
    grid = raid.RaidArray(5, 4, 1, "left-symmetric").layout_grid(4)
    assert grid == [
        ["D0", "D1", "D2", "P0"],
        ["D4", "D5", "P1", "D3"],
        ["D8", "P2", "D6", "D7"],
        ["P3", "D9", "D10", "D11"],
    ]


def test_left_asymmetric_matches_md() -> None:
    grid = raid.RaidArray(5, 4, 1, "left-asymmetric").layout_grid(4)
    assert grid == [
        ["D0", "D1", "D2", "P0"],
        ["D3", "D4", "P1", "D5"],
        ["D6", "P2", "D7", "D8"],
        ["P3", "D9", "D10", "D11"],
    ]


def test_raid4_parity_is_always_the_last_disk() -> None:
    array = raid.RaidArray(4, 5, 2)
    assert {array.parity_disk(s) for s in range(20)} == {4}


def test_raid0_chunks_rotate_over_disks() -> None:
    array = raid.RaidArray(0, 3, chunk_size=2)
    assert [(array.locate(b).disk, array.locate(b).offset) for b in range(8)] == [
        (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (0, 2), (0, 3),
    ]  # fmt: skip


def test_raid1_keeps_a_copy_on_every_disk() -> None:
    assert raid.RaidArray(1, 3).locate(7).copies == ((0, 7), (1, 7), (2, 7))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"level": 5, "disks": 2}, "disks"),
        ({"level": 4, "disks": 2}, "disks"),
        ({"level": 1, "disks": 1}, "disks"),
        ({"level": 0, "disks": 1}, "disks"),
        ({"level": 0, "disks": 65}, "disks"),
        ({"level": 5, "disks": 4, "chunk_size": 0}, "chunk_size"),
        ({"level": 5, "disks": 4, "chunk_size": -3}, "chunk_size"),
        ({"level": 3, "disks": 4}, "level"),
        ({"level": 5, "disks": 4, "layout": "diagonal"}, "layout"),
    ],
)
def test_invalid_arrays_raise_spanish_errors(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=name) as error:
        raid.RaidArray(**kwargs)  # type: ignore[arg-type]
    assert "debe" in str(error.value)


def test_negative_block_is_rejected() -> None:
    with pytest.raises(ValueError, match="block"):
        raid.RaidArray(0, 2).locate(-1)


def test_small_write_penalty() -> None:
    """RAID 4 y 5 pagan 4 E/S por escritura pequeña; RAID 4 se atasca en la paridad."""
    r4, r5, r0 = raid.throughput(4, 6), raid.throughput(5, 6), raid.throughput(0, 6)
    assert r4.small_write_ios == r5.small_write_ios == 4
    assert r4.random_write < r5.random_write < r0.random_write
    assert r5.sequential_read == pytest.approx(5.0)
    with pytest.raises(ValueError, match="seq_mb_s"):
        raid.throughput(0, 2, seq_mb_s=0)


def test_tables_and_figure() -> None:
    array = raid.RaidArray(5, 3, 2, "left-asymmetric")
    assert len(array.layout_table(3).rows) == 3
    assert len(raid.throughput_table(4, 100.0, 1.0).rows) == len(raid.LEVELS) + 1
    assert len(raid.throughput_table(5, 100.0, 1.0).rows) == len(raid.LEVELS)  # sin parejas


def test_raid1_as_ostep_pairs_or_as_an_n_way_mirror() -> None:
    """OSTEP: N/2 parejas; md raid1: N copias. Capacidad, fallos y rendimiento de cada uno."""
    pairs = raid.throughput(1, 6, 100.0, 1.0, mirror="pairs")
    assert (pairs.capacity, pairs.tolerates, pairs.tolerates_best) == (3.0, 1, 3)
    assert (pairs.sequential_read, pairs.random_read, pairs.random_write) == (300.0, 6.0, 3.0)
    mirror = raid.throughput(1, 6, 100.0, 1.0)
    assert (mirror.capacity, mirror.tolerates, mirror.random_write) == (1.0, 5, 1.0)
    assert mirror.small_write_ios == 6
    assert raid.throughput(5, 6).tolerates == 1 and raid.throughput(0, 6).tolerates == 0
    with pytest.raises(ValueError, match="par"):
        raid.throughput(1, 5, mirror="pairs")
    with pytest.raises(ValueError, match="mirror"):
        raid.throughput(1, 4, mirror="raid10")


def test_random_raid_is_seeded_and_json_friendly() -> None:
    import json

    assert raid.random_raid(3) == raid.random_raid(3)
    problem = raid.random_raid(11, count=4)
    data = json.loads(json.dumps(problem.as_dict()))
    assert len(data["solution"]) == 4

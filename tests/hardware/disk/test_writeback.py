"""Caché de escritura diferida: fsync real y simulador con fallo."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.hardware.disk import writeback
from dadsbook.hardware.disk.writeback import Write


def test_fsync_policies_write_real_files() -> None:
    results = writeback.fsync_throughput(3, 512, repeats=1, warmup=0)
    assert set(results) == set(writeback.FSYNC_POLICIES)
    assert all(r.mb_per_s > 0 for r in results.values())


def test_filesystem_is_named() -> None:
    assert writeback.filesystem_of("/")


def test_crash_table_statuses() -> None:
    writes = [Write(1, 0, "a"), Write(2, 0, "b"), Write(3, 1, "c"), Write(9, 2, "d")]
    back = writeback.simulate(writes, "write-back", flush_interval=5, capacity=8, crash_time=8)
    assert [o.status for o in back.outcomes] == [
        "sustituida",
        "en disco",
        "en disco",
        "tras el fallo",
    ]
    assert back.disk_writes == 2
    through = writeback.simulate(
        writes, "write-through", flush_interval=5, capacity=8, crash_time=8
    )
    assert through.lost == 0
    assert through.disk_writes == 3
    assert len(back.table().rows) == 4


def test_eviction_persists_the_least_recently_used() -> None:
    writes = [Write(1, 0, "a"), Write(2, 1, "b"), Write(3, 2, "c")]
    r = writeback.simulate(writes, "write-back", flush_interval=100, capacity=2, crash_time=10)
    assert [o.status for o in r.outcomes] == ["en disco", "perdida", "perdida"]
    assert r.outcomes[0].persisted_at == 3


@given(st.integers(0, 1000), st.floats(0, 25), st.integers(1, 5))
def test_write_through_loses_nothing_acknowledged(seed: int, crash: float, capacity: int) -> None:
    """Con escritura inmediata nada confirmado se pierde; la diferida pierde como mucho
    un valor por bloque (el último de cada uno)."""
    writes = writeback.random_writes(seed, count=12, blocks=3)
    through = writeback.simulate(writes, "write-through", flush_interval=4, capacity=capacity,
                                 crash_time=crash)  # fmt: skip
    assert through.lost == 0
    back = writeback.simulate(writes, "write-back", flush_interval=4, capacity=capacity,
                              crash_time=crash)  # fmt: skip
    assert back.lost <= 3
    before_crash = sum(w.time <= crash for w in writes)
    assert back.disk_writes == sum(o.status == "en disco" for o in back.outcomes)
    assert back.disk_writes <= before_crash


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"policy": "lazy"}, "policy"),
        ({"flush_interval": 0}, "flush_interval"),
        ({"capacity": 0}, "capacity"),
        ({"crash_time": -1}, "crash_time"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"policy": "write-back", "flush_interval": 1.0, "capacity": 2,
                               "crash_time": 1.0}  # fmt: skip
    args.update(kwargs)
    policy = args.pop("policy")
    with pytest.raises(ValueError, match=name):
        writeback.simulate([], policy, **args)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="writes"):
        writeback.fsync_throughput(0, 10)


def test_as_dict_is_plain() -> None:
    import json

    r = writeback.simulate(writeback.random_writes(1), "write-back", flush_interval=3,
                           capacity=2, crash_time=10)  # fmt: skip
    assert json.loads(json.dumps(r.as_dict()))["policy"] == "write-back"


def test_expire_keeps_young_blocks_dirty() -> None:
    """Con expire, el vaciado solo lleva los bloques que llevan sucios al menos ese tiempo."""
    w = [Write(1.0, 0, "a"), Write(4.0, 1, "b")]
    options = {"flush_interval": 5.0, "capacity": 4, "crash_time": 7.0}
    young = writeback.simulate(w, "write-back", expire=3.0, **options)
    assert [o.status for o in young.outcomes] == ["en disco", "perdida"]
    every = writeback.simulate(w, "write-back", **options)
    assert [o.status for o in every.outcomes] == ["en disco", "en disco"]
    with pytest.raises(ValueError, match="expire"):
        writeback.simulate(w, "write-back", expire=-1.0, **options)


def test_flusher_settings_are_read_in_seconds(tmp_path: Path) -> None:
    (tmp_path / "dirty_writeback_centisecs").write_text("500\n")
    (tmp_path / "dirty_expire_centisecs").write_text("3000\n")
    settings_read = writeback.flusher_settings(tmp_path)
    assert settings_read == writeback.FlusherSettings(writeback_s=5.0, expire_s=30.0)
    assert writeback.LINUX_DIRTY_EXPIRE_CENTISECS / 100 == 30
    (tmp_path / "dirty_expire_centisecs").write_text("nada")
    assert writeback.flusher_settings(tmp_path).expire_s is None


def test_fsync_table_and_sim_table_use_spanish_numbers() -> None:
    results = writeback.fsync_throughput(3, 512, repeats=1, warmup=0)
    table = writeback.fsync_table(results)
    assert len(table.rows) == 3 and "RIC" in str(table)
    r = writeback.simulate(
        [Write(1.5, 0, "a")], "write-back", flush_interval=2.0, capacity=1, crash_time=3.0
    )
    assert "1,5" in str(r.table()) and "1.5" not in str(r.table())

"""El agujero de escritura de RAID 5: sin protección corrompe; el diario y PPL no."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.disk import writehole

UPDATE = {1: b"ESPINACA"}


def test_without_protection_the_hole_hits_untouched_chunks() -> None:
    """Corrupción exactamente cuando la franja quedó a medias y falta un disco no tocado."""
    parity_disk = len(writehole.KITCHEN)
    for run in writehole.explore(writehole.KITCHEN, UPDATE, "none"):
        half_done = len(run.completed) == 1
        untouched = run.failed not in UPDATE and run.failed != parity_disk
        assert (run.outcome == "corrupto") == (half_done and untouched), run
        if not run.completed:
            assert run.outcome == "viejo"
        if len(run.completed) == 2:
            assert run.outcome == "nuevo"


def stripes() -> st.SearchStrategy[tuple[tuple[bytes, ...], dict[int, bytes]]]:
    """Franjas de 2 a 5 trozos y una actualización que no toca la franja entera."""

    def build(count: int) -> st.SearchStrategy[tuple[tuple[bytes, ...], dict[int, bytes]]]:
        chunk = st.binary(min_size=4, max_size=4)
        data = st.tuples(*[chunk] * count)
        indices = st.sets(st.integers(0, count - 1), min_size=1, max_size=count - 1)
        updates = indices.flatmap(
            lambda idx: st.fixed_dictionaries({i: chunk for i in sorted(idx)})
        )
        return st.tuples(data, updates)

    return st.integers(2, 5).flatmap(build)


@settings(max_examples=60)
@given(stripes())
def test_journal_and_ppl_never_corrupt_untouched_chunks(
    case: tuple[tuple[bytes, ...], dict[int, bytes]],
) -> None:
    data, updates = case
    for protection in ("journal", "ppl"):
        assert all(r.outcome != "corrupto" for r in writehole.explore(data, updates, protection))
    assert all(r.outcome != "basura" for r in writehole.explore(data, updates, "journal"))


def test_ppl_leaves_the_written_part_arbitrary_if_a_modified_disk_is_lost() -> None:
    """Como dice raid5-ppl.rst: PPL no protege lo que estaba en vuelo en ese disco."""
    update = {0: b"ESPINACA", 1: b"LECHUGAS"}
    runs = writehole.explore(writehole.KITCHEN, update, "ppl")
    garbage = [r for r in runs if r.outcome == "basura"]
    assert garbage
    assert all(r.failed in update and not r.recovered for r in garbage)


def test_plans_follow_the_kernel_documentation() -> None:
    none = writehole.plan(writehole.KITCHEN, UPDATE, "none")
    assert [(s.phase, s.name) for s in none] == [(0, "D1"), (0, "P")]
    journal = writehole.plan(writehole.KITCHEN, UPDATE, "journal")
    assert journal[0].name == "diario" and {s.phase for s in journal[1:]} == {1}
    ppl = writehole.plan(writehole.KITCHEN, UPDATE, "ppl")
    partial = writehole.xor_bytes([writehole.KITCHEN[0], writehole.KITCHEN[2]])
    assert ppl[0].name == "PPL" and ppl[0].content == partial
    full = dict(enumerate((b"ESPINACA", b"LECHUGAS", b"CALABAZA")))
    assert [s.name for s in writehole.plan(writehole.KITCHEN, full, "ppl")] == [
        "D0",
        "D1",
        "D2",
        "P",
    ]
    assert writehole.device_writes(writehole.KITCHEN, UPDATE, "journal") == 4


def test_validation() -> None:
    with pytest.raises(ValueError, match="protection"):
        writehole.plan(writehole.KITCHEN, UPDATE, "raid6")
    with pytest.raises(ValueError, match="bytes"):
        writehole.plan(writehole.KITCHEN, {0: b"corto"}, "none")
    with pytest.raises(ValueError, match="updates"):
        writehole.plan(writehole.KITCHEN, {}, "none")
    with pytest.raises(ValueError, match="failed"):
        writehole.recover(writehole.KITCHEN, UPDATE, "none", [], 9)


def test_random_problem_table_and_figure() -> None:
    assert writehole.random_writehole(5) == writehole.random_writehole(5)
    problem = writehole.random_writehole(4)
    data = json.loads(json.dumps(problem.as_dict()))
    assert data["outcome"] in writehole.OUTCOMES
    assert "¿Qué se lee" in problem.describe()
    assert len(problem.statement().rows) == len(problem.data) + 1
    assert len(problem.table().rows) == len(problem.data)
    assert writehole.random_writehole(6, protection="ppl").protection == "ppl"
    assert len(writehole.summary_table(writehole.KITCHEN, UPDATE).rows) == 3
    assert writehole.show(b"\x00A") == "00 41"


def test_problem_round_trips_through_json() -> None:
    problem = writehole.random_writehole(8)
    data = json.loads(json.dumps(problem.problem()))
    assert writehole.WriteHoleProblem.from_problem(data) == problem
    with pytest.raises(ValueError, match="crash"):
        writehole.WriteHoleProblem.from_problem({**data, "crash": ["D9"]})
    with pytest.raises(ValueError, match="failed"):
        writehole.WriteHoleProblem.from_problem({**data, "failed": 99})

"""Tablas de páginas de varios niveles: el recorrido, las tablas necesarias y el coste."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.memory import pagetable as pt


@given(st.sampled_from(pt.SHAPES), st.data())
def test_split_recomposes_the_address(shape: pt.Shape, data: st.DataObject) -> None:
    address = data.draw(st.integers(0, (1 << shape.va_bits) - 1))
    indices, offset = shape.split(address)
    assert len(indices) == shape.levels
    value = 0
    for bits, index in zip(shape.index_bits, indices, strict=True):
        assert 0 <= index < 1 << bits
        value = (value << bits) | index
    assert (value << shape.offset_bits) | offset == address


def test_shapes_of_x86() -> None:
    assert pt.X86_64.va_bits == 48 and pt.X86_64_LA57.va_bits == 57
    assert pt.X86_64.table_bytes(0) == 4096 == pt.X86_32.table_bytes(1)
    assert pt.X86_64.linear_bytes == 512 * 2**30
    assert pt.X86_32.linear_bytes == 4 * 2**20
    assert pt.shape_for(2**47) is pt.X86_64 and pt.shape_for(2**50) is pt.X86_64_LA57
    with pytest.raises(ValueError, match="address"):
        pt.X86_64.split(2**48)


def test_walk_reads_one_entry_per_level_and_stops_at_the_missing_one() -> None:
    tree = pt.PageTable(pt.X86_64)
    vpn = 0x7F3A12345
    tree.map(vpn, 42)
    hit = tree.walk((vpn << 12) | 0x678)
    assert hit.physical == 42 * 4096 + 0x678 and hit.references == 4
    for step in hit.steps:
        assert step.entry_address == step.table_frame * 4096 + step.index * 8
    assert tree.walk((vpn + 1) << 12).steps[-1].level == 3  # misma tabla final, otra entrada
    miss = tree.walk(0)
    assert miss.physical is None and miss.references == 1  # la raíz no tiene esa entrada
    assert tree.count_by_level() == (1, 1, 1, 1)
    assert len(pt.walk_table(hit, pt.X86_64).rows) == 4


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 2**30), st.integers(1, 3000)), min_size=1, max_size=6))
def test_tables_needed_matches_building_the_tree(spans: list[tuple[int, int]]) -> None:
    """Contar por intervalos da lo mismo que construir el árbol página a página."""
    ranges = [(start * 4096, (start + pages) * 4096) for start, pages in spans]
    tree = pt.PageTable(pt.X86_64)
    for start, end in ranges:
        for vpn in range(start >> 12, end >> 12):
            tree.map(vpn, 1)
    assert pt.tables_needed(pt.X86_64, ranges) == tree.count_by_level()
    assert pt.tables_bytes(pt.X86_64, tree.count_by_level()) == tree.size_bytes


def test_tables_needed_examples() -> None:
    assert pt.tables_needed(pt.X86_64, [(0, 4096)]) == (1, 1, 1, 1)
    assert pt.tables_needed(pt.X86_64, [(0, 2**21 + 4096)]) == (1, 1, 1, 2)
    assert pt.tables_needed(pt.X86_32, [(0, 4096), (2**31, 2**31 + 4096)]) == (1, 2)
    assert pt.tables_needed(pt.X86_64, []) == (0, 0, 0, 0)
    with pytest.raises(ValueError, match="fin del intervalo"):
        pt.tables_needed(pt.X86_64, [(4096, 4096)])


def test_nested_walk_references() -> None:
    assert pt.nested_references(4, 4) == 24
    assert pt.nested_references(5, 5) == 35
    assert pt.nested_references(2, 4) == 14
    rows = pt.references_table().rows
    assert [r[1] for r in rows] == [2, 4, 5, 24, 35]


def test_sparse_trees_are_small_in_48_bits() -> None:
    data = pt.sparse_curves(1, [1, 16, 256], 16)
    tree48 = data[pt.X86_64.name]
    assert tree48 == sorted(tree48)
    assert tree48[-1] < pt.X86_64.linear_bytes / 1000
    assert pt.sparse_regions(2, 3, 4, 32) == pt.sparse_regions(2, 3, 4, 32)


def test_process_files(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text(
        "5631b62c5000-5631b62c7000 r--p 00000000 fe:00 1  /usr/bin/cat\n"
        "7ffd68fb1000-7ffd68fd2000 rw-p 00000000 00:00 0  [stack]\n"
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]\n"
    )
    assert pt.read_maps(maps) == [
        (0x5631B62C5000, 0x5631B62C7000),
        (0x7FFD68FB1000, 0x7FFD68FD2000),
    ]
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmPTE:\t     252 kB\n")
    assert pt.vm_pte_bytes(status) == 252 * 1024
    assert pt.vm_pte_bytes(tmp_path / "no-existe") is None
    assert pt.read_maps() and pt.vm_pte_bytes() is not None  # este proceso, en Linux


def test_random_walk_problem() -> None:
    assert pt.random_walk(2) == pt.random_walk(2)
    problem = pt.random_walk(9)
    walks = problem.solve()
    assert walks[-1].physical is None  # la última dirección cae en una página ausente
    assert all(w.physical is not None for w in walks[:-1])
    data = json.loads(json.dumps(problem.as_dict()))
    assert len(data["walks"]) == 3
    assert "raíz" in problem.describe()
    assert problem.statement().rows and len(problem.solution_table().rows) == 3
    assert pt.random_walk(3, shape=pt.X86_32).shape is pt.X86_32


def test_problem_round_trips_through_json() -> None:
    problem = pt.random_walk(4)
    data = json.loads(json.dumps(problem.problem()))
    assert pt.WalkProblem.from_problem(data) == problem
    with pytest.raises(ValueError, match="address"):
        pt.WalkProblem.from_problem({**data, "addresses": [2**60]})

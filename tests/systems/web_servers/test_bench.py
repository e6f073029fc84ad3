"""Pruebas del barrido repetido: ventanas intercaladas, tablas, figuras y carga de la máquina."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import pytest

from dadsbook.systems.web_servers import bench, figures
from dadsbook.systems.web_servers.load import LoadResult

SERVERS = ("uvicorn", "gthread", "sync")
Synthetic = Callable[..., bench.Sweep]
EVEN_IO = {s: 100.0 for s in SERVERS}
EVEN_CPU = {(s, w): 100.0 * w for s in SERVERS for w in (1, 2)}


def window(rps: float, p50: float) -> LoadResult:
    return LoadResult("http://127.0.0.1:1/", 8, int(rps), int(rps), 0, 1.0, p50, 2 * p50)


def test_point_statistics_come_from_the_windows() -> None:
    p = bench.Point("sync", 1, "io", tuple(window(r, p50=r / 10) for r in (10, 20, 30, 40, 50)))
    assert p.samples == (10.0, 20.0, 30.0, 40.0, 50.0)
    assert p.throughput == 30.0
    assert (p.q1, p.q3) == (20.0, 40.0)
    assert p.p50_ms == 3.0 and p.p99_ms == 6.0
    assert not p.busy and p.errors == 0


def test_sweep_structure_tables_and_figures(synthetic: Synthetic) -> None:
    data = synthetic(EVEN_IO, EVEN_CPU)
    assert data.servers == list(SERVERS)
    assert data.workers == [1, 2]
    assert data.errors() == 0
    table = data.table()
    assert len(table.rows) == 12
    text = str(table)
    assert "." not in text.replace("127.0.0.1", ""), "la tabla usa coma decimal"
    assert all(isinstance(cell, str) for row in table.rows for cell in row)
    with pytest.raises(KeyError, match="no se midió"):
        data.get("sync", "io", 3)
    assert len(figures.throughput_figure(data).axes) == 2
    assert len(figures.latency_figure(data).axes) == 2
    json.dumps(data.as_dict())
    assert data.load_note().startswith("la máquina no estaba ocupada")


def test_a_busy_block_is_reported(synthetic: Synthetic) -> None:
    data = synthetic(EVEN_IO, EVEN_CPU, busy=True)
    assert data.busy
    assert data.load_note().startswith("la máquina estaba ocupada")


def test_first_and_last_worker_counts_are_measured_together() -> None:
    assert bench.worker_groups([1]) == [[1]]
    assert bench.worker_groups([2, 1]) == [[1, 2]]
    assert bench.worker_groups([1, 2, 3, 4, 8]) == [[1, 8], [2], [3], [4]]


@pytest.mark.slow
def test_real_tiny_sweep_interleaves_repeated_windows() -> None:
    """Un barrido real mínimo: dos servidores, un trabajador, tres ventanas por combinación."""
    data = asyncio.run(
        bench.sweep(
            ["sync", "uvicorn"],
            [1],
            io_ms=1,
            cpu_iterations=100,
            concurrency=2,
            threads=1,
            requests=6,
            max_seconds=1.0,
            warmup=2,
            repeats=3,
        )
    )
    assert [(p.server, p.workers, p.handler) for p in data.points] == [
        ("sync", 1, "io"),
        ("sync", 1, "cpu"),
        ("uvicorn", 1, "io"),
        ("uvicorn", 1, "cpu"),
    ]
    for p in data.points:
        assert len(p.windows) == 3
        assert all(w.ok + w.errors == w.sent for w in p.windows)
        assert p.load is not None and p.load.wall_s > 0
    assert data.repeats == 3 and data.window_s == 1.0


@pytest.mark.parametrize(
    ("servers", "workers", "repeats"),
    [([], [1], 1), (["nginx"], [1], 1), (["sync"], [0], 1), (["sync"], [1], 0)],
)
def test_sweep_validates(servers: list[str], workers: list[int], repeats: int) -> None:
    with pytest.raises(ValueError, match=r"servers|workers|repeats"):
        asyncio.run(
            bench.sweep(
                servers,
                workers,
                io_ms=1,
                cpu_iterations=1,
                concurrency=1,
                threads=1,
                requests=1,
                max_seconds=1,
                warmup=0,
                repeats=repeats,
            )
        )

"""Pruebas del barrido y de las comparaciones que cita la página."""

from __future__ import annotations

import asyncio
import json

import pytest

from dadsbook.systems.web_servers import bench
from dadsbook.systems.web_servers.load import LoadResult


def _result(rps: float) -> LoadResult:
    return LoadResult("http://127.0.0.1:1/", 8, int(rps), int(rps), 0, 1.0, 10.0, 20.0)


def _sweep(io: dict[str, float], cpu: dict[tuple[str, int], float]) -> bench.Sweep:
    points = []
    for server in ("uvicorn", "gthread", "sync"):
        for workers in (1, 2):
            points.append(bench.Point(server, workers, "io", _result(io[server] * workers)))
            points.append(bench.Point(server, workers, "cpu", _result(cpu[server, workers])))
    return bench.Sweep(tuple(points), io_ms=10, cpu_iterations=100, concurrency=8, threads=2)


def test_findings_event_loop_wins_io_processes_win_cpu() -> None:
    io = {"uvicorn": 800.0, "gthread": 200.0, "sync": 100.0}
    cpu = {(s, w): 100.0 * w for s in ("uvicorn", "gthread", "sync") for w in (1, 2)}
    found = bench.findings(_sweep(io, cpu))
    assert found.io_loop_vs_threads == pytest.approx(4.0)
    assert found.io_loop_vs_sync == pytest.approx(8.0)
    assert found.cpu_process_gain == {"uvicorn": 2.0, "gthread": 2.0, "sync": 2.0}
    assert found.io_verdict.startswith("aquí gana el bucle")
    assert found.cpu_threads_verdict.startswith("lo mismo")
    assert found.cpu_process_verdict.startswith("añadir procesos sí")
    json.dumps(found.as_dict())


def test_findings_words_follow_the_numbers() -> None:
    """Si los números dicen otra cosa, la prosa elegida también."""
    io = {"uvicorn": 100.0, "gthread": 100.0, "sync": 100.0}
    cpu = {(s, w): 100.0 for s in ("uvicorn", "gthread", "sync") for w in (1, 2)}
    cpu["gthread", 1] = 150.0
    found = bench.findings(_sweep(io, cpu))
    assert found.io_verdict.startswith("en esta ejecución el bucle")
    assert found.cpu_threads_verdict.startswith("algo más")
    assert found.cpu_process_verdict.startswith("en esta ejecución ni siquiera")


def test_findings_needs_the_three_servers() -> None:
    data = bench.Sweep((bench.Point("sync", 1, "io", _result(1.0)),), 10, 100, 8, 2)
    with pytest.raises(ValueError, match="servidores"):
        bench.findings(data)


def test_sweep_structure_tables_and_figures() -> None:
    io = {"uvicorn": 800.0, "gthread": 200.0, "sync": 100.0}
    cpu = {(s, w): 100.0 * w for s in ("uvicorn", "gthread", "sync") for w in (1, 2)}
    data = _sweep(io, cpu)
    assert data.servers == ["uvicorn", "gthread", "sync"]
    assert data.workers == [1, 2]
    assert data.errors() == 0
    assert len(data.table().rows) == 12
    with pytest.raises(KeyError, match="no se midió"):
        data.get("sync", "io", 3)
    assert len(bench.throughput_figure(data).axes) == 2
    assert len(bench.latency_figure(data).axes) == 2
    json.dumps(data.as_dict())


def test_real_tiny_sweep() -> None:
    """Un barrido real mínimo: un servidor, un trabajador, los dos manejadores."""
    data = asyncio.run(
        bench.sweep(
            ["sync"],
            [1],
            io_ms=1,
            cpu_iterations=100,
            concurrency=2,
            threads=1,
            requests=10,
            max_seconds=2.0,
            warmup=2,
        )
    )
    assert [(p.server, p.workers, p.handler) for p in data.points] == [
        ("sync", 1, "io"),
        ("sync", 1, "cpu"),
    ]
    assert all(p.result.ok + p.result.errors == p.result.sent for p in data.points)


@pytest.mark.parametrize(("servers", "workers"), [([], [1]), (["nginx"], [1]), (["sync"], [0])])
def test_sweep_validates(servers: list[str], workers: list[int]) -> None:
    with pytest.raises(ValueError, match=r"servers|workers"):
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
            )
        )

"""Los números del barrido de servidores web, con ventanas de carga hechas a mano."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.systems.web_servers.bench import Point, Sweep
from dadsbook.systems.web_servers.bench_summary import bench_numbers
from dadsbook.systems.web_servers.load import LoadResult

JITTER = (0.98, 1.0, 1.02, 0.99, 1.01)
"""Cinco ventanas por punto, con un 2 % de dispersión: el veredicto puede decidir."""

# Rendimiento (pet/s) de cada (servidor, manejador, trabajadores).
RPS = {
    ("uvicorn", "io", 1): 1000, ("gthread", "io", 1): 400, ("sync", "io", 1): 100,
    ("uvicorn", "io", 2): 1900, ("gthread", "io", 2): 780, ("sync", "io", 2): 200,
    ("uvicorn", "cpu", 1): 50, ("gthread", "cpu", 1): 50, ("sync", "cpu", 1): 50,
    ("uvicorn", "cpu", 2): 95, ("gthread", "cpu", 2): 95, ("sync", "cpu", 2): 95,
}  # fmt: skip

PAGE = Path(__file__).resolve().parents[3] / "docs" / "sistemas/servidores-web.md"


def _point(server: str, handler: str, workers: int, *, errors: int = 0) -> Point:
    rps = RPS[(server, handler, workers)]
    windows = tuple(
        LoadResult("http://x", 50, int(rps * j), int(rps * j), errors if i == 0 else 0, 1.0,
                   10.0 * workers + i, 40.0 + i)
        for i, j in enumerate(JITTER)
    )  # fmt: skip
    return Point(server, workers, handler, windows)


def _sweep(servers: tuple[str, ...] = ("uvicorn", "gthread", "sync")) -> Sweep:
    points = tuple(
        _point(s, h, w, errors=3 if (s, h, w) == ("sync", "io", 2) else 0)
        for s in servers
        for w in (1, 2)
        for h in ("io", "cpu")
    )
    return Sweep(points, io_ms=100, cpu_iterations=20_000, concurrency=50, threads=8, repeats=5)


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    return bench_numbers(_sweep(), machine="m", cores=2, requests_max=400, seconds_max=3)


def test_parameters_and_ceilings(values: dict[str, object]) -> None:
    assert (values["web_machine"], values["web_cores"], values["web_top_workers"]) == ("m", 2, 2)
    assert values["web_errors"] == 3
    assert values["web_repeats"] == 5
    assert values["web_seconds_max"] == 3.0 and isinstance(values["web_seconds_max"], float)
    # 50 en vuelo, 8 hilos o 1 a la vez, cada una esperando 100 ms.
    assert values["web_io_ceiling_loop"] == pytest.approx(500.0)
    assert values["web_io_ceiling_threads"] == pytest.approx(80.0)
    assert values["web_io_ceiling_sync"] == pytest.approx(10.0)
    # Little: 50 en vuelo / 100 pet/s de sync = 500 ms.
    assert values["web_little_ms"] == pytest.approx(500.0)


def test_each_server_with_one_worker(values: dict[str, object]) -> None:
    assert values["web_io_uvicorn_rps"] == pytest.approx(1000.0)
    assert values["web_io_sync_rps"] == pytest.approx(100.0)
    assert values["web_cpu_gthread_p50"] == pytest.approx(12.0)  # mediana de 10…14
    assert values["web_io_uvicorn_p99"] == pytest.approx(42.0)
    assert values["web_io_loop_vs_sync"] == pytest.approx(10.0, rel=0.05)
    assert values["web_io_sync_gain"] == pytest.approx(2.0, rel=0.05)
    assert values["web_cpu_sync_gain"] == pytest.approx(1.9, rel=0.05)
    for key in ("web_io_verdict", "web_cpu_process_verdict", "web_io_takeaway"):
        assert isinstance(values[key], str) and values[key]


def test_keys_in_page_order(values: dict[str, object]) -> None:
    keys = list(values)
    assert keys[0] == "web_machine" and keys[-1] == "web_little_ms"
    assert keys.index("web_io_uvicorn_rps") < keys.index("web_cpu_uvicorn_gain")
    assert keys.index("web_cpu_uvicorn_gain") < keys.index("web_io_gthread_rps")


def test_a_sweep_without_the_three_servers_is_an_error() -> None:
    with pytest.raises(ValueError, match="servidores"):
        bench_numbers(_sweep(("uvicorn", "sync")), machine="m", cores=2, requests_max=1,
                      seconds_max=1)  # fmt: skip
    with pytest.raises(ValueError, match="cores"):
        bench_numbers(_sweep(), machine="m", cores=0, requests_max=1, seconds_max=1)


def test_the_page_finds_every_key_it_cites(values: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(web_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(web_[a-z0-9_]+)", text))
    # Las demás claves con ese prefijo las pega la propia celda (figuras, otras mediciones).
    elsewhere = set(re.findall(r"\b(web_[a-z0-9_]+)=", text))
    assert not set(values) & elsewhere
    assert used - elsewhere <= set(values), used - elsewhere - set(values)

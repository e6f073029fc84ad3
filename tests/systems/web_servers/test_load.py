"""Pruebas del generador de carga acotado."""

from __future__ import annotations

import asyncio
import time

import pytest

from dadsbook.systems.web_servers import launch, load

# Procesos o servidores reales durante segundos: fuera de make check.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("url", "kwargs", "match"),
    [
        ("http://example.com/", {}, "url"),
        ("https://127.0.0.1:1/", {}, "url"),
        ("http://127.0.0.1:1/", {"requests": 0}, "requests"),
        ("http://127.0.0.1:1/", {"concurrency": 0}, "concurrency"),
        ("http://127.0.0.1:1/", {"max_seconds": 0}, "max_seconds"),
        ("http://127.0.0.1:1/", {"warmup": -1}, "warmup"),
    ],
)
def test_validates(url: str, kwargs: dict[str, float], match: str) -> None:
    args: dict[str, float] = {"requests": 10, "concurrency": 2, "max_seconds": 1.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        asyncio.run(load.run_load(url, **args))  # type: ignore[arg-type]


def test_counts_add_up_against_a_real_server() -> None:
    """Contra un servidor real: correctas + errores = enviadas ≤ el máximo pedido."""
    with launch.serve("gthread", workers=1, threads=2) as server:
        result = asyncio.run(
            load.run_load(
                server.url + "/io?ms=1", requests=40, concurrency=4, max_seconds=5, warmup=4
            )
        )
    assert result.sent == 40
    assert result.ok + result.errors == result.sent
    assert result.ok > 0
    assert result.p50_ms <= result.p99_ms
    assert result.throughput > 0
    assert result.as_dict()["sent"] == 40
    assert "pet/s" in result.summary()


def test_stops_by_time_and_counts_failures() -> None:
    """Sin servidor: todo falla, cuenta como error y se para solo, a tiempo."""
    url = f"http://127.0.0.1:{launch.free_port()}/"
    began = time.perf_counter()
    result = asyncio.run(load.run_load(url, requests=1_000_000, concurrency=4, max_seconds=0.3))
    assert time.perf_counter() - began < 10
    assert result.ok == 0
    assert result.errors == result.sent > 0
    assert result.sent < 1_000_000
    assert result.throughput == 0

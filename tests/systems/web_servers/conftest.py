"""Barridos sintéticos para probar tablas, figuras y veredictos sin arrancar servidores."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dadsbook import measure
from dadsbook.systems.web_servers import bench
from dadsbook.systems.web_servers.load import LoadResult

SERVERS = ("uvicorn", "gthread", "sync")
Rates = dict[tuple[str, int, str], list[float]]


def window(rps: float, p50: float = 10.0) -> LoadResult:
    """Una ventana de un segundo con ``rps`` peticiones correctas."""
    return LoadResult("http://127.0.0.1:1/", 8, int(rps), int(rps), 0, 1.0, p50, 2 * p50)


def flat(value: float) -> list[float]:
    """Cinco ventanas alrededor de ``value`` con un 1 % de ruido."""
    return [value * f for f in (0.99, 1.0, 1.01, 1.0, 0.995)]


def make_sweep(rates: Rates, busy: bool = False) -> bench.Sweep:
    """Un barrido sintético: cada combinación con las tasas (pet/s) de sus ventanas."""
    load = measure.Load(10.0, 2, 0.9 if busy else 0.0, 0.0, 1.0)
    points = tuple(
        bench.Point(s, w, h, tuple(window(r) for r in rates[s, w, h]), load)
        for s in SERVERS
        for w in (1, 2)
        for h in ("io", "cpu")
    )
    return bench.Sweep(points, io_ms=10, cpu_iterations=100, concurrency=8, threads=2, repeats=5)


def rates(io: dict[str, float], cpu: dict[tuple[str, int], float]) -> Rates:
    """Tasas por combinación: en ``/io`` escalan con los procesos; en ``/cpu``, las dadas."""
    out: Rates = {}
    for s in SERVERS:
        for w in (1, 2):
            out[s, w, "io"] = flat(io[s] * w)
            out[s, w, "cpu"] = flat(cpu[s, w])
    return out


@pytest.fixture
def synthetic() -> Callable[..., bench.Sweep]:
    """``synthetic(io, cpu, busy=False)``: un barrido con esas tasas medianas."""

    def build(
        io: dict[str, float], cpu: dict[tuple[str, int], float], busy: bool = False
    ) -> bench.Sweep:
        return make_sweep(rates(io, cpu), busy=busy)

    return build

"""Pruebas del generador con calendario: lazo abierto, lazo cerrado y la omisión coordinada."""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from dadsbook.systems.web_servers import launch, openloop


def test_schedule_is_seeded_poisson() -> None:
    a = openloop.poisson_schedule(
        200.0, requests=4000, max_seconds=600.0, seed=3, mean_iterations=1000
    )
    b = openloop.poisson_schedule(
        200.0, requests=4000, max_seconds=600.0, seed=3, mean_iterations=1000
    )
    c = openloop.poisson_schedule(
        200.0, requests=4000, max_seconds=600.0, seed=4, mean_iterations=1000
    )
    assert a == b and a != c
    gaps = [y - x for x, y in zip((0.0, *a.offsets_s), a.offsets_s, strict=False)]
    assert statistics.fmean(gaps) == pytest.approx(1 / 200, rel=0.08)
    # Exponencial: la desviación típica es la media.
    assert statistics.pstdev(gaps) == pytest.approx(statistics.fmean(gaps), rel=0.1)
    assert statistics.fmean(a.iterations) == pytest.approx(1000, rel=0.08)
    assert min(a.iterations) >= 1
    assert a.path(0) == f"/cpu?n={a.iterations[0]}"


def test_schedule_is_cut_by_time_and_count() -> None:
    s = openloop.poisson_schedule(
        100.0, requests=10_000, max_seconds=0.5, seed=1, mean_iterations=1
    )
    assert all(t < 0.5 for t in s.offsets_s)
    assert 20 <= len(s.offsets_s) <= 100
    assert len(openloop.poisson_schedule(
        100.0, requests=7, max_seconds=600.0, seed=1, mean_iterations=1
    ).offsets_s) == 7  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rate": 0.0}, "rate"),
        ({"rate": 1e9}, "rate"),
        ({"requests": 0}, "requests"),
        ({"max_seconds": 0.0}, "max_seconds"),
        ({"max_seconds": 1e9}, "max_seconds"),
        ({"seed": -1}, "seed"),
        ({"mean_iterations": 0}, "mean_iterations"),
    ],
)
def test_schedule_validates(kwargs: dict[str, float], match: str) -> None:
    args: dict[str, float] = {
        "rate": 10.0, "requests": 10, "max_seconds": 1.0, "seed": 0, "mean_iterations": 10,
        **kwargs,
    }  # fmt: skip
    rate = args.pop("rate")
    with pytest.raises(ValueError, match=match):
        openloop.poisson_schedule(rate, **args)  # type: ignore[arg-type]


def _burst(count: int, gap_s: float, iterations: int) -> openloop.Schedule:
    """Llegadas casi a la vez, cada una con ``iterations`` vueltas de cálculo."""
    offsets = tuple(i * gap_s for i in range(count))
    return openloop.Schedule(1 / gap_s, offsets, (iterations,) * count, seed=0)


@pytest.mark.parametrize(
    ("url", "kwargs", "match"),
    [
        ("http://example.com", {}, "url"),
        ("http://127.0.0.1:1", {"mode": "medio"}, "mode"),
        ("http://127.0.0.1:1", {"clients": 0}, "clients"),
        ("http://127.0.0.1:1", {"max_in_flight": 0}, "max_in_flight"),
        ("http://127.0.0.1:1", {"timeout_s": 0.0}, "timeout_s"),
    ],
)
def test_run_validates(url: str, kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"mode": "abierto", **kwargs}
    with pytest.raises(ValueError, match=match):
        asyncio.run(openloop.run_schedule(url, _burst(2, 0.01, 1), **args))  # type: ignore[arg-type]


def test_closed_loop_omits_what_the_open_loop_measures() -> None:
    """Un servidor de un proceso y diez llegadas casi a la vez: el lazo cerrado mide cada
    servicio desde su envío; el abierto, la cola entera desde el instante previsto."""
    schedule = _burst(10, 0.001, 40_000)
    with launch.serve("sync", workers=1) as server:
        asyncio.run(openloop.run_schedule(server.url, _burst(2, 0.01, 10), mode="abierto"))
        # Son tiempos reales en una máquina de 2 CPU que, en make test, comparte con la
        # construcción del libro: un pico de carga puede alargar la única petición que el
        # lazo cerrado llega a servir. Hasta tres intentos; la relación debe cumplirse
        # en alguno (y el resto de comprobaciones, en el último).
        for _ in range(3):
            closed = asyncio.run(
                openloop.run_schedule(
                    server.url, schedule, mode="cerrado", clients=1, timeout_s=20.0
                )
            )
            opened = asyncio.run(
                openloop.run_schedule(server.url, schedule, mode="abierto", timeout_s=20.0)
            )
            if opened.p99_ms > 3 * closed.p99_ms:
                break
    assert opened.ok == opened.scheduled == 10
    assert closed.ok + closed.errors + closed.unsent == closed.scheduled
    assert closed.reported_ms == closed.from_send_ms
    assert opened.reported_ms == opened.from_intended_ms
    # Desde el instante previsto nunca se mide menos que desde el envío.
    for run in (closed, opened):
        for sent, intended in zip(run.from_send_ms, run.from_intended_ms, strict=True):
            assert intended >= sent
    assert opened.p99_ms > 3 * closed.p99_ms
    assert "lazo abierto" in opened.summary() and "sin enviar" in closed.summary()


def test_closed_loop_leaves_unsent_arrivals_when_late() -> None:
    """Si el servidor tarda más que el calendario, el lazo cerrado deja llegadas sin enviar."""
    schedule = _burst(10, 0.001, 40_000)  # calendario de 10 ms; cada servicio, unos 20 ms
    with launch.serve("sync", workers=1) as server:
        closed = asyncio.run(
            openloop.run_schedule(server.url, schedule, mode="cerrado", clients=1, timeout_s=20.0)
        )
    assert closed.unsent >= 5
    assert closed.ok + closed.errors + closed.unsent == 10


def test_without_server_everything_fails_fast() -> None:
    url = f"http://127.0.0.1:{launch.free_port()}"
    schedule = openloop.poisson_schedule(
        200.0, requests=50, max_seconds=0.3, seed=0, mean_iterations=10
    )
    began = time.perf_counter()
    for mode in ("abierto", "cerrado"):
        result = asyncio.run(
            openloop.run_schedule(url, schedule, mode=mode, clients=2, timeout_s=1.0)  # type: ignore[arg-type]
        )
        assert result.ok == 0
        assert result.errors + result.unsent == result.scheduled
    assert time.perf_counter() - began < 10

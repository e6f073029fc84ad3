"""Pruebas de async/await y el bucle de eventos (asyncio_demo)."""

from __future__ import annotations

import asyncio
import itertools
import logging

import pytest

from dadsbook import measure
from dadsbook.software.programming import asyncio_demo as ad
from dadsbook.software.programming import figures


def test_compare_clients_shapes_and_overlap() -> None:
    """Tres maneras, una cronología por petición; gather solapa las esperas."""
    # La aceleración es de reloj: con la máquina cargada (make test construye el libro a la
    # vez) la carga solo alarga gather, así que basta con que una de tres pasadas la muestre.
    speedups = []
    for _ in range(3):
        result = asyncio.run(ad.compare_clients(6, 0.03, threads=2, repeats=1, warmup=0))
        speedups.append(result.speedup("asyncio.gather"))
        if speedups[-1] > 2:
            break
    assert max(speedups) > 2, speedups
    assert set(result.timings) == set(ad.METHODS)
    for method in ad.METHODS:
        spans = result.spans[method]
        assert len(spans) == 6
        assert all(0 <= start <= end for start, end in spans)
    # En fila, cada petición empieza cuando acaba la anterior.
    sequential = result.spans["en fila"]
    assert all(b[0] >= a[1] for a, b in itertools.pairwise(sequential))
    # En fila no puede bajar de la suma de esperas (la carga solo la alarga).
    assert result.timings["en fila"].median_s >= 6 * 0.03 * 0.95
    assert all(m.load is not None for m in result.timings.values())
    # Una repetición no decide nada, por muy clara que parezca la mediana.
    assert result.verdict("asyncio.gather").decision == "sin diferencia medible"
    with pytest.raises(ValueError, match="baseline"):
        result.verdict("asyncio.gather", "otra")
    fig = figures.timeline_figure(result)
    assert len(fig.axes) == 3


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"requests": 0}, "requests"), ({"threads": 0}, "threads"), ({"delay_s": -1}, "delay_s")],
)
def test_compare_clients_validates(kwargs: dict[str, float], name: str) -> None:
    args = {"requests": 2, "delay_s": 0.0, "threads": 1} | kwargs
    coro = ad.compare_clients(int(args["requests"]), args["delay_s"], threads=int(args["threads"]))
    with pytest.raises(ValueError, match=name):
        asyncio.run(coro)


def test_blocking_the_loop_is_detected_and_fixed() -> None:
    """time.sleep en una corrutina retrasa al reloj y deja avisos; en un hilo, no."""

    async def scenario() -> dict[str, tuple[ad.Lateness, list[str]]]:
        out = {}
        for mode in ad.LATENESS_MODES:
            lateness = await ad.ticker_lateness(
                mode, period_s=0.005, ticks=4, block_s=0.04, slow_threshold_s=0.02
            )
            out[mode] = (lateness, list(lateness.slow_warnings))
        return out

    out = asyncio.run(scenario())
    blocked, warnings = out["time.sleep en el bucle"]
    assert blocked.median_s >= 0.02
    assert warnings
    # Con la máquina cargada, el propio escenario puede dejar antes otro aviso lento.
    assert any("worker()" in ad.short_slow_message(w) for w in warnings)
    assert len(out["solo"][0].delays_s) == 4
    assert all(lateness.load is not None for lateness, _ in out.values())


def test_slow_callbacks_restores_the_loop_and_logger() -> None:
    logger = logging.getLogger("asyncio")

    async def scenario() -> tuple[bool, float, bool]:
        loop = asyncio.get_running_loop()
        with ad.slow_callbacks(0.01):
            assert loop.get_debug()
        await asyncio.sleep(0)
        return loop.get_debug(), loop.slow_callback_duration, logger.propagate

    before = len(logger.handlers)
    debug, duration, propagate = asyncio.run(scenario())
    assert not debug
    assert duration == pytest.approx(0.1)
    assert propagate
    assert len(logger.handlers) == before


def test_ticker_validates_mode() -> None:
    with pytest.raises(ValueError, match="mode"):
        asyncio.run(ad.ticker_lateness("otro"))
    with pytest.raises(ValueError, match=r"period_s debe ser un número > 0 y ≤ 1"):
        asyncio.run(ad.ticker_lateness("solo", period_s=0))


def test_many_waits_counts_and_memory() -> None:
    result = asyncio.run(
        ad.many_waits(200, 0.01, memory_sample=100, memory_repeats=2, repeats=3, warmup=0)
    )
    assert result.count == 200
    assert len(result.elapsed.samples_ns) == 3 and len(result.bytes_per_task_samples) == 2
    assert result.elapsed_s >= 0.01
    assert result.bytes_per_task > 0
    low, high = result.overhead_spread_s
    assert 0 <= low <= result.overhead_per_task_s <= high


def test_the_clients_verdict_names_both_ways() -> None:
    """Con siete repeticiones claras, gather fue más rápido que en fila (sin medir)."""

    def timing(ms: float) -> measure.Measurement:
        return measure.Measurement(
            "x", tuple(int(ms * 1e6 * f) for f in (0.99, 1, 1.01, 1, 0.995)), 0
        )

    result = ad.ClientComparison(
        4,
        0.01,
        2,
        {"en fila": timing(40), "asyncio.gather": timing(10), "pool de hilos": timing(20)},
        {},
    )
    v = result.verdict("asyncio.gather")
    assert v.decision == "menor"
    assert v.phrase.startswith("asyncio.gather fue más rápido que hacerlas en fila")
    assert result.verdict("pool de hilos", "asyncio.gather").phrase.startswith(
        "el pool de hilos fue más lento que asyncio.gather"
    )


def test_many_waits_validates() -> None:
    with pytest.raises(ValueError, match="count"):
        asyncio.run(ad.many_waits(0))
    with pytest.raises(ValueError, match="memory_repeats"):
        asyncio.run(ad.many_waits(10, memory_repeats=0))

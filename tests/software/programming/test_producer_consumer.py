"""Pruebas del productor-consumidor con hilos, asyncio y procesos."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.programming import producer_consumer as pc


@settings(max_examples=25)
@given(
    producers=st.integers(1, 4),
    consumers=st.integers(1, 4),
    items=st.integers(0, 30),
    buffer=st.integers(1, 5),
)
def test_threads_consume_everything_exactly_once(
    producers: int, consumers: int, items: int, buffer: int
) -> None:
    """Propiedad: con hilos, cada elemento producido se consume una vez, ni más ni menos."""
    config = pc.PCConfig(producers, consumers, items, buffer)
    result = pc.run_threads(config)
    assert (result.consumed, result.lost, result.duplicated) == (config.total, 0, 0)
    assert len(result.put_times) == len(result.take_times) == config.total


@settings(max_examples=25)
@given(
    producers=st.integers(1, 4),
    consumers=st.integers(1, 4),
    items=st.integers(0, 30),
    buffer=st.integers(1, 5),
)
def test_asyncio_consumes_everything_exactly_once(
    producers: int, consumers: int, items: int, buffer: int
) -> None:
    config = pc.PCConfig(producers, consumers, items, buffer)
    result = asyncio.run(pc.run_asyncio(config))
    assert (result.consumed, result.lost, result.duplicated) == (config.total, 0, 0)


@pytest.mark.parametrize(("producers", "consumers", "buffer"), [(1, 1, 1), (2, 3, 2)])
def test_processes_consume_everything_exactly_once(
    producers: int, consumers: int, buffer: int
) -> None:
    config = pc.PCConfig(producers, consumers, 15, buffer)
    result = pc.run_processes(config)
    assert (result.consumed, result.lost, result.duplicated) == (config.total, 0, 0)


def test_small_buffer_blocks_the_producer() -> None:
    """Contrapresión: con búfer 1 y consumidor lento el productor espera; con búfer grande no."""
    small = pc.run_threads(pc.PCConfig(1, 1, 10, 1, consume_delay_s=0.005))
    big = pc.run_threads(pc.PCConfig(1, 1, 10, 10, consume_delay_s=0.005))
    assert small.blocked_puts >= 5
    assert small.blocked_s > 0
    assert big.blocked_puts == 0


def test_queue_never_holds_more_than_the_buffer() -> None:
    """Los puts completados nunca adelantan a los gets en más que el búfer (+1 en mano)."""
    result = pc.run_threads(pc.PCConfig(1, 1, 20, 3, consume_delay_s=0.002))
    for k, put in enumerate(result.put_times):
        taken_before = sum(t <= put for t in result.take_times)
        assert (k + 1) - taken_before <= 3 + 1


def test_verify_raises_on_lost_and_duplicated() -> None:
    with pytest.raises(RuntimeError, match="1 elementos perdidos"):
        pc.verify([(0, 0), (0, 1)], [(0, 0)])
    with pytest.raises(RuntimeError, match="1 duplicados"):
        pc.verify([(0, 0)], [(0, 0), (0, 0)])
    assert pc.verify([], []) == (0, 0)


def test_run_dispatches_every_backend() -> None:
    async def scenario() -> list[pc.PCResult]:
        return [await pc.run(b, pc.PCConfig(1, 2, 5, 2)) for b in pc.BACKENDS]

    results = asyncio.run(scenario())
    assert [r.backend for r in results] == list(pc.BACKENDS)
    assert all(r.consumed == 5 and r.throughput > 0 for r in results)
    assert all(r.load is not None for r in results)


def test_repeat_gives_medians_of_every_run() -> None:
    config = pc.PCConfig(1, 1, 6, 1, consume_delay_s=0.002)
    series = asyncio.run(pc.repeat("hilos", config, 3))
    assert len(series.runs) == len(series.throughputs) == 3
    assert series.config == config and series.last is series.runs[-1]
    assert series.median("consumed") == 6
    assert min(series.throughputs) <= series.median("throughput") <= max(series.throughputs)
    assert series.median("last_put_s") > 0
    with pytest.raises(ValueError, match="attribute"):
        series.median("color")
    with pytest.raises(ValueError, match="repeats"):
        asyncio.run(pc.repeat("hilos", config, 0))
    with pytest.raises(ValueError, match="runs"):
        pc.PCRepeated(())


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"consumers": 0}, "consumers"),
        ({"producers": 0}, "producers"),
        ({"buffer": 0}, "buffer"),
        ({"consume_delay_s": -0.1}, "consume_delay_s"),
        ({"produce_delay_s": -1}, "produce_delay_s"),
    ],
)
def test_validation(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ValueError, match=name) as info:
        pc.PCConfig(**kwargs)  # type: ignore[arg-type]
    assert "debe" in str(info.value)


def test_run_validates_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        asyncio.run(pc.run("fibras", pc.PCConfig()))


def test_processes_lose_nothing_under_pressure() -> None:
    """Regresión: los últimos elementos de un productor no pueden quedar tras los centinelas."""
    for _ in range(5):
        result = pc.run_processes(pc.PCConfig(3, 2, 40, 2))
        assert result.consumed == 120

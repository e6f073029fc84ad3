"""Pruebas del servidor con retardo (dadsbook.software.programming.delay_server)."""

from __future__ import annotations

import asyncio
import time

import pytest

from dadsbook.software.programming.delay_server import (
    delay_server,
    request_async,
    request_blocking,
)


def test_echoes_after_the_delay() -> None:
    """El servidor devuelve la línea tal cual y no antes de la espera pedida."""

    async def scenario() -> tuple[bytes, float]:
        async with delay_server(0.05) as port:
            start = time.perf_counter()
            answer = await request_async(port, b"eco")
            return answer, time.perf_counter() - start

    answer, elapsed = asyncio.run(scenario())
    assert answer == b"eco"
    assert elapsed >= 0.045


def test_blocking_client_from_a_thread() -> None:
    """El cliente bloqueante funciona desde un hilo mientras el bucle atiende al servidor."""

    async def scenario() -> bytes:
        async with delay_server(0.0) as port:
            return await asyncio.to_thread(request_blocking, port, b"hola")

    assert asyncio.run(scenario()) == b"hola"


def test_port_is_closed_after_the_block() -> None:
    """Al salir del bloque no queda nadie escuchando en el puerto."""

    async def scenario() -> int:
        async with delay_server(0.0) as port:
            pass
        return port

    port = asyncio.run(scenario())
    with pytest.raises(OSError):
        request_blocking(port, b"x", timeout_s=1)


@pytest.mark.parametrize("delay", [-0.1, float("nan"), 99, True])
def test_bad_delay(delay: float) -> None:
    async def scenario() -> None:
        async with delay_server(delay):
            pass

    with pytest.raises(ValueError, match="delay_s"):
        asyncio.run(scenario())


def test_bad_port() -> None:
    with pytest.raises(ValueError, match="port"):
        request_blocking(0, b"x")

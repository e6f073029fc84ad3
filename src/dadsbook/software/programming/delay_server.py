"""Un servidor TCP diminuto que contesta tras una espera: la «red lenta» de la página.

:func:`delay_server` escucha en ``127.0.0.1`` en un puerto libre, lee una línea,
espera ``delay_s`` segundos **sin bloquear** (``await asyncio.sleep``) y la devuelve.
Es un gestor de contexto asíncrono: al salir cierra el servidor y todas sus
conexiones, así que nada sobrevive a la celda que lo usa.

:func:`request_blocking` es el cliente clásico, con un *socket* bloqueante (para
hilos); :func:`request_async`, el cliente con ``asyncio``.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dadsbook.validation import check_int, check_number

__all__ = ["HOST", "delay_server", "request_async", "request_blocking"]

HOST = "127.0.0.1"


@asynccontextmanager
async def delay_server(delay_s: float) -> AsyncIterator[int]:
    """Arranca el servidor y entrega su puerto; al salir lo cierra todo.

    >>> async def demo() -> bytes:
    ...     async with delay_server(0.01) as port:
    ...         return await request_async(port, b"hola")
    >>> asyncio.run(demo())
    b'hola'
    """
    check_number("delay_s", delay_s, 0, 5.0)
    writers: set[asyncio.StreamWriter] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.add(writer)
        try:
            line = await reader.readline()
            await asyncio.sleep(delay_s)
            writer.write(line)
            await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writers.discard(writer)
            writer.close()

    server = await asyncio.start_server(handle, HOST, 0)
    port = int(server.sockets[0].getsockname()[1])
    try:
        yield port
    finally:
        server.close()
        for writer in list(writers):
            writer.close()
        await server.wait_closed()


async def request_async(port: int, payload: bytes) -> bytes:
    """Envía ``payload`` (una línea) y espera la respuesta, sin bloquear el bucle."""
    check_int("port", port, 1, 65535)
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(payload.rstrip(b"\n") + b"\n")
        await writer.drain()
        return (await reader.readline()).rstrip(b"\n")
    finally:
        writer.close()
        await writer.wait_closed()


def request_blocking(port: int, payload: bytes, timeout_s: float = 10.0) -> bytes:
    """Lo mismo con un *socket* bloqueante: el hilo que lo llama se queda esperando."""
    check_int("port", port, 1, 65535)
    with socket.create_connection((HOST, port), timeout=timeout_s) as sock:
        sock.sendall(payload.rstrip(b"\n") + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.rstrip(b"\n")

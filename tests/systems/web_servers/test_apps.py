"""Pruebas de las aplicaciones ASGI y WSGI (sin servidor: se llaman directamente)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

from dadsbook.systems.web_servers import apps
from dadsbook.workloads import python_spin


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/io", "ms=0", 200),
        ("/io", "", 200),
        ("/cpu", "n=100", 200),
        ("/pid", "", 200),
        ("/io", "ms=abc", 400),
        ("/io", f"ms={apps.MAX_IO_MS + 1}", 400),
        ("/cpu", "n=-5", 400),
        ("/", "", 404),
    ],
)
def test_routes(path: str, query: str, status: int) -> None:
    """Cada ruta devuelve su estado; los parámetros fuera de rango dan 400."""
    assert apps.handle(path, query)[0] == status


def test_cpu_body_is_the_real_computation() -> None:
    assert apps.handle("/cpu", "n=1000")[1] == f"cpu {python_spin(1000)}".encode()


def _call_asgi(path: str, query: bytes) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "path": path, "query_string": query}
    asyncio.run(apps.asgi_app(scope, receive, send))
    return int(sent[0]["status"]), bytes(sent[1]["body"])


def test_asgi_matches_the_shared_logic() -> None:
    """La aplicación ASGI responde lo mismo que ``handle`` y con sus cabeceras."""
    assert _call_asgi("/io", b"ms=1") == (200, b"io 1")
    assert _call_asgi("/cpu", b"n=50") == apps.handle("/cpu", "n=50")
    assert _call_asgi("/pid", b"") == (200, str(os.getpid()).encode())
    assert _call_asgi("/nada", b"")[0] == 404


def test_asgi_ignores_lifespan() -> None:
    async def never() -> dict[str, Any]:
        raise AssertionError("no debería leer nada")

    async def no_send(message: Any) -> None:
        raise AssertionError("no debería responder nada")

    asyncio.run(apps.asgi_app({"type": "lifespan"}, never, no_send))


def test_wsgi_status_line_and_length() -> None:
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen.append((status, headers))

    body = b"".join(apps.wsgi_app({"PATH_INFO": "/io", "QUERY_STRING": "ms=0"}, start_response))
    assert body == b"io 0"
    assert seen[0][0] == "200 OK"
    assert ("Content-Length", "4") in seen[0][1]
    apps.wsgi_app({"PATH_INFO": "/x", "QUERY_STRING": ""}, start_response)
    assert seen[1][0] == "404 Not Found"

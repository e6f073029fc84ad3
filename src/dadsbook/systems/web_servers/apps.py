"""Las dos aplicaciones que sirven los servidores de la página: una ASGI y una WSGI.

Ambas atienden las mismas rutas, para que lo único que cambie entre servidores sea
el modelo de concurrencia:

- ``/io?ms=20``: espera ``ms`` milisegundos, como quien aguarda a una base de datos.
  La versión ASGI hace ``await asyncio.sleep`` (cede el bucle de eventos); la WSGI,
  ``time.sleep`` (bloquea su hilo, pero suelta el GIL).
- ``/cpu?n=20000``: ``n`` vueltas de aritmética en Python puro
  (:func:`dadsbook.workloads.python_spin`), que retienen el GIL.
- ``/pid``: el identificador del proceso que atendió (para ver el reparto entre
  trabajadores).
- cualquier otra ruta: 404.

>>> status, body = handle("/io", "ms=0")
>>> status, body
(200, b'io 0')
>>> handle("/cpu", "n=10")[0]
200
>>> handle("/nada", "")[0]
404
>>> handle("/io", "ms=-1")[0]
400
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from dadsbook.workloads import python_spin

__all__ = ["MAX_CPU_ITERATIONS", "MAX_IO_MS", "asgi_app", "handle", "wsgi_app"]

#: Límite de la espera de ``/io`` (ms): una petición nunca retiene al servidor más.
MAX_IO_MS = 5_000
#: Límite de ``/cpu``: unos segundos de cálculo como mucho.
MAX_CPU_ITERATIONS = 50_000_000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
StartResponse = Callable[[str, list[tuple[str, str]]], object]

_REASONS = {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found"}


def _int_param(query: str, name: str, default: int, upper: int) -> int | None:
    values = parse_qs(query).get(name)
    if not values:
        return default
    try:
        value = int(values[0])
    except ValueError:
        return None
    return value if 0 <= value <= upper else None


def _route(path: str, query: str) -> tuple[int, str, float, int]:
    """Decide la respuesta sin ejecutarla: (estado, tipo, espera en s, vueltas de CPU)."""
    if path == "/io":
        ms = _int_param(query, "ms", 20, MAX_IO_MS)
        return (400, "", 0.0, 0) if ms is None else (200, "io", ms / 1000, ms)
    if path == "/cpu":
        n = _int_param(query, "n", 20_000, MAX_CPU_ITERATIONS)
        return (400, "", 0.0, 0) if n is None else (200, "cpu", 0.0, n)
    if path == "/pid":
        return 200, "pid", 0.0, 0
    return 404, "", 0.0, 0


def _body(kind: str, amount: int) -> bytes:
    if kind == "io":
        return f"io {amount}".encode()
    if kind == "cpu":
        return f"cpu {python_spin(amount) if amount > 0 else 0}".encode()
    if kind == "pid":
        return str(os.getpid()).encode()
    return b"no encontrado"


def handle(path: str, query: str) -> tuple[int, bytes]:
    """Atiende una petición de forma síncrona (la lógica que comparten ASGI y WSGI)."""
    status, kind, wait_s, amount = _route(path, query)
    if status != 200:
        return status, b"peticion no valida" if status == 400 else b"no encontrado"
    if wait_s > 0:
        time.sleep(wait_s)
    return status, _body(kind, amount)


async def asgi_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Aplicación ASGI: la espera de ``/io`` cede el bucle de eventos."""
    if scope["type"] != "http":  # lifespan y demás: no hay nada que preparar
        return
    query = scope.get("query_string", b"").decode("latin-1")
    status, kind, wait_s, amount = _route(scope["path"], query)
    if status != 200:
        body = b"peticion no valida" if status == 400 else b"no encontrado"
    else:
        if wait_s > 0:
            await asyncio.sleep(wait_s)
        body = _body(kind, amount)
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def wsgi_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """Aplicación WSGI: la espera de ``/io`` bloquea el hilo que atiende."""
    status, body = handle(environ.get("PATH_INFO", "/"), environ.get("QUERY_STRING", ""))
    headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    start_response(_REASONS[status], headers)
    return [body]

"""Arrancar y parar servidores web de verdad, como subprocesos en 127.0.0.1.

Tres modelos de concurrencia, los que se despliegan con Python:

- ``uvicorn``: un **bucle de eventos** por proceso con la aplicación ASGI (el modelo
  de Node.js; Kestrel, en .NET, no es esto: su E/S es asíncrona, pero las
  continuaciones corren en el *pool* de hilos). Con ``workers > 1`` uvicorn
  arranca varios procesos que comparten el puerto.
- ``gthread``: gunicorn con trabajadores ``gthread``: un **hilo por petición** en
  curso, tomado de un *pool* de ``threads`` hilos por proceso (la aplicación WSGI).
- ``sync``: gunicorn con trabajadores ``sync``: cada **proceso** atiende una
  petición cada vez; la concurrencia sale solo de tener ``workers`` procesos (la
  idea del módulo ``cluster`` de Node.js).

Reglas de higiene que cumple :func:`serve`:

- Solo escucha en ``127.0.0.1``, en un puerto libre que elige el sistema.
- Espera a que el servidor responda sondeando el puerto, con un *timeout*; si no
  llega, lanza :class:`ServerNotReadyError` con un mensaje en español.
- Lo que imprime el servidor va a un fichero temporal que solo se lee si algo falla.
- Al salir del bloque ``with`` (también si una celda falla) termina **todo el grupo
  de procesos**: primero ``SIGTERM`` y, si no basta, ``SIGKILL``.

>>> sorted(SERVERS)
['gthread', 'sync', 'uvicorn']
>>> command("sync", port=8000, workers=2)[-1]
'dadsbook.systems.web_servers.apps:wsgi_app'
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO

from dadsbook import fmt
from dadsbook.validation import check_choice, check_int

__all__ = [
    "SERVERS",
    "RunningServer",
    "ServerNotReadyError",
    "command",
    "free_port",
    "serve",
    "start",
]

HOST = "127.0.0.1"
ASGI_APP = "dadsbook.systems.web_servers.apps:asgi_app"
WSGI_APP = "dadsbook.systems.web_servers.apps:wsgi_app"

#: Servidor → descripción corta en español.
SERVERS: dict[str, str] = {
    "uvicorn": "uvicorn (bucle de eventos)",
    "gthread": "gunicorn gthread (hilo por petición)",
    "sync": "gunicorn sync (proceso por petición)",
}

MAX_WORKERS = 64
MAX_THREADS = 256


class ServerNotReadyError(RuntimeError):
    """El servidor no llegó a responder a tiempo (o terminó antes de hacerlo)."""


@dataclass(frozen=True)
class RunningServer:
    """Un servidor en marcha: nombre, trabajadores, puerto y PID del proceso principal."""

    name: str
    workers: int
    port: int
    pid: int
    startup_s: float

    @property
    def url(self) -> str:
        """URL base, siempre en 127.0.0.1."""
        return f"http://{HOST}:{self.port}"


def free_port() -> int:
    """Un puerto TCP libre en 127.0.0.1, elegido por el sistema (puerto 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def command(name: str, *, port: int, workers: int = 1, threads: int = 8) -> list[str]:
    """La línea de órdenes que arranca el servidor ``name`` en ``127.0.0.1:port``."""
    check_choice("name", name, SERVERS)
    check_int("port", port, 1, 65535)
    check_int("workers", workers, 1, MAX_WORKERS)
    check_int("threads", threads, 1, MAX_THREADS)
    if name == "uvicorn":
        return [
            sys.executable, "-m", "uvicorn", ASGI_APP,
            "--host", HOST, "--port", str(port), "--workers", str(workers),
            "--no-access-log", "--log-level", "warning", "--lifespan", "off",
        ]  # fmt: skip
    worker_class = (
        ["-k", "gthread", "--threads", str(threads)] if name == "gthread" else ["-k", "sync"]
    )
    return [
        sys.executable, "-m", "gunicorn", *worker_class, "--workers", str(workers),
        "--bind", f"{HOST}:{port}", "--no-control-socket", "--log-level", "warning",
        "--graceful-timeout", "1", WSGI_APP,
    ]  # fmt: skip


def _answers(port: int, timeout_s: float) -> bool:
    """¿Responde ``GET /pid`` en el puerto? (una petición HTTP, no solo un ``connect``)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout_s)
    try:
        conn.request("GET", "/pid")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _log_tail(log: IO[bytes], limit: int = 800) -> str:
    log.flush()
    log.seek(0)
    text = log.read().decode("utf-8", errors="replace").strip()
    return text[-limit:] if text else "(sin salida)"


def _stop_group(proc: subprocess.Popen[bytes], grace_s: float) -> None:
    """Termina el grupo de procesos entero: SIGTERM, espera y, si hace falta, SIGKILL."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace_s)
    # Aunque el principal ya haya salido, un hijo huérfano del grupo no sobrevive.
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@contextmanager
def start(
    argv: Sequence[str],
    *,
    port: int,
    name: str = "servidor",
    workers: int = 1,
    ready_timeout_s: float = 15.0,
    stop_grace_s: float = 5.0,
) -> Iterator[RunningServer]:
    """Arranca ``argv`` (que debe escuchar en ``127.0.0.1:port``) y lo para al salir.

    Espera hasta ``ready_timeout_s`` a que ``GET /pid`` responda; si no, mata el
    grupo de procesos y lanza :class:`ServerNotReadyError`.
    """
    if not argv:
        raise ValueError("argv debe contener al menos el programa a ejecutar")
    check_int("port", port, 1, 65535)
    if not 0 < ready_timeout_s <= 120:
        raise ValueError(f"ready_timeout_s debe estar en (0, 120]; se recibió {ready_timeout_s!r}")
    if not 0 < stop_grace_s <= 60:
        raise ValueError(f"stop_grace_s debe estar en (0, 60]; se recibió {stop_grace_s!r}")
    with tempfile.TemporaryFile() as log:
        began = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # grupo de procesos propio: se mata entero
        )
        try:
            deadline = began + ready_timeout_s
            while not _answers(port, timeout_s=0.5):
                if proc.poll() is not None:
                    raise ServerNotReadyError(
                        f"el {name} terminó con código {proc.returncode} antes de responder "
                        f"en {HOST}:{port}.\nSalida del servidor:\n{_log_tail(log)}"
                    )
                if time.perf_counter() >= deadline:
                    raise ServerNotReadyError(
                        f"el {name} no respondió en {HOST}:{port} tras "
                        f"{fmt.seconds(ready_timeout_s)}; "
                        f"se ha terminado su grupo de procesos.\nSalida del servidor:\n"
                        f"{_log_tail(log)}"
                    )
                time.sleep(0.02)
            yield RunningServer(name, workers, port, proc.pid, time.perf_counter() - began)
        finally:
            _stop_group(proc, stop_grace_s)


@contextmanager
def serve(
    name: str,
    *,
    workers: int = 1,
    threads: int = 8,
    ready_timeout_s: float = 15.0,
) -> Iterator[RunningServer]:
    """Arranca el servidor ``name`` con ``workers`` procesos en un puerto libre.

    Uso::

        with serve("uvicorn", workers=2) as server:
            ...  # peticiones a server.url
        # aquí ya no queda ningún proceso del servidor
    """
    port = free_port()
    argv = command(name, port=port, workers=workers, threads=threads)
    with start(
        argv, port=port, name=SERVERS[name], workers=workers, ready_timeout_s=ready_timeout_s
    ) as server:
        yield RunningServer(name, workers, server.port, server.pid, server.startup_s)

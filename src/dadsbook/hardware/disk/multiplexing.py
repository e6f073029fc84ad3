"""Multiplexación de E/S: un hilo con ``selectors`` frente a un hilo por canal.

Un servidor de eco atiende ``channels`` canales (pares de *sockets* locales creados
con :func:`socket.socketpair`) de dos maneras:

- **multiplexado**: un solo hilo pregunta al núcleo, con :mod:`selectors` (``epoll``
  en Linux), qué canales tienen datos y atiende solo esos;
- **un hilo por canal**: cada canal tiene su hilo bloqueado en ``recv``.

El cliente (el hilo que llama) envía mensajes por los canales en turno rotatorio y
cronometra cada ida y vuelta. Además se mide cuánta memoria cuesta cada conexión: la
diferencia de RSS (memoria residente) y de memoria virtual antes y después de montar
el servidor, dividida por el número de canales.

Todo se cierra al salir: los extremos del cliente se cierran, el servidor ve fin de
fichero en cada canal y sus hilos terminan; se espera a todos con ``join``.

>>> r = echo_latency("selectors", channels=4, messages=40)
>>> r.messages, r.channels
(40, 4)
"""

from __future__ import annotations

import resource
import selectors
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import psutil

from dadsbook import measure
from dadsbook.tables import Table

__all__ = ["MODES", "EchoResult", "default_stack_kib", "echo_latency", "latency_table"]

#: Modos del servidor: ``selectors`` (un hilo) o ``threads`` (un hilo por canal).
MODES = ("selectors", "threads")
MESSAGE = b"x" * 64
JOIN_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class EchoResult:
    """Latencias de ida y vuelta y memoria por conexión de un modo de servidor."""

    mode: str
    channels: int
    messages: int
    median_us: float
    p99_us: float
    server_threads: int
    rss_per_channel_kib: float
    vms_per_channel_kib: float

    def as_dict(self) -> dict[str, object]:
        """El resultado como diccionario de tipos simples."""
        return asdict(self)


def _selector_server(ends: list[socket.socket], ready: threading.Event) -> None:
    with selectors.DefaultSelector() as sel:
        for end in ends:
            sel.register(end, selectors.EVENT_READ)
        ready.set()
        while sel.get_map():
            for key, _ in sel.select(timeout=JOIN_TIMEOUT_S):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                data = sock.recv(4096)
                if data:
                    sock.sendall(data)
                else:
                    sel.unregister(sock)


def _thread_server(end: socket.socket) -> None:
    while data := end.recv(4096):
        end.sendall(data)


@contextmanager
def _server(mode: str, channels: int) -> Iterator[tuple[list[socket.socket], int, int, int]]:
    """Monta el servidor; da los extremos del cliente, hilos y deltas de RSS y VMS."""
    proc = psutil.Process()
    before = proc.memory_info()
    pairs = [socket.socketpair() for _ in range(channels)]
    clients = [a for a, _ in pairs]
    servers = [b for _, b in pairs]
    threads: list[threading.Thread] = []
    try:
        if mode == "selectors":
            ready = threading.Event()
            threads.append(threading.Thread(target=_selector_server, args=(servers, ready)))
            threads[0].start()
            ready.wait(JOIN_TIMEOUT_S)
        else:
            for end in servers:
                threads.append(threading.Thread(target=_thread_server, args=(end,)))
                threads[-1].start()
        for c in clients:  # un mensaje por canal: cada hilo toca su pila
            c.sendall(MESSAGE)
            c.recv(4096)
        after = proc.memory_info()
        yield clients, len(threads), after.rss - before.rss, after.vms - before.vms
    finally:
        for c in clients:
            c.close()
        for t in threads:
            t.join(JOIN_TIMEOUT_S)
        for s in servers:
            s.close()


def _p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return float(statistics.quantiles(values, n=100, method="inclusive")[98])


def echo_latency(mode: str, channels: int, messages: int) -> EchoResult:
    """Mide ``messages`` idas y vueltas repartidas en ``channels`` canales.

    Corre bajo el cerrojo de medición del libro (:func:`dadsbook.measure.exclusive`).
    """
    if mode not in MODES:
        raise ValueError(f"mode debe ser uno de {', '.join(MODES)}; se recibió {mode!r}")
    for name, value, high in (("channels", channels, 500), ("messages", messages, 10**6)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise ValueError(f"{name} debe ser un entero entre 1 y {high}; se recibió {value!r}")
    samples: list[float] = []
    with measure.exclusive(), _server(mode, channels) as (clients, threads, rss, vms):
        for i in range(messages):
            sock = clients[i % channels]
            start = time.perf_counter_ns()
            sock.sendall(MESSAGE)
            got = 0
            while got < len(MESSAGE):
                got += len(sock.recv(4096))
            samples.append((time.perf_counter_ns() - start) / 1e3)
    return EchoResult(
        mode=mode,
        channels=channels,
        messages=messages,
        median_us=float(statistics.median(samples)),
        p99_us=_p99(samples),
        server_threads=threads,
        rss_per_channel_kib=rss / channels / 1024,
        vms_per_channel_kib=vms / channels / 1024,
    )


def default_stack_kib() -> float:
    """Pila reservada por hilo (KiB): ``threading.stack_size()`` o el límite ``ulimit -s``."""
    size = threading.stack_size()
    if size:
        return size / 1024
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return soft / 1024 if soft != resource.RLIM_INFINITY else 8192.0


def latency_table(results: list[EchoResult]) -> Table:
    """Una fila por medición: modo, canales, hilos, latencias y memoria por canal."""
    names = {"selectors": "un hilo (selectors)", "threads": "un hilo por canal"}
    rows = [
        [names[r.mode], r.channels, r.server_threads, r.median_us, r.p99_us,
         r.rss_per_channel_kib, r.vms_per_channel_kib / 1024]
        for r in results
    ]  # fmt: skip
    headers = ("servidor", "canales", "hilos", "mediana (µs)", "p99 (µs)",
               "RSS por canal (KiB)", "virtual por canal (MiB)")  # fmt: skip
    return Table(headers, rows, caption="Ida y vuelta de 64 bytes por pares de sockets locales")

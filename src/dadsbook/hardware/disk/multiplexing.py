"""Multiplexación de E/S: un hilo con ``selectors`` frente a un hilo por canal.

Un servidor de eco atiende ``channels`` canales (pares de *sockets* locales creados
con :func:`socket.socketpair`) de dos maneras:

- **multiplexado**: un solo hilo pregunta al núcleo, con :mod:`selectors` (``epoll``
  en Linux), qué canales tienen datos y atiende solo esos;
- **un hilo por canal**: cada canal tiene su hilo bloqueado en ``recv``.

El cliente (el hilo que llama) envía mensajes por los canales en turno rotatorio y
cronometra cada ida y vuelta. Además se mide cuánta memoria cuesta el servidor: la
diferencia de RSS (memoria residente) y de memoria virtual antes y después de
montarlo (y, dividida por el número de canales, lo que cuesta cada conexión).

Todo se cierra al salir: los extremos del cliente se cierran, el servidor ve fin de
fichero en cada canal y sus hilos terminan; se espera a todos con ``join``.

La multiplexación no sirve para el disco: :func:`regular_file_readiness` muestra que
``select`` y ``poll`` dan un fichero regular siempre por listo y que ``epoll`` se
niega a vigilarlo (``EPERM``).

Una sola ejecución no decide nada: :func:`compare_servers` repite los dos modos,
intercalados, y además mide el **suelo de la medida de memoria**: lo que crece el
proceso al crear los mismos pares de *sockets* sin ningún servidor (los *sockets* y
las estructuras de ``epoll`` viven en la memoria del núcleo, que no cuenta en la RSS).
Lo que añade ``selectors`` es la memoria de su único hilo, contada en páginas enteras:
no es memoria de cada canal, así que el libro no divide la cifra de los hilos por
ella (repartirla entre más canales haría el cociente tan grande como se quisiera).
:func:`growth_verdict` dice, con :func:`dadsbook.verdict.compare`, si la memoria de
un modo creció con los canales.

>>> r = echo_latency("selectors", channels=4, messages=40)
>>> r.messages, r.channels
(40, 4)
"""

from __future__ import annotations

import errno
import resource
import select
import selectors
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

from dadsbook import fmt, measure, stats, verdict
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = [
    "MODES",
    "EchoResult",
    "FileReadiness",
    "ServerComparison",
    "baseline_rss_kib",
    "compare_servers",
    "default_stack_kib",
    "echo_latency",
    "growth_verdict",
    "latency_table",
    "regular_file_readiness",
]

#: Modos del servidor: ``selectors`` (un hilo) o ``threads`` (un hilo por canal).
MODES = ("selectors", "threads")
MESSAGE = b"x" * 64
JOIN_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class EchoResult(Record):
    """Latencias de ida y vuelta y memoria por conexión de un modo de servidor."""

    mode: str
    channels: int
    messages: int
    median_us: float
    p99_us: float
    server_threads: int
    rss_kib: float
    vms_kib: float

    @property
    def rss_per_channel_kib(self) -> float:
        """Memoria residente añadida por canal, en KiB (puede ser negativa: es una resta)."""
        return self.rss_kib / self.channels

    @property
    def vms_per_channel_kib(self) -> float:
        """Memoria virtual añadida por canal, en KiB."""
        return self.vms_kib / self.channels


@dataclass(frozen=True)
class FileReadiness:
    """Qué dicen ``select``, ``poll`` y ``epoll`` de un fichero regular."""

    select_ready: bool
    poll_ready: bool
    epoll: str

    def table(self) -> Table:
        """Una fila por mecanismo."""
        rows = [
            ("select", fmt.value(self.select_ready)),
            ("poll", fmt.value(self.poll_ready)),
            ("epoll", self.epoll),
        ]
        return Table(
            ("mecanismo", "¿listo para leer?"),
            rows,
            caption="Un fichero regular recién creado, vigilado con cada mecanismo.",
        )


def _epoll_verdict(handle: object) -> str:
    if not hasattr(select, "epoll"):
        return "no existe en este sistema (es de Linux)"
    ep = select.epoll()
    try:
        ep.register(handle, select.EPOLLIN)  # type: ignore[arg-type]
    except PermissionError as error:
        if error.errno == errno.EPERM:
            return "lo rechaza (error EPERM: no vigila ficheros regulares)"
        raise
    finally:
        ep.close()
    return "lo acepta"


def regular_file_readiness() -> FileReadiness:
    """Vigila un fichero temporal con ``select``, ``poll`` y ``epoll`` (sin esperar).

    >>> r = regular_file_readiness()
    >>> r.select_ready, r.poll_ready
    (True, True)
    """
    with tempfile.TemporaryFile(prefix="dadsbook-ready-") as handle:
        readable, _, _ = select.select([handle], [], [], 0)
        poller = select.poll()
        poller.register(handle, select.POLLIN)
        events = poller.poll(0)
        return FileReadiness(bool(readable), bool(events), _epoll_verdict(handle))


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


def echo_latency(mode: str, channels: int, messages: int) -> EchoResult:
    """Mide ``messages`` idas y vueltas repartidas en ``channels`` canales.

    Corre bajo el cerrojo de medición del libro (:func:`dadsbook.measure.exclusive`).
    """
    check_choice("mode", mode, MODES)
    check_int("channels", channels, 1, 500)
    check_int("messages", messages, 1, 10**6)
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
        median_us=stats.median(samples),
        p99_us=stats.percentile(samples, 99),
        server_threads=threads,
        rss_kib=rss / 1024,
        vms_kib=vms / 1024,
    )


def default_stack_kib() -> float:
    """Pila reservada por hilo (KiB): ``threading.stack_size()`` o el límite ``ulimit -s``."""
    size = threading.stack_size()
    if size:
        return size / 1024
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return soft / 1024 if soft != resource.RLIM_INFINITY else 8192.0


def baseline_rss_kib(channels: int) -> float:
    """Lo que crece la memoria residente al crear ``channels`` pares de *sockets*, sin servidor.

    Es el suelo de la medida de memoria de :func:`echo_latency`: la misma resta de RSS
    sin ningún hilo que atienda los canales.
    """
    check_int("channels", channels, 1, 500)
    proc = psutil.Process()
    before = proc.memory_info().rss
    pairs = [socket.socketpair() for _ in range(channels)]
    try:
        after = proc.memory_info().rss
    finally:
        for a, b in pairs:
            a.close()
            b.close()
    return (after - before) / 1024


@dataclass(frozen=True)
class ServerComparison(measure.WithLoad):
    """Los dos modos repetidos (intercalados) con ``channels`` canales, y el suelo de memoria."""

    channels: int
    messages: int
    runs: dict[str, tuple[EchoResult, ...]]
    baseline_kib: tuple[float, ...]
    load: measure.Load | None = None

    def medians_us(self, mode: str) -> list[float]:
        """Mediana de la ida y vuelta de cada repetición de ``mode``, en µs."""
        return [r.median_us for r in self.runs[mode]]

    def rss_kib(self, mode: str) -> list[float]:
        """Memoria residente añadida en cada repetición de ``mode``, en KiB."""
        return [r.rss_kib for r in self.runs[mode]]

    def typical(self, mode: str) -> EchoResult:
        """Una fila representativa de ``mode``: la mediana de cada columna entre repeticiones."""
        runs = self.runs[mode]

        mid = stats.median

        return EchoResult(
            mode=mode,
            channels=self.channels,
            messages=self.messages,
            median_us=mid([r.median_us for r in runs]),
            p99_us=mid([r.p99_us for r in runs]),
            server_threads=runs[0].server_threads,
            rss_kib=mid([r.rss_kib for r in runs]),
            vms_kib=mid([r.vms_kib for r in runs]),
        )

    def latency_verdict(self) -> verdict.Verdict:
        """¿Qué servidor tuvo la ida y vuelta más corta? Con :func:`dadsbook.verdict.compare`."""
        return verdict.compare(
            self.medians_us("selectors"),
            self.medians_us("threads"),
            a_label="el servidor de un solo hilo",
            b_label="el de un hilo por canal",
            more="más lento",
            less="más rápido",
            busy=self.busy,
        )

    def rss_per_channel_quartiles(self, mode: str) -> tuple[float, float, float]:
        """Primer cuartil, mediana y tercer cuartil de la RSS añadida por canal, en KiB."""
        return stats.quartiles([v / self.channels for v in self.rss_kib(mode)])

    def rss_floor_kib(self, mode: str) -> list[float]:
        """:meth:`rss_kib` con las restas negativas (el proceso devolvió memoria) como 0."""
        return [max(v, 0.0) for v in self.rss_kib(mode)]


def growth_verdict(small: ServerComparison, large: ServerComparison, mode: str) -> verdict.Verdict:
    """¿Creció la memoria residente de ``mode`` al pasar de ``small`` a ``large`` canales?

    Compara las repeticiones con :func:`dadsbook.verdict.compare`; decide «mayor»
    solo si la diferencia supera la dispersión.
    """
    check_choice("mode", mode, MODES)
    return verdict.compare(
        large.rss_floor_kib(mode),
        small.rss_floor_kib(mode),
        a_label=f"la memoria con {fmt.number(large.channels)} canales",
        b_label=f"la memoria con {fmt.number(small.channels)}",
        more="mayor",
        less="menor",
        busy=small.busy or large.busy,
    )


def compare_servers(channels: int, messages: int, repeats: int = 5) -> ServerComparison:
    """Repite los dos modos de :data:`MODES` ``repeats`` veces, intercalados, y el suelo.

    Antes de medir se hace una ronda de calentamiento que se descarta: la primera
    vez, glibc crea las zonas de ``malloc`` de los hilos y reserva sus pilas.

    >>> c = compare_servers(channels=3, messages=12, repeats=2)
    >>> [len(c.runs[m]) for m in MODES], len(c.baseline_kib)
    ([2, 2], 2)
    """
    check_int("channels", channels, 1, 500)
    check_int("messages", messages, 1, 10**6)
    check_int("repeats", repeats, 1, 100)
    runs: dict[str, list[EchoResult]] = {mode: [] for mode in MODES}
    baseline: list[float] = []
    with measure.exclusive() as probe:
        for mode in MODES:  # calentamiento
            echo_latency(mode, channels, messages)
        for _ in range(repeats):
            baseline.append(baseline_rss_kib(channels))
            for mode in MODES:
                runs[mode].append(echo_latency(mode, channels, messages))
    return ServerComparison(
        channels,
        messages,
        {mode: tuple(results) for mode, results in runs.items()},
        tuple(baseline),
        probe.load,
    )


def latency_table(results: list[EchoResult]) -> Table:
    """Una fila por medición: modo, canales, hilos, latencias y memoria añadida."""
    names = {"selectors": "un hilo (selectors)", "threads": "un hilo por canal"}
    rows = [
        [names[r.mode], r.channels, r.server_threads, r.median_us, r.p99_us,
         fmt.number(r.rss_kib, 0), r.vms_kib / 1024]
        for r in results
    ]  # fmt: skip
    headers = ("servidor", "canales", "hilos", "mediana (µs)", "p99 (µs)",
               "RSS añadida (KiB)", "virtual añadida (MiB)")  # fmt: skip
    return Table(headers, rows, caption="Ida y vuelta de 64 bytes por pares de sockets locales")

"""Productor-consumidor de verdad, de tres maneras: hilos, ``asyncio`` y procesos.

Los productores meten elementos ``(productor, número)`` en una **cola acotada** de
``buffer`` huecos; los consumidores los sacan y «trabajan» ``consume_delay_s``
segundos con cada uno (una espera, como una E/S). Con la cola llena, ``put`` bloquea
al productor: es la **contrapresión** (*back-pressure*), que impide que un productor
rápido llene la memoria. El cierre es ordenado: cuando terminan los productores se
mete un **centinela** por consumidor, y cada consumidor sale al recibir el suyo.

Cada ejecución comprueba que cada elemento producido se consumió **exactamente una
vez** y lanza ``RuntimeError`` si se perdió o se duplicó alguno (:func:`verify`).

- :func:`run_threads`: ``queue.Queue`` con hilos (``BlockingCollection`` en .NET).
- :func:`run_asyncio`: ``asyncio.Queue`` con corrutinas (``Channel<T>`` en .NET).
- :func:`run_processes`: ``multiprocessing.Queue`` con procesos.
- :func:`repeat`: la misma ejecución varias veces (:class:`PCRepeated`), para dar
  medianas y comparar con el veredicto del libro en lugar de fiarse de una sola.

>>> r = run_threads(PCConfig(producers=2, consumers=2, items=10, buffer=3))
>>> r.consumed, r.lost, r.duplicated
(20, 0, 0)
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

from dadsbook import measure, stats
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "BACKENDS",
    "PCConfig",
    "PCRepeated",
    "PCResult",
    "repeat",
    "run",
    "run_asyncio",
    "run_processes",
    "run_threads",
    "verify",
]

BACKENDS = ("hilos", "asyncio", "procesos")
Item = tuple[int, int]


@dataclass(frozen=True)
class PCConfig:
    """Parámetros de una ejecución; se validan al crearla."""

    producers: int = 1
    consumers: int = 1
    items: int = 20  # por productor
    buffer: int = 4
    produce_delay_s: float = 0.0
    consume_delay_s: float = 0.0

    def __post_init__(self) -> None:
        check_int("producers", self.producers, 1, 64)
        check_int("consumers", self.consumers, 1, 64)
        check_int("items", self.items, 0, 100_000)
        check_int("buffer", self.buffer, 1, 100_000)
        check_number("produce_delay_s", self.produce_delay_s, 0, 1.0)
        check_number("consume_delay_s", self.consume_delay_s, 0, 1.0)

    @property
    def total(self) -> int:
        """Elementos que se producen en total."""
        return self.producers * self.items


@dataclass(frozen=True)
class PCResult(measure.WithLoad):
    """Lo que pasó: cuánto se produjo y consumió, cuánto esperaron los productores."""

    backend: str
    config: PCConfig
    elapsed_s: float
    consumed: int
    lost: int
    duplicated: int
    blocked_puts: int
    blocked_s: float
    put_times: tuple[float, ...]
    take_times: tuple[float, ...]
    load: measure.Load | None = None

    @property
    def throughput(self) -> float:
        """Elementos consumidos por segundo."""
        return self.consumed / self.elapsed_s if self.elapsed_s > 0 else 0.0


@dataclass(frozen=True)
class PCRepeated:
    """La misma configuración ejecutada varias veces: medianas y muestras para el veredicto."""

    runs: tuple[PCResult, ...]

    def __post_init__(self) -> None:
        if not self.runs:
            raise ValueError("runs debe contener al menos una ejecución")

    @property
    def config(self) -> PCConfig:
        """La configuración (la misma en todas las ejecuciones)."""
        return self.runs[0].config

    @property
    def last(self) -> PCResult:
        """La última ejecución (la que se dibuja)."""
        return self.runs[-1]

    @property
    def busy(self) -> bool:
        """Si la máquina estaba ocupada en alguna de las ejecuciones."""
        return any(r.busy for r in self.runs)

    @property
    def throughputs(self) -> tuple[float, ...]:
        """Rendimiento de cada ejecución, en elementos por segundo."""
        return tuple(r.throughput for r in self.runs)

    def median(self, attribute: str) -> float:
        """Mediana de un número de :class:`PCResult` (``"throughput"``, ``"blocked_puts"``…)."""
        check_choice("attribute", attribute, (*_NUMBERS, "last_put_s"))
        if attribute == "last_put_s":
            values = [r.put_times[-1] if r.put_times else 0.0 for r in self.runs]
        else:
            values = [float(getattr(r, attribute)) for r in self.runs]
        return stats.median(values)


_NUMBERS = ("throughput", "elapsed_s", "blocked_puts", "blocked_s", "consumed")


def verify(expected: Iterable[Item], consumed: Iterable[Item]) -> tuple[int, int]:
    """Comprueba que cada elemento esperado se consumió una vez, ni más ni menos.

    Devuelve ``(perdidos, duplicados)``, que solo pueden ser ``(0, 0)``: si no, lanza
    ``RuntimeError`` con el recuento.

    >>> verify([(0, 0), (0, 1)], [(0, 1), (0, 0)])
    (0, 0)
    """
    want = Counter(expected)
    got = Counter(consumed)
    lost = sum((want - got).values())
    duplicated = sum((got - want).values())
    if lost or duplicated:
        raise RuntimeError(
            f"productor-consumidor incorrecto: {lost} elementos perdidos y "
            f"{duplicated} duplicados o inesperados"
        )
    return lost, duplicated


def _expected(config: PCConfig) -> list[Item]:
    return [(p, i) for p in range(config.producers) for i in range(config.items)]


def _result(
    backend: str,
    config: PCConfig,
    elapsed: float,
    consumed: Sequence[Item],
    blocked: Sequence[tuple[int, float]],
    put_times: Iterable[float],
    take_times: Iterable[float],
) -> PCResult:
    lost, duplicated = verify(_expected(config), consumed)
    return PCResult(
        backend,
        config,
        elapsed,
        len(consumed),
        lost,
        duplicated,
        sum(n for n, _ in blocked),
        sum(s for _, s in blocked),
        tuple(sorted(put_times)),
        tuple(sorted(take_times)),
    )


# --- Bucles de productor y consumidor (hilos y procesos) ------------------------------


class _Queue(Protocol):
    """Lo que usan los bucles de :func:`_produce` y :func:`_consume` de una cola."""

    def put_nowait(self, item: Item, /) -> None: ...

    def put(self, item: Item, /) -> None: ...

    def get(self) -> Item | None: ...


def _produce(
    config: PCConfig, p: int, q: _Queue, origin: float = 0.0
) -> tuple[tuple[int, float], list[float]]:
    """El bucle del productor ``p``: ``config.items`` elementos ``(p, i)`` con contrapresión.

    Devuelve ``(veces que encontró la cola llena, segundos que esperó)`` y el instante
    de cada ``put`` (``perf_counter() - origin``). Lo comparten hilos y procesos.
    """
    count, waited = 0, 0.0
    puts: list[float] = []
    for i in range(config.items):
        if config.produce_delay_s:
            time.sleep(config.produce_delay_s)
        try:
            q.put_nowait((p, i))
        except queue.Full:  # cola llena: el productor espera (contrapresión)
            count += 1
            start = time.perf_counter()
            q.put((p, i))
            waited += time.perf_counter() - start
        puts.append(time.perf_counter() - origin)
    return (count, waited), puts


def _consume(config: PCConfig, q: _Queue, origin: float = 0.0) -> tuple[list[Item], list[float]]:
    """El bucle de un consumidor hasta el centinela ``None``: sus elementos y sus instantes.

    Cada instante es ``perf_counter() - origin``. Lo comparten hilos y procesos.
    """
    consumed: list[Item] = []
    takes: list[float] = []
    while (item := q.get()) is not None:  # None es el centinela de fin
        takes.append(time.perf_counter() - origin)
        if config.consume_delay_s:
            time.sleep(config.consume_delay_s)
        consumed.append(item)
    return consumed, takes


# --- Hilos ---------------------------------------------------------------------------


def run_threads(config: PCConfig) -> PCResult:
    """Productores y consumidores en hilos, con ``queue.Queue(maxsize=buffer)``."""
    q: queue.Queue[Item | None] = queue.Queue(maxsize=config.buffer)
    consumed: list[list[Item]] = [[] for _ in range(config.consumers)]
    blocked: list[tuple[int, float]] = [(0, 0.0)] * config.producers
    puts: list[list[float]] = [[] for _ in range(config.producers)]
    takes: list[list[float]] = [[] for _ in range(config.consumers)]
    origin = time.perf_counter()

    def produce(p: int) -> None:
        blocked[p], puts[p] = _produce(config, p, q, origin)

    def consume(c: int) -> None:
        consumed[c], takes[c] = _consume(config, q, origin)

    consumers = [threading.Thread(target=consume, args=(c,)) for c in range(config.consumers)]
    producers = [threading.Thread(target=produce, args=(p,)) for p in range(config.producers)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(None)
    for t in consumers:
        t.join()
    elapsed = time.perf_counter() - origin
    flat = [item for part in consumed for item in part]
    return _result("hilos", config, elapsed, flat, blocked, _flat(puts), _flat(takes))


def _flat(parts: Iterable[Iterable[float]]) -> list[float]:
    return [x for part in parts for x in part]


# --- asyncio -------------------------------------------------------------------------


async def run_asyncio(config: PCConfig) -> PCResult:
    """Lo mismo con corrutinas y ``asyncio.Queue(maxsize=buffer)``, en un solo hilo."""
    q: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=config.buffer)
    consumed: list[Item] = []
    blocked: list[tuple[int, float]] = []
    puts: list[float] = []
    takes: list[float] = []
    origin = time.perf_counter()

    async def produce(p: int) -> None:
        count, waited = 0, 0.0
        for i in range(config.items):
            if config.produce_delay_s:
                await asyncio.sleep(config.produce_delay_s)
            if q.full():
                count += 1
                start = time.perf_counter()
                await q.put((p, i))
                waited += time.perf_counter() - start
            else:
                q.put_nowait((p, i))
            puts.append(time.perf_counter() - origin)
        blocked.append((count, waited))

    async def consume() -> None:
        while (item := await q.get()) is not None:
            takes.append(time.perf_counter() - origin)
            if config.consume_delay_s:
                await asyncio.sleep(config.consume_delay_s)
            consumed.append(item)

    consumers = [asyncio.create_task(consume()) for _ in range(config.consumers)]
    try:
        await asyncio.gather(*(produce(p) for p in range(config.producers)))
        for _ in consumers:
            await q.put(None)
        await asyncio.gather(*consumers)
    finally:
        for task in consumers:
            task.cancel()
    elapsed = time.perf_counter() - origin
    return _result("asyncio", config, elapsed, consumed, blocked, puts, takes)


# --- Procesos ------------------------------------------------------------------------


def _process_producer(
    config: PCConfig,
    p: int,
    q: Any,
    results: Any,
) -> None:
    blocked, puts = _produce(config, p, q)
    results.put(("productor", blocked, puts))


def _process_consumer(
    config: PCConfig,
    q: Any,
    results: Any,
) -> None:
    consumed, takes = _consume(config, q)
    results.put(("consumidor", consumed, takes))


def run_processes(config: PCConfig, *, timeout_s: float = 60.0) -> PCResult:
    """Productores y consumidores en procesos, con ``multiprocessing.Queue(maxsize=buffer)``.

    Los elementos viajan serializados (``pickle``) por una tubería: cada uno cuesta
    mucho más que con hilos, a cambio de no compartir el GIL.
    """
    check_number("timeout_s", timeout_s, 0, 600.0)
    ctx = multiprocessing.get_context()
    q = ctx.Queue(maxsize=config.buffer)
    results = ctx.Queue()
    origin = time.perf_counter()
    producers = [
        ctx.Process(target=_process_producer, args=(config, p, q, results))
        for p in range(config.producers)
    ]
    consumers = [
        ctx.Process(target=_process_consumer, args=(config, q, results))
        for _ in range(config.consumers)
    ]
    consumed: list[Item] = []
    blocked: list[tuple[int, float]] = []
    puts: list[float] = []
    takes: list[float] = []
    try:
        for proc in consumers + producers:
            proc.start()
        # Se leen los informes antes de unir (join) los procesos: un proceso con datos
        # pendientes en una tubería no termina hasta que alguien los lee.
        for _ in producers:
            _kind, stats, times = results.get(timeout=timeout_s)
            blocked.append(stats)
            puts += [t - origin for t in times]
        # Un put de multiprocessing vuelve antes de que el elemento llegue a la tubería
        # (lo escribe un hilo alimentador): hasta que el productor no termina, sus
        # últimos elementos podrían llegar detrás de los centinelas y perderse.
        for proc in producers:
            proc.join(timeout_s)
        for _ in consumers:
            q.put(None, timeout=timeout_s)
        for _ in consumers:
            _kind, items, times = results.get(timeout=timeout_s)
            consumed += [tuple(item) for item in items]
            takes += [t - origin for t in times]
        for proc in consumers:
            proc.join(timeout_s)
    finally:
        for proc in producers + consumers:
            if proc.is_alive():
                proc.terminate()
                proc.join()
        for qu in (q, results):
            qu.close()
            qu.join_thread()
    elapsed = time.perf_counter() - origin
    return _result("procesos", config, elapsed, consumed, blocked, puts, takes)


async def run(backend: str, config: PCConfig) -> PCResult:
    """Ejecuta ``config`` con ``backend`` (uno de :data:`BACKENDS`), bajo el cerrojo de medición.

    Es asíncrona para poder mezclar las tres maneras en una celda; a los hilos y los
    procesos se les espera desde un hilo aparte, sin bloquear el bucle.
    """
    check_choice("backend", backend, BACKENDS)
    if not isinstance(config, PCConfig):
        raise TypeError(f"config debe ser un PCConfig; se recibió {type(config).__name__}")
    async with measure.exclusive_async() as probe:
        if backend == "asyncio":
            result = await run_asyncio(config)
        else:
            target = run_threads if backend == "hilos" else run_processes
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pc") as pool:
                result = await asyncio.get_running_loop().run_in_executor(pool, target, config)
    return replace(result, load=probe.load)


async def repeat(backend: str, config: PCConfig, repeats: int) -> PCRepeated:
    """Ejecuta ``config`` con ``backend`` ``repeats`` veces seguidas (ver :func:`run`)."""
    check_int("repeats", repeats, 1, 1000)
    return PCRepeated(tuple([await run(backend, config) for _ in range(repeats)]))

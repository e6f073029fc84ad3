"""``async``/``await`` y el bucle de eventos, medidos contra un servidor real.

- :func:`compare_clients`: ``requests`` peticiones a :func:`~.delay_server.delay_server`
  de tres maneras (en fila, con ``asyncio.gather`` y con un *pool* de hilos), con el
  inicio y el fin de cada petición para dibujar la cronología.
- :func:`ticker_lateness`: cuánto se retrasa un «reloj» que debería despertar cada
  ``period_s`` cuando otra corrutina bloquea el bucle con ``time.sleep``, y cuánto
  cuando esa espera se manda a un hilo.
- :func:`slow_callbacks`: el detector de retrollamadas lentas del modo depuración de
  ``asyncio``, con sus avisos capturados (no llegan a ``stderr``).
- :func:`many_waits`: cuántas esperas sostiene un solo bucle y cuánto cuesta cada una.

Todo se ejecuta dentro de un ``await`` de la celda: no hay ``asyncio.run`` (en un
cuaderno el bucle ya está en marcha).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import statistics
import time
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from dadsbook import measure, verdict
from dadsbook.software._repeats import repeat_counts
from dadsbook.software.programming.delay_server import (
    delay_server,
    request_async,
    request_blocking,
)
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "LATENESS_MODES",
    "METHODS",
    "ClientComparison",
    "Lateness",
    "ManyWaits",
    "compare_clients",
    "many_waits",
    "short_slow_message",
    "slow_callbacks",
    "ticker_lateness",
]

#: Las tres maneras de hacer las peticiones, en el orden de la figura.
METHODS = ("en fila", "asyncio.gather", "pool de hilos")


@dataclass(frozen=True)
class ClientComparison:
    """Tiempos de las tres maneras y la cronología de su última repetición."""

    requests: int
    delay_s: float
    threads: int
    timings: dict[str, measure.Measurement]
    spans: dict[str, tuple[tuple[float, float], ...]]

    def speedup(self, method: str) -> float:
        """Aceleración de ``method`` respecto a hacerlas en fila (cociente de medianas)."""
        return measure.speedup(self.timings["en fila"], self.timings[method])

    def verdict(self, method: str, baseline: str = "en fila") -> verdict.Verdict:
        """Veredicto de ``method`` frente a ``baseline`` (``"menor"``: tardó menos)."""
        for name, value in (("method", method), ("baseline", baseline)):
            check_choice(name, value, self.timings)
        return verdict.compare(
            self.timings[method],
            self.timings[baseline],
            a_label=_LABELS[method],
            b_label=_LABELS[baseline],
            more="más lento",
            less="más rápido",
        )


#: Cómo se nombra cada manera dentro de una frase.
_LABELS = {
    "en fila": "hacerlas en fila",
    "asyncio.gather": "asyncio.gather",
    "pool de hilos": "el pool de hilos",
}


async def _one_round(
    port: int, requests: int, threads: int, method: str
) -> tuple[tuple[float, float], ...]:
    origin = time.perf_counter()
    spans: list[tuple[float, float]] = [(0.0, 0.0)] * requests

    async def timed(i: int) -> None:
        start = time.perf_counter() - origin
        answer = await request_async(port, f"{i}".encode())
        if answer != f"{i}".encode():
            raise RuntimeError(f"respuesta equivocada a la petición {i}: {answer!r}")
        spans[i] = (start, time.perf_counter() - origin)

    def blocking(i: int) -> tuple[float, float]:
        start = time.perf_counter() - origin
        answer = request_blocking(port, f"{i}".encode())
        if answer != f"{i}".encode():
            raise RuntimeError(f"respuesta equivocada a la petición {i}: {answer!r}")
        return start, time.perf_counter() - origin

    if method == "en fila":
        for i in range(requests):
            await timed(i)
    elif method == "asyncio.gather":
        await asyncio.gather(*(timed(i) for i in range(requests)))
    else:
        # Los hilos hacen E/S bloqueante; el bucle sigue libre para atender al servidor.
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cliente") as pool:
            futures = [asyncio.wrap_future(pool.submit(blocking, i)) for i in range(requests)]
            spans = list(await asyncio.gather(*futures))
    return tuple(spans)


async def compare_clients(
    requests: int,
    delay_s: float,
    *,
    threads: int = 4,
    repeats: int | None = None,
    warmup: int | None = None,
) -> ClientComparison:
    """Mide ``requests`` peticiones de ``delay_s`` segundos de tres maneras, intercaladas.

    Arranca el servidor, mide y lo cierra antes de volver.
    """
    check_int("requests", requests, 1, 2000)
    check_int("threads", threads, 1, 256)
    check_number("delay_s", delay_s, 0, 1.0)
    r, w = repeat_counts(repeats, warmup)
    samples: dict[str, list[int]] = {m: [] for m in METHODS}
    spans: dict[str, tuple[tuple[float, float], ...]] = {}
    async with delay_server(delay_s) as port, measure.exclusive_async() as probe:
        for round_ in range(w + r):
            for method in METHODS:
                start = time.perf_counter_ns()
                spans[method] = await _one_round(port, requests, threads, method)
                if round_ >= w:
                    samples[method].append(time.perf_counter_ns() - start)
    timings = {m: measure.Measurement(m, tuple(samples[m]), w, probe.load) for m in METHODS}
    return ClientComparison(requests, float(delay_s), threads, timings, spans)


@dataclass(frozen=True)
class Lateness(measure.WithLoad):
    """Retraso de un reloj que debería despertar cada ``period_s`` segundos.

    Cada despertar es una muestra: ``delays_s`` sirve de entrada a
    :func:`dadsbook.verdict.compare` (con ``busy=``:attr:`busy`).
    """

    mode: str
    period_s: float
    delays_s: tuple[float, ...]
    load: measure.Load | None = None
    slow_warnings: tuple[str, ...] = ()

    @property
    def median_s(self) -> float:
        """Retraso mediano de los despertares."""
        return float(statistics.median(self.delays_s))

    @property
    def max_s(self) -> float:
        """Peor retraso observado."""
        return max(self.delays_s)


LATENESS_MODES = ("solo", "time.sleep en el bucle", "espera en un hilo")


async def ticker_lateness(
    mode: str,
    *,
    period_s: float = 0.01,
    ticks: int = 20,
    block_s: float = 0.05,
    slow_threshold_s: float | None = None,
) -> Lateness:
    """Mide el retraso de un reloj mientras otra corrutina espera ``block_s`` de ``mode``.

    ``mode`` es ``"solo"`` (nadie más), ``"time.sleep en el bucle"`` (la corrutina llama
    a ``time.sleep``: bloquea el bucle) o ``"espera en un hilo"`` (la misma espera en un
    ejecutor de hilos, como hace ``asyncio.to_thread``). Con ``slow_threshold_s``, el
    detector de :func:`slow_callbacks` vigila solo el experimento (no la toma del
    cerrojo de medición) y sus avisos quedan en :attr:`Lateness.slow_warnings`.
    """
    check_choice("mode", mode, LATENESS_MODES)
    check_number("period_s", period_s, 0, 1.0, open_low=True)
    check_number("block_s", block_s, 0, 1.0)
    check_int("ticks", ticks, 1, 10_000)
    stop = asyncio.Event()

    async def ticker() -> list[float]:
        delays = []
        for _ in range(ticks):
            before = time.perf_counter()
            await asyncio.sleep(period_s)
            delays.append(max(0.0, time.perf_counter() - before - period_s))
        stop.set()
        return delays

    async def worker(pool: ThreadPoolExecutor) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            if mode == "time.sleep en el bucle":
                time.sleep(block_s)  # ¡bloquea el bucle entero!
            else:
                await loop.run_in_executor(pool, time.sleep, block_s)
            await asyncio.sleep(0)

    if slow_threshold_s is not None:
        check_number("slow_threshold_s", slow_threshold_s, 0, 10.0)
    messages: list[str] = []
    async with measure.exclusive_async() as probe:
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="espera") as pool,
            (
                slow_callbacks(slow_threshold_s)
                if slow_threshold_s is not None
                else contextlib.nullcontext(messages)
            ) as seen,
        ):
            if mode == "solo":
                delays = await ticker()
            else:
                delays, _ = await asyncio.gather(ticker(), worker(pool))
            messages = seen
    return Lateness(mode, float(period_s), tuple(delays), probe.load, tuple(messages))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _restore_duration(loop: asyncio.AbstractEventLoop, duration: float) -> None:
    if loop.slow_callback_duration == float("inf"):  # nadie lo ha vuelto a cambiar
        loop.slow_callback_duration = duration


_SLOW = re.compile(r"coro=<(?P<coro>[\w.<>]+?)\(\).*took (?P<secs>[\d.]+) seconds", re.S)


def short_slow_message(message: str) -> str:
    """Resume un aviso «Executing <Task …> took 0.051 seconds» como ``worker(): 0.051 s``.

    >>> short_slow_message("Executing <Task coro=<f.<locals>.worker() running> took 0.051 seconds")
    'worker(): 0.051 s'
    """
    match = _SLOW.search(message)
    if match is None:
        return message
    return f"{match['coro'].rsplit('.', 1)[-1]}(): {match['secs']} s"


@contextmanager
def slow_callbacks(threshold_s: float = 0.02) -> Iterator[list[str]]:
    """Activa el modo depuración del bucle en marcha y recoge sus avisos de lentitud.

    Dentro del bloque, cualquier paso del bucle que tarde más de ``threshold_s`` deja
    un aviso «Executing … took … seconds» en el *logger* ``asyncio``; aquí se guarda en
    la lista que entrega el bloque en lugar de ir a ``stderr``. Al salir se restaura
    todo como estaba.
    """
    check_number("threshold_s", threshold_s, 0, 10.0)
    loop = asyncio.get_running_loop()
    logger = logging.getLogger("asyncio")
    handler = _Collect()
    saved_debug, saved_duration = loop.get_debug(), loop.slow_callback_duration
    saved_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    loop.set_debug(True)
    loop.slow_callback_duration = threshold_s
    try:
        yield handler.messages
    finally:
        # El paso del bucle que está corriendo ahora se mide al terminar: con una
        # duración infinita no avisa; la original se restaura en la vuelta siguiente.
        loop.set_debug(saved_debug)
        loop.slow_callback_duration = float("inf")
        loop.call_soon(_restore_duration, loop, saved_duration)
        logger.propagate = saved_propagate
        logger.removeHandler(handler)


@dataclass(frozen=True)
class ManyWaits:
    """Coste de sostener ``count`` esperas concurrentes en un bucle, repetido.

    ``elapsed`` tiene una muestra por repetición; ``bytes_per_task_samples``, la memoria
    por tarea de cada pasada con ``tracemalloc``.
    """

    count: int
    wait_s: float
    elapsed: measure.Measurement
    bytes_per_task_samples: tuple[float, ...]

    @property
    def elapsed_s(self) -> float:
        """Mediana del tiempo total, en segundos."""
        return self.elapsed.median_s

    @property
    def bytes_per_task(self) -> float:
        """Mediana de la memoria por tarea, en bytes."""
        return float(statistics.median(self.bytes_per_task_samples))

    @property
    def overhead_per_task_s(self) -> float:
        """Tiempo por tarea por encima de la espera (mediana): crear, planificar y recoger."""
        return max(0.0, self.elapsed_s - self.wait_s) / self.count

    @property
    def overhead_spread_s(self) -> tuple[float, float]:
        """Primer y tercer cuartil del tiempo por tarea por encima de la espera."""
        return tuple(  # type: ignore[return-value]
            max(0.0, q - self.wait_s) / self.count for q in (self.elapsed.q1_s, self.elapsed.q3_s)
        )


async def _wait_all(count: int, wait_s: float) -> None:
    tasks = [asyncio.create_task(asyncio.sleep(wait_s)) for _ in range(count)]
    await asyncio.gather(*tasks)


async def _traced_bytes(sample: int, wait_s: float) -> float:
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    try:
        await _wait_all(sample, wait_s)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return max(0, peak - base) / sample


async def many_waits(
    count: int,
    wait_s: float = 0.2,
    *,
    memory_sample: int = 10_000,
    memory_repeats: int = 3,
    repeats: int | None = None,
    warmup: int | None = None,
) -> ManyWaits:
    """Lanza ``count`` tareas que esperan ``wait_s`` a la vez; mide tiempo y memoria.

    Se repite ``repeats`` veces tras ``warmup`` de calentamiento (por omisión, los del
    perfil). El tiempo se mide sin ``tracemalloc`` (que frena), con el cerrojo de
    medición; la memoria por tarea, después y sin cerrojo (no cronometra nada), en
    ``memory_repeats`` pasadas con él sobre ``min(count, memory_sample)`` tareas.
    """
    check_int("count", count, 1, 1_000_000)
    check_int("memory_sample", memory_sample, 1, 1_000_000)
    check_int("memory_repeats", memory_repeats, 1, 100)
    check_number("wait_s", wait_s, 0, 5.0)
    r, w = repeat_counts(repeats, warmup)
    sample = min(count, memory_sample)
    elapsed: list[int] = []
    async with measure.exclusive_async() as probe:
        for round_ in range(w + r):
            start = time.perf_counter_ns()
            await _wait_all(count, wait_s)
            took = time.perf_counter_ns() - start
            if round_ >= w:
                elapsed.append(took)
    memory = [await _traced_bytes(sample, wait_s) for _ in range(memory_repeats)]
    timing = measure.Measurement(f"{count} esperas", tuple(elapsed), w, probe.load)
    return ManyWaits(count, float(wait_s), timing, tuple(memory))

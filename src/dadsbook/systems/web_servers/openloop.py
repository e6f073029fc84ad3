"""Carga en lazo abierto (llegadas de Poisson programadas) y la omisión coordinada.

Un generador de **lazo cerrado** (:mod:`~dadsbook.systems.web_servers.load`) solo
lanza la siguiente petición de un cliente cuando llega la respuesta de la anterior.
Si el servidor se atasca, el generador deja de enviar justo cuando más peticiones
habrían llegado, y las que no envía no cuentan: es la **omisión coordinada**
(*coordinated omission*, Gil Tene). Su p99 subestima lo que ven los usuarios, que no
esperan a que el servidor acabe para llegar.

Aquí, los dos generadores siguen el **mismo calendario sembrado** de llegadas de
Poisson (:func:`poisson_schedule`: instantes previstos y tamaño de cada petición):

- ``"abierto"``: cada petición sale en su instante previsto, esté como esté el
  servidor (con un tope de ``max_in_flight`` en vuelo: las que esperan el tope siguen
  contando), y su latencia se mide **desde el instante previsto** de inicio, no desde
  el envío real, como hace wrk2.
- ``"cerrado"``: ``clients`` clientes toman las llegadas del calendario por turno; un
  cliente ocupado envía la suya tarde, y la latencia se mide desde el envío real, como
  un generador de lazo cerrado con ritmo.

Los dos tipos de latencia se guardan en ambos modos; cada modo **informa** la suya
(:attr:`ScheduledResult.reported_ms`). Todo está acotado: número de peticiones,
segundos de calendario, peticiones en vuelo y *timeout* de cada una; solo
``127.0.0.1``.

>>> s = poisson_schedule(100.0, requests=5, max_seconds=10.0, seed=1, mean_iterations=1000)
>>> len(s.offsets_s), s.offsets_s == tuple(sorted(s.offsets_s))
(5, True)
>>> s == poisson_schedule(100.0, requests=5, max_seconds=10.0, seed=1, mean_iterations=1000)
True
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from dadsbook import fmt, stats
from dadsbook.systems.web_servers.apps import MAX_CPU_ITERATIONS
from dadsbook.systems.web_servers.load import (
    MAX_REQUESTS,
    MAX_SECONDS,
    check_local_url,
    get_ok,
    local_session,
)
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "MAX_IN_FLIGHT",
    "MAX_RATE",
    "Mode",
    "Schedule",
    "ScheduledResult",
    "poisson_schedule",
    "run_schedule",
]

Mode = Literal["abierto", "cerrado"]
#: Llegadas por segundo como mucho.
MAX_RATE = 100_000.0
#: Peticiones en vuelo como mucho en lazo abierto (y clientes en lazo cerrado).
MAX_IN_FLIGHT = 1024


@dataclass(frozen=True)
class Schedule:
    """Calendario de llegadas: instante previsto (s desde el inicio) y vueltas de ``/cpu``."""

    rate: float
    offsets_s: tuple[float, ...]
    iterations: tuple[int, ...]
    seed: int

    def path(self, index: int) -> str:
        """La ruta de la petición ``index``."""
        return f"/cpu?n={self.iterations[index]}"


def poisson_schedule(
    rate: float, *, requests: int, max_seconds: float, seed: int, mean_iterations: int
) -> Schedule:
    """Llegadas de Poisson de tasa ``rate`` (pet/s), sembradas, con servicio exponencial.

    Los huecos entre llegadas son exponenciales de media ``1/rate``; el calendario se
    corta en ``requests`` llegadas o en ``max_seconds`` segundos. Cada petición pide
    un número de vueltas de cálculo exponencial de media ``mean_iterations`` (al menos
    1), así que el tiempo de servicio también es exponencial: una cola M/M/c.
    """
    check_number("rate", rate, positive=True)
    if rate > MAX_RATE:
        raise ValueError(f"rate debe estar en (0, {MAX_RATE:g}]; se recibió {rate!r}")
    check_int("requests", requests, 1, MAX_REQUESTS)
    check_number("max_seconds", max_seconds, positive=True)
    if max_seconds > MAX_SECONDS:
        raise ValueError(
            f"max_seconds debe estar en (0, {MAX_SECONDS:g}]; se recibió {max_seconds!r}"
        )
    check_int("seed", seed, 0)
    check_int("mean_iterations", mean_iterations, 1, MAX_CPU_ITERATIONS // 20)
    rng = np.random.default_rng(seed)
    offsets = np.cumsum(rng.exponential(1 / rate, size=requests))
    offsets = offsets[offsets < max_seconds]
    sizes = np.maximum(1, np.rint(rng.exponential(mean_iterations, size=len(offsets))))
    sizes = np.minimum(sizes, MAX_CPU_ITERATIONS)
    return Schedule(
        float(rate), tuple(float(x) for x in offsets), tuple(int(x) for x in sizes), seed
    )


@dataclass(frozen=True)
class ScheduledResult:
    """Una ventana con calendario: cuántas, a qué ritmo y las dos latencias de cada una."""

    mode: Mode
    rate: float
    scheduled: int
    ok: int
    errors: int
    unsent: int
    elapsed_s: float
    from_send_ms: tuple[float, ...]
    from_intended_ms: tuple[float, ...]

    @property
    def reported_ms(self) -> tuple[float, ...]:
        """Las latencias que informa cada modo: desde el envío real (cerrado) o desde el
        instante previsto (abierto)."""
        return self.from_intended_ms if self.mode == "abierto" else self.from_send_ms

    @property
    def p50_ms(self) -> float:
        """Mediana de la latencia que informa el modo (ms)."""
        return stats.percentile(self.reported_ms, 50, empty=math.nan)

    @property
    def p99_ms(self) -> float:
        """Percentil 99 de la latencia que informa el modo (ms)."""
        return stats.percentile(self.reported_ms, 99, empty=math.nan)

    @property
    def p99_intended_ms(self) -> float:
        """Percentil 99 medido desde el instante previsto, sea cual sea el modo (ms)."""
        return stats.percentile(self.from_intended_ms, 99, empty=math.nan)

    @property
    def mean_ms(self) -> float:
        """Media de la latencia que informa el modo (ms)."""
        return statistics.fmean(self.reported_ms) if self.reported_ms else float("nan")

    @property
    def throughput(self) -> float:
        """Peticiones correctas por segundo."""
        return self.ok / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def summary(self) -> str:
        """Una línea en español."""
        return (
            f"lazo {self.mode} a {fmt.number(self.rate, 0)} llegadas/s: "
            f"{fmt.number(self.ok)} correctas, {fmt.number(self.errors)} errores, "
            f"{fmt.number(self.unsent)} sin enviar; p50 {fmt.number(self.p50_ms, 1)} ms, "
            f"p99 {fmt.number(self.p99_ms, 1)} ms"
        )


def _check(url: str, mode: str, clients: int, max_in_flight: int, timeout_s: float) -> None:
    check_local_url(url)
    check_choice("mode", mode, ("abierto", "cerrado"))
    check_int("clients", clients, 1, MAX_IN_FLIGHT)
    check_int("max_in_flight", max_in_flight, 1, MAX_IN_FLIGHT)
    check_number("timeout_s", timeout_s, 0, MAX_SECONDS, positive=True)


async def run_schedule(
    url: str,
    schedule: Schedule,
    *,
    mode: Mode,
    clients: int = 1,
    max_in_flight: int = 256,
    timeout_s: float = 5.0,
) -> ScheduledResult:
    """Recorre ``schedule`` contra ``url`` (la base, ``http://127.0.0.1:PUERTO``).

    En lazo cerrado, una llegada que no se ha podido enviar cuando acaba el calendario
    (más un hueco medio, ``1/rate``) queda **sin enviar** (:attr:`ScheduledResult.unsent`):
    son las que el generador omite. Cada petición cae por su *timeout* como mucho, así
    que una ventana de lazo cerrado dura como mucho el calendario más ``timeout_s``; en
    lazo abierto, las que esperan el tope de ``max_in_flight`` añaden como mucho
    ``timeout_s`` por cada tanda de ese tope.
    """
    _check(url, mode, clients, max_in_flight, timeout_s)
    count = len(schedule.offsets_s)
    from_send: list[float] = []
    from_intended: list[float] = []
    errors = 0
    sent = 0
    limit = max_in_flight if mode == "abierto" else clients
    async with local_session(limit, timeout_s) as session:
        began = time.perf_counter()
        # Un lazo cerrado que va con retraso no envía después del fin del calendario.
        stop_sending = began + (schedule.offsets_s[-1] if count else 0.0) + 1 / schedule.rate

        async def one(index: int) -> None:
            nonlocal errors, sent
            intended = began + schedule.offsets_s[index]
            sent += 1
            start = time.perf_counter()
            good = await get_ok(session, url + schedule.path(index))
            done = time.perf_counter()
            if good:
                from_send.append(1000 * (done - start))
                from_intended.append(1000 * (done - intended))
            else:
                errors += 1

        if mode == "abierto":
            gate = asyncio.Semaphore(max_in_flight)

            async def gated(index: int) -> None:
                async with gate:  # esperar el tope cuenta: la latencia va desde lo previsto
                    await one(index)

            tasks: list[asyncio.Task[None]] = []
            for index, offset in enumerate(schedule.offsets_s):
                delay = began + offset - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.ensure_future(gated(index)))
            await asyncio.gather(*tasks)
        else:
            queue = iter(range(count))

            async def client() -> None:
                for index in queue:
                    if time.perf_counter() >= stop_sending:
                        return
                    delay = began + schedule.offsets_s[index] - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    await one(index)

            await asyncio.gather(*(client() for _ in range(min(clients, max(count, 1)))))
        elapsed = time.perf_counter() - began
    return ScheduledResult(
        mode=mode,
        rate=schedule.rate,
        scheduled=count,
        ok=len(from_send),
        errors=errors,
        unsent=count - sent,
        elapsed_s=elapsed,
        from_send_ms=tuple(from_send),
        from_intended_ms=tuple(from_intended),
    )


def p99s(results: Sequence[ScheduledResult]) -> list[float]:
    """El p99 que informa cada ventana (ms), para el veredicto."""
    return [r.p99_ms for r in results]

"""Generador de carga acotado: asyncio + cliente aiohttp, siempre en 127.0.0.1.

Un generador de **lazo cerrado** (*closed loop*): ``concurrency`` clientes
virtuales lanzan una petición, esperan la respuesta y lanzan la siguiente. Se para
solo, por lo que llegue antes:

- cuando se han enviado ``requests`` peticiones, o
- cuando han pasado ``max_seconds`` segundos (las que estén en vuelo terminan o
  caen por su *timeout*, que también está acotado).

Antes de medir se hacen ``warmup`` peticiones que no cuentan (trabajadores
arrancados, módulos importados, cachés calientes), acotadas a su vez a un cuarto de
``max_seconds``. Cada petición abre su propia conexión (``Connection: close``): así
el núcleo reparte las conexiones entre los procesos trabajadores, como haría un
balanceador, en lugar de quedar cada cliente pegado al primero que la aceptó.
Las latencias se resumen con la mediana (p50) y el percentil 99 (p99) de
:func:`dadsbook.stats.percentile`: la media esconde la cola que sufren los usuarios.
Una ventana sin ninguna petición correcta no tiene latencia: sus percentiles son
``nan``, que se quitan con :func:`dadsbook.stats.finite` al resumir varias ventanas
(:func:`window_median`). :func:`local_session` y :func:`get_ok` son el cliente que
comparten este generador y el de lazo abierto (:mod:`~dadsbook.systems.web_servers.openloop`).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from dadsbook import fmt, stats
from dadsbook.validation import check_int, check_number

__all__ = ["LoadResult", "run_load", "window_median"]

MAX_REQUESTS = 1_000_000
MAX_SECONDS = 600.0
MAX_CONCURRENCY = 1024


@dataclass(frozen=True)
class LoadResult:
    """Resultado de una prueba de carga: cuántas, en cuánto tiempo y con qué latencias."""

    url: str
    concurrency: int
    sent: int
    ok: int
    errors: int
    elapsed_s: float
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        """Peticiones correctas por segundo."""
        return self.ok / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {**asdict(self), "throughput": self.throughput}

    def summary(self) -> str:
        """Una línea en español."""
        return (
            f"{self.url}: {fmt.number(self.ok)} correctas y {fmt.number(self.errors)} errores "
            f"en {fmt.seconds(self.elapsed_s)} ({fmt.number(self.throughput, 0)} pet/s); "
            f"p50 {fmt.number(self.p50_ms, 1)} ms, p99 {fmt.number(self.p99_ms, 1)} ms "
            f"con {fmt.number(self.concurrency)} clientes"
        )


def window_median(values: Sequence[float]) -> float:
    """Mediana entre ventanas; las ventanas sin datos (``nan``) no cuentan.

    >>> window_median([10.0, float("nan"), 30.0])
    20.0
    >>> window_median([float("nan")])
    nan
    """
    return stats.median(stats.finite(values), empty=math.nan)


def check_local_url(url: str) -> str:
    """Exige una URL ``http://127.0.0.1:…``: la carga nunca sale de la máquina."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise ValueError(f"url debe ser http://127.0.0.1:…; se recibió {url!r}")
    return url


def _check(url: str, requests: int, concurrency: int, max_seconds: float, warmup: int) -> None:
    check_local_url(url)
    check_int("requests", requests, 1, MAX_REQUESTS)
    check_int("concurrency", concurrency, 1, MAX_CONCURRENCY)
    check_int("warmup", warmup, 0, MAX_REQUESTS)
    check_number("max_seconds", max_seconds, 0, MAX_SECONDS, positive=True)


def local_session(limit: int, timeout_s: float) -> aiohttp.ClientSession:
    """Una sesión de cliente para 127.0.0.1: ``limit`` conexiones a la vez, cada una
    cerrada tras su petición (``Connection: close``), y ``timeout_s`` por petición."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, force_close=True),
        timeout=aiohttp.ClientTimeout(total=timeout_s),
    )


async def get_ok(session: aiohttp.ClientSession, url: str) -> bool:
    """Un ``GET`` leído entero: si respondió 200 (un error o un *timeout* es ``False``)."""
    try:
        async with session.get(url) as response:
            await response.read()
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def _burst(
    session: aiohttp.ClientSession, url: str, budget: int, concurrency: int, deadline: float
) -> tuple[int, list[float], int]:
    """Lanza hasta ``budget`` peticiones con ``concurrency`` clientes hasta ``deadline``."""
    sent = 0
    errors = 0
    latencies: list[float] = []

    async def client() -> None:
        nonlocal sent, errors
        while sent < budget and time.perf_counter() < deadline:
            sent += 1
            began = time.perf_counter()
            if await get_ok(session, url):
                latencies.append(time.perf_counter() - began)
            else:
                errors += 1

    await asyncio.gather(*(client() for _ in range(min(concurrency, budget))))
    return sent, latencies, errors


async def run_load(
    url: str,
    *,
    requests: int,
    concurrency: int,
    max_seconds: float,
    warmup: int = 0,
) -> LoadResult:
    """Carga ``url`` con ``concurrency`` clientes: como mucho ``requests`` peticiones y
    ``max_seconds`` segundos (más el *timeout* de las que estén en vuelo)."""
    _check(url, requests, concurrency, max_seconds, warmup)
    async with local_session(concurrency, max(1.0, max_seconds)) as session:
        if warmup:
            warm_deadline = time.perf_counter() + max_seconds / 4
            await _burst(session, url, warmup, concurrency, warm_deadline)
        began = time.perf_counter()
        sent, latencies, errors = await _burst(
            session, url, requests, concurrency, began + max_seconds
        )
        elapsed = time.perf_counter() - began
    ms = [1000 * x for x in latencies]
    return LoadResult(
        url=url,
        concurrency=concurrency,
        sent=sent,
        ok=len(latencies),
        errors=errors,
        elapsed_s=elapsed,
        p50_ms=stats.percentile(ms, 50, empty=math.nan),
        p99_ms=stats.percentile(ms, 99, empty=math.nan),
    )

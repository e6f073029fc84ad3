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
Las latencias se resumen con la mediana (p50) y el percentil 99 (p99): la media
esconde la cola que sufren los usuarios.

>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
>>> percentile([5.0], 99)
5.0
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import numpy as np

from dadsbook import fmt

__all__ = ["LoadResult", "percentile", "run_load"]

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


def percentile(values: list[float], q: float) -> float:
    """Percentil ``q`` (0–100) por interpolación lineal; ``nan`` si no hay valores."""
    if not 0 <= q <= 100:
        raise ValueError(f"q debe estar entre 0 y 100; se recibió {q!r}")
    if not values:
        return float("nan")
    return float(np.percentile(np.asarray(values, dtype=float), q))


def _check(url: str, requests: int, concurrency: int, max_seconds: float, warmup: int) -> None:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise ValueError(f"url debe ser http://127.0.0.1:…; se recibió {url!r}")
    for name, value, high in (
        ("requests", requests, MAX_REQUESTS),
        ("concurrency", concurrency, MAX_CONCURRENCY),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise ValueError(f"{name} debe ser un entero entre 1 y {high}; se recibió {value!r}")
    if isinstance(warmup, bool) or not isinstance(warmup, int) or not 0 <= warmup <= MAX_REQUESTS:
        raise ValueError(
            f"warmup debe ser un entero entre 0 y {MAX_REQUESTS}; se recibió {warmup!r}"
        )
    if not 0 < max_seconds <= MAX_SECONDS:
        raise ValueError(
            f"max_seconds debe estar en (0, {MAX_SECONDS:g}]; se recibió {max_seconds!r}"
        )


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
            try:
                async with session.get(url) as response:
                    await response.read()
                    good = response.status == 200
            except (aiohttp.ClientError, TimeoutError):
                good = False
            if good:
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
    timeout = aiohttp.ClientTimeout(total=max(1.0, max_seconds))
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
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
        p50_ms=percentile(ms, 50),
        p99_ms=percentile(ms, 99),
    )

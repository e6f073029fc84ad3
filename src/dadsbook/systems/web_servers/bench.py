"""Barrido real: cada servidor, cada número de trabajadores y los dos manejadores, repetido.

:func:`sweep` arranca los servidores con :func:`launch.serve` y los carga con
:func:`load.run_load`, primero en ``/io`` y después en ``/cpu``. Cada combinación se
mide en ``repeats`` **ventanas** de carga (repeticiones) de ``max_seconds`` como
mucho, **intercaladas**: en cada ronda, una ventana de cada servidor en marcha, para
que un cambio lento de la máquina (otra carga, la temperatura) no se atribuya a uno
solo. Para poder intercalar, los servidores que se comparan están en marcha a la vez
(ociosos mientras se carga a otro); un servidor ocioso no gasta CPU.

Las ventanas de cada manejador corren bajo el cerrojo de medición del libro
(:func:`dadsbook.measure.exclusive_async`) y se anota lo ocupada que estaba la máquina
en cada bloque (:class:`dadsbook.measure.Load`): las comparaciones
(:mod:`~dadsbook.systems.web_servers.verdicts`) no deciden con la máquina ocupada.
Arrancar y parar los servidores no mide nada: se hace fuera del cerrojo (mientras otra
página mide, esta espera su turno con los servidores ociosos). Al salir de cada bloque
los servidores ya están parados, también si algo falla.

>>> HANDLERS["io"]
'E/S (espera)'
>>> worker_groups([1, 2, 3, 4])
[[1, 4], [2], [3]]
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from dadsbook import fmt, measure, stats
from dadsbook.systems.web_servers import launch
from dadsbook.systems.web_servers.load import LoadResult, run_load, window_median
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_sequence

__all__ = [
    "HANDLERS",
    "MAX_REPEATS",
    "Point",
    "Sweep",
    "sweep",
    "worker_groups",
]

#: Manejador → descripción en español.
HANDLERS: dict[str, str] = {"io": "E/S (espera)", "cpu": "CPU (Python puro)"}
#: Repeticiones (ventanas) por combinación como mucho.
MAX_REPEATS = 50


@dataclass(frozen=True)
class Point(measure.WithLoad):
    """Una combinación (servidor, trabajadores, manejador) y sus ventanas de carga."""

    server: str
    workers: int
    handler: str
    windows: tuple[LoadResult, ...]
    load: measure.Load | None = None

    @property
    def samples(self) -> tuple[float, ...]:
        """Rendimiento (pet/s) de cada ventana: las repeticiones que compara el veredicto."""
        return tuple(w.throughput for w in self.windows)

    @property
    def throughput(self) -> float:
        """Mediana del rendimiento de las ventanas (pet/s)."""
        return window_median(self.samples)

    def _quartiles(self) -> tuple[float, float]:
        q1, _, q3 = stats.quartiles(self.samples)
        return q1, q3

    @property
    def q1(self) -> float:
        """Primer cuartil del rendimiento de las ventanas."""
        return self._quartiles()[0]

    @property
    def q3(self) -> float:
        """Tercer cuartil del rendimiento de las ventanas."""
        return self._quartiles()[1]

    @property
    def p50_ms(self) -> float:
        """Mediana, entre ventanas, de la latencia mediana de cada una (ms)."""
        return window_median([w.p50_ms for w in self.windows])

    @property
    def p99_ms(self) -> float:
        """Mediana, entre ventanas, del percentil 99 de cada una (ms)."""
        return window_median([w.p99_ms for w in self.windows])

    @property
    def errors(self) -> int:
        """Peticiones fallidas en todas las ventanas."""
        return sum(w.errors for w in self.windows)

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {
            "server": self.server,
            "workers": self.workers,
            "handler": self.handler,
            "throughput": self.throughput,
            "samples": list(self.samples),
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "errors": self.errors,
            "busy": self.busy,
        }


@dataclass(frozen=True)
class Sweep:
    """Todas las combinaciones de un barrido y los parámetros con que se midieron."""

    points: tuple[Point, ...]
    io_ms: int
    cpu_iterations: int
    concurrency: int
    threads: int
    repeats: int = 1
    window_s: float = 0.0

    @property
    def servers(self) -> list[str]:
        """Servidores medidos, en orden."""
        return list(dict.fromkeys(p.server for p in self.points))

    @property
    def workers(self) -> list[int]:
        """Números de trabajadores medidos, en orden."""
        return sorted({p.workers for p in self.points})

    def get(self, server: str, handler: str, workers: int) -> Point:
        """Una combinación; ``KeyError`` en español si no se midió."""
        for p in self.points:
            if (p.server, p.handler, p.workers) == (server, handler, workers):
                return p
        raise KeyError(f"no se midió {server!r} con {handler!r} y {workers} trabajadores")

    def throughput(self, server: str, handler: str, workers: int) -> float:
        """Mediana del rendimiento (pet/s) de una combinación."""
        return self.get(server, handler, workers).throughput

    def errors(self) -> int:
        """Peticiones fallidas en todo el barrido."""
        return sum(p.errors for p in self.points)

    @property
    def busy(self) -> bool:
        """Si la máquina estuvo ocupada en algún bloque del barrido."""
        return any(p.busy for p in self.points)

    def load_note(self) -> str:
        """Una frase sobre lo ocupada que estuvo la máquina mientras se medía."""
        loads = [p.load for p in self.points if p.load is not None]
        if not loads:
            return "no se registró lo ocupada que estaba la máquina"
        busy = [load for load in loads if load.busy]
        if busy:
            return busy[0].describe()
        worst = max(loads, key=lambda load: load.other_cpu)
        return (
            "la máquina no estaba ocupada: otros procesos usaron como mucho el "
            f"{fmt.percent(worst.other_cpu, 0)} de la CPU en cada bloque"
        )

    def table(self) -> Table:
        """Tabla con cada combinación: mediana y rango intercuartílico de las ventanas."""
        rows = [
            (
                launch.SERVERS[p.server],
                fmt.number(p.workers),
                HANDLERS[p.handler],
                fmt.number(p.throughput, 0),
                f"{fmt.number(p.q1, 0)}–{fmt.number(p.q3, 0)}",
                fmt.number(p.p50_ms, 1),
                fmt.number(p.p99_ms, 1),
                fmt.number(p.errors),
            )
            for p in self.points
        ]
        headers = (
            "servidor", "trabajadores", "manejador", "pet/s (mediana)", "pet/s (RIC)",
            "p50 (ms)", "p99 (ms)", "errores",
        )  # fmt: skip
        caption = (
            f"Cada combinación del barrido: {fmt.number(self.repeats)} ventanas de carga "
            f"intercaladas de {fmt.seconds(self.window_s)} como mucho."
        )
        return Table(headers, rows, caption=caption)

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {
            "io_ms": self.io_ms,
            "cpu_iterations": self.cpu_iterations,
            "concurrency": self.concurrency,
            "threads": self.threads,
            "repeats": self.repeats,
            "window_s": self.window_s,
            "points": [p.as_dict() for p in self.points],
        }


def worker_groups(workers: Sequence[int]) -> list[list[int]]:
    """Qué números de trabajadores se miden a la vez (intercalados).

    El primero y el último van juntos, porque son los que comparan las frases de la
    página («de 1 a N procesos»); los intermedios, cada uno en su bloque, para no tener
    decenas de servidores en marcha en una máquina grande.
    """
    ordered = sorted(set(workers))
    first, last = ordered[0], ordered[-1]
    head = [first] if first == last else [first, last]
    return [head, *([w] for w in ordered[1:-1])]


def _check(servers: Sequence[str], workers: Sequence[int], repeats: int) -> None:
    names = sorted(launch.SERVERS)
    check_sequence("servers", servers, lambda n, v: check_choice(n, v, names), what="servidores")
    check_sequence("workers", workers, lambda n, v: check_int(n, v, 1), what="enteros")
    check_int("repeats", repeats, 1, MAX_REPEATS)


async def sweep(
    servers: Sequence[str],
    workers: Sequence[int],
    *,
    io_ms: int,
    cpu_iterations: int,
    concurrency: int,
    threads: int,
    requests: int,
    max_seconds: float,
    warmup: int,
    repeats: int = 1,
    ready_timeout_s: float = 15.0,
) -> Sweep:
    """Mide cada servidor con cada número de trabajadores y los dos manejadores.

    Cada combinación se carga ``repeats`` veces (ventanas de ``requests`` peticiones o
    ``max_seconds`` segundos como mucho), intercalando los servidores en marcha; las
    ``warmup`` peticiones de calentamiento se hacen antes de la primera ventana y no
    cuentan. Los tamaños son los de la sección ``[web_servers]`` del perfil, así que
    una página puede pasarla tal cual con ``**``.
    """
    _check(servers, workers, repeats)
    paths = {"io": f"/io?ms={int(io_ms)}", "cpu": f"/cpu?n={int(cpu_iterations)}"}
    windows: dict[tuple[str, int, str], list[LoadResult]] = {}
    loads: dict[tuple[str, int, str], measure.Load | None] = {}
    for group in worker_groups(workers):
        with ExitStack() as stack:
            running = {
                (server, count): stack.enter_context(
                    launch.serve(
                        server, workers=count, threads=threads, ready_timeout_s=ready_timeout_s
                    )
                )
                for count in group
                for server in servers
            }
            for handler, path in paths.items():
                async with measure.exclusive_async() as probe:
                    for rep in range(repeats):
                        for (server, count), live in running.items():
                            result = await run_load(
                                live.url + path,
                                requests=requests,
                                concurrency=concurrency,
                                max_seconds=max_seconds,
                                warmup=0 if rep else warmup,
                            )
                            windows.setdefault((server, count, handler), []).append(result)
                for server, count in running:
                    loads[server, count, handler] = probe.load
    points = tuple(
        Point(server, count, handler, tuple(windows[server, count, handler]),
              loads[server, count, handler])
        for server in servers
        for count in sorted(set(workers))
        for handler in HANDLERS
    )  # fmt: skip
    return Sweep(
        points, int(io_ms), int(cpu_iterations), concurrency, threads, repeats, float(max_seconds)
    )

"""Barrido real: cada servidor, cada número de trabajadores y los dos manejadores.

:func:`sweep` arranca cada servidor con :func:`launch.serve`, le hace peticiones de
calentamiento y lo carga con :func:`load.run_load`, primero en ``/io`` y después en
``/cpu``; todo bajo el cerrojo de medición del libro
(:func:`dadsbook.measure.exclusive`). Al salir de cada bloque el servidor ya está
parado, también si algo falla.

>>> HANDLERS["io"]
'E/S (espera)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from dadsbook import measure
from dadsbook.plotting import color, figure
from dadsbook.systems.web_servers import launch
from dadsbook.systems.web_servers.load import LoadResult, run_load
from dadsbook.tables import Table

__all__ = [
    "HANDLERS",
    "Findings",
    "Point",
    "Sweep",
    "findings",
    "latency_figure",
    "sweep",
    "throughput_figure",
]

#: Manejador → descripción en español.
HANDLERS: dict[str, str] = {"io": "E/S (espera)", "cpu": "CPU (Python puro)"}


@dataclass(frozen=True)
class Point:
    """Una prueba de carga: servidor, trabajadores, manejador y su resultado."""

    server: str
    workers: int
    handler: str
    result: LoadResult


@dataclass(frozen=True)
class Sweep:
    """Todas las pruebas de un barrido y los parámetros con que se hicieron."""

    points: tuple[Point, ...]
    io_ms: int
    cpu_iterations: int
    concurrency: int
    threads: int

    @property
    def servers(self) -> list[str]:
        """Servidores medidos, en orden."""
        return list(dict.fromkeys(p.server for p in self.points))

    @property
    def workers(self) -> list[int]:
        """Números de trabajadores medidos, en orden."""
        return sorted({p.workers for p in self.points})

    def get(self, server: str, handler: str, workers: int) -> LoadResult:
        """El resultado de una combinación; ``KeyError`` en español si no se midió."""
        for p in self.points:
            if (p.server, p.handler, p.workers) == (server, handler, workers):
                return p.result
        raise KeyError(f"no se midió {server!r} con {handler!r} y {workers} trabajadores")

    def throughput(self, server: str, handler: str, workers: int) -> float:
        """Peticiones correctas por segundo de una combinación."""
        return self.get(server, handler, workers).throughput

    def errors(self) -> int:
        """Peticiones fallidas en todo el barrido."""
        return sum(p.result.errors for p in self.points)

    def table(self) -> Table:
        """Tabla con todas las pruebas."""
        rows = [
            (
                launch.SERVERS[p.server],
                p.workers,
                HANDLERS[p.handler],
                _num(p.result.throughput),
                _num(p.result.p50_ms),
                _num(p.result.p99_ms),
                p.result.errors,
            )
            for p in self.points
        ]
        headers = (
            "servidor",
            "trabajadores",
            "manejador",
            "pet/s",
            "p50 (ms)",
            "p99 (ms)",
            "errores",
        )
        return Table(headers, rows, caption="Cada prueba de carga del barrido.")

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {
            "io_ms": self.io_ms,
            "cpu_iterations": self.cpu_iterations,
            "concurrency": self.concurrency,
            "threads": self.threads,
            "points": [
                {
                    "server": p.server,
                    "workers": p.workers,
                    "handler": p.handler,
                    **p.result.as_dict(),
                }
                for p in self.points
            ],
        }


def _num(value: float) -> float | int:
    """Redondeo para tablas: enteros a partir de 100, una cifra decimal por debajo."""
    return round(value) if value >= 100 else round(value, 1)


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
    ready_timeout_s: float = 15.0,
) -> Sweep:
    """Mide cada servidor con cada número de trabajadores y los dos manejadores.

    Los tamaños (``io_ms``, ``requests``…) son los de la sección ``[web_servers]``
    del perfil, así que una página puede pasarla tal cual con ``**``.
    """
    if not servers or any(s not in launch.SERVERS for s in servers):
        raise ValueError(f"servers debe ser una lista no vacía de {sorted(launch.SERVERS)}")
    if not workers or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in workers):
        raise ValueError(
            f"workers debe ser una lista no vacía de enteros ≥ 1; se recibió {workers!r}"
        )
    paths = {"io": f"/io?ms={int(io_ms)}", "cpu": f"/cpu?n={int(cpu_iterations)}"}
    points: list[Point] = []
    with measure.exclusive():
        for server in servers:
            for count in workers:
                with launch.serve(
                    server, workers=count, threads=threads, ready_timeout_s=ready_timeout_s
                ) as running:
                    for handler, path in paths.items():
                        result = await run_load(
                            running.url + path,
                            requests=requests,
                            concurrency=concurrency,
                            max_seconds=max_seconds,
                            warmup=warmup,
                        )
                        points.append(Point(server, count, handler, result))
    return Sweep(tuple(points), int(io_ms), int(cpu_iterations), concurrency, threads)


def throughput_figure(data: Sweep) -> Figure:
    """Rendimiento (pet/s) frente a trabajadores: un panel por manejador."""
    fig = figure(7.5, 3.4)
    axes = fig.subplots(1, len(HANDLERS))
    for ax, (handler, title) in zip(axes, HANDLERS.items(), strict=True):
        for i, server in enumerate(data.servers):
            values = [data.throughput(server, handler, w) for w in data.workers]
            ax.plot(data.workers, values, marker="o", color=color(i), label=launch.SERVERS[server])
        ax.set_title(title)
        ax.set_xlabel("trabajadores (procesos)")
        ax.set_xticks(data.workers)
        ax.set_ylim(bottom=0)
    axes[0].set_ylabel("rendimiento (pet/s)")
    axes[0].legend(loc="lower left", bbox_to_anchor=(0.0, 1.12), ncols=1, fontsize=8)
    return fig


def latency_figure(data: Sweep) -> Figure:
    """Latencia p50 (barra) y p99 (marca) por servidor y trabajadores, escala logarítmica."""
    fig = figure(7.5, 3.4)
    axes = fig.subplots(1, len(HANDLERS), sharey=True)
    width = 0.8 / len(data.workers)
    for ax, (handler, title) in zip(axes, HANDLERS.items(), strict=True):
        for j, count in enumerate(data.workers):
            xs = [i + (j - (len(data.workers) - 1) / 2) * width for i in range(len(data.servers))]
            p50 = [data.get(s, handler, count).p50_ms for s in data.servers]
            p99 = [data.get(s, handler, count).p99_ms for s in data.servers]
            ax.bar(xs, p50, width=width * 0.9, color=color(j), label=f"{count} trab. (p50)")
            ax.scatter(xs, p99, marker="_", s=200, color="black", zorder=3)
        ax.set_xticks(range(len(data.servers)), data.servers)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
    axes[0].set_ylabel("latencia (ms)")
    axes[0].scatter([], [], marker="_", s=200, color="black", label="p99")
    axes[0].legend(fontsize=8, loc="upper left")
    return fig


#: Por encima de este cociente se considera que una variante ganó (10 % de margen).
MARGIN = 1.1


@dataclass(frozen=True)
class Findings:
    """Las comparaciones que cita la prosa, calculadas a partir de un barrido.

    Los cocientes son de rendimiento (pet/s); las frases se eligen según los números
    de esta ejecución, nunca se escriben a mano.
    """

    io_loop_vs_threads: float
    io_loop_vs_sync: float
    io_sync_process_gain: float
    cpu_process_gain: dict[str, float]
    cpu_threads_vs_sync: float
    cpu_loop_vs_sync: float
    io_verdict: str
    cpu_threads_verdict: str
    cpu_process_verdict: str

    def as_dict(self) -> dict[str, Any]:
        """Tipos simples, listos para JSON."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def findings(data: Sweep) -> Findings:
    """Dónde gana el bucle de eventos y dónde solo ayudan los procesos, según ``data``."""
    needed = {"uvicorn", "gthread", "sync"}
    if not needed <= set(data.servers):
        raise ValueError(f"el barrido debe incluir los servidores {sorted(needed)}")
    one, top = data.workers[0], data.workers[-1]

    def ratio(a: float, b: float) -> float:
        return a / b if b > 0 else float("inf") if a > 0 else 1.0

    io = {s: data.throughput(s, "io", one) for s in needed}
    cpu_one = {s: data.throughput(s, "cpu", one) for s in needed}
    gains = {s: ratio(data.throughput(s, "cpu", top), cpu_one[s]) for s in data.servers}
    loop_threads = ratio(io["uvicorn"], io["gthread"])
    loop_sync = ratio(io["uvicorn"], io["sync"])
    threads_sync = ratio(cpu_one["gthread"], cpu_one["sync"])
    if loop_threads > MARGIN and loop_sync > MARGIN:
        io_verdict = (
            "aquí gana el bucle de eventos: tiene en vuelo tantas esperas como clientes, "
            "sin un hilo ni un proceso por cada una"
        )
    else:
        io_verdict = (
            "en esta ejecución el bucle de eventos no sacó ventaja clara; con cliente y "
            "servidor en los mismos núcleos, el cuello de botella pudo ser el cliente"
        )
    if threads_sync > MARGIN:
        threads_verdict = (
            "algo más, porque los hilos solapan el trabajo de red de una petición con el "
            "cálculo de otra; el cálculo en sí sigue en fila detrás del GIL"
        )
    else:
        threads_verdict = (
            "lo mismo, más o menos: con cálculo en Python puro los hilos hacen cola en el "
            "GIL y un proceso solo usa un núcleo"
        )
    mean_gain = sum(gains.values()) / len(gains)
    if top == one:
        process_verdict = "solo se midió un número de procesos: no hay aceleración que comparar"
    elif mean_gain > MARGIN:
        process_verdict = (
            "añadir procesos sí movió la aguja en el manejador de CPU, porque solo los "
            "procesos ocupan más de un núcleo a la vez"
        )
    else:
        process_verdict = (
            "en esta ejecución ni siquiera los procesos ayudaron: el generador de carga "
            "compite con los trabajadores por los mismos núcleos"
        )
    return Findings(
        io_loop_vs_threads=loop_threads,
        io_loop_vs_sync=loop_sync,
        io_sync_process_gain=ratio(data.throughput("sync", "io", top), io["sync"]),
        cpu_process_gain=gains,
        cpu_threads_vs_sync=threads_sync,
        cpu_loop_vs_sync=ratio(cpu_one["uvicorn"], cpu_one["sync"]),
        io_verdict=io_verdict,
        cpu_threads_verdict=threads_verdict,
        cpu_process_verdict=process_verdict,
    )

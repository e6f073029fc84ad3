"""Las figuras del capítulo «Servidores web»: un resultado entra, una figura sale.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`throughput_figure` y :func:`latency_figure`: el barrido de servidores y
  trabajadores.
- :func:`gap_figure` y :func:`knee_figure`: la omisión coordinada y la rodilla de la
  latencia en lazo abierto.
- :func:`stores_figure`: la flota que escala y las sesiones que pierde.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dadsbook import fmt, plotting

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.systems.web_servers.bench import Sweep
    from dadsbook.systems.web_servers.coordinated import Study
    from dadsbook.systems.web_servers.stateless import FleetResult

__all__ = ["gap_figure", "knee_figure", "latency_figure", "stores_figure", "throughput_figure"]


def throughput_figure(data: Sweep) -> Figure:
    """Rendimiento (mediana y RIC) frente a trabajadores, un panel por manejador."""
    from dadsbook.systems.web_servers import launch
    from dadsbook.systems.web_servers.bench import HANDLERS

    fig = plotting.figure(7.5, 3.4)
    axes = fig.subplots(1, len(HANDLERS))
    colors = {server: plotting.color(i) for i, server in enumerate(data.servers)}
    for ax, (handler, title) in zip(axes, HANDLERS.items(), strict=True):
        for server in data.servers:
            points = [data.get(server, handler, w) for w in data.workers]
            medians = [p.throughput for p in points]
            spread = [
                [max(p.throughput - p.q1, 0.0) for p in points],
                [max(p.q3 - p.throughput, 0.0) for p in points],
            ]
            ax.errorbar(
                data.workers, medians, yerr=spread, marker="o", capsize=3,
                color=colors[server], label=launch.SERVERS[server],
            )  # fmt: skip
        ax.set_title(title)
        ax.set_xlabel("trabajadores (procesos)")
        ax.set_xticks(data.workers)
        ax.set_ylim(bottom=0)
    axes[0].set_ylabel("rendimiento (pet/s)")
    plotting.outside_legend(fig, axes[0])
    return fig


def latency_figure(data: Sweep) -> Figure:
    """Latencia p50 (barra) y p99 (marca) por servidor y trabajadores, escala logarítmica."""
    from dadsbook.systems.web_servers.bench import HANDLERS

    fig = plotting.figure(7.5, 3.4)
    axes = fig.subplots(1, len(HANDLERS), sharey=True)
    width = 0.8 / len(data.workers)
    for ax, (handler, title) in zip(axes, HANDLERS.items(), strict=True):
        for j, count in enumerate(data.workers):
            xs = [i + (j - (len(data.workers) - 1) / 2) * width for i in range(len(data.servers))]
            p50 = [data.get(s, handler, count).p50_ms for s in data.servers]
            p99 = [data.get(s, handler, count).p99_ms for s in data.servers]
            ax.bar(xs, p50, width=width * 0.9, color=plotting.color(j),
                   label=f"{count} trab. (p50)")  # fmt: skip
            ax.scatter(xs, p99, marker="_", s=200, color="black", zorder=3)
        ax.set_xticks(range(len(data.servers)), data.servers)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
    axes[0].set_ylabel("latencia (ms)")
    axes[0].scatter([], [], marker="_", s=200, color="black", label="p99")
    plotting.outside_legend(fig, axes[0])
    return fig


def gap_figure(data: Study) -> Figure:
    """p99 de cada ventana con los dos generadores, y el que predice M/M/1."""
    from dadsbook.systems.web_servers.load import window_median

    fig = plotting.figure(6.0, 3.2)
    ax = fig.subplots()
    groups = (("lazo cerrado\n(desde el envío)", data.closed_p99),
              ("lazo abierto\n(desde lo previsto)", data.open_p99))  # fmt: skip
    for i, (_, values) in enumerate(groups):
        xs = [i + 0.08 * (j - (len(values) - 1) / 2) for j in range(len(values))]
        ax.scatter(xs, values, color=plotting.color(i), zorder=3, label=None)
        ax.hlines(window_median(values), i - 0.3, i + 0.3, color="black", linewidth=2, zorder=4)
    model = 1000 * data.model(data.workers[0], data.gap_load).p99_response_s
    ax.axhline(model, color=plotting.color(2), linestyle="--",
               label="p99 de M/M/1 con la capacidad medida")  # fmt: skip
    ax.set_xticks(range(len(groups)), [name for name, _ in groups])
    ax.set_xlim(-0.6, len(groups) - 0.4)
    ax.set_ylabel("p99 de cada ventana (ms)")
    ax.set_ylim(bottom=0)
    plotting.outside_legend(fig, ax)
    return fig


def knee_figure(data: Study) -> Figure:
    """p99 en lazo abierto frente a la utilización, con la curva de M/M/c, un panel por c.

    El p99 va en tiempos de servicio medios (p99 × μ, con la capacidad medida justo antes
    de cada carga), así que la curva del modelo no depende de la capacidad.
    """
    from dadsbook.systems.web_servers import queueing
    from dadsbook.systems.web_servers.coordinated import spread
    from dadsbook.systems.web_servers.load import window_median

    fig = plotting.figure(7.5, 3.4)
    axes = fig.subplots(1, len(data.workers), sharey=True, squeeze=False)[0]
    for ax, count in zip(axes, data.workers, strict=True):
        points = [p for p in data.knee if p.workers == count]
        loads = [p.load for p in points]
        medians = [window_median(p.p99_services) for p in points]
        ranges = [spread(p.p99_services) for p in points]
        yerr = [
            [max(m - lo, 0.0) for m, (lo, _) in zip(medians, ranges, strict=True)],
            [max(hi - m, 0.0) for m, (_, hi) in zip(medians, ranges, strict=True)],
        ]
        ax.errorbar(loads, medians, yerr=yerr, marker="o", capsize=3, color=plotting.color(0),
                    linestyle="none", label="medido (lazo abierto)")  # fmt: skip
        grid = [x / 100 for x in range(5, 98)]
        curve = [queueing.response_quantile(99, r * count, 1.0, count) for r in grid]
        name = "M/M/1" if count == 1 else f"M/M/{count}"
        ax.plot(grid, curve, color=plotting.color(1), label=f"p99 de {name}")
        ax.set_yscale("log")
        ax.set_xlim(0, 1)
        ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        ax.set_xticks(ticks, [fmt.percent(t, 0) for t in ticks])
        ax.set_title(f"gunicorn sync, {count} {'proceso' if count == 1 else 'procesos'}")
        ax.set_xlabel("llegadas / capacidad medida (ρ)")
        ax.legend(fontsize=8, loc="upper left")
    axes[0].set_ylabel("p99 (tiempos de servicio medios)")
    return fig


def stores_figure(results: Mapping[str, FleetResult]) -> Figure:
    """Arriba, instancias vivas en el tiempo; abajo, sesiones perdidas acumuladas."""
    from matplotlib.ticker import MaxNLocator

    from dadsbook.systems.web_servers.stateless import STORES

    if set(results) != set(STORES):
        raise ValueError(f"results debe tener las claves {list(STORES)}")
    fig = plotting.figure(7.0, 4.6)
    top, bottom = fig.subplots(2, 1, sharex=True)
    any_result = results["memoria"]
    end = max([t for t, _ in any_result.fleet] + list(any_result.losses) + [1.0])
    times = [t for t, _ in any_result.fleet] + [end]
    sizes = [n for _, n in any_result.fleet] + [any_result.fleet[-1][1]]
    top.step(times, sizes, where="post", color=plotting.color(7))
    top.set_ylabel("instancias")
    top.set_ylim(bottom=0)
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_title("Autoescalado: la flota crece y se encoge")
    for i, store in enumerate(STORES):
        losses = list(results[store].losses)
        xs = [0.0, *losses, end]
        ys = [0, *range(1, len(losses) + 1), len(losses)]
        label = "sesión en memoria de la instancia" if store == "memoria" else "almacén compartido"
        bottom.step(xs, ys, where="post", color=plotting.color(i), label=label)
    bottom.set_ylabel("sesiones perdidas\n(acumuladas)")
    bottom.set_xlabel("tiempo simulado (s)")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    plotting.outside_legend(fig, bottom)
    return fig

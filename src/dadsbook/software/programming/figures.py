"""Figuras del capítulo que no son de un solo módulo: contrapresión, rendimiento,
barras de aceleración y tiempos de MPI. Todas con el estilo de :mod:`dadsbook.plotting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from dadsbook import fmt, plotting
from dadsbook.software.programming.mpi_run import MpiRun
from dadsbook.software.programming.producer_consumer import PCResult

__all__ = ["backpressure_figure", "mpi_figure", "speedup_bars", "throughput_figure"]


def backpressure_figure(results: Sequence[PCResult]) -> Figure:
    """Un panel por ejecución: elementos producidos y consumidos a lo largo del tiempo.

    La distancia vertical entre las dos escaleras es lo que hay en la cola; nunca pasa
    del tamaño del búfer.
    """
    if not results:
        raise ValueError("results debe contener al menos una ejecución")
    fig = plotting.figure(7.0, 2.6)
    axes = fig.subplots(1, len(results), sharey=True, squeeze=False)[0]
    for ax, r in zip(axes, results, strict=True):
        for k, (times, name) in enumerate(
            ((r.put_times, "producidos"), (r.take_times, "consumidos"))
        ):
            ms = [0.0] + [1000 * t for t in times]
            ax.step(ms, range(len(ms)), where="post", color=plotting.color(k), label=name)
        ax.set_title(f"búfer de {r.config.buffer}", fontsize=9)
        ax.set_xlabel("tiempo (ms)")
    axes[0].set_ylabel("elementos")
    axes[0].legend(fontsize=8)
    return fig


def throughput_figure(series: Mapping[str, Sequence[tuple[int, float]]]) -> Figure:
    """Elementos por segundo frente al número de consumidores, una línea por manera."""
    if not series:
        raise ValueError("series debe contener al menos una manera")
    fig = plotting.figure(5.5, 3.4)
    ax = fig.add_subplot()
    for i, (name, points) in enumerate(series.items()):
        xs = [c for c, _ in points]
        ax.plot(xs, [t for _, t in points], marker="o", color=plotting.color(i), label=name)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ticks = sorted({c for points in series.values() for c, _ in points})
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set_xlabel("consumidores")
    ax.set_ylabel("elementos por segundo")
    ax.legend(fontsize=8)
    return fig


def speedup_bars(speedups: Mapping[str, float], *, xlabel: str, ideal: float) -> Figure:
    """Barras de aceleración por variante, con la serie (1×) y el ideal marcados."""
    if not speedups:
        raise ValueError("speedups debe contener al menos una variante")
    fig = plotting.figure(6.0, 0.9 + 0.45 * len(speedups))
    ax = fig.add_subplot()
    names = list(speedups)
    ax.barh(range(len(names)), [speedups[n] for n in names], color=plotting.color(0))
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.axvline(1.0, color="black", linewidth=1, label="serie (1×)")
    ax.axvline(
        ideal, color="grey", linestyle="--", linewidth=1, label=f"ideal ({fmt.ratio(ideal)})"
    )
    ax.set_xlabel("aceleración respecto a la serie (×)")
    ax.set_ylabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def mpi_figure(runs: Sequence[MpiRun]) -> Figure:
    """Tiempo de la integral con cada número de rangos (mediana y extremos)."""
    if not runs:
        raise ValueError("runs debe contener al menos una ejecución")
    fig = plotting.figure(5.0, 3.2)
    ax = fig.add_subplot()
    ranks = [r.ranks for r in runs]
    medians = [1000 * r.median_s for r in runs]
    low = [m - 1000 * min(r.seconds) for m, r in zip(medians, runs, strict=True)]
    high = [1000 * max(r.seconds) - m for m, r in zip(medians, runs, strict=True)]
    ax.errorbar(ranks, medians, yerr=[low, high], marker="o", capsize=4, color=plotting.color(0))
    ax.set_xticks(ranks)
    ax.set_xlabel("rangos MPI")
    ax.set_ylabel("tiempo de la integral (ms)")
    ax.set_ylim(bottom=0)
    return fig

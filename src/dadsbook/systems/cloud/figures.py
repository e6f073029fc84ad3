"""Figuras del capítulo «Nube»: colas de latencia, instancias en el tiempo y lotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from dadsbook.plotting import color, figure
from dadsbook.systems.cloud.batch import BatchRun
from dadsbook.systems.cloud.load_balancing import BalancerResult
from dadsbook.systems.cloud.scale_sets import ScaleSetResult
from dadsbook.systems.cloud.serverless import ServerlessResult

__all__ = ["balancer_tail", "batch_times", "scale_set_timeline", "serverless_timeline"]

POLICY_NAMES = {
    "round_robin": "turno rotatorio",
    "random": "al azar",
    "least_connections": "menos conexiones",
    "two_choices": "dos opciones",
}


def balancer_tail(results: Mapping[str, Sequence[BalancerResult]]) -> Figure:
    """Percentil 99 de la latencia frente a la carga, una línea por política."""
    fig = figure(6.0, 3.6)
    ax = fig.add_subplot()
    for i, (policy, runs) in enumerate(results.items()):
        ax.plot(
            [100 * r.load for r in runs],
            [1000 * r.p99_s for r in runs],
            marker="o",
            color=color(i),
            label=POLICY_NAMES.get(policy, policy),
        )
    ax.set_yscale("log")
    ax.set_xlabel("carga de la flota (%)")
    ax.set_ylabel("latencia p99 (ms, escala log.)")
    ax.legend()
    return fig


def serverless_timeline(results: Mapping[str, ServerlessResult]) -> Figure:
    """Instancias vivas a lo largo del tiempo para varias configuraciones."""
    fig = figure(6.5, 3.2)
    ax = fig.add_subplot()
    for i, (name, result) in enumerate(results.items()):
        times = [t for t, _ in result.instances]
        counts = [n for _, n in result.instances]
        ax.step(times, counts, where="post", color=color(i), label=name)
    ax.set_xlabel("segundos")
    ax.set_ylabel("instancias vivas")
    ax.legend()
    return fig


def _changes(series: Sequence[int]) -> tuple[list[int], list[int]]:
    """Los puntos donde cambia una serie escalonada (y el último): el mismo dibujo con
    ``step(where="post")`` y muchos menos puntos."""
    xs = [t for t, value in enumerate(series) if t == 0 or value != series[t - 1]]
    xs.append(len(series) - 1)
    return xs, [series[t] for t in xs]


def _per_minute(series: Sequence[float]) -> list[float]:
    """Media de cada minuto de una serie con una muestra por segundo."""
    return [sum(series[i : i + 60]) / len(series[i : i + 60]) for i in range(0, len(series), 60)]


def scale_set_timeline(results: Mapping[str, ScaleSetResult]) -> Figure:
    """Demanda (media de cada minuto) frente a capacidad lista, una línea por regla.

    La capacidad se dibuja solo en sus cambios y la demanda por minutos: con una
    muestra por segundo, la figura pesaría decenas de veces más y se vería igual.
    """
    fig = figure(6.5, 3.4)
    ax = fig.add_subplot()
    first = next(iter(results.values()))
    demand = _per_minute(first.demand)
    ax.plot(
        [m + 0.5 for m in range(len(demand))], demand, color="grey", linewidth=0.8,
        label="demanda (media por minuto)",
    )  # fmt: skip
    for i, (name, result) in enumerate(results.items()):
        xs, ready = _changes(result.ready)
        ax.step(
            [t / 60 for t in xs], ready, where="post", color=color(i),
            label=f"capacidad lista: {name}",
        )  # fmt: skip
    ax.set_xlabel("minutos")
    ax.set_ylabel("unidades de CPU")
    ax.legend(fontsize=8)
    return fig


def batch_times(runs: Sequence[BatchRun]) -> Figure:
    """Tiempo del lote (mediana y rango intercuartílico) por número de trabajadores."""
    fig = figure(5.0, 3.2)
    ax = fig.add_subplot()
    workers = [r.workers for r in runs]
    medians = [r.timing.median_s for r in runs]
    errors = [
        [r.timing.median_s - r.timing.q1_s for r in runs],
        [r.timing.q3_s - r.timing.median_s for r in runs],
    ]
    ax.bar([str(w) for w in workers], medians, yerr=errors, color=color(0), capsize=4)
    ax.set_xlabel("trabajadores de Dask")
    ax.set_ylabel("tiempo del lote (s)")
    return fig

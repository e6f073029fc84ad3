"""Figuras del capítulo «Nube»: colas de latencia, instancias en el tiempo y lotes.

Los simuladores del capítulo no importan matplotlib; la presentación vive aquí
(``nombre(resultado) → Figure``) y matplotlib y NumPy llegan al dibujar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook.plotting import color, figure, outside_legend, text_color
from dadsbook.systems.cloud.app_service import BIN_S
from dadsbook.systems.cloud.choices import (
    max_load_one_choice,
    theory_d_choices,
    theory_one_choice,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.systems.cloud.app_service import AppServiceResult
    from dadsbook.systems.cloud.batch import BatchRun
    from dadsbook.systems.cloud.batch_faults import FaultyJob
    from dadsbook.systems.cloud.choices import MaxLoad
    from dadsbook.systems.cloud.durable import CrashReport
    from dadsbook.systems.cloud.load_balancing import BalancerResult
    from dadsbook.systems.cloud.overprovisioning import Deployment
    from dadsbook.systems.cloud.scale_sets import ScaleSetResult
    from dadsbook.systems.cloud.serverless import ServerlessResult

__all__ = [
    "app_service_utilization",
    "balancer_tail",
    "batch_attempts",
    "batch_times",
    "choices_max_load",
    "durable_replay",
    "overprovision_times",
    "scale_set_timeline",
    "serverless_concurrency",
    "serverless_timeline",
]

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
    """Instancias vivas a lo largo del tiempo para varias configuraciones.

    El eje de instancias solo marca enteros y la leyenda va debajo, fuera de las curvas.
    """
    from matplotlib.ticker import MaxNLocator

    fig = figure(6.5, 3.2)
    ax = fig.add_subplot()
    for i, (name, result) in enumerate(results.items()):
        times = [t for t, _ in result.instances]
        counts = [n for _, n in result.instances]
        ax.step(times, counts, where="post", color=color(i), label=name)
    ax.set_xlabel("segundos")
    ax.set_ylabel("instancias vivas")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(fig, ax)
    return fig


def serverless_concurrency(results: Mapping[str, ServerlessResult]) -> Figure:
    """Arriba, eventos a la vez por instancia (la media de las instancias listas); abajo,
    instancias vivas. Una línea por configuración, con el mismo color en los dos paneles.

    Con concurrencia estática, la de arriba es la recta del valor fijo.
    """
    from matplotlib.ticker import MaxNLocator

    fig = figure(6.5, 4.4)
    top, bottom = fig.subplots(2, 1, sharex=True)
    for i, (name, result) in enumerate(results.items()):
        end = result.instances[-1][0]
        if result.concurrency:
            times = [t for t, _ in result.concurrency] + [end]
            values = [c for _, c in result.concurrency]
            values.append(values[-1])
        else:
            times, values = [0.0, end], [float(result.config.concurrency)] * 2
        top.step(times, values, where="post", color=color(i), label=name)
        bottom.step(
            [t for t, _ in result.instances], [n for _, n in result.instances], where="post",
            color=color(i),
        )  # fmt: skip
    top.set_ylabel("eventos a la vez\npor instancia")
    top.set_yscale("log", base=2)
    top.yaxis.set_major_formatter("{x:g}")
    bottom.set_ylabel("instancias vivas")
    bottom.set_xlabel("segundos")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(fig, top)
    return fig


def overprovision_times(results: Mapping[int, Sequence[Deployment]]) -> Figure:
    """Fracción de despliegues con las N máquinas listas frente al tiempo, una curva por k."""
    fig = figure(6.0, 3.4)
    ax = fig.add_subplot()
    for i, (k, runs) in enumerate(results.items()):
        times = sorted(d.time_to_ready_s for d in runs)
        shares = [100 * (j + 1) / len(times) for j in range(len(times))]
        label = "sin sobreaprovisionamiento" if k == 0 else f"{k} de más"
        ax.step([0.0, *times], [0.0, *shares], where="post", color=color(i), label=label)
    ax.set_xlabel("segundos desde que se piden las máquinas")
    ax.set_ylabel("despliegues con las N listas (%)")
    ax.set_ylim(0, 102)
    outside_legend(fig, ax)
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
    from matplotlib.ticker import MaxNLocator

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
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(fig, ax)
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


def choices_max_load(results: Mapping[int, Sequence[MaxLoad]]) -> Figure:
    """Carga máxima (media y extremos de las semillas) frente a ``n``, con la teoría."""
    import numpy as np

    fig = figure(6.0, 3.6)
    ax = fig.add_subplot()
    sizes = [r.n for r in next(iter(results.values()))]
    grid = np.geomspace(sizes[0], sizes[-1], 60)
    for i, (d, runs) in enumerate(sorted(results.items())):
        means = [r.mean for r in runs]
        spread = [
            [r.mean - min(r.max_load) for r in runs],
            [max(r.max_load) - r.mean for r in runs],
        ]
        label = "simulado, 1 opción" if d == 1 else f"simulado, {d} opciones"
        ax.errorbar(sizes, means, yerr=spread, marker="o", color=color(i), label=label,
                    capsize=3, linestyle="none")  # fmt: skip
    ax.plot(grid, [theory_one_choice(int(n)) for n in grid], color=color(0), linestyle="--",
            label="ln n / ln ln n")  # fmt: skip
    ax.plot(grid, [max_load_one_choice(int(n)) for n in grid], color=color(0), linestyle=":",
            label="Gonnet: Γ⁻¹(n) − 3/2")  # fmt: skip
    ax.plot(grid, [theory_d_choices(int(n)) for n in grid], color=color(1), linestyle="--",
            label="ln ln n / ln 2")  # fmt: skip
    ax.set_xscale("log", base=2)
    ax.set_xlabel("n (bolas = cajas, escala log₂)")
    ax.set_ylabel("carga de la caja más llena")
    ax.legend(fontsize=8)
    return fig


def app_service_utilization(results: Mapping[str, AppServiceResult]) -> Figure:
    """Utilización de cada instancia en el tiempo, un panel por configuración."""
    fig = figure(6.5, 2.6 * len(results))
    axes = fig.subplots(len(results), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (name, result) in zip(axes, results.items(), strict=True):
        config = result.config
        for i, series in enumerate(result.utilization):
            times = [BIN_S * (k + 0.5) for k in range(len(series))]
            kind = "inicial" if i < config.instances else "añadida"
            ax.plot(times, [100 * u for u in series], color=color(i), linewidth=1.2,
                    label=f"instancia {i + 1} ({kind})")  # fmt: skip
        if config.fail_at_s is not None:
            ax.axvline(config.fail_at_s, color="black", linestyle=":", linewidth=1)
        for t in result.added_at_s:
            ax.axvline(t, color="grey", linestyle="--", linewidth=0.8)
        ax.set_title(name, fontsize=9)
        ax.set_ylabel("utilización (%)")
        ax.set_ylim(0, 105)
    axes[-1].set_xlabel("segundos (punteado: cae la instancia 1; discontinuo: la regla escala)")
    axes[0].legend(fontsize=7, ncol=2)
    return fig


BATCH_OUTCOME_COLORS = {"completado": 0, "fallo transitorio": 1, "interrumpido": 3}


def batch_attempts(job: FaultyJob) -> Figure:
    """Diagrama de Gantt de los intentos: una fila por proceso trabajador.

    El número de tarea va dentro de su barra solo si cabe.
    """
    from dadsbook._bar_labels import FittedLabel

    fig = figure(6.5, 3.0)
    ax = fig.add_subplot()
    pids = sorted({a.pid for a in job.attempts}, key=lambda p: min(
        a.start_s for a in job.attempts if a.pid == p))  # fmt: skip
    seen: set[str] = set()
    for a in job.attempts:
        row = pids.index(a.pid)
        end = a.end_s if a.end_s is not None else job.killed_at_s
        label = a.outcome if a.outcome not in seen else None
        seen.add(a.outcome)
        fill = color(BATCH_OUTCOME_COLORS[a.outcome])
        (patch,) = ax.barh(
            row,
            max(end - a.start_s, 0.01),
            left=a.start_s,
            height=0.6,
            color=fill,
            edgecolor="white",
            label=label,
        )
        ax.add_artist(FittedLabel(patch, str(a.task), fontsize=7, color=text_color(fill)))
    ax.axvline(job.killed_at_s, color="black", linestyle=":", label="SIGKILL a un trabajador")
    ax.set_yticks(range(len(pids)))
    ax.set_yticklabels(
        [f"proceso {i + 1}" + (" (muerto)" if p == job.killed_pid else "")
         for i, p in enumerate(pids)])  # fmt: skip
    ax.set_xlabel("segundos desde el envío del job")
    outside_legend(fig, ax)
    return fig


def durable_replay(report: CrashReport) -> Figure:
    """Actividades de una orquestación que se cae y se reanuda: una fila por actividad."""
    fig = figure(6.5, 3.2)
    ax = fig.add_subplot()
    labels = {
        (0, True): "completada antes de la caída",
        (0, False): "cancelada por la caída",
        (1, True): "ejecutada al reanudar",
    }
    seen: set[tuple[int, bool]] = set()
    for run in report.runs:
        key = (run.attempt, run.completed)
        ax.barh(run.item, 1000 * (run.end_s - run.start_s), left=1000 * run.start_s, height=0.7,
                color=color({(0, True): 0, (0, False): 3, (1, True): 1}.get(key, 2)),
                label=labels.get(key) if key not in seen else None)  # fmt: skip
        seen.add(key)
    ax.axvline(1000 * report.crash_s, color="black", linestyle=":", label="caída y reanudación")
    ax.set_xlabel("milisegundos desde el inicio de la orquestación")
    ax.set_ylabel("actividad")
    ax.invert_yaxis()
    outside_legend(fig, ax)
    return fig

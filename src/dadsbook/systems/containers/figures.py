"""Las figuras del capítulo «Contenedores»: un resultado entra, una figura sale.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`timeline_figure` y :func:`sweep_figure`: la cuota de CPU de un cgroup.
- :func:`contention_figure`: el reparto de una CPU entre dos pods por sus *requests*.
- :func:`failover_figure`: la CPU pedida en cada nodo antes y después de una caída.
- :func:`self_healing_figure`: los pods listos de un ReplicaSet con fallos.
- :func:`replicas_figure`: pods y mensajes pendientes con HPA, KEDA o réplicas fijas.
- :func:`hpa_figure`: las réplicas que pide la métrica y las que decide el HPA.
- :func:`activation_figure`: la métrica de KEDA y las réplicas, con el umbral de activación.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import fmt, plotting

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from dadsbook.systems.containers.cgroups import RequestRun, StreamResult
    from dadsbook.systems.containers.cluster import ClusterResult
    from dadsbook.systems.containers.contention import ContentionResult
    from dadsbook.systems.containers.failover import Failover
    from dadsbook.systems.containers.placement import Placement
    from dadsbook.systems.containers.replicaset import SelfHealingResult
    from dadsbook.systems.containers.workload import Messages

__all__ = [
    "activation_figure",
    "contention_figure",
    "failover_figure",
    "hpa_figure",
    "replicas_figure",
    "self_healing_figure",
    "sweep_figure",
    "timeline_figure",
]


def timeline_figure(runs: Sequence[tuple[str, RequestRun]], *, period_ms: float) -> Figure:
    """Una fila por configuración: tramos ejecutando y estrangulados, con los periodos."""
    if not runs:
        raise ValueError("runs debe contener al menos una petición")
    bars = [
        plotting.GanttBar(
            row=name,
            start=s.start_ms,
            end=s.end_ms,
            group="ejecuta" if s.kind == "ejecuta" else "estrangulado",
        )
        for name, run in runs
        for s in run.segments
    ]
    colors = {"ejecuta": plotting.color(2), "estrangulado": plotting.color(5)}
    fig = plotting.gantt(bars, xlabel="tiempo (ms)", rows=[name for name, _ in runs], colors=colors)
    ax = fig.axes[0]
    end = max(run.end_ms for _, run in runs)
    for k in range(int(end // period_ms) + 2):
        ax.axvline(k * period_ms, color="grey", linewidth=0.6, linestyle=":")
    return fig


def sweep_figure(results: Mapping[float, StreamResult]) -> Figure:
    """Latencia p50 y p99 frente a la cuota (en núcleos: ``cuota / periodo``)."""
    if not results:
        raise ValueError("results debe contener al menos una cuota")
    cores = [q / r.period_ms for q, r in results.items()]
    fig = plotting.figure(6.0, 3.4)
    ax = fig.add_subplot()
    for i, (q, label) in enumerate(((50.0, "p50"), (99.0, "p99"))):
        ax.plot(
            cores,
            [r.percentile_ms(q) for r in results.values()],
            marker="o",
            color=plotting.color(i),
            label=label,
        )
    ax.set_yscale("log")
    ax.set_xlabel("límite de CPU (núcleos = cuota / periodo)")
    ax.set_ylabel("latencia (ms, escala log)")
    ax.legend()
    return fig


def contention_figure(result: ContentionResult) -> Figure:
    """La parte del primer proceso en cada ventana, frente a cada predicción."""
    from matplotlib.ticker import MaxNLocator

    fig = plotting.figure(6.5, 3.0)
    ax = fig.add_subplot()
    samples = result.first.samples
    ax.plot(
        range(1, len(samples) + 1),
        [100 * s for s in samples],
        "o",
        color=plotting.color(0),
        label="medida (análogo con nice)",
    )
    styles = ("-", "--", ":", "-.")
    for k, (name, share) in enumerate(result.plan.predicted().items()):
        ax.axhline(100 * share, color=plotting.color(k + 1), linestyle=styles[k], label=name)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("ventana")
    ax.set_ylabel(f"CPU del pod de {fmt.number(result.plan.requests_m[0])}m (%)")
    ax.set_ylim(min(50.0, 100 * min(samples) - 5), 100)
    plotting.outside_legend(fig, ax)
    return fig


def _bars(ax: Axes, placement: Placement, colors: Mapping[str, str], down: str | None) -> None:
    names = [n.name for n in placement.nodes]
    for i, n in enumerate(placement.nodes):
        bottom = 0.0
        for app, c in colors.items():
            cpu = sum(p.cpu_m for p in placement.pods_on(n.name) if p.app == app) / 1000
            ax.bar(i, cpu, bottom=bottom, color=c, width=0.6)
            bottom += cpu
        ax.bar(i, n.cpu_m / 1000, width=0.6, fill=False, edgecolor="0.3", linestyle="--")
        if n.name == down:
            ax.text(i, n.cpu_m / 2000, "caído", ha="center", rotation=90, color="0.3")
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("CPU pedida (núcleos)")


def failover_figure(failover: Failover) -> Figure:
    """CPU pedida por cada dueño en cada nodo, antes y después de la caída."""
    from matplotlib.patches import Patch

    apps = list(dict.fromkeys(d.pod.app for d in failover.before.decisions))
    colors = {app: plotting.color(k) for k, app in enumerate(apps)}
    fig = plotting.figure(8.0, 3.4)
    left, right = fig.subplots(1, 2, sharey=True)
    _bars(left, failover.before, colors, None)
    _bars(right, failover.after, colors, failover.failed)
    left.set_title("Antes")
    pending = ", ".join(d.pod.name for d in failover.pending) or "ninguno"
    right.set_title(f"Tras caer {failover.failed} (pendientes: {pending})", fontsize=9)
    idle = {d.pod.app for d in failover.before.decisions if d.pod.best_effort}
    handles = [
        Patch(color=c, label=f"{app} (sin requests)" if app in idle else app)
        for app, c in colors.items()
    ]
    fig.legend(handles=handles, loc="outside upper center", ncol=len(apps), fontsize=8)
    return fig


def self_healing_figure(result: SelfHealingResult) -> Figure:
    """Pods listos frente al tiempo, con las réplicas deseadas y los fallos marcados."""
    from matplotlib.ticker import MaxNLocator

    fig = plotting.figure(7.0, 2.8)
    ax = fig.add_subplot()
    minutes = [t / 60 for t in result.times_s]
    ax.step(minutes, result.ready, where="post", color=plotting.color(0), label="pods listos")
    ax.axhline(result.replicas, color="grey", linestyle="--", label="réplicas deseadas")
    marks = {
        "fallo": ("v", plotting.color(1), "fallo de contenedor"),
        "nodo": ("X", plotting.color(3), "caída de nodo"),
        "desalojo": ("^", plotting.color(2), "desalojo y repuesto"),
    }
    for kind, (marker, color, label) in marks.items():
        times = [t / 60 for t, k in result.events if k == kind]
        if times:
            ax.plot(times, [0.15] * len(times), marker, color=color, linestyle="", label=label)
    ax.set_ylim(0, result.replicas + 0.8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("tiempo (min)")
    ax.set_ylabel("pods listos")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


def replicas_figure(results: Mapping[str, ClusterResult], messages: Messages) -> Figure:
    """Pods vivos y mensajes pendientes a lo largo del tiempo, una curva por política."""
    from matplotlib.ticker import MaxNLocator

    if not results:
        raise ValueError("results debe contener al menos una política")
    fig = plotting.figure(7.5, 4.6)
    top, bottom = fig.subplots(2, 1, sharex=True)
    for ax in (top, bottom):
        for start, end in messages.bursts:
            ax.axvspan(start / 60, end / 60, color="grey", alpha=0.12, linewidth=0)
    colors = {name: plotting.color(i) for i, name in enumerate(results)}
    for name, result in results.items():
        t = [s[0] / 60 for s in result.samples]
        top.step(t, [s[2] for s in result.samples], where="post", color=colors[name], label=name)
        bottom.step(t, [s[3] for s in result.samples], where="post", color=colors[name])
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_ylabel("pods vivos")
    bottom.set_ylabel("mensajes pendientes")
    bottom.set_xlabel("tiempo (min); en gris, las ráfagas")
    top.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


def hpa_figure(times_s: Sequence[float], raw: Sequence[int], replicas: Sequence[int]) -> Figure:
    """Las réplicas que pide la métrica en cada ciclo del HPA y las que tiene de verdad."""
    fig = plotting.figure(6.5, 3.0)
    ax = fig.add_subplot()
    ax.step(times_s, raw, where="post", color=plotting.color(1), linestyle="--",
            label="pedidas por la métrica")  # fmt: skip
    ax.step(times_s, replicas, where="post", color=plotting.color(0), label="réplicas")
    ax.set_xlabel("tiempo (s)")
    ax.set_ylabel("réplicas")
    ax.legend()
    return fig


def activation_figure(
    times_s: Sequence[float],
    metrics: Sequence[float],
    replicas: Sequence[int],
    *,
    activation_value: float,
    title: str = "",
) -> Figure:
    """Dibuja la métrica de cada sondeo con el umbral de activación y las réplicas."""
    from matplotlib.ticker import MaxNLocator

    if not times_s or not len(times_s) == len(metrics) == len(replicas):
        raise ValueError("times_s, metrics y replicas deben tener la misma longitud (≥ 1)")
    fig = plotting.figure(7.0, 4.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    top.step(times_s, metrics, where="post", color=plotting.color(1), label="mensajes en cola")
    top.axhline(activation_value, color="grey", linestyle="--", linewidth=1,
                label="valor de activación")  # fmt: skip
    top.set_ylabel("en cola")
    top.legend(fontsize=8)
    bottom.step(times_s, replicas, where="post", color=plotting.color(0))
    bottom.set_ylabel("réplicas")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_ylim(-0.1, max(max(replicas), 1) + 0.2)
    bottom.set_xlabel("tiempo (s)")
    if title:
        top.set_title(title)
    return fig

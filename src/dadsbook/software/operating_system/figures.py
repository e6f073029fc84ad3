"""Las figuras del capítulo «Sistemas operativos»: un resultado entra, una figura sale.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`multitasking_figure`: multitarea cooperativa o apropiativa, una fila por tarea.
- :func:`mlfq_figure`: la cola multinivel, una fila por nivel de prioridad.
- :func:`balance_figure`: el reparto entre núcleos, con o sin robo de trabajo.
- :func:`modes_figure` y :func:`balances_figure`: varias simulaciones en una figura
  (las de ``dadsbook sim multitasking`` y ``stealing``).
- :func:`weights_figure`: la tabla de pesos de ``nice`` de Linux.
- :func:`policies_figure`: cinco políticas sobre la misma mezcla de trabajos.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import plotting
from dadsbook.plotting import GanttBar
from dadsbook.software.operating_system.policy_mix import PolicyRow
from dadsbook.validation import check_int

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.software.operating_system.load_balancing import BalanceResult
    from dadsbook.software.operating_system.mlfq import MLFQResult
    from dadsbook.software.operating_system.multitasking import MultitaskingResult

__all__ = [
    "METRICS",
    "balance_figure",
    "balances_figure",
    "mlfq_figure",
    "modes_figure",
    "multitasking_figure",
    "policies_figure",
    "weights_figure",
]


def multitasking_figure(result: MultitaskingResult) -> Figure:
    """Diagrama de Gantt con una fila por tarea (cada tarea, su color en las dos figuras)."""
    bars = [GanttBar(s.task, s.start, s.end, s.task) for s in result.slices]
    rows = [s.name for s in result.stats]
    return plotting.gantt(bars, title=result.title(), rows=rows, xlabel="tiempo (unidades)")


def modes_figure(results: Sequence[MultitaskingResult]) -> Figure:
    """Gantt con una fila por modo simulado: cada tramo de CPU, del color de su tarea."""
    bars = [GanttBar(r.title(), s.start, s.end, s.task) for r in results for s in r.slices]
    return plotting.gantt(bars, xlabel="tiempo (unidades)")


def mlfq_figure(
    result: MLFQResult, title: str = "MLFQ", *, group: Callable[[str], str] | None = None
) -> Figure:
    """Gantt con una fila por nivel de prioridad: se ve a los trabajos bajar.

    ``group`` agrupa trabajos en un mismo color (por defecto, uno por trabajo).
    """
    rows = [f"nivel {i}" for i in range(result.config.levels)]
    name = group if group is not None else str
    bars = [GanttBar(f"nivel {r.level}", r.start, r.end, name(r.job)) for r in result.runs]
    return plotting.gantt(bars, title=title, rows=rows, xlabel="tiempo (ticks)")


def balance_figure(result: BalanceResult) -> Figure:
    """Gantt con una fila por núcleo; las tareas robadas, de otro color que las propias."""
    bars = [
        GanttBar(f"núcleo {p.core}", p.start, p.end, "robada" if p.stolen else "propia")
        for p in result.placements
    ]
    rows = [f"núcleo {c}" for c in range(result.cores)]
    colors = {"propia": plotting.color(0), "robada": plotting.color(1)}
    return plotting.gantt(
        bars, title=result.title(), rows=rows, xlabel="tiempo (unidades)", colors=colors
    )


def balances_figure(results: Mapping[str, BalanceResult]) -> Figure:
    """Gantt con una fila por variante y núcleo; cada tarea lleva su número y las robadas,
    otro color que las propias."""
    bars = [
        GanttBar(
            f"{name}: núcleo {p.core}", p.start, p.end, "robada" if p.stolen else "propia",
            str(p.task),
        )
        for name, r in results.items()
        for p in r.placements
    ]  # fmt: skip
    rows = [f"{name}: núcleo {c}" for name, r in results.items() for c in range(r.cores)]
    return plotting.gantt(bars, rows=rows, xlabel="tiempo (unidades)")


def weights_figure(highlight: Sequence[int] = ()) -> Figure:
    """Barras del peso de cada ``nice`` (escala logarítmica), resaltando ``highlight``."""
    from dadsbook.software.operating_system.nice import SCHED_PRIO_TO_WEIGHT, weight

    for n in highlight:
        check_int("highlight[i]", n, -20, 19)
    fig = plotting.figure(7.0, 3.0)
    ax = fig.add_subplot()
    nices = list(range(-20, 20))
    colors = [plotting.color(1) if n in highlight else plotting.color(0) for n in nices]
    ax.bar(nices, SCHED_PRIO_TO_WEIGHT, color=colors)
    ax.set_yscale("log")
    ax.set_xlabel("valor nice")
    ax.set_ylabel("peso (escala log.)")
    for n in highlight:
        ax.annotate(str(weight(n)), (n, weight(n)), ha="center", va="bottom", fontsize=8)
    ax.set_title("Tabla sched_prio_to_weight de Linux")
    return fig


#: Las tres medias, en el orden de los grupos de barras.
METRICS = ("respuesta interactivos", "retorno interactivos", "retorno lotes")


def policies_figure(rows: Sequence[PolicyRow], *, title: str = "") -> Figure:
    """Barras agrupadas por métrica, una por política."""
    if not rows:
        raise ValueError("hace falta al menos una política para dibujarla")
    fig = plotting.figure(7.0, 3.4)
    ax = fig.add_subplot()
    width = 0.8 / len(rows)
    for i, row in enumerate(rows):
        values = (row.interactive_response, row.interactive_turnaround, row.batch_turnaround)
        positions = [m + (i - (len(rows) - 1) / 2) * width for m in range(len(METRICS))]
        ax.bar(positions, values, width, color=plotting.color(i), label=row.policy)
    ax.set_xticks(range(len(METRICS)), METRICS)
    ax.set_ylabel("ticks (media)")
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

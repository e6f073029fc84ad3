"""Las figuras del capítulo «CPU»: cada una recibe un resultado y devuelve su figura.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`policies_figure`: las políticas de planificación lado a lado (Gantt).
- :func:`quantum_figure`: respuesta y tiempo perdido en cambios frente al *quantum*.
- :func:`interrupts_figure`: la línea de tiempo de la tarea y las interrupciones.
- :func:`pipeline_figure`: el cauce de cinco etapas, instrucción a instrucción.
- :func:`scaling_figure`: aceleración de hilos, procesos y el techo del hardware.
- :func:`states_figure`: el estado MESI de la línea de cada acceso en cada caché.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import fmt, laws, plotting
from dadsbook.hardware.cpu.interrupts import TASK
from dadsbook.hardware.cpu.mesi import STATES, MESIResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.cpu.interrupts import Timeline
    from dadsbook.hardware.cpu.parallel import ScalingResult
    from dadsbook.hardware.cpu.pipeline import PipelineResult
    from dadsbook.hardware.cpu.scheduler import Schedule
    from dadsbook.hardware.cpu.scheduler_report import QuantumSweep

__all__ = [
    "STATE_COLORS",
    "interrupts_figure",
    "pipeline_figure",
    "policies_figure",
    "quantum_figure",
    "scaling_figure",
    "states_figure",
]


def policies_figure(schedules: Mapping[str, Schedule], *, title: str = "") -> Figure:
    """Un diagrama de Gantt con una fila por política y un color por trabajo."""
    from dadsbook.hardware.cpu.scheduler_report import SWITCH_GROUP

    if not schedules:
        raise ValueError("schedules debe contener al menos una planificación")
    bars: list[plotting.GanttBar] = []
    for s in schedules.values():
        row = s.label()
        bars += [plotting.GanttBar(row, x.start, x.end, x.job, x.job) for x in s.slices]
        bars += [plotting.GanttBar(row, a, b, SWITCH_GROUP) for a, b in s.switches]
    return plotting.gantt(
        bars, title=title, xlabel="tiempo (unidades)", colors={SWITCH_GROUP: "#808080"}
    )


def quantum_figure(sweep: QuantumSweep) -> Figure:
    """Respuesta media (izquierda) y fracción perdida en cambios (derecha) por *quantum*."""
    response, overhead = plotting.color(0), plotting.color(5)
    fig = plotting.figure(6.5, 3.4)
    ax = fig.add_subplot()
    ax.plot(sweep.quanta, sweep.response, marker="o", color=response)
    plotting.log_xticks(ax, sweep.quanta, [fmt.number(q) for q in sweep.quanta])
    ax.set_xlabel("quantum (unidades, escala logarítmica)")
    ax.set_ylabel("respuesta media", color=response)
    ax.set_ylim(bottom=0)
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    lost = [100 * v for v in sweep.overhead]
    right.plot(sweep.quanta, lost, marker="s", linestyle="--", color=overhead)
    right.set_ylabel("tiempo en cambios (%)", color=overhead)
    right.set_ylim(bottom=0)
    right.grid(visible=False)
    ax.set_title(f"Turno rotatorio; cada cambio cuesta {fmt.number(sweep.switch_cost)}")
    return fig


def interrupts_figure(timeline: Timeline, *, title: str = "") -> Figure:
    """Línea de tiempo: la tarea y una fila por prioridad; la espera va rayada.

    Cada interrupción tiene su color de :data:`dadsbook.plotting.ENTITY_COLORS` (la
    red, el reloj…), el mismo con y sin anidamiento.
    """
    priority = {r.name: r.priority for r in timeline.results}

    def row(owner: str) -> str:
        return TASK if owner == TASK else f"prioridad {priority[owner]}"

    bars = [
        plotting.GanttBar(row(s.owner), s.start, s.end, s.owner, s.owner) for s in timeline.segments
    ]
    bars += [
        plotting.GanttBar(f"prioridad {r.priority}", r.arrival, r.start, r.name, hatched=True)
        for r in timeline.results
        if r.start > r.arrival
    ]
    levels = sorted(set(priority.values()), reverse=True)
    rows = [f"prioridad {p}" for p in levels] + [TASK]
    return plotting.gantt(bars, title=title, rows=rows, xlabel="tiempo (unidades)")


def pipeline_figure(result: PipelineResult) -> Figure:
    """El cauce como diagrama de Gantt: una fila por instrucción, una barra por etapa."""
    from dadsbook.hardware.cpu.pipeline import STALL

    bars = []
    for k, (instr, timing) in enumerate(zip(result.program, result.timings, strict=True)):
        row = f"{k + 1}. {instr.text}"
        for cycle, stage in sorted(timing.stages().items()):
            waiting = stage == STALL
            group = "burbuja" if waiting else stage
            label = "" if waiting else stage
            bars.append(plotting.GanttBar(row, cycle - 1, cycle, group, label, hatched=waiting))
    mode = "con" if result.forwarding else "sin"
    return plotting.gantt(bars, title=f"Cauce {mode} adelantamiento", xlabel="ciclo")


def scaling_figure(
    result: ScalingResult,
    title: str = "",
    extra: Mapping[str, Sequence[float]] | None = None,
    fit: str | None = None,
) -> Figure:
    """Aceleración frente a trabajadores, con la línea ideal y ``extra`` (otras curvas).

    Hilos, procesos y el techo llevan su color de entidad en todas las figuras de la
    página (Python puro y NumPy). ``fit`` añade, punteada, la curva de Amdahl ajustada a
    esa variante.
    """
    from dadsbook.hardware.cpu.parallel import VARIANTS

    series: dict[str, Sequence[float]] = {VARIANTS[v]: result.speedups(v) for v in result.variants}
    series.update(extra or {})
    colors = {VARIANTS[v]: plotting.entity_color(v) for v in result.variants}
    fig = plotting.speedup_plot(result.workers, series, title=title, colors=colors)
    if fit is not None:
        serial = result.serial_fraction(fit)
        ax = fig.axes[0]
        xs = [1 + i * (max(result.workers) - 1) / 50 for i in range(51)]
        ax.plot(
            xs,
            [laws.amdahl(x, serial) for x in xs],
            linestyle=":",
            color="black",
            label=f"Amdahl ajustada a {fit} (s = {fmt.number(serial, 2)})",
        )
        plotting.outside_legend(fig, ax)
    return fig


#: Color de cada estado: M bermellón, E verde azulado, S azul, I gris claro.
STATE_COLORS = {"M": "#D55E00", "E": "#009E73", "S": "#0072B2", "I": "#DDDDDD"}

#: Con más filas que estas, las etiquetas de cada acceso no caben y se omiten.
LABELLED_ROWS = 60


def states_figure(result: MESIResult, *, title: str = "") -> Figure:
    """Dibuja el estado MESI de la línea de cada acceso en cada caché."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    if not result.steps:
        raise ValueError("la traza debe tener al menos un acceso para dibujarla")
    rows, cores = len(result.steps), result.cores
    grid = [[STATES.index(state) for state in step.states] for step in result.steps]
    labelled = rows <= LABELLED_ROWS
    fig = plotting.figure(min(2.6 + 0.55 * cores, 9.0), min(1.2 + 0.26 * rows, 10.0))
    ax = fig.add_subplot()
    colormap = ListedColormap([STATE_COLORS[s] for s in STATES])
    ax.imshow(grid, cmap=colormap, vmin=0, vmax=len(STATES) - 1, aspect="auto",
              interpolation="nearest")  # fmt: skip
    if labelled and rows * cores <= 600:
        for i, step in enumerate(result.steps):
            for core, state in enumerate(step.states):
                ax.text(core, i, state, ha="center", va="center", fontsize=7,
                        color="black" if state == "I" else "white")  # fmt: skip
    ax.set_xticks(range(cores), [f"C{c}" for c in range(cores)])
    ax.xaxis.tick_top()
    ax.grid(False)
    if labelled:
        ax.set_yticks(
            range(rows),
            [f"{i + 1}. C{s.core} {s.op} {s.address}" for i, s in enumerate(result.steps)],
            fontsize=7,
        )
        right = ax.secondary_yaxis("right")
        right.set_yticks(range(rows), [s.transaction for s in result.steps], fontsize=7)
        right.set_ylabel("bus")
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{int(value) + 1}"))
        ax.set_ylabel("acceso")
    ax.set_xlabel("estado de la línea en la caché de cada núcleo")
    handles = [Patch(facecolor=STATE_COLORS[s], label=s) for s in STATES]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(STATES), fontsize=8)
    if title:
        ax.set_title(title)
    return fig

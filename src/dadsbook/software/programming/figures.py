"""Las figuras del capítulo «Programación»: un resultado entra, una figura sale.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``), con el estilo de
:mod:`dadsbook.plotting`, y matplotlib llega al dibujar: contrapresión, rendimiento,
barras de aceleración, tiempos de MPI, las peticiones de asyncio, el orden del bucle de
eventos, las carreras, los errores de concurrencia (lo que encuentra el explorador de
entrelazados y el interbloqueo real) y las leyes de Amdahl y Gustafson.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import fmt, laws, plotting
from dadsbook.software.programming.coroutines import TraceStep
from dadsbook.validation import check_int

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.software.programming.asyncio_demo import ClientComparison
    from dadsbook.software.programming.deadlock import DeadlockResult
    from dadsbook.software.programming.event_loop import LoopOrder
    from dadsbook.software.programming.interleavings import Exploration
    from dadsbook.software.programming.mpi_run import MpiRun
    from dadsbook.software.programming.producer_consumer import PCResult
    from dadsbook.software.programming.race_survey import RaceSurvey
    from dadsbook.software.programming.scaling import LawFit

__all__ = [
    "backpressure_figure",
    "deadlock_figure",
    "laws_figure",
    "loop_order_figure",
    "mpi_figure",
    "outcomes_figure",
    "race_figure",
    "speedup_bars",
    "throughput_figure",
    "timeline_figure",
    "trace_figure",
]


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


def timeline_figure(result: ClientComparison) -> Figure:
    """Una fila por petición y un panel por manera: cuándo empieza y acaba cada una."""
    from dadsbook.software.programming.asyncio_demo import METHODS

    fig = plotting.figure(7.0, 1.2 + 0.08 * result.requests * len(METHODS))
    axes = fig.subplots(len(METHODS), 1, sharex=True)
    for k, (ax, method) in enumerate(zip(axes, METHODS, strict=True)):
        spans = result.spans[method]
        starts = [1000 * s for s, _ in spans]
        ends = [1000 * e for _, e in spans]
        ax.hlines(range(len(spans)), starts, ends, color=plotting.color(k), linewidth=3)
        ax.set_ylabel("petición")
        ax.set_title(method, fontsize=9, loc="left")
        ax.invert_yaxis()
        ax.set_yticks([])
    axes[-1].set_xlabel("tiempo desde el inicio (ms)")
    return fig


def loop_order_figure(order: LoopOrder) -> Figure:
    """Un punto por retrollamada: en qué vuelta del bucle corrió (filas en orden).

    Las vueltas van equiespaciadas con su número debajo: entre la 2 y la del hilo
    pueden pasar cientos de vueltas vacías, que no se dibujan.
    """
    fig = plotting.figure(7.0, 0.8 + 0.32 * len(order.events))
    ax = fig.add_subplot()
    turns = sorted({e.turn for e in order.events})
    column = {t: i for i, t in enumerate(turns)}
    hows = list(dict.fromkeys(e.how for e in order.events))
    for k, how in enumerate(hows):
        rows = [(i, column[e.turn]) for i, e in enumerate(order.events) if e.how == how]
        ax.scatter([x for _, x in rows], [i for i, _ in rows], color=plotting.color(k),
                   label=how, zorder=3, s=36)  # fmt: skip
    ax.set_yticks(range(len(order.events)), [e.label for e in order.events])
    ax.invert_yaxis()
    ax.set_xticks(range(len(turns)), [fmt.number(t) for t in turns])
    ax.set_xlim(-0.5, len(turns) - 0.5)
    ax.set_xlabel("vuelta del bucle de asyncio (solo las que ejecutaron algo)")
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def race_figure(survey: RaceSurvey) -> Figure:
    """Dos paneles: ejecuciones con pérdidas y fracción perdida (mediana y extremos)."""
    names = list(dict.fromkeys(s.variant for s in survey.stats))
    fig = plotting.figure(7.5, 0.9 + 0.55 * len(names))
    left, right = fig.subplots(1, 2, sharey=True)
    height = 0.38
    for k, locked in enumerate((False, True)):
        offset = (k - 0.5) * height
        label = "con cerrojo" if locked else "sin cerrojo"
        ys, rates, medians, lows, highs, texts = [], [], [], [], [], []
        for i, name in enumerate(names):
            found = [s for s in survey.stats if s.variant == name and s.locked == locked]
            if not found:
                continue
            s = found[0]
            ys.append(i + offset)
            texts.append(f"{s.with_losses} de {len(s.runs)}")
            rates.append(100 * s.rate)
            medians.append(100 * s.median_lost_fraction)
            lows.append(100 * (s.median_lost_fraction - min(s.lost_fractions)))
            highs.append(100 * (max(s.lost_fractions) - s.median_lost_fraction))
        color = plotting.color(5 if not locked else 2)
        left.barh(ys, rates, height=height, color=color, label=label)
        right.barh(ys, medians, height=height, color=color, xerr=[lows, highs],
                   error_kw={"capsize": 3, "elinewidth": 1})  # fmt: skip
        for y, rate, counts, median, high in zip(ys, rates, texts, medians, highs, strict=True):
            left.text(rate + 2, y, counts, va="center", fontsize=7)
            right.text(median + high + 2, y, fmt.percent(median / 100, 0), va="center",
                       fontsize=7)  # fmt: skip
    left.set_yticks(range(len(names)), names)
    left.invert_yaxis()
    left.set_xlim(0, 115)
    left.set_xlabel("ejecuciones con pérdidas (%)")
    right.set_xlim(0, 115)
    right.set_xlabel("incrementos perdidos (%, mediana)")
    for ax in (left, right):
        ax.grid(axis="y", visible=False)
    plotting.outside_legend(fig, left)
    return fig


def laws_figure(fits: Sequence[LawFit], *, up_to: int = 16) -> Figure:
    """Puntos medidos y, para cada ajuste fiable, las curvas de Amdahl y de Gustafson.

    Si ningún ajuste es fiable, dibuja las dos leyes con una fracción serie de
    referencia (:data:`~dadsbook.software.programming.scaling.REFERENCE_SERIAL`),
    rotulada como no medida; la ``s′`` de Gustafson es la de esa referencia con el mayor
    número de trabajadores medido. La leyenda va debajo de la figura.
    """
    from dadsbook.software.programming.scaling import REFERENCE_SERIAL

    if not fits:
        raise ValueError("fits debe contener al menos un ajuste")
    check_int("up_to", up_to, 2)
    fig = plotting.figure(6.5, 3.8)
    ax = fig.add_subplot()
    xs = [1 + i * (up_to - 1) / 200 for i in range(201)]
    ax.plot(xs, xs, linestyle=":", color="grey", label="ideal (N×)")
    curves = [(f, plotting.color(i)) for i, f in enumerate(fits) if f.reliable]
    if not curves:
        # Como con un ajuste: Gustafson con la s′ de la ejecución con más trabajadores medida.
        ref = REFERENCE_SERIAL
        s_prime = laws.gustafson_fraction(max(max(f.workers) for f in fits), ref)
        ax.plot(xs, [laws.amdahl(x, ref) for x in xs], color="black",
                label=f"Amdahl, referencia no medida (s = {fmt.percent(ref)})")  # fmt: skip
        ax.plot(xs, [laws.gustafson(x, s_prime) for x in xs], color="black", linestyle="--",
                label=f"Gustafson, referencia no medida (s′ = {fmt.percent(s_prime)})")  # fmt: skip
    for f, c in curves:
        ax.plot(xs, [f.amdahl(x) for x in xs], color=c,
                label=f"Amdahl, {f.name} (s = {fmt.percent(f.serial)})")  # fmt: skip
        ax.plot(xs, [f.gustafson(x) for x in xs], color=c, linestyle="--",
                label=f"Gustafson, {f.name} (s′ = {fmt.percent(f.parallel_serial)})")  # fmt: skip
    for i, f in enumerate(fits):
        ax.plot(
            f.workers,
            f.speedups,
            marker="o",
            linestyle="none",
            color=plotting.color(i),
            markersize=7,
            markeredgecolor="black",
            label=f"medido, {f.name}" + ("" if f.reliable else " (sin aceleración medible)"),
        )
    ax.set_xlabel("trabajadores (procesos o rangos)")
    ax.set_ylabel("aceleración (×)")
    ax.set_xlim(1, up_to)
    ax.set_ylim(0, up_to)
    plotting.outside_legend(fig, ax)
    return fig


#: Color de cada clase de final (bien en verde; los fallos en colores cálidos).
_OUTCOME_COLORS = {"bien": 2, "resultado incorrecto": 1, "comprobación fallida": 5,
                   "interbloqueo": 7, "todos duermen": 3}  # fmt: skip


def outcomes_figure(explorations: Sequence[Exploration]) -> Figure:
    """Una barra por programa, partida según cómo acaban sus entrelazados (en %).

    Cada tramo lleva dentro cuántos entrelazados son, solo si el número cabe.
    """
    from matplotlib.patches import Patch

    from dadsbook._bar_labels import FittedLabel
    from dadsbook.software.programming.interleavings import OUTCOMES

    if not explorations:
        raise ValueError("explorations debe contener al menos una exploración")
    fig = plotting.figure(7.0, 1.0 + 0.5 * len(explorations))
    ax = fig.add_subplot()
    seen: list[str] = []
    for i, e in enumerate(explorations):
        left = 0.0
        for kind in reversed(OUTCOMES):  # «bien» primero, a la izquierda
            count = e.outcomes.get(kind, 0)
            if not count:
                continue
            width = 100 * count / e.interleavings
            fill = plotting.color(_OUTCOME_COLORS[kind])
            (bar,) = ax.barh(i, width, left=left, height=0.6, color=fill)
            ax.add_artist(FittedLabel(bar, str(count), fontsize=8, color=plotting.text_color(fill)))
            left += width
            if kind not in seen:
                seen.append(kind)
    ax.set_yticks(range(len(explorations)),
                  [f"{e.program.name} ({e.interleavings})" for e in explorations])  # fmt: skip
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("entrelazados (%; dentro de cada tramo, cuántos)")
    ax.grid(axis="y", visible=False)
    handles = [Patch(color=plotting.color(_OUTCOME_COLORS[k]), label=k) for k in seen]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def deadlock_figure(results: Sequence[DeadlockResult]) -> Figure:
    """Un panel por ejecución: cuándo tuvo cada hilo cada cerrojo (lleno) y cuándo lo esperó.

    Lo que se espera va rayado: en orden opuesto se ve la espera circular.
    """
    from matplotlib.patches import Patch

    if not results:
        raise ValueError("results debe contener al menos una ejecución")
    fig = plotting.figure(7.0, 1.2 + 1.5 * len(results))
    axes = fig.subplots(len(results), 1, squeeze=False)[:, 0]
    rows = [f"{t} · {lock}" for t in ("hilo 1", "hilo 2") for lock in ("A", "B")]
    for ax, r in zip(axes, results, strict=True):
        for s in r.spans:
            y = rows.index(f"{s.thread} · {s.lock}")
            c = plotting.color(0 if s.lock == "A" else 1)
            waiting = s.kind == "espera"
            ax.barh(y, 1000 * (s.end_s - s.start_s), left=1000 * s.start_s, height=0.6,
                    color="white" if waiting else c, edgecolor=c, linewidth=1.2,
                    hatch="///" if waiting else None)  # fmt: skip
        ax.set_yticks(range(len(rows)), rows)
        ax.invert_yaxis()
        ax.set_xlim(left=0)
        ax.grid(axis="y", visible=False)
        ax.set_title(f"orden {r.order}", fontsize=9)
    axes[-1].set_xlabel("tiempo desde el arranque (ms)")
    handles = [
        Patch(color=plotting.color(0), label="tiene A"),
        Patch(color=plotting.color(1), label="tiene B"),
        Patch(facecolor="white", edgecolor="black", hatch="///", label="espera"),
    ]
    axes[0].legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def trace_figure(trace: Sequence[TraceStep], *, title: str = "") -> Figure:
    """Dibuja los turnos en que corre cada tarea y los tramos en que duerme."""
    from matplotlib.patches import Patch

    if not trace:
        raise ValueError("la traza debe tener al menos un turno para dibujarla")
    tasks = list(dict.fromkeys(step.task for step in trace))
    runs: dict[str, list[tuple[float, float]]] = {t: [] for t in tasks}
    naps: dict[str, list[tuple[float, float]]] = {t: [] for t in tasks}
    for step in trace:
        runs[step.task].append((step.tick, 1))
        if step.event.startswith("duerme "):
            naps[step.task].append((step.tick + 1, int(step.event.split()[1])))
    fig = plotting.figure(7.0, min(1.2 + 0.45 * len(tasks), 9.0))
    ax = fig.add_subplot()
    for row, task in enumerate(tasks):
        color = plotting.color(row)
        ax.broken_barh(runs[task], (row - 0.3, 0.6), facecolors=color)
        if naps[task]:
            ax.broken_barh(naps[task], (row - 0.3, 0.6), facecolors="white", edgecolors=color,
                           hatch="///")  # fmt: skip
    ax.set_yticks(range(len(tasks)), tasks)
    ax.invert_yaxis()
    ax.set_xlabel("turno")
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(facecolor="grey", label="corre"),
        Patch(facecolor="white", edgecolor="grey", hatch="///", label="duerme"),
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

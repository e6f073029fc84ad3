"""Figuras de los errores de concurrencia: lo que encontró el explorador y el interbloqueo real."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dadsbook import plotting
from dadsbook.software.programming.deadlock import DeadlockResult
from dadsbook.software.programming.interleavings import OUTCOMES, Exploration

__all__ = ["deadlock_figure", "outcomes_figure"]

#: Color de cada clase de final (bien en verde; los fallos en colores cálidos).
_OUTCOME_COLORS = {"bien": 2, "resultado incorrecto": 1, "comprobación fallida": 5,
                   "interbloqueo": 7, "todos duermen": 3}  # fmt: skip


def outcomes_figure(explorations: Sequence[Exploration]) -> Figure:
    """Una barra por programa, partida según cómo acaban sus entrelazados (en %)."""
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
            ax.barh(i, width, left=left, height=0.6,
                    color=plotting.color(_OUTCOME_COLORS[kind]))  # fmt: skip
            ax.text(left + width / 2, i, str(count), ha="center", va="center", fontsize=8,
                    color="white")  # fmt: skip
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

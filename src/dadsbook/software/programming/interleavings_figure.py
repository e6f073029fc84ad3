"""La figura de ``interleavings``: cuántos entrelazados llevan a cada final.

Una barra horizontal por estado final (``x=2``, ``x=3``…) con el número de entrelazados
que terminan así; en otro color, los entrelazados que se quedan colgados (interbloqueo o
todos dormidos) y los que fallan una comprobación. Si hay más de una barra de «termina
con», el resultado depende del orden: una carrera. Los finales incorrectos (distintos de
:attr:`Program.expected`) van rayados.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dadsbook import fmt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.software.programming.interleavings import Exploration

__all__ = ["MAX_BARS", "bars", "outcomes_figure"]

#: Barras como mucho: los finales menos frecuentes se agrupan en «otros finales».
MAX_BARS = 24


def bars(exploration: Exploration) -> list[tuple[str, int, str]]:
    """Las barras de la figura: ``(etiqueta, entrelazados, clase)``.

    ``clase`` es ``"bien"``, ``"incorrecto"`` (termina con un valor no esperado),
    ``"colgado"`` o ``"comprobación"``. Los finales, de más a menos frecuentes; si pasan
    de :data:`MAX_BARS`, el resto se suma en una barra «otros finales».
    """
    program = exploration.program
    expected = (
        None
        if program.expected is None
        else ", ".join(f"{k}={v}" for k, v in sorted(program.expected.items()))
    )
    finals = sorted(exploration.finals.items(), key=lambda item: (-item[1], item[0]))
    rows: list[tuple[str, int, str]] = []
    room = MAX_BARS - 3
    for state, count in finals[:room]:
        kind = "bien" if expected is None or state == expected else "incorrecto"
        rows.append((f"termina con {state}" if state else "todos terminan", count, kind))
    rest = sum(count for _, count in finals[room:])
    if rest:
        rows.append(("otros finales", rest, "incorrecto"))
    locked = exploration.deadlocks - exploration.asleep
    if locked:
        rows.append(("interbloqueo", locked, "colgado"))
    if exploration.asleep:
        rows.append(("todos duermen", exploration.asleep, "colgado"))
    if exploration.violations:
        rows.append(("comprobación fallida", exploration.violations, "comprobación"))
    return rows


def outcomes_figure(exploration: Exploration, *, title: str = "") -> Figure:
    """Dibuja cuántos entrelazados llevan a cada final, a un cuelgue o a un fallo."""
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from dadsbook import plotting

    rows = bars(exploration)
    if not rows:
        raise ValueError("la exploración no tiene ningún entrelazado que dibujar")
    colors = {
        "bien": plotting.color(0),
        "incorrecto": plotting.color(1),
        "colgado": plotting.color(3),
        "comprobación": plotting.color(2),
    }
    fig = plotting.figure(7.0, min(1.3 + 0.38 * len(rows), 9.5))
    ax = fig.add_subplot()
    for y, (_label, count, kind) in enumerate(rows):
        ax.barh(y, count, color=colors[kind], hatch="///" if kind == "incorrecto" else None,
                edgecolor="white")  # fmt: skip
        ax.annotate(
            fmt.number(count), (count, y), xytext=(3, 0), textcoords="offset points",
            va="center", fontsize=8,
        )  # fmt: skip
    ax.set_yticks(range(len(rows)), [label for label, _, _ in rows])
    ax.invert_yaxis()
    ax.set_xlabel("entrelazados")
    ax.set_xlim(0, max(count for _, count, _ in rows) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.number(round(v))))
    ax.grid(axis="y", visible=False)
    present = dict.fromkeys(kind for _, _, kind in rows)
    names = {
        "bien": "final correcto",
        "incorrecto": "final incorrecto (carrera)",
        "colgado": "se queda colgado",
        "comprobación": "falla una comprobación",
    }
    handles = [
        Patch(facecolor=colors[k], hatch="///" if k == "incorrecto" else None, label=names[k])
        for k in present
    ]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    ax.set_title(
        title
        or f"{program_title(exploration)}: {fmt.number(exploration.interleavings)} entrelazados"
    )
    return fig


def program_title(exploration: Exploration) -> str:
    """El nombre del programa para el título: «contador», «programa aleatorio»…"""
    name = exploration.program.name
    return "programa aleatorio" if name == "aleatorio" else f"programa «{name}»"

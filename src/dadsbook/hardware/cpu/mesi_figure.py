"""La figura del simulador MESI: el estado de la línea accedida en cada caché, paso a paso.

Una fila por acceso de la traza y una columna por núcleo; el color es el estado
(M, E, S o I) en que queda, en cada caché, la línea que ese acceso tocó. A la derecha,
la transacción de bus que provocó. Es la tabla de ``dadsbook sim mesi -c`` vista de un
golpe: la compartición falsa se ve como una escalera de M e I que salta de núcleo en
núcleo.
"""

from __future__ import annotations

from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from dadsbook import plotting
from dadsbook.hardware.cpu.mesi import STATES, MESIResult

__all__ = ["STATE_COLORS", "states_figure"]

#: Color de cada estado: M bermellón, E verde azulado, S azul, I gris claro.
STATE_COLORS = {"M": "#D55E00", "E": "#009E73", "S": "#0072B2", "I": "#DDDDDD"}

#: Con más filas que estas, las etiquetas de cada acceso no caben y se omiten.
LABELLED_ROWS = 60


def states_figure(result: MESIResult, *, title: str = "") -> Figure:
    """Dibuja el estado MESI de la línea de cada acceso en cada caché."""
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

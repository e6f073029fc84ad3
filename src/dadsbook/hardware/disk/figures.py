"""Las figuras del capítulo «Disco»: cada una recibe un resultado y devuelve su figura.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`rate_figure`: tasa del disco duro frente al tamaño de la petición.
- :func:`dma_figure`: E/S programada o DMA como diagrama de Gantt.
- :func:`layout_figure`: dónde cae cada trozo y cada paridad de un RAID.
- :func:`rebuild_figure`: horas de reconstrucción frente a la capacidad.
- :func:`explore_figure`: el agujero de escritura, corte a corte y disco a disco.
- :func:`iops_figure` y :func:`model_figure`: IOPS medidas y la cota de Little.
- :func:`wa_figure`: amplificación de escritura frente al sobreaprovisionamiento.
- :func:`outcomes_figure`: qué fue de cada escritura de la caché al irse la luz.
- :func:`pointers_figure`: el puntero de escritura de cada zona ZNS, orden a orden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import fmt, plotting
from dadsbook.hardware.disk import hdd, zns
from dadsbook.hardware.disk.writeback import CacheResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from dadsbook.hardware.disk.dma import DmaResult
    from dadsbook.hardware.disk.nvme import IopsPoint
    from dadsbook.hardware.disk.raid import RaidArray

__all__ = [
    "LEGEND_ZONES",
    "MAX_FLUSH_LINES",
    "STATUS_COLORS",
    "dma_figure",
    "explore_figure",
    "iops_figure",
    "layout_figure",
    "model_figure",
    "outcomes_figure",
    "pointers_figure",
    "rate_figure",
    "rebuild_figure",
    "wa_figure",
]


def rate_figure(
    disks: Sequence[hdd.Disk] = hdd.OSTEP_DISKS, marks: Sequence[int] = (4096, 100 * hdd.MB)
) -> Figure:
    """Tasa frente al tamaño de la petición (log-log), con el techo de cada ficha técnica."""
    if not disks:
        raise ValueError("disks debe contener al menos un disco")
    sizes = [2**k for k in range(9, 31)]
    fig = plotting.figure(6.4, 3.4)
    ax = fig.add_subplot()
    for i, disk in enumerate(disks):
        color = plotting.color(i)
        ax.plot(
            sizes, [hdd.io_time(disk, s).rate_mb_s for s in sizes], color=color, label=disk.name
        )
        ax.axhline(disk.transfer_mb_s, color=color, linestyle="--", linewidth=1,
                   label=f"{disk.name}: transferencia máxima")  # fmt: skip
        for size in marks:
            t = hdd.io_time(disk, size)
            ax.plot([size], [t.rate_mb_s], marker="o", color=color)
            ax.annotate(
                f"{fmt.number(t.rate_mb_s, digits=2)} MB/s", (size, t.rate_mb_s),
                textcoords="offset points", xytext=(6, -12 if i else 4), fontsize=8, color=color,
            )  # fmt: skip
    ax.set_yscale("log")
    ticks = [512, 4096, 2**16, 2**20, 2**24, 2**30]
    plotting.log_xticks(ax, ticks, [fmt.size(t) for t in ticks], base=2)
    ax.set_xlabel("tamaño de cada petición (una búsqueda y media vuelta por petición)")
    ax.set_ylabel("tasa (MB/s)")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def dma_figure(result: DmaResult, *, title: str = "") -> Figure:
    """Diagrama de Gantt con las filas CPU y bus.

    Cada tipo de tramo («trabajo útil», «bus», «copia»…) tiene su color de
    :data:`dadsbook.plotting.ENTITY_COLORS`, el mismo con E/S programada y con DMA.
    """
    return plotting.gantt(result.bars, title=title, rows=["CPU", "bus"], xlabel="tiempo (unidades)")


def layout_figure(array: RaidArray, stripes: int = 5) -> Figure:
    """Dibuja la rejilla de ``array``: discos en columnas, franjas en filas, paridad rayada."""
    grid = array.layout_grid(stripes)
    fig = plotting.figure(1.1 + 0.8 * array.disks, 0.7 + 0.42 * stripes)
    ax = fig.add_subplot()
    for s, cells in enumerate(grid):
        for d, text in enumerate(cells):
            parity = text.startswith("P")
            c = plotting.color(5) if parity else plotting.color(int(text[1:]) % 5)
            ax.add_patch(_cell(d, s, c, parity))
            ink = "black" if parity else plotting.text_color(c)
            ax.text(d + 0.5, s + 0.5, text, ha="center", va="center", fontsize=8, color=ink)
    ax.set_xlim(0, array.disks)
    ax.set_ylim(stripes, 0)
    ax.set_xticks([d + 0.5 for d in range(array.disks)], [f"disco {d}" for d in range(array.disks)])
    ax.set_yticks([s + 0.5 for s in range(stripes)], [f"franja {s}" for s in range(stripes)])
    ax.grid(visible=False)
    ax.tick_params(length=0)
    ax.set_title(array.title(), fontsize=9)
    return fig


def _cell(x: int, y: int, fill: str, parity: bool) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x + 0.05, y + 0.08), 0.9, 0.84,
        facecolor="white" if parity else fill, edgecolor=fill,
        hatch="///" if parity else None, linewidth=1.2,
    )  # fmt: skip


def rebuild_figure(capacities_tb: Sequence[float], rates_mb_s: Sequence[float]) -> Figure:
    """Horas de reconstrucción frente a la capacidad, una línea por velocidad sostenida."""
    from dadsbook.hardware.disk.parity import rebuild_hours

    if not capacities_tb or not rates_mb_s:
        raise ValueError("capacities_tb y rates_mb_s deben contener al menos un valor")
    fig = plotting.figure(6.4, 3.2)
    ax = fig.add_subplot()
    for i, rate in enumerate(rates_mb_s):
        hours = [rebuild_hours(c, rate) for c in capacities_tb]
        ax.plot(capacities_tb, hours, marker="o", color=plotting.color(i),
                label=f"{fmt.number(rate)} MB/s")  # fmt: skip
    ax.axhline(24, color="grey", linestyle=":", linewidth=1)
    ax.text(capacities_tb[0], 24, " un día", color="grey", va="bottom", fontsize=8)
    ax.set_xlabel("capacidad del disco (TB)")
    ax.set_ylabel("horas de reconstrucción")
    ax.set_ylim(bottom=0)
    ax.legend(title="velocidad sostenida")
    return fig


#: Color de cada desenlace del agujero de escritura (en el orden de ``writehole.OUTCOMES``).
OUTCOME_COLORS = (plotting.color(2), plotting.color(4), plotting.color(5), plotting.color(3))


def explore_figure(data: Sequence[bytes], updates: Mapping[int, bytes]) -> Figure:
    """Una rejilla por política: corte (filas) × disco que falta (columnas), coloreada."""
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from dadsbook.hardware.disk.writehole import OUTCOMES, PROTECTIONS, explore

    fig = plotting.figure(7.6, 3.4)
    axes = fig.subplots(1, len(PROTECTIONS))
    cmap = ListedColormap(list(OUTCOME_COLORS))
    codes = {o: i for i, o in enumerate(OUTCOMES)}
    for ax, (protection, label) in zip(axes, PROTECTIONS.items(), strict=True):
        runs = explore(data, updates, protection)
        crashes = list(dict.fromkeys(r.crash_label for r in runs))
        grid = np.zeros((len(crashes), len(data) + 1))
        for r in runs:
            grid[crashes.index(r.crash_label), r.failed] = codes[r.outcome]
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=len(OUTCOMES) - 1, aspect="auto")
        ax.set_xticks(range(len(data) + 1), [*(f"D{i}" for i in range(len(data))), "P"])
        ax.set_yticks(range(len(crashes)), crashes, fontsize=7)
        ax.set_xlabel("disco que falta")
        ax.set_title(label, fontsize=9)
        ax.grid(visible=False)
    axes[0].set_ylabel("escrituras hechas al cortarse la luz")
    handles = [
        Patch(color=c, label=OUTCOMES[o]) for c, o in zip(OUTCOME_COLORS, OUTCOMES, strict=True)
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    return fig


def iops_figure(series: Mapping[str, Sequence[IopsPoint]]) -> Figure:
    """IOPS medidas frente a hilos lectores, una línea por serie, eje y logarítmico."""
    if not series:
        raise ValueError("series debe contener al menos una serie de puntos")
    fig = plotting.figure(5.8, 3.4)
    ax = fig.add_subplot()
    colors = plotting.colors_for(list(series))
    depths: list[int] = []
    for name, points in series.items():
        depths = [p.depth for p in points]
        ax.plot(depths, [p.iops for p in points], marker="o", color=colors[name], label=name)
        ax.fill_between(depths, [p.iops_min for p in points], [p.iops_max for p in points],
                        color=colors[name], alpha=0.15)  # fmt: skip
    plotting.log_xticks(ax, depths, [str(d) for d in depths], base=2)
    ax.set_yscale("log")
    ax.set_xlabel("hilos lectores (peticiones pendientes)")
    ax.set_ylabel("lecturas por segundo (IOPS)")
    plotting.outside_legend(fig, ax)
    return fig


def model_figure(
    depths: list[int], channels: int, service_us: float, overhead_us: float, seed: int
) -> Figure:
    """Cota de la ley de Little frente a la cola simulada, para cada profundidad."""
    from dadsbook.hardware.disk.nvme import QueueProblem, little_iops, simulate_queue

    if not depths:
        raise ValueError("depths debe contener al menos una profundidad")
    bound = [little_iops(d, channels, service_us, overhead_us) / 1e3 for d in depths]
    sim = [
        simulate_queue(QueueProblem(d, channels, service_us, overhead_us, 20 * channels * 50, seed))
        / 1e3
        for d in depths
    ]
    fig = plotting.figure(5.8, 3.4)
    ax = fig.add_subplot()
    ax.plot(depths, bound, linestyle="--", color=plotting.color(0), label="ley de Little (cota)")
    ax.plot(depths, sim, marker="o", color=plotting.color(1), label="simulación (unidad al azar)")
    ax.axhline(channels / service_us * 1e3, color="grey", linewidth=0.8)
    plotting.log_xticks(ax, depths, [str(d) for d in depths], base=2)
    ax.set_xlabel("profundidad de cola (peticiones pendientes)")
    ax.set_ylabel("miles de IOPS")
    ax.set_ylim(bottom=0)
    ax.legend()
    return fig


def wa_figure(ops: Sequence[float], series: Mapping[str, Sequence[float]]) -> Figure:
    """Amplificación de escritura frente al sobreaprovisionamiento, una línea por serie.

    La leyenda va debajo de la figura: las curvas ocupan el eje entero.
    """
    if not ops:
        raise ValueError("ops debe contener al menos un valor de sobreaprovisionamiento")
    fig = plotting.figure(5.8, 3.4)
    ax = fig.add_subplot()
    percent = [100 * op for op in ops]
    colors = plotting.colors_for(list(series))
    for name, values in series.items():
        if len(values) != len(ops):
            raise ValueError(f"la serie {name!r} tiene {len(values)} valores y ops {len(ops)}")
        ax.plot(percent, values, marker="o", color=colors[name], label=name)
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=0.8, label="sin copias (WA = 1)")
    plotting.log_xticks(ax, percent, [f"{p:g}" for p in percent])
    ax.set_xlabel("sobreaprovisionamiento (%)")
    ax.set_ylabel("amplificación de escritura")
    ax.set_ylim(bottom=0)
    plotting.outside_legend(fig, ax)
    return fig


#: Color de cada destino de una escritura.
STATUS_COLORS = {
    "en disco": plotting.color(2),
    "sustituida": plotting.color(4),
    "perdida": plotting.color(5),
    "sin confirmar": plotting.color(1),
    "tras el fallo": "#808080",
}

#: Vaciados que se dibujan como líneas; con más, la figura los omite (serían un borrón).
MAX_FLUSH_LINES = 200


def outcomes_figure(
    result: CacheResult, *, flush_interval: float | None = None, title: str = ""
) -> Figure:
    """Dibuja cada escritura en su bloque e instante, coloreada por lo que le pasó."""
    from matplotlib.ticker import MaxNLocator

    if not result.outcomes:
        raise ValueError("hace falta al menos una escritura para dibujarla")
    blocks = sorted({o.write.block for o in result.outcomes})
    fig = plotting.figure(7.0, min(1.6 + 0.35 * len(blocks), 8.0))
    ax = fig.add_subplot()
    last = max(max(o.write.time for o in result.outcomes), result.crash_time)
    drawn = flush_interval is not None and last / flush_interval <= MAX_FLUSH_LINES
    if result.policy == "write-back" and flush_interval is not None and drawn:
        at = flush_interval
        while at <= last:
            ax.axvline(at, color="grey", linewidth=0.6, linestyle=":")
            at += flush_interval
    for status, color in STATUS_COLORS.items():
        chosen = [o for o in result.outcomes if o.status == status]
        if chosen:
            ax.scatter([o.write.time for o in chosen], [o.write.block for o in chosen],
                       s=40, color=color, label=status, zorder=3)  # fmt: skip
            if len(result.outcomes) <= 40:
                for o in chosen:
                    ax.annotate(o.write.value, (o.write.time, o.write.block),
                                textcoords="offset points", xytext=(0, 6), ha="center",
                                fontsize=7)  # fmt: skip
    ax.axvline(result.crash_time, color=plotting.color(5), linewidth=1.5, label="fallo")
    ax.set_yticks(blocks if len(blocks) <= 30 else [])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("bloque")
    ax.set_xlabel(f"tiempo ({result.policy}; líneas punteadas: vaciados)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig


#: Zonas que aparecen en la leyenda; con más, la leyenda se omite.
LEGEND_ZONES = 10


def pointers_figure(
    zones: int, zone_size: int, max_open: int, ops: Sequence[zns.Op], *, title: str = ""
) -> Figure:
    """Dibuja el puntero de escritura de cada zona tras cada orden, con los rechazos."""
    from matplotlib.ticker import MaxNLocator

    from dadsbook.hardware.disk.zns import replay

    if not ops:
        raise ValueError("hace falta al menos una orden para dibujarla")
    pointers, rejected = replay(zones, zone_size, max_open, ops)
    fig = plotting.figure(7.0, 3.4)
    ax = fig.add_subplot()
    steps = list(range(len(ops) + 1))
    for zone, series in enumerate(pointers):
        ax.step(steps, series, where="post", color=plotting.color(zone), label=f"zona {zone}")
    failed = [k + 1 for k, bad in enumerate(rejected) if bad]
    if failed:
        ax.scatter(failed, [pointers[ops[k - 1][1]][k] for k in failed], marker="x", s=50,
                   color="black", zorder=3, label="rechazada")  # fmt: skip
    ax.axhline(zone_size, color="grey", linestyle="--", linewidth=1, label="zona llena")
    ax.set_xlabel(f"orden (como mucho {max_open} zonas abiertas a la vez)")
    ax.set_ylabel("puntero de escritura")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if zones <= LEGEND_ZONES:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return fig

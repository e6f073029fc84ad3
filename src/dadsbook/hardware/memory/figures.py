"""Las figuras del capítulo «Memoria»: cada una recibe un resultado y devuelve su figura.

Los simuladores y las mediciones del capítulo no importan matplotlib; la presentación
vive aquí (``nombre_figure(resultado) → Figure``) y matplotlib llega al dibujar.

- :func:`sparse_figure`: memoria de las tablas de páginas con zonas esparcidas.
- :func:`faults_figure`: fallos de página frente a marcos, una línea por política.
- :func:`working_set_figure` y :func:`thrashing_figure`: conjunto de trabajo y
  hiperpaginación.
- :func:`mountain_figure` y :func:`profile_figure`: la montaña de memoria y sus cortes.
- :func:`channels_figure`: tráfico con la memoria frente a hilos.
- :func:`translation_figure`: cada acceso de una traza por la TLB y la tabla de páginas.
- :func:`placements_figure`: el coste de cada colocación de memoria en NUMA.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dadsbook import fmt, plotting
from dadsbook.hardware.memory.numa import PlacementResult
from dadsbook.hardware.memory.paging import Translation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.memory.bandwidth import CacheLevel, Mountain
    from dadsbook.hardware.memory.channels import ChannelScan
    from dadsbook.hardware.memory.replacement import FaultCurve
    from dadsbook.hardware.memory.workingset import ThrashingModel, ThrashingPoint

__all__ = [
    "OUTCOMES",
    "channels_figure",
    "faults_figure",
    "mountain_figure",
    "placements_figure",
    "profile_figure",
    "sparse_figure",
    "thrashing_figure",
    "translation_figure",
    "working_set_figure",
]

#: Bytes de un elemento (``float64``) en la montaña de memoria.
_ITEM = 8


def sparse_figure(
    curves: Mapping[str, Sequence[int]], region_counts: Sequence[int], pages_per_region: int
) -> Figure:
    """Memoria de las tablas frente al número de zonas esparcidas, en 32 y en 48 bits.

    ``curves`` es lo que da :func:`dadsbook.hardware.memory.pagetable.sparse_curves`.
    """
    from dadsbook.hardware.memory.pagetable import X86_32, X86_64

    if not region_counts:
        raise ValueError("region_counts debe contener al menos un valor")
    fig = plotting.figure(7.0, 3.2)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, shape in zip(axes, (X86_32, X86_64), strict=True):
        ax.plot(region_counts, curves[shape.name], marker="o", color=plotting.color(0),
                label=f"{shape.levels} niveles")  # fmt: skip
        ax.axhline(shape.linear_bytes, color=plotting.color(5), linestyle="--",
                   label=f"lineal: {fmt.size(shape.linear_bytes)}")  # fmt: skip
        ax.set_xscale("log", base=2)
        ax.set_xticks(list(region_counts), [fmt.number(n) for n in region_counts], fontsize=7)
        ax.set_yscale("log", base=2)
        ax.set_title(f"{shape.va_bits} bits ({shape.name})", fontsize=9)
        ax.set_xlabel(f"zonas de {pages_per_region} páginas")
        ax.legend(fontsize=8, loc="center left")
    ticks = [2**k for k in range(12, 41, 4)]
    axes[0].set_yticks(ticks, [fmt.size(t) for t in ticks])
    axes[0].minorticks_off()
    axes[1].minorticks_off()
    axes[0].set_ylabel("memoria de las tablas")
    return fig


def faults_figure(curve: FaultCurve, title: str = "") -> Figure:
    """Fallos frente a marcos, una línea por política.

    Cada política tiene siempre el mismo color y trazo (su puesto en
    :data:`~dadsbook.hardware.memory.replacement.POLICIES`), aunque la figura muestre
    solo algunas.
    """
    from dadsbook.hardware.memory.replacement import POLICIES

    fig = plotting.figure(6.0, 3.4)
    ax = fig.add_subplot()
    markers = ("o", "s", "^", "D")
    styles = ("-", "--", "-.", ":")
    for policy, values in curve.misses.items():
        i = POLICIES.index(policy) if policy in POLICIES else len(POLICIES)
        ax.plot(
            curve.frames,
            values,
            marker=markers[i % len(markers)],
            linestyle=styles[i % len(styles)],
            markersize=8 - 1.5 * (i % len(markers)),
            linewidth=2.6 - 0.5 * (i % len(styles)),
            color=plotting.color(i),
            label=policy.upper(),
        )
    ax.set_xlabel("marcos de página")
    ax.set_ylabel("fallos de página")
    if len(curve.frames) <= 12:
        ax.set_xticks(list(curve.frames))
    if title:
        ax.set_title(title)
    ax.legend()
    return fig


def working_set_figure(
    references: Sequence[int], windows: Sequence[int], starts: Sequence[int] = ()
) -> Figure:
    """``|W(t, Δ)|`` frente a ``t`` para varias ventanas, con el inicio de cada fase."""
    from matplotlib.ticker import MaxNLocator

    from dadsbook.hardware.memory.workingset import working_set_sizes

    if not windows:
        raise ValueError("windows debe contener al menos una ventana")
    fig = plotting.figure(6.4, 3.0)
    ax = fig.add_subplot()
    for i, window in enumerate(windows):
        ax.plot(working_set_sizes(references, window), color=plotting.color(i), linewidth=1.2,
                label=f"Δ = {fmt.number(window)}")  # fmt: skip
    for start in starts[1:]:
        ax.axvline(start, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("referencia (t)")
    ax.set_ylabel("páginas en W(t, Δ)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper right")
    return fig


def thrashing_figure(
    model: ThrashingModel,
    free: Sequence[ThrashingPoint],
    controlled: Sequence[ThrashingPoint],
) -> Figure:
    """Uso de la CPU frente al número de procesos, sin y con control de carga."""
    if not free:
        raise ValueError("free debe contener al menos un punto")
    fig = plotting.figure(6.4, 3.2)
    ax = fig.add_subplot()
    if controlled:
        label = f"control de carga (como mucho {fmt.number(model.fitting)} a la vez)"
        ax.plot([p.processes for p in controlled], [p.utilization for p in controlled],
                marker="s", linestyle="--", color=plotting.color(0), label=label)  # fmt: skip
    ax.plot([p.processes for p in free], [p.utilization for p in free], marker="o",
            markersize=4, color=plotting.color(5), label="todos a la vez", zorder=3)  # fmt: skip
    ax.axvline(model.fitting + 0.5, color="grey", linestyle=":", linewidth=1)
    ax.text(model.fitting + 0.6, 0.02, " los conjuntos de trabajo\n ya no caben", color="grey",
            fontsize=8, va="bottom")  # fmt: skip
    ax.set_xlabel("procesos (grado de multiprogramación)")
    ax.set_ylabel("uso de la CPU")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: fmt.percent(v, 0))
    ax.legend(fontsize=8, loc="center right")
    return fig


def mountain_figure(mountain: Mountain, caches: Sequence[CacheLevel] = ()) -> Figure:
    """Mapa de calor: tamaño (filas) × paso (columnas), con las cachés marcadas."""
    import numpy as np

    from dadsbook.hardware.memory.bandwidth import human_bytes

    fig = plotting.figure(6.4, 4.6)
    ax = fig.add_subplot()
    data = np.array(mountain.gb_s)
    image = ax.imshow(data, aspect="auto", origin="lower", cmap="viridis")
    fig.colorbar(image, ax=ax, label="lectura (GB/s)")
    ax.set_xticks(range(len(mountain.strides)), [str(s * _ITEM) for s in mountain.strides])
    ax.set_yticks(range(len(mountain.sizes)), [human_bytes(s) for s in mountain.sizes])
    ax.set_xlabel("paso entre lecturas (bytes)")
    ax.set_ylabel("conjunto de trabajo")
    ax.grid(visible=False)
    for cache in caches:
        above = [i for i, s in enumerate(mountain.sizes) if s > cache.size_bytes]
        if not above or above[0] == 0:
            continue
        y = above[0] - 0.5
        ax.axhline(y, color="white", linestyle="--", linewidth=1.2)
        label = f"L{cache.level} = {human_bytes(cache.size_bytes)}"
        ax.text(
            len(mountain.strides) - 0.6,
            y,
            label,
            color="white",
            ha="right",
            va="center",
            fontsize=8,
            bbox={"facecolor": "black", "alpha": 0.7, "linewidth": 0},
        )
    for i in range(len(mountain.sizes)):
        for j in range(len(mountain.strides)):
            value = data[i, j]
            shade = "black" if value > 0.6 * data.max() else "white"
            ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=6, color=shade)
    return fig


def profile_figure(
    mountain: Mountain, caches: Sequence[CacheLevel] = (), strides: Sequence[int] = ()
) -> Figure:
    """Cortes de la montaña: GB/s frente al tamaño para algunos pasos."""
    from dadsbook.hardware.memory.bandwidth import human_bytes

    default = mountain.strides[:1] + mountain.strides[-1:]
    chosen = [s for s in (strides or default) if s in mountain.strides]
    fig = plotting.figure(6.4, 3.2)
    ax = fig.add_subplot()
    for i, stride in enumerate(chosen):
        column = [row[mountain.strides.index(stride)] for row in mountain.gb_s]
        ax.plot(mountain.sizes, column, marker="o", color=plotting.color(i),
                label=f"paso {stride * _ITEM} B")  # fmt: skip
    for k, cache in enumerate(c for c in caches if c.size_bytes <= max(mountain.sizes)):
        ax.axvline(cache.size_bytes, color="grey", linestyle=":", linewidth=1)
        ax.text(cache.size_bytes, 0.97 - 0.08 * k, f" L{cache.level}", color="grey",
                transform=ax.get_xaxis_transform(), va="top", fontsize=8)  # fmt: skip
    sizes = [human_bytes(s) for s in mountain.sizes]
    plotting.log_xticks(ax, mountain.sizes, sizes, base=2, rotation=45, fontsize=7)
    ax.set_xlabel("conjunto de trabajo")
    ax.set_ylabel("lectura (GB/s)")
    ax.set_ylim(bottom=0)
    ax.legend()
    return fig


def channels_figure(scan: ChannelScan, ceilings: Sequence[tuple[str, float]] = ()) -> Figure:
    """Tráfico frente a hilos (mediana y RIC), la recta «N × uno» y los techos dados."""
    fig = plotting.figure(6.4, 3.4)
    ax = fig.add_subplot()
    workers = [p.workers for p in scan.points]
    medians = [p.median for p in scan.points]
    low = [p.median - p.quartiles()[0] for p in scan.points]
    high = [p.quartiles()[1] - p.median for p in scan.points]
    ax.errorbar(workers, medians, yerr=[low, high], marker="o", capsize=3,
                color=plotting.color(0), label="medido (mediana y RIC)")  # fmt: skip
    ax.plot(workers, [medians[0] * w for w in workers], linestyle=":",
            color=plotting.color(7), label="N × un hilo")  # fmt: skip
    styles = (("--", plotting.color(5)), ("-.", plotting.color(1)), (":", plotting.color(3)))
    for i, (label, value) in enumerate(ceilings):
        style, color = styles[i % len(styles)]
        ax.axhline(value, linestyle=style, linewidth=1.2, color=color, label=label)
    ax.set_xticks(workers)
    ax.set_xlabel("hilos copiando a la vez")
    ax.set_ylabel("tráfico con la memoria (GB/s)")
    ax.set_ylim(bottom=0)
    plotting.outside_legend(fig, ax)
    return fig


#: Qué le pasó a un acceso y su color en la figura.
OUTCOMES = {
    "acierto de la TLB": plotting.color(2),
    "fallo de la TLB (tabla de páginas)": plotting.color(1),
    "fallo de página": plotting.color(5),
}


def _outcome(hit: bool, fault: bool) -> str:
    if hit:
        return "acierto de la TLB"
    return "fallo de página" if fault else "fallo de la TLB (tabla de páginas)"


def translation_figure(result: Translation, *, title: str = "") -> Figure:
    """Dibuja la VPN de cada acceso, coloreada por su resultado, y la tasa de aciertos."""
    from matplotlib.ticker import MaxNLocator

    if not result.accesses:
        raise ValueError("la traducción debe tener al menos un acceso para dibujarla")
    fig = plotting.figure(7.0, 4.2)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    positions = range(1, len(result.accesses) + 1)
    kinds = [_outcome(a.tlb_hit, a.fault) for a in result.accesses]
    for name, color in OUTCOMES.items():
        xs = [x for x, kind in zip(positions, kinds, strict=True) if kind == name]
        ys = [a.vpn for a, kind in zip(result.accesses, kinds, strict=True) if kind == name]
        if xs:
            top.scatter(xs, ys, s=22 if len(positions) <= 200 else 6, color=color, label=name)
    top.set_ylabel("página virtual (VPN)")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    top.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    hits, rate = 0, []
    for n, access in enumerate(result.accesses, 1):
        hits += access.tlb_hit
        rate.append(100 * hits / n)
    bottom.plot(list(positions), rate, color=plotting.color(0))
    bottom.set_ylim(0, 100)
    bottom.set_ylabel("aciertos (%)")
    bottom.set_xlabel(
        f"acceso (páginas de {result.page_size} bytes, TLB de {result.tlb_size} entradas)"
    )
    if title:
        top.set_title(title)
    return fig


def placements_figure(results: Mapping[str, PlacementResult], *, title: str = "") -> Figure:
    """Barras por colocación: accesos remotos, latencia media y tiempo del recorrido."""
    if not results:
        raise ValueError("hace falta al menos una colocación para dibujarla")
    names = list(results)
    longest = max(r.stream_s for r in results.values())
    unit, scale = ("ms", 1e3) if longest >= 1e-3 else ("µs", 1e6)
    panels = (
        ("accesos remotos (%)", [100 * r.remote_fraction for r in results.values()]),
        ("latencia media (ns)", [r.mean_latency_ns for r in results.values()]),
        (f"recorrido completo ({unit})", [scale * r.stream_s for r in results.values()]),
    )
    fig = plotting.figure(7.5, 3.0)
    axes = fig.subplots(1, len(panels))
    for ax, (label, values) in zip(axes, panels, strict=True):
        ax.bar(names, values, color=[plotting.color(i) for i in range(len(names))])
        ax.set_title(label, fontsize=9)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.grid(axis="x", visible=False)
    if title:
        fig.suptitle(title)
    return fig

"""La figura del simulador de la TLB: qué página toca cada acceso y cómo se tradujo.

Cada punto es un acceso (en orden, de izquierda a derecha) a la altura de su número
de página virtual (VPN), coloreado según lo que pasó: acierto de la TLB, fallo de la
TLB resuelto con la tabla de páginas o fallo de página. La línea de abajo es la tasa
de aciertos acumulada: la localidad de la traza se ve como filas de aciertos seguidos.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dadsbook import plotting
from dadsbook.hardware.memory.paging import Translation

__all__ = ["OUTCOMES", "translation_figure"]

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

"""La figura del simulador ZNS: el puntero de escritura de cada zona, orden a orden.

Una línea escalonada por zona con su puntero de escritura tras cada orden; la línea
discontinua es la capacidad de la zona (llena) y las cruces, las órdenes que el
dispositivo rechazó. Un *append* sube un escalón, un *reset* devuelve la zona a cero
y un *finish* la lleva de golpe a la capacidad.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dadsbook import plotting
from dadsbook.hardware.disk.zns import ZonedDevice

__all__ = ["LEGEND_ZONES", "Op", "pointers_figure", "replay"]

#: Una orden: ``("append" | "write" | "finish" | "reset", zona, lba o None)``.
Op = tuple[str, int, int | None]

#: Zonas que aparecen en la leyenda; con más, la leyenda se omite.
LEGEND_ZONES = 10


def replay(
    zones: int, zone_size: int, max_open: int, ops: Sequence[Op]
) -> tuple[list[list[int]], list[bool]]:
    """Ejecuta ``ops`` en un dispositivo nuevo: punteros de todas las zonas y rechazos.

    Devuelve, por zona, su puntero antes de la primera orden y tras cada una, y por
    orden, si el dispositivo la rechazó.
    """
    device = ZonedDevice(zones, zone_size, max_open)
    pointers = [[0] for _ in range(zones)]
    rejected = []
    for name, zone, lba in ops:
        try:
            if name == "append":
                device.append(zone)
            elif name == "write":
                device.write(zone, 0 if lba is None else lba)
            elif name == "finish":
                device.finish(zone)
            elif name == "reset":
                device.reset(zone)
            else:
                raise ValueError(f"orden desconocida {name!r}")
            rejected.append(False)
        except ValueError:
            rejected.append(True)
        for z in range(zones):
            pointers[z].append(device.write_pointer(z))
    return pointers, rejected


def pointers_figure(
    zones: int, zone_size: int, max_open: int, ops: Sequence[Op], *, title: str = ""
) -> Figure:
    """Dibuja el puntero de escritura de cada zona tras cada orden, con los rechazos."""
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

"""Zonas NVMe (ZNS, *Zoned Namespaces*): escribir solo hacia delante.

El conjunto de órdenes ZNS de NVMe divide el espacio de un SSD en **zonas** que se
escriben en orden, como una cinta: cada zona tiene un **puntero de escritura**
(*write pointer*) y solo acepta escrituras justo en él. Una zona está **vacía**,
**abierta** (con escrituras en curso) o **llena**; para reutilizarla hay que
**reiniciarla** (*zone reset*) entera. **El anfitrión decide la colocación**: qué
datos van a qué zona. La orden *zone append* solo deja al dispositivo el
desplazamiento dentro de la zona que eligió el anfitrión (el puntero actual, que
devuelve), de modo que varios escritores pueden añadir a la misma zona sin
coordinarse. Los dispositivos limitan cuántas zonas pueden estar abiertas a la vez.

Con estas reglas el SSD ya no necesita reubicar datos por su cuenta: la recolección
de basura pasa al anfitrión, que sabe qué datos mueren juntos (Bjørling et al.,
«ZNS: Avoiding the Block Interface Tax for Flash-based SSDs», USENIX ATC 2021).

>>> dev = ZonedDevice(zones=2, zone_size=4, max_open=1)
>>> dev.append(0), dev.append(0)
(0, 1)
>>> dev.state(0), dev.write_pointer(0)
('open', 2)
>>> try:
...     dev.write(0, 3)
... except ValueError as error:
...     print(error)
lba 3 no coincide con el puntero de escritura de la zona 0 (2): las zonas se escriben en orden
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = ["STATES", "Op", "ZoneInfo", "ZonedDevice", "replay", "zones_table"]

#: Estados de zona: ``empty`` (vacía), ``open`` (abierta), ``full`` (llena).
STATES = ("empty", "open", "full")


@dataclass(frozen=True)
class ZoneInfo:
    """Estado de una zona: índice, estado, puntero de escritura (relativo) y capacidad."""

    zone: int
    state: str
    write_pointer: int
    capacity: int


class ZonedDevice:
    """Un dispositivo con zonas de escritura secuencial.

    Las direcciones (``lba``) son relativas a la zona: de ``0`` a ``zone_size - 1``.
    Cuenta las páginas escritas en el medio (:attr:`media_writes`) y los reinicios
    (:attr:`resets`); nunca copia datos por su cuenta.
    """

    def __init__(self, zones: int, zone_size: int, max_open: int | None = None) -> None:
        self.zones = check_int("zones", zones, 1, 10**6)
        self.zone_size = check_int("zone_size", zone_size, 1, 10**9)
        self.max_open = zones if max_open is None else check_int("max_open", max_open, 1, zones)
        self._wp = [0] * zones
        self._open: set[int] = set()
        self.media_writes = 0
        self.resets = 0

    def _zone(self, zone: int) -> int:
        return check_int("zone", zone, 0, self.zones - 1)

    def state(self, zone: int) -> str:
        """Estado de ``zone``: ``empty``, ``open`` o ``full``."""
        wp = self._wp[self._zone(zone)]
        if wp == self.zone_size:
            return "full"
        return "open" if zone in self._open else "empty"

    def write_pointer(self, zone: int) -> int:
        """Siguiente dirección escribible de ``zone``."""
        return self._wp[self._zone(zone)]

    def info(self) -> tuple[ZoneInfo, ...]:
        """Informe de todas las zonas (como la orden *Zone Management Receive*)."""
        return tuple(
            ZoneInfo(z, self.state(z), self._wp[z], self.zone_size) for z in range(self.zones)
        )

    @property
    def open_zones(self) -> int:
        """Zonas abiertas ahora."""
        return len(self._open)

    def _advance(self, zone: int, pages: int) -> int:
        check_int("pages", pages, 1, self.zone_size)
        if self._wp[zone] + pages > self.zone_size:  # llena, o sin sitio para todas
            raise ValueError(
                f"zone {zone} no tiene sitio para {pages} páginas "
                f"(puntero {self._wp[zone]} de {self.zone_size}): reiníciala antes"
            )
        if zone not in self._open:
            if len(self._open) >= self.max_open:
                raise ValueError(
                    f"max_open: ya hay {self.max_open} zonas abiertas; llena o reinicia una "
                    f"antes de abrir la zona {zone}"
                )
            self._open.add(zone)
        start = self._wp[zone]
        self._wp[zone] += pages
        self.media_writes += pages
        if self._wp[zone] == self.zone_size:
            self._open.discard(zone)
        return start

    def write(self, zone: int, lba: int, pages: int = 1) -> None:
        """Escribe ``pages`` páginas en ``lba``, que debe ser el puntero de escritura."""
        self._zone(zone)
        check_int("lba", lba, 0, self.zone_size - 1)
        if lba != self._wp[zone]:
            raise ValueError(
                f"lba {lba} no coincide con el puntero de escritura de la zona {zone} "
                f"({self._wp[zone]}): las zonas se escriben en orden"
            )
        self._advance(zone, pages)

    def append(self, zone: int, pages: int = 1) -> int:
        """*Zone append*: escribe en el puntero actual y devuelve la dirección usada."""
        return self._advance(self._zone(zone), pages)

    def finish(self, zone: int) -> None:
        """Cierra ``zone`` como llena aunque quede sitio (*zone finish*)."""
        self._zone(zone)
        self._wp[zone] = self.zone_size
        self._open.discard(zone)

    def reset(self, zone: int) -> None:
        """Reinicia ``zone``: vuelve a vacía con el puntero a cero (borra sus datos)."""
        self._zone(zone)
        self._wp[zone] = 0
        self._open.discard(zone)
        self.resets += 1


def zones_table(device: ZonedDevice) -> Table:
    """El informe de zonas de ``device`` como tabla.

    >>> print(zones_table(ZonedDevice(zones=1, zone_size=4)))
    zona | estado | puntero de escritura | capacidad
    -----+--------+----------------------+----------
    0    | empty  | 0                    | 4
    """
    rows = [(z.zone, z.state, z.write_pointer, z.capacity) for z in device.info()]
    return Table(
        ("zona", "estado", "puntero de escritura", "capacidad"),
        rows,
        caption="Informe de zonas (páginas relativas a cada zona).",
    )


#: Una orden: ``("append" | "write" | "finish" | "reset", zona, lba o None)``.
Op = tuple[str, int, int | None]


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

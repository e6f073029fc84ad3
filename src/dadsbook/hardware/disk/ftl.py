"""FTL con recolección de basura voraz frente a zonas ZNS: amplificación de escritura.

En un SSD convencional la FTL (*Flash Translation Layer*) traduce cada página lógica
a una física. La flash no se sobrescribe en sitio: cada escritura va a la siguiente
página libre y deja inválida la copia vieja; se borra por **bloques** enteros. Cuando
quedan pocos bloques libres, la **recolección de basura** (*garbage collection*)
voraz elige el bloque con menos páginas válidas, copia esas páginas y lo borra. Esas
copias son escrituras que el anfitrión no pidió: la **amplificación de escritura**
(*write amplification*, WA) es ``páginas escritas en la flash / páginas escritas por
el anfitrión``. El **sobreaprovisionamiento** (*over-provisioning*, OP) es la flash
que el usuario no ve: ``(física - lógica) / lógica``.

:class:`LogStore` es ese registro con limpieza voraz. Con ``device`` (un
:class:`~dadsbook.hardware.disk.zns.ZonedDevice`) hace lo mismo **en el anfitrión**
sobre zonas: escribe con *zone append* y libera con *zone reset*, y el dispositivo
comprueba que se respetan las reglas de las zonas.

>>> wa = random_overwrite_wa(op=0.25, blocks=32, pages_per_block=16, writes=2000, seed=1)
>>> wa > 1
True
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from dadsbook.hardware.disk.zns import ZonedDevice
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number, seeded_random

__all__ = [
    "LogStore",
    "StreamResult",
    "WaProblem",
    "logical_pages_for",
    "random_overwrite_wa",
    "random_streams",
    "random_wa",
    "stream_workload_wa",
]

FREE_RESERVE = 2  # segmentos libres que se mantienen para poder limpiar


def logical_pages_for(op: float, segments: int, pages: int) -> int:
    """Páginas lógicas que caben con sobreaprovisionamiento ``op`` (``física / (1 + op)``).

    >>> logical_pages_for(0.25, 40, 10)
    320
    """
    check_number("op", op, 0.02, 4)
    check_int("segments", segments, FREE_RESERVE + 2, 10**6)
    check_int("pages", pages, 1, 10**6)
    logical = int(segments * pages / (1 + op))
    limit = (segments - FREE_RESERVE - 1) * pages
    if logical > limit:
        raise ValueError(
            f"op {op} deja demasiado poco espacio libre con {segments} segmentos: sube op"
        )
    return logical


class LogStore:
    """Registro de páginas con limpieza voraz sobre segmentos (bloques o zonas)."""

    def __init__(
        self, segments: int, pages: int, logical: int, device: ZonedDevice | None = None
    ) -> None:
        self.segments = check_int("segments", segments, FREE_RESERVE + 2, 10**6)
        self.pages = check_int("pages", pages, 1, 10**6)
        check_int("logical", logical, 1, (segments - FREE_RESERVE - 1) * pages)
        if device is not None and (device.zones != segments or device.zone_size != pages):
            raise ValueError("device debe tener segments zonas de pages páginas")
        self.device = device
        self.l2p = [-1] * logical
        self.p2l = [-1] * (segments * pages)
        self.valid = [0] * segments
        self.fill = [0] * segments
        self.free = list(range(segments - 1, 0, -1))
        self.active = 0
        self.host_writes = 0
        self.copies = 0

    @property
    def write_amplification(self) -> float:
        """(escrituras del anfitrión + copias de la limpieza) / escrituras del anfitrión."""
        return (self.host_writes + self.copies) / self.host_writes if self.host_writes else 1.0

    def reset_counters(self) -> None:
        """Pone a cero los contadores (tras llenar el dispositivo, antes de medir)."""
        self.host_writes = self.copies = 0

    def _place(self, lpn: int) -> None:
        if self.fill[self.active] == self.pages:
            self.active = self.free.pop()
        seg = self.active
        if self.device is not None:
            offset = self.device.append(seg)
            assert offset == self.fill[seg]
        ppn = seg * self.pages + self.fill[seg]
        self.fill[seg] += 1
        old = self.l2p[lpn]
        if old >= 0:
            self.p2l[old] = -1
            self.valid[old // self.pages] -= 1
        self.l2p[lpn] = ppn
        self.p2l[ppn] = lpn
        self.valid[seg] += 1

    def _victim(self) -> int:
        """El segmento con menos páginas válidas (el de menor índice si empatan), sin
        contar los libres ni el activo."""
        valid = self.valid
        skipped = [*self.free, self.active]
        saved = [valid[s] for s in skipped]
        for s in skipped:  # fuera de la elección: más válidas que cualquier segmento
            valid[s] = self.pages + 1
        victim = valid.index(min(valid))  # index: el primero de los mínimos
        for s, count in zip(reversed(skipped), reversed(saved), strict=True):
            valid[s] = count
        return victim

    def _clean(self) -> None:
        victim = self._victim()
        pages, l2p, p2l, fill, valid = self.pages, self.l2p, self.p2l, self.fill, self.valid
        base = victim * pages
        moving = [lpn for lpn in p2l[base : base + fill[victim]] if lpn >= 0]
        p2l[base : base + fill[victim]] = [-1] * fill[victim]
        done = 0
        while done < len(moving):  # copias en tramos: lo que cabe en el segmento activo
            if fill[self.active] == pages:
                self.active = self.free.pop()
            seg = self.active
            count = min(pages - fill[seg], len(moving) - done)
            if self.device is not None:
                offset = self.device.append(seg, count)
                assert offset == fill[seg]
            start = seg * pages + fill[seg]
            run = moving[done : done + count]
            p2l[start : start + count] = run
            for ppn, lpn in enumerate(run, start):
                l2p[lpn] = ppn
            fill[seg] += count
            valid[seg] += count
            done += count
        self.copies += len(moving)
        fill[victim] = 0
        valid[victim] = 0
        if self.device is not None:
            self.device.reset(victim)
        self.free.insert(0, victim)

    def write(self, lpn: int) -> None:
        """El anfitrión escribe (o sobrescribe) la página lógica ``lpn``."""
        while len(self.free) < FREE_RESERVE:
            self._clean()
        self._place(lpn)
        self.host_writes += 1

    def trim(self, lpn: int) -> None:
        """El anfitrión declara ``lpn`` sin uso (TRIM): su copia deja de ser válida."""
        old = self.l2p[lpn]
        if old >= 0:
            self.p2l[old] = -1
            self.valid[old // self.pages] -= 1
            self.l2p[lpn] = -1


def random_overwrite_wa(
    op: float, *, blocks: int, pages_per_block: int, writes: int, seed: int, zoned: bool = False
) -> float:
    """WA de sobrescrituras aleatorias uniformes tras llenar el dispositivo.

    Con ``zoned=True`` la limpieza la hace el anfitrión sobre zonas (vía
    :class:`ZonedDevice`); el algoritmo voraz es el mismo.
    """
    check_int("writes", writes, 1, 10**7)
    check_int("seed", seed, 0, 2**63)
    logical_pages_for(op, blocks, pages_per_block)  # valida op, blocks y pages_per_block
    return _overwrite_wa(float(op), blocks, pages_per_block, writes, seed, bool(zoned))


@functools.lru_cache(maxsize=256)
def _overwrite_wa(
    op: float, blocks: int, pages_per_block: int, writes: int, seed: int, zoned: bool
) -> float:
    """:func:`random_overwrite_wa` ya validada; recuerda el resultado (determinista), de
    modo que la página no repite la misma simulación en dos celdas."""
    logical = logical_pages_for(op, blocks, pages_per_block)
    device = ZonedDevice(blocks, pages_per_block) if zoned else None
    store = LogStore(blocks, pages_per_block, logical, device)
    for lpn in range(logical):
        store.write(lpn)
    rng = random.Random(seed)
    for _ in range(writes):  # calentamiento: alcanzar el régimen estable
        store.write(rng.randrange(logical))
    store.reset_counters()
    for _ in range(writes):
        store.write(rng.randrange(logical))
    return store.write_amplification


@dataclass(frozen=True)
class WaProblem:
    """Un problema de amplificación de escritura con sobrescrituras aleatorias."""

    op: float
    blocks: int
    pages_per_block: int
    writes: int
    seed: int
    zoned: bool = False

    def solve(self) -> float:
        """La amplificación de escritura de :func:`random_overwrite_wa`."""
        return random_overwrite_wa(
            self.op, blocks=self.blocks, pages_per_block=self.pages_per_block,
            writes=self.writes, seed=self.seed, zoned=self.zoned,
        )  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        return {**asdict(self), "write_amplification": self.solve()}


def random_wa(seed: int) -> WaProblem:
    """Un problema aleatorio sembrado para la línea de órdenes.

    >>> random_wa(3) == random_wa(3)
    True
    """
    rng = seeded_random(seed)
    return WaProblem(
        op=rng.choice((0.15, 0.28, 0.5, 1.0)),
        blocks=rng.choice((48, 64, 96)),
        pages_per_block=rng.choice((8, 16, 32)),
        writes=2000,
        seed=seed,
        zoned=rng.random() < 0.5,
    )


@dataclass(frozen=True)
class StreamResult(Record):
    """WA de una carga de varios flujos en una FTL y en ZNS con una zona por objeto."""

    streams: int
    objects: int
    ftl_wa: float
    zns_wa: float
    zone_resets: int

    def table(self) -> Table:
        """Comparación en una tabla: amplificación de escritura de cada diseño."""
        return Table(
            ("diseño", "amplificación de escritura", "reinicios de zona"),
            [("FTL convencional", self.ftl_wa, "—"), ("ZNS, una zona por objeto", self.zns_wa,
              self.zone_resets)],
            caption=f"{self.streams} flujos intercalados, {self.objects} objetos",
        )  # fmt: skip


def random_streams(seed: int, streams: int, objects: int) -> list[tuple[int, int]]:
    """Orden sembrado de escrituras de objetos: pares ``(flujo, número de objeto)``."""
    rng = seeded_random(seed)
    check_int("streams", streams, 1, 64)
    check_int("objects", objects, 1, 10**6)
    return [(rng.randrange(streams), i) for i in range(objects)]


def stream_workload_wa(
    *, streams: int, lifetimes: Iterable[int], object_pages: int, segments: int,
    objects: int, seed: int,
) -> StreamResult:  # fmt: skip
    """Varios flujos escriben objetos página a página, intercalados; cada flujo borra su
    objeto más viejo cuando tiene más de ``lifetimes[s]`` vivos.

    La FTL mezcla en cada bloque páginas de objetos con vidas distintas; con ZNS cada
    objeto ocupa su propia zona y borrarlo es reiniciarla, sin copiar nada.
    """
    life = list(lifetimes)
    if len(life) != streams or any(check_int("lifetimes[i]", v, 1, 1000) < 1 for v in life):
        raise ValueError("lifetimes debe dar una vida (entero ≥ 1) por flujo")
    check_int("object_pages", object_pages, 1, 10**5)
    live_max = sum(life) + streams
    logical = live_max * object_pages
    if logical > (segments - FREE_RESERVE - 1) * object_pages:
        raise ValueError(
            f"segments debe ser al menos {live_max + FREE_RESERVE + 1} para {streams} flujos"
        )
    order = random_streams(seed, streams, objects)
    rng = random.Random(seed + 1)
    ftl = LogStore(segments, object_pages, logical)
    zoned = ZonedDevice(segments, object_pages, max_open=streams)
    free_lbas = list(range(live_max))  # huecos lógicos de un objeto cada uno
    free_zones = list(range(segments))
    alive: list[list[tuple[int, int]]] = [[] for _ in range(streams)]  # (hueco, zona)
    pending = [[] for _ in range(streams)]  # type: list[list[int]]
    for stream, _ in order:
        pending[stream].append(object_pages)
    cursors = [(-1, -1, 0)] * streams  # (hueco, zona, página siguiente)
    active = [s for s in range(streams) if pending[s]]
    while active:
        s = rng.choice(active)
        slot, zone, page = cursors[s]
        if page == 0:
            slot, zone = free_lbas.pop(), free_zones.pop()
        ftl.write(slot * object_pages + page)
        zoned.append(zone)
        page += 1
        if page == object_pages:
            pending[s].pop()
            alive[s].append((slot, zone))
            if len(alive[s]) > life[s]:
                old_slot, old_zone = alive[s].pop(0)
                for p in range(object_pages):
                    ftl.trim(old_slot * object_pages + p)
                zoned.reset(old_zone)
                free_lbas.insert(0, old_slot)
                free_zones.insert(0, old_zone)
            page = 0
            if not pending[s]:
                active.remove(s)
        cursors[s] = (slot, zone, page)
    return StreamResult(
        streams=streams,
        objects=objects,
        ftl_wa=ftl.write_amplification,
        zns_wa=zoned.media_writes / ftl.host_writes,
        zone_resets=zoned.resets,
    )

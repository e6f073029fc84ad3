"""RAID y distribución en franjas: dónde cae cada bloque y cuánto rinde cada nivel.

Patterson, Gibson y Katz (1988, «A case for redundant arrays of inexpensive disks»)
describieron los niveles; este módulo sigue la correspondencia que usa Linux md
(``raid5_compute_sector`` en ``drivers/md/raid5.c``):

- el volumen lógico se corta en **trozos** (*chunks*) de ``chunk_size`` bloques;
- el trozo ``c`` va a la franja (*stripe*) ``c // datos`` con índice provisional
  ``c % datos``, donde ``datos`` es el número de discos de datos por franja;
- RAID 4 pone la paridad siempre en el último disco; RAID 5 la rota:
  ``paridad = datos - franja % discos`` (disposiciones *left*) o
  ``franja % discos`` (*right*). En las asimétricas el dato salta el disco de
  paridad; en las simétricas se numera a partir del disco siguiente a la paridad.

>>> array = RaidArray(5, disks=4, chunk_size=1, layout="left-symmetric")
>>> [array.locate(b).disk for b in range(6)]
[0, 1, 2, 3, 0, 1]
>>> [array.locate(b).parity_disk for b in range(6)]
[3, 3, 3, 2, 2, 2]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from dadsbook import fmt
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, seeded_random

__all__ = [
    "LAYOUTS",
    "LEVELS",
    "MIN_DISKS",
    "MIRRORS",
    "BlockLocation",
    "RaidArray",
    "RaidProblem",
    "ThroughputModel",
    "random_raid",
    "throughput",
    "throughput_table",
]

#: Niveles que entiende el simulador.
LEVELS = (0, 1, 4, 5)
#: Discos mínimos por nivel. RAID 0 con un disco no reparte nada (md solo lo acepta
#: forzado), así que aquí se exigen dos.
MIN_DISKS = {0: 2, 1: 2, 4: 3, 5: 3}
#: Disposiciones de paridad de RAID 5 en Linux md (``mdadm --layout``).
LAYOUTS = ("left-symmetric", "left-asymmetric", "right-symmetric", "right-asymmetric")
MAX_DISKS = 64


@dataclass(frozen=True)
class BlockLocation:
    """Dónde vive un bloque lógico: disco y desplazamiento (en bloques) de su dato.

    ``copies`` lista todas las posiciones con el dato (varias en RAID 1);
    ``parity_disk`` es el disco con la paridad de su franja (``None`` sin paridad).
    """

    block: int
    disk: int
    offset: int
    stripe: int
    copies: tuple[tuple[int, int], ...]
    parity_disk: int | None

    def as_dict(self) -> dict[str, object]:
        """La posición como diccionario de tipos simples."""
        data = asdict(self)
        data["copies"] = [list(c) for c in self.copies]
        return data


@dataclass(frozen=True)
class RaidArray:
    """Un conjunto RAID: nivel, número de discos, tamaño de trozo y disposición."""

    level: int
    disks: int
    chunk_size: int = 1
    layout: str = "left-symmetric"

    def __post_init__(self) -> None:
        check_choice("level", self.level, LEVELS)
        check_int(f"disks de RAID {self.level}", self.disks, MIN_DISKS[self.level], MAX_DISKS)
        check_int("chunk_size", self.chunk_size, 1)
        check_choice("layout", self.layout, LAYOUTS)

    @property
    def data_disks(self) -> int:
        """Discos con datos distintos en cada franja."""
        if self.level == 1:
            return 1
        return self.disks - (1 if self.level in (4, 5) else 0)

    def parity_disk(self, stripe: int) -> int | None:
        """Disco con la paridad de la franja ``stripe`` (``None`` en RAID 0 y 1)."""
        check_int("stripe", stripe, 0, 2**62)
        if self.level == 4:
            return self.data_disks
        if self.level != 5:
            return None
        if self.layout.startswith("left"):
            return self.data_disks - stripe % self.disks
        return stripe % self.disks

    def locate(self, block: int) -> BlockLocation:
        """Posición del bloque lógico ``block`` (≥ 0)."""
        check_int("block", block, 0, 2**62)
        chunk, within = divmod(block, self.chunk_size)
        if self.level == 1:
            copies = tuple((d, block) for d in range(self.disks))
            return BlockLocation(block, 0, block, chunk, copies, None)
        stripe, index = divmod(chunk, self.data_disks)
        parity = self.parity_disk(stripe)
        disk = index
        if parity is not None and self.level == 5:
            if self.layout.endswith("-asymmetric"):
                disk = index + 1 if index >= parity else index
            else:
                disk = (parity + 1 + index) % self.disks
        offset = stripe * self.chunk_size + within
        return BlockLocation(block, disk, offset, stripe, ((disk, offset),), parity)

    def layout_grid(self, stripes: int) -> list[list[str]]:
        """Rejilla franjas × discos con el trozo que guarda cada celda (``D3``, ``P1``)."""
        check_int("stripes", stripes, 1, 1000)
        grid = [["" for _ in range(self.disks)] for _ in range(stripes)]
        for stripe in range(stripes):
            parity = self.parity_disk(stripe)
            if parity is not None:
                grid[stripe][parity] = f"P{stripe}"
        for chunk in range(stripes * self.data_disks):
            where = self.locate(chunk * self.chunk_size)
            for disk, offset in where.copies:
                grid[offset // self.chunk_size][disk] = f"D{chunk}"
        return grid

    def layout_table(self, stripes: int = 4) -> Table:
        """La rejilla de :meth:`layout_grid` como tabla (una fila por franja)."""
        grid = self.layout_grid(stripes)
        headers = ["franja", *[f"disco {d}" for d in range(self.disks)]]
        rows = [[str(s), *cells] for s, cells in enumerate(grid)]
        return Table(headers, rows, caption=self.title())

    def title(self) -> str:
        """Nombre legible del conjunto."""
        extra = f", {self.layout}" if self.level == 5 else ""
        return f"RAID {self.level}, {self.disks} discos, trozo de {self.chunk_size}{extra}"


#: Las dos formas de leer «RAID 1» con ``N`` discos: el espejo de ``N`` copias de md
#: (``mdadm --level=1``) y las ``N/2`` parejas espejadas de OSTEP (lo que md llama
#: ``raid10`` con ``--layout=n2``).
MIRRORS = ("n-way", "pairs")


@dataclass(frozen=True)
class ThroughputModel(Record):
    """Rendimiento, capacidad y tolerancia de un nivel según el modelo clásico.

    Los rendimientos están en las unidades de ``seq_mb_s`` y ``rand_mb_s``;
    ``capacity`` en discos; ``tolerates`` son los fallos que aguanta **siempre** y
    ``tolerates_best`` los que puede aguantar si caen en discos favorables.
    """

    level: int
    disks: int
    sequential_read: float
    sequential_write: float
    random_read: float
    random_write: float
    small_write_ios: int
    capacity: float = 0.0
    tolerates: int = 0
    tolerates_best: int = 0
    mirror: str = ""

    @property
    def name(self) -> str:
        """Nombre legible del nivel."""
        if self.level != 1:
            return f"RAID {self.level}"
        if self.mirror == "pairs":
            return f"RAID 1, {self.disks // 2} parejas (OSTEP)"
        return f"RAID 1, {self.disks} copias (md)"


def throughput(
    level: int, disks: int, seq_mb_s: float = 1.0, rand_mb_s: float = 1.0, *, mirror: str = "n-way"
) -> ThroughputModel:
    """Rendimiento de RAID ``level`` con ``disks`` discos.

    ``seq_mb_s`` y ``rand_mb_s`` son lo que da **un** disco en acceso secuencial y
    aleatorio. Es el modelo de Patterson et al. tal como lo resume OSTEP (cap. 38):
    una escritura aleatoria pequeña en RAID 4/5 es lectura-modificación-escritura,
    cuatro E/S (leer dato y paridad, escribir dato y paridad); en RAID 4 todas pasan
    por el único disco de paridad.

    RAID 1 tiene dos lecturas (``mirror``). Con ``"n-way"`` es el espejo de ``md``
    raid1: ``disks`` copias del mismo disco; lee de cualquiera, cada escritura va a
    todas y una lectura secuencial sale de un solo disco. Con ``"pairs"`` es el de
    OSTEP: ``disks/2`` parejas espejadas con los datos repartidos en franjas entre
    ellas (``raid10`` en md), capacidad ``N/2`` y ``N/2 · S`` en secuencial, porque
    cada disco de una pareja se salta los bloques que lee su compañero.

    >>> throughput(5, 4).random_write
    1.0
    >>> throughput(4, 4).random_write
    0.5
    >>> throughput(1, 4, mirror="pairs").capacity, throughput(1, 4).capacity
    (2.0, 1.0)
    """
    array = RaidArray(level, disks)  # valida nivel y discos
    for name, value in (("seq_mb_s", seq_mb_s), ("rand_mb_s", rand_mb_s)):
        check_number(name, value, positive=True)
    check_choice("mirror", mirror, MIRRORS)
    n, s, r = array.disks, float(seq_mb_s), float(rand_mb_s)
    if level == 0:
        return ThroughputModel(0, n, n * s, n * s, n * r, n * r, 1, n, 0, 0)
    if level == 1 and mirror == "pairs":
        if n % 2:
            raise ValueError(f"disks debe ser par para las parejas de OSTEP; se recibió {n}")
        half = n / 2
        return ThroughputModel(1, n, half * s, half * s, n * r, half * r, 2, half, 1, n // 2,
                               "pairs")  # fmt: skip
    if level == 1:
        return ThroughputModel(1, n, s, s, n * r, r, n, 1.0, n - 1, n - 1, "n-way")
    if level == 4:
        return ThroughputModel(4, n, (n - 1) * s, (n - 1) * s, (n - 1) * r, r / 2, 4, n - 1, 1, 1)
    return ThroughputModel(5, n, (n - 1) * s, (n - 1) * s, n * r, n / 4 * r, 4, n - 1, 1, 1)


def throughput_table(disks: int, seq_mb_s: float, rand_mb_s: float) -> Table:
    """Tabla del modelo de :func:`throughput` para cada nivel (MB/s), con capacidad y fallos.

    RAID 1 sale dos veces si ``disks`` es par: como espejo de ``disks`` copias (md) y
    como ``disks/2`` parejas (OSTEP).
    """
    models = [throughput(0, disks, seq_mb_s, rand_mb_s), throughput(1, disks, seq_mb_s, rand_mb_s)]
    if disks % 2 == 0:
        models.append(throughput(1, disks, seq_mb_s, rand_mb_s, mirror="pairs"))
    models += [throughput(level, disks, seq_mb_s, rand_mb_s) for level in (4, 5)]
    rows = []
    for m in models:
        tolerates = (
            str(m.tolerates)
            if m.tolerates == m.tolerates_best
            else (f"{m.tolerates} (hasta {m.tolerates_best})")
        )
        rows.append([m.name, m.capacity, tolerates, m.sequential_read, m.sequential_write,
                     m.random_read, m.random_write, m.small_write_ios])  # fmt: skip
    headers = ["nivel", "capacidad (discos)", "fallos que aguanta", "lect. sec.", "escr. sec.",
               "lect. aleat.", "escr. aleat.", "E/S por escritura pequeña"]  # fmt: skip
    caption = (
        f"{disks} discos; un disco: {fmt.number(seq_mb_s)} MB/s secuencial, "
        f"{fmt.number(rand_mb_s)} MB/s aleatorio"
    )
    return Table(headers, rows, caption=caption)


@dataclass(frozen=True)
class RaidProblem:
    """Un problema de RAID: un conjunto y unos bloques lógicos que localizar."""

    array: RaidArray
    blocks: tuple[int, ...]

    def solve(self) -> tuple[BlockLocation, ...]:
        """Las posiciones de :attr:`blocks`."""
        return tuple(self.array.locate(b) for b in self.blocks)

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        return {
            "level": self.array.level,
            "disks": self.array.disks,
            "chunk_size": self.array.chunk_size,
            "layout": self.array.layout,
            "blocks": list(self.blocks),
            "solution": [loc.as_dict() for loc in self.solve()],
        }


def random_raid(seed: int, count: int = 5) -> RaidProblem:
    """Un problema aleatorio (sembrado): nivel, discos, trozo, disposición y bloques.

    >>> random_raid(1) == random_raid(1)
    True
    """
    rng = seeded_random(seed)
    check_int("count", count, 1, 100)
    level = rng.choice(LEVELS)
    disks = rng.randint(MIN_DISKS[level], 6)
    array = RaidArray(level, disks, rng.choice((1, 2, 4)), rng.choice(LAYOUTS))
    blocks = tuple(sorted(rng.sample(range(8 * disks * array.chunk_size), count)))
    return RaidProblem(array, blocks)

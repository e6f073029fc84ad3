"""Tablas de páginas de varios niveles: el recorrido, la memoria que ahorran y lo que cuestan.

Una tabla de páginas **lineal** tiene una entrada por cada página virtual posible:
con 48 bits de direcciones, páginas de 4 KiB y entradas de 8 bytes serían 2³⁶
entradas, 512 GiB por proceso. Nadie la construye. La tabla de **varios niveles**
(OSTEP, capítulo 20, «Paging: Smaller Tables») parte el número de página virtual en
trozos: el primero indexa un directorio cuyas entradas apuntan a tablas del nivel
siguiente, y así hasta la última, que da el marco. Solo existen las tablas de las
zonas que el proceso usa. x86-64 usa cuatro niveles de 9 bits y páginas de 4 KiB
(9 + 9 + 9 + 9 + 12 = 48 bits), cinco con la paginación de 57 bits; cada tabla
tiene 512 entradas de 8 bytes y ocupa exactamente una página.

El precio: un fallo de la TLB recorre el árbol, **una lectura de memoria por nivel**
antes de la lectura que se pedía.

>>> X86_64.split(0x7F3A_1234_5678)
((254, 232, 145, 325), 1656)
>>> X86_64.linear_bytes // 2**30
512
>>> table = PageTable(X86_64)
>>> table.map(0x7F3A_1234_5, 42)
>>> walk = table.walk(0x7F3A_1234_5678)
>>> walk.physical == 42 * 4096 + 0x678, len(walk.steps)
(True, 4)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dadsbook.tables import Table
from dadsbook.validation import check_int, seeded_random

__all__ = [
    "SHAPES",
    "X86_32",
    "X86_64",
    "X86_64_LA57",
    "X86_64_LEVELS",
    "PageTable",
    "Shape",
    "Walk",
    "WalkProblem",
    "WalkStep",
    "nested_references",
    "random_walk",
    "read_maps",
    "references_table",
    "shape_for",
    "sparse_curves",
    "sparse_regions",
    "tables_bytes",
    "tables_needed",
    "vm_pte_bytes",
    "walk_table",
]


@dataclass(frozen=True)
class Shape:
    """La forma de una tabla de páginas: bits de índice por nivel (de arriba abajo)."""

    name: str
    index_bits: tuple[int, ...]
    offset_bits: int
    entry_bytes: int

    def __post_init__(self) -> None:
        if not self.index_bits or any(b < 1 or b > 20 for b in self.index_bits):
            raise ValueError(f"index_bits debe tener niveles de 1 a 20 bits; {self.index_bits}")
        check_int("offset_bits", self.offset_bits, 1, 30)
        check_int("entry_bytes", self.entry_bytes, 1, 16)

    @property
    def levels(self) -> int:
        """Niveles del árbol."""
        return len(self.index_bits)

    @property
    def va_bits(self) -> int:
        """Bits de la dirección virtual."""
        return sum(self.index_bits) + self.offset_bits

    @property
    def page_bytes(self) -> int:
        """Tamaño de página."""
        return 1 << self.offset_bits

    def table_bytes(self, level: int) -> int:
        """Bytes de una tabla del nivel ``level`` (0 es la raíz)."""
        return (1 << self.index_bits[level]) * self.entry_bytes

    @property
    def linear_bytes(self) -> int:
        """Bytes de una tabla lineal con una entrada por página virtual."""
        return (1 << sum(self.index_bits)) * self.entry_bytes

    def split(self, address: int) -> tuple[tuple[int, ...], int]:
        """Los índices de cada nivel y el desplazamiento de ``address``."""
        check_int("address", address, 0, (1 << self.va_bits) - 1)
        vpn, offset = address >> self.offset_bits, address & (self.page_bytes - 1)
        indices = []
        for bits in reversed(self.index_bits):
            indices.append(vpn & ((1 << bits) - 1))
            vpn >>= bits
        return tuple(reversed(indices)), offset


#: x86-64 con cuatro niveles: PML4, PDPT, directorio y tabla de páginas.
X86_64 = Shape("x86-64, 4 niveles", (9, 9, 9, 9), 12, 8)
#: x86-64 con la paginación de cinco niveles (57 bits, ``la57``).
X86_64_LA57 = Shape("x86-64, 5 niveles", (9, 9, 9, 9, 9), 12, 8)
#: x86 de 32 bits sin PAE: directorio y tabla de 1024 entradas de 4 bytes.
X86_32 = Shape("x86 de 32 bits, 2 niveles", (10, 10), 12, 4)
SHAPES = (X86_32, X86_64, X86_64_LA57)


@dataclass(frozen=True)
class WalkStep:
    """Un nivel del recorrido: qué tabla se leyó, qué entrada y qué se encontró."""

    level: int
    index: int
    table_frame: int
    entry_address: int
    next_frame: int | None


@dataclass(frozen=True)
class Walk:
    """Un recorrido completo: sus pasos y la dirección física (``None`` si falla)."""

    address: int
    offset: int
    steps: tuple[WalkStep, ...]
    physical: int | None

    @property
    def references(self) -> int:
        """Lecturas de memoria del recorrido (una por tabla visitada)."""
        return len(self.steps)


@dataclass
class PageTable:
    """Un árbol de tablas de páginas en una memoria física simulada.

    Cada tabla ocupa un marco, que se reserva al hacer falta; ``root`` es el marco de
    la raíz (lo que guarda el registro CR3 en x86).
    """

    shape: Shape
    first_frame: int = 0x100
    tables: dict[int, dict[int, int]] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)
    root: int = -1

    def __post_init__(self) -> None:
        self.root = self._new_table(0)

    def _new_table(self, level: int) -> int:
        frame = self.first_frame + len(self.tables)
        self.tables[frame] = {}
        self.levels[frame] = level
        return frame

    def map(self, vpn: int, frame: int) -> None:
        """Hace que la página virtual ``vpn`` apunte al marco ``frame``."""
        check_int("vpn", vpn, 0, (1 << sum(self.shape.index_bits)) - 1)
        check_int("frame", frame, 0, 2**40)
        indices, _ = self.shape.split(vpn << self.shape.offset_bits)
        table = self.root
        for level, index in enumerate(indices[:-1]):
            entries = self.tables[table]
            if index not in entries:
                entries[index] = self._new_table(level + 1)
            table = entries[index]
        self.tables[table][indices[-1]] = frame

    def walk(self, address: int) -> Walk:
        """Recorre el árbol para ``address``: una lectura por nivel hasta el marco o el fallo."""
        indices, offset = self.shape.split(address)
        table: int | None = self.root
        steps = []
        for level, index in enumerate(indices):
            assert table is not None
            entry = table * self.shape.page_bytes + index * self.shape.entry_bytes
            found = self.tables[table].get(index)
            steps.append(WalkStep(level, index, table, entry, found))
            table = found
            if found is None:
                return Walk(address, offset, tuple(steps), None)
        assert table is not None
        return Walk(address, offset, tuple(steps), table * self.shape.page_bytes + offset)

    def count_by_level(self) -> tuple[int, ...]:
        """Tablas que existen en cada nivel."""
        return tuple(
            sum(level == k for level in self.levels.values()) for k in range(self.shape.levels)
        )

    @property
    def size_bytes(self) -> int:
        """Memoria que ocupan todas las tablas."""
        return sum(self.shape.table_bytes(level) for level in self.levels.values())


#: Nombres de los niveles de x86-64 (manuales de Intel), de la raíz a la hoja.
X86_64_LEVELS = ("PML4", "PDPT", "directorio (PD)", "tabla (PT)")


def shape_for(address: int) -> Shape:
    """La forma de x86-64 que cubre ``address``: cuatro niveles, o cinco si pasa de 48 bits."""
    check_int("address", address, 0, (1 << 57) - 1)
    return X86_64 if address < 1 << 48 else X86_64_LA57


def walk_table(walk: Walk, shape: Shape) -> Table:
    """Un recorrido como tabla: nivel, bits de la dirección, índice y entrada leída."""
    names = X86_64_LEVELS if shape == X86_64 else tuple(f"nivel {k}" for k in range(shape.levels))
    rows = []
    high = shape.va_bits - 1
    for step in walk.steps:
        bits = shape.index_bits[step.level]
        rows.append((
            names[step.level], f"{high}–{high - bits + 1}", step.index,
            f"0x{step.table_frame:x}", f"0x{step.entry_address:x}",
            "—" if step.next_frame is None else f"0x{step.next_frame:x}",
        ))  # fmt: skip
        high -= bits
    result = "fallo de página" if walk.physical is None else f"0x{walk.physical:x}"
    caption = (f"Recorrido de 0x{walk.address:x}: desplazamiento 0x{walk.offset:x} "
               f"(bits {shape.offset_bits - 1}–0); física {result}")  # fmt: skip
    return Table(("nivel", "bits", "índice", "tabla (marco)", "entrada leída", "siguiente marco"),
                 rows, caption=caption)  # fmt: skip


def _merged_count(intervals: Iterable[tuple[int, int]]) -> int:
    """Enteros distintos que cubren intervalos cerrados ``[a, b]``."""
    total, end = 0, -1
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end + 1) + 1
        end = b
    return total


def tables_needed(shape: Shape, ranges: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """Tablas por nivel para tener presentes todas las páginas de ``ranges``.

    ``ranges`` son intervalos ``[inicio, fin)`` de direcciones virtuales. En el nivel
    ``k`` hace falta una tabla por cada prefijo distinto de los ``k`` primeros
    índices; se cuentan por intervalos, sin recorrer página a página.

    >>> tables_needed(X86_64, [(0, 4096)])
    (1, 1, 1, 1)
    >>> tables_needed(X86_64, [(0, 2**21 + 4096)])  # cruza a una segunda tabla final
    (1, 1, 1, 2)
    """
    spans = []
    for start, end in ranges:
        check_int("inicio del intervalo", start, 0, (1 << shape.va_bits) - 1)
        check_int("fin del intervalo", end, start + 1, 1 << shape.va_bits)
        spans.append((start >> shape.offset_bits, (end - 1) >> shape.offset_bits))
    counts = []
    for level in range(shape.levels):
        shift = sum(shape.index_bits[level:])  # bits por debajo del prefijo de este nivel
        counts.append(_merged_count((a >> shift, b >> shift) for a, b in spans) if spans else 0)
    return tuple(counts)


def tables_bytes(shape: Shape, counts: Sequence[int]) -> int:
    """Bytes que ocupan ``counts`` tablas por nivel."""
    return sum(c * shape.table_bytes(k) for k, c in enumerate(counts))


_MAPS_LINE = re.compile(r"^([0-9a-f]+)-([0-9a-f]+)\s")


def read_maps(path: Path | str = "/proc/self/maps", limit_bits: int = 47) -> list[tuple[int, int]]:
    """Los intervalos del espacio de usuario de un proceso (``/proc/PID/maps``).

    Se descartan los que pasan de ``2**limit_bits`` (la página ``[vsyscall]`` vive en
    la mitad del núcleo).
    """
    out = []
    for line in Path(path).read_text(encoding="ascii", errors="replace").splitlines():
        found = _MAPS_LINE.match(line)
        if found is None:
            continue
        start, end = int(found.group(1), 16), int(found.group(2), 16)
        if end <= 1 << limit_bits:
            out.append((start, end))
    return out


def vm_pte_bytes(path: Path | str = "/proc/self/status") -> int | None:
    """``VmPTE`` de un proceso: lo que ocupan sus tablas de páginas según el núcleo."""
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    found = re.search(r"^VmPTE:\s+(\d+)\s+kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


def sparse_regions(
    seed: int, regions: int, pages_per_region: int, va_bits: int
) -> list[tuple[int, int]]:
    """``regions`` zonas de ``pages_per_region`` páginas de 4 KiB esparcidas al azar."""
    check_int("regions", regions, 1, 2**16)
    check_int("pages_per_region", pages_per_region, 1, 2**20)
    check_int("va_bits", va_bits, 20, 57)
    rng = np.random.default_rng(seed)
    span = pages_per_region * 4096
    starts = rng.integers(0, (1 << va_bits) - span, size=regions, dtype=np.int64)
    return [(int(s) & ~4095, (int(s) & ~4095) + span) for s in starts]


def sparse_curves(
    seed: int, region_counts: Sequence[int], pages_per_region: int
) -> dict[str, list[int]]:
    """Bytes de las tablas frente al número de zonas esparcidas, en 32 y en 48 bits.

    Una lista por forma de tabla (por su nombre), con un valor por cada número de zonas
    de ``region_counts``; :func:`dadsbook.hardware.memory.figures.sparse_figure` la dibuja.
    """
    if not region_counts:
        raise ValueError("region_counts debe contener al menos un valor")
    curves: dict[str, list[int]] = {}
    for shape in (X86_32, X86_64):
        regions = [sparse_regions(seed, n, pages_per_region, shape.va_bits) for n in region_counts]
        curves[shape.name] = [tables_bytes(shape, tables_needed(shape, r)) for r in regions]
    return curves


def nested_references(guest_levels: int, host_levels: int) -> int:
    """Lecturas de un recorrido bidimensional (máquina virtual con paginación anidada).

    Cada una de las ``g`` entradas del invitado, y la dirección final, son direcciones
    físicas del invitado que hay que traducir con las ``h`` tablas del anfitrión:
    ``(g + 1)(h + 1) − 1`` lecturas.

    >>> nested_references(4, 4)
    24
    """
    g = check_int("guest_levels", guest_levels, 1, 6)
    h = check_int("host_levels", host_levels, 1, 6)
    return (g + 1) * (h + 1) - 1


def references_table() -> Table:
    """Lecturas de memoria por fallo de la TLB en cada forma, sin cachés del recorrido."""
    rows = [(s.name, s.levels, s.levels + 1) for s in SHAPES]
    rows.append(("máquina virtual: 4 niveles sobre 4 (anidada)", nested_references(4, 4),
                 nested_references(4, 4) + 1))  # fmt: skip
    rows.append(("máquina virtual: 5 niveles sobre 5 (anidada)", nested_references(5, 5),
                 nested_references(5, 5) + 1))  # fmt: skip
    return Table(("tabla de páginas", "lecturas del recorrido", "con la lectura pedida"), rows,
                 caption="Un fallo de la TLB, sin cachés del recorrido")  # fmt: skip


@dataclass(frozen=True)
class WalkProblem:
    """Un problema de recorrido: una forma, un árbol pequeño y unas direcciones."""

    shape: Shape
    mappings: tuple[tuple[int, int], ...]
    addresses: tuple[int, ...]

    def problem(self) -> dict[str, Any]:
        """El problema (sin solución) como diccionario de tipos simples."""
        return {
            "shape": self.shape.name,
            "index_bits": list(self.shape.index_bits),
            "offset_bits": self.shape.offset_bits,
            "entry_bytes": self.shape.entry_bytes,
            "mappings": [list(m) for m in self.mappings],
            "addresses": list(self.addresses),
        }

    @classmethod
    def from_problem(cls, data: dict[str, Any]) -> WalkProblem:
        """Reconstruye el problema desde :meth:`problem` (valida la forma y las direcciones)."""
        shape = Shape(str(data["shape"]), tuple(int(b) for b in data["index_bits"]),
                      int(data["offset_bits"]), int(data["entry_bytes"]))  # fmt: skip
        if shape.va_bits > 64:
            raise ValueError(f"index_bits + offset_bits no puede pasar de 64; {shape.va_bits}")
        mappings = tuple((int(v), int(f)) for v, f in data["mappings"])
        addresses = tuple(int(a) for a in data["addresses"])
        for address in addresses:
            shape.split(address)  # valida el rango
        problem = cls(shape, mappings, addresses)
        problem.table()  # valida las páginas y los marcos
        return problem

    def table(self) -> PageTable:
        """El árbol del problema, construido en orden."""
        tree = PageTable(self.shape)
        for vpn, frame in self.mappings:
            tree.map(vpn, frame)
        return tree

    def describe(self) -> str:
        """El enunciado: la raíz, las entradas de cada tabla y las direcciones."""
        tree = self.table()
        lines = [
            f"{self.shape.name}: índices de {'+'.join(map(str, self.shape.index_bits))} bits y "
            f"desplazamiento de {self.shape.offset_bits}; entradas de "
            f"{self.shape.entry_bytes} bytes. La raíz está en el marco 0x{tree.root:x}.",
            "Entradas no vacías (marco de la tabla: índice → marco siguiente):",
        ]
        for frame, entries in sorted(tree.tables.items()):
            listed = ", ".join(f"{i} → 0x{f:x}" for i, f in sorted(entries.items()))
            lines.append(f"  0x{frame:x} (nivel {tree.levels[frame]}): {listed}")
        lines.append("Direcciones virtuales: " + ", ".join(f"0x{a:x}" for a in self.addresses))
        lines.append("¿Qué índices salen, qué entradas se leen y qué dirección física resulta?")
        return "\n".join(lines)

    def statement(self) -> Table:
        """El enunciado como tabla: las entradas no vacías de cada tabla del árbol."""
        tree = self.table()
        rows = [
            (f"0x{frame:x}", tree.levels[frame],
             ", ".join(f"{i} → 0x{f:x}" for i, f in sorted(entries.items())))
            for frame, entries in sorted(tree.tables.items())
        ]  # fmt: skip
        caption = (
            f"{self.shape.name} (índices de {'+'.join(map(str, self.shape.index_bits))} bits, "
            f"desplazamiento de {self.shape.offset_bits}, entradas de {self.shape.entry_bytes} "
            f"bytes); raíz en 0x{tree.root:x}. Direcciones: "
            + ", ".join(f"0x{a:x}" for a in self.addresses)
        )
        return Table(("tabla (marco)", "nivel", "índice → marco siguiente"), rows, caption=caption)

    def solve(self) -> tuple[Walk, ...]:
        """El recorrido de cada dirección."""
        tree = self.table()
        return tuple(tree.walk(a) for a in self.addresses)

    def solution_table(self) -> Table:
        """Una fila por dirección: índices, entradas leídas y resultado."""
        rows = []
        for walk in self.solve():
            indices = " ".join(str(s.index) for s in walk.steps)
            entries = " ".join(f"0x{s.entry_address:x}" for s in walk.steps)
            result = (f"0x{walk.physical:x}" if walk.physical is not None
                      else f"fallo de página (nivel {walk.steps[-1].level})")  # fmt: skip
            rows.append((f"0x{walk.address:x}", indices, f"0x{walk.offset:x}", entries, result))
        return Table(("virtual", "índices", "desplazamiento", "entradas leídas", "física"), rows,
                     caption=self.shape.name)  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        return {
            "shape": self.shape.name,
            "index_bits": list(self.shape.index_bits),
            "offset_bits": self.shape.offset_bits,
            "mappings": [list(m) for m in self.mappings],
            "addresses": list(self.addresses),
            "walks": [
                {"address": w.address, "indices": [s.index for s in w.steps],
                 "entries": [s.entry_address for s in w.steps], "physical": w.physical}
                for w in self.solve()
            ],
        }  # fmt: skip


def random_walk(seed: int, count: int = 3, shape: Shape | None = None) -> WalkProblem:
    """Un problema aleatorio (sembrado): un árbol con pocas páginas y ``count`` direcciones.

    Casi todas las direcciones caen en páginas presentes; alguna, a propósito, no.

    >>> random_walk(2) == random_walk(2)
    True
    """
    rng = seeded_random(seed)
    check_int("count", count, 1, 10)
    chosen = shape if shape is not None else rng.choice((X86_32, X86_64))
    pages = 1 << sum(chosen.index_bits)
    base = rng.randrange(pages)
    vpns = sorted({(base + rng.choice((0, 1, 2, 513, 1 << 18))) % pages for _ in range(4)})
    mappings = tuple((v, rng.randrange(0x1000, 0x8000)) for v in vpns)
    missing = (vpns[-1] + 7 * 513) % pages
    while missing in vpns:
        missing = (missing + 1) % pages
    addresses = []
    for k in range(count):
        vpn = missing if count > 1 and k == count - 1 else rng.choice(vpns)
        addresses.append((vpn << chosen.offset_bits) | rng.randrange(chosen.page_bytes))
    return WalkProblem(chosen, mappings, tuple(addresses))

"""Traducción de direcciones: tabla de páginas y TLB.

Un proceso ve direcciones **virtuales**. El hardware (la MMU) parte cada una en un
número de página virtual (VPN) y un desplazamiento dentro de la página, busca la VPN
en la **tabla de páginas** del proceso para obtener el marco físico (PFN) y pega el
mismo desplazamiento: ``física = PFN × tamaño_de_página + desplazamiento`` (OSTEP,
capítulos 18, «Paging: Introduction», y 19, «Paging: Faster Translations (TLBs)»).

Consultar la tabla en memoria en cada acceso sería carísimo, así que la MMU guarda
las traducciones recientes en la **TLB** (*translation lookaside buffer*), una caché
pequeña. Aquí la TLB tiene ``tlb_size`` entradas y expulsa la usada hace más tiempo
(LRU). Una VPN que no está en la tabla es un **fallo de página**.

>>> table = {0: 7, 1: 3}
>>> t = translate([0, 100, 4096, 50], page_size=4096, page_table=table, tlb_size=2)
>>> [a.physical for a in t.accesses]
[28672, 28772, 12288, 28722]
>>> t.tlb_hits, t.tlb_misses
(2, 2)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "Access",
    "Translation",
    "random_page_table",
    "random_translation",
    "translate",
]


@dataclass(frozen=True)
class Access:
    """Una dirección traducida.

    ``frame`` y ``physical`` son ``None`` si la página no está en la tabla (fallo de
    página); ``tlb_hit`` dice si la traducción salió de la TLB.
    """

    virtual: int
    vpn: int
    offset: int
    frame: int | None
    physical: int | None
    tlb_hit: bool

    @property
    def fault(self) -> bool:
        """``True`` si la página no estaba en la tabla de páginas."""
        return self.frame is None

    def as_dict(self) -> dict[str, object]:
        """El acceso como tipos básicos (para JSON), con :attr:`fault`."""
        return {**asdict(self), "fault": self.fault}


@dataclass(frozen=True)
class Translation:
    """Resultado de :func:`translate`: cada acceso y los contadores de la TLB."""

    page_size: int
    tlb_size: int
    accesses: tuple[Access, ...]

    @property
    def tlb_hits(self) -> int:
        """Accesos cuya traducción estaba en la TLB."""
        return sum(a.tlb_hit for a in self.accesses)

    @property
    def tlb_misses(self) -> int:
        """Accesos que tuvieron que consultar la tabla de páginas."""
        return len(self.accesses) - self.tlb_hits

    @property
    def faults(self) -> int:
        """Accesos a páginas que no están en la tabla."""
        return sum(a.fault for a in self.accesses)

    @property
    def tlb_hit_rate(self) -> float:
        """Fracción de accesos resueltos por la TLB."""
        return self.tlb_hits / len(self.accesses)

    def as_dict(self) -> dict[str, object]:
        """La traducción como tipos básicos (para JSON)."""
        return {
            "page_size": self.page_size,
            "tlb_size": self.tlb_size,
            "tlb_hits": self.tlb_hits,
            "tlb_misses": self.tlb_misses,
            "faults": self.faults,
            "accesses": [a.as_dict() for a in self.accesses],
        }

    def table(self, limit: int = 12) -> Table:
        """Las primeras ``limit`` traducciones, en hexadecimal, como tabla."""
        rows = [
            (
                f"0x{a.virtual:06x}",
                a.vpn,
                f"0x{a.offset:03x}",
                "fallo de página" if a.frame is None else a.frame,
                "—" if a.physical is None else f"0x{a.physical:06x}",
                "acierto" if a.tlb_hit else "fallo",
            )
            for a in self.accesses[:limit]
        ]
        return Table(
            ("virtual", "VPN", "desplazamiento", "marco (PFN)", "física", "TLB"),
            rows,
            caption=f"Traducción con páginas de {self.page_size} bytes y TLB de "
            f"{self.tlb_size} entradas (LRU).",
        )


def _check_page_size(page_size: object) -> int:
    size = check_int("page_size", page_size, 1)
    if size & (size - 1):
        raise ValueError(
            f"page_size debe ser una potencia de dos (512, 4096, 2097152…); se recibió {size}"
        )
    return size


def translate(
    addresses: Sequence[int],
    *,
    page_size: int,
    page_table: Mapping[int, int],
    tlb_size: int = 4,
) -> Translation:
    """Traduce ``addresses`` con ``page_table`` (VPN → PFN) y una TLB LRU.

    Un fallo de página no entra en la TLB (no hay traducción que guardar).
    """
    size = _check_page_size(page_size)
    entries = check_int("tlb_size", tlb_size, 1)
    if not addresses:
        raise ValueError("addresses no puede estar vacía: hace falta al menos una dirección")
    shift = size.bit_length() - 1
    tlb: OrderedDict[int, int] = OrderedDict()
    out: list[Access] = []
    for raw in addresses:
        if isinstance(raw, bool) or not isinstance(raw, int | np.integer) or raw < 0:
            raise ValueError(f"addresses solo admite enteros ≥ 0; se recibió {raw!r}")
        virtual = int(raw)
        vpn, offset = virtual >> shift, virtual & (size - 1)
        frame = tlb.get(vpn)
        hit = frame is not None
        if hit:
            tlb.move_to_end(vpn)
        else:
            frame = page_table.get(vpn)
            if frame is not None:
                tlb[vpn] = frame
                if len(tlb) > entries:
                    tlb.popitem(last=False)
        physical = None if frame is None else (frame << shift) | offset
        out.append(Access(virtual, vpn, offset, frame, physical, hit))
    return Translation(size, entries, tuple(out))


def random_page_table(
    seed: int, virtual_pages: int, frames: int, *, valid: float = 0.75
) -> dict[int, int]:
    """Una tabla de páginas sembrada: una fracción ``valid`` de las VPN, en marcos distintos.

    >>> random_page_table(3, 8, 16) == random_page_table(3, 8, 16)
    True
    """
    pages = check_int("virtual_pages", virtual_pages, 1)
    frame_count = check_int("frames", frames, 1)
    check_number("valid", valid, 0, 1)
    rng = np.random.default_rng(seed)
    mapped = min(round(pages * valid), frame_count)
    vpns = sorted(int(v) for v in rng.choice(pages, size=mapped, replace=False))
    pfns = [int(f) for f in rng.choice(frame_count, size=mapped, replace=False)]
    return dict(zip(vpns, pfns, strict=True))


def random_translation(
    seed: int,
    count: int = 12,
    *,
    page_size: int = 4096,
    virtual_pages: int = 16,
    frames: int = 64,
    tlb_size: int = 4,
    locality: float = 0.8,
) -> Translation:
    """Un problema de traducción aleatorio y su solución, como los de OSTEP.

    Con probabilidad ``locality`` cada dirección cae en la misma página que la
    anterior o en la siguiente (localidad espacial); si no, en cualquier página.
    """
    n = check_int("count", count, 1)
    size = _check_page_size(page_size)
    check_number("locality", locality, 0, 1)
    table = random_page_table(seed, virtual_pages, frames)
    rng = np.random.default_rng(seed + 1)
    valid = sorted(table)
    page = valid[0] if valid else 0
    addresses: list[int] = []
    for _ in range(n):
        if rng.random() < locality:
            page = min(page + int(rng.integers(0, 2)), virtual_pages - 1)
        else:
            page = int(rng.integers(0, virtual_pages))
        addresses.append(page * size + int(rng.integers(0, size)))
    return translate(addresses, page_size=size, page_table=table, tlb_size=tlb_size)

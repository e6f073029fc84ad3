"""El disco duro: búsqueda, rotación y transferencia (OSTEP, capítulo 37).

Leer un bloque de un disco duro son tres esperas seguidas (Arpaci-Dusseau,
*Operating Systems: Three Easy Pieces*, capítulo 37, «Hard Disk Drives»):

- **búsqueda** (*seek*): el brazo lleva el cabezal a la pista; la ficha técnica da
  la búsqueda **media**;
- **rotación**: el plato gira hasta que el sector pasa bajo el cabezal; de media,
  media vuelta: ``60 000 / rpm / 2`` milisegundos;
- **transferencia**: los bytes pasan bajo el cabezal a la velocidad máxima de la
  ficha técnica.

``T_E/S = T_búsqueda + T_rotación + T_transferencia`` y la tasa es
``tamaño / T_E/S``. Con peticiones pequeñas manda el posicionamiento (milisegundos)
y la tasa se hunde; con una sola petición grande, manda la transferencia. Los dos
discos de OSTEP (figura 37.5) son :data:`CHEETAH` y :data:`BARRACUDA`:

>>> round(io_time(CHEETAH, 4096).total_ms, 2)
6.03
>>> round(io_time(BARRACUDA, 4096).total_ms, 1)
13.2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dadsbook import fmt
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number, seeded_random

__all__ = [
    "BARRACUDA",
    "CHEETAH",
    "OSTEP_DISKS",
    "Disk",
    "HddProblem",
    "IoTime",
    "io_time",
    "random_hdd",
    "size_text",
    "workload_table",
]

#: Bytes de un «MB» de las fichas técnicas (decimal, como en OSTEP).
MB = 10**6


def size_text(size_bytes: int) -> str:
    """Un tamaño de petición: en MB decimales si es un número entero de MB, si no en KiB/MiB.

    >>> size_text(4096), size_text(100 * MB), size_text(2**20)
    ('4 KiB', '100 MB', '1 MiB')
    """
    if size_bytes >= MB and size_bytes % MB == 0:
        return f"{fmt.number(size_bytes // MB)} MB"
    return fmt.size(size_bytes)


@dataclass(frozen=True)
class Disk(Record):
    """Un disco duro según su ficha técnica."""

    name: str
    rpm: float
    seek_ms: float
    transfer_mb_s: float

    def __post_init__(self) -> None:
        check_number("rpm", self.rpm, 0, 100_000, positive=True)
        check_number("seek_ms", self.seek_ms, positive=True)
        check_number("transfer_mb_s", self.transfer_mb_s, positive=True)

    @property
    def rotation_ms(self) -> float:
        """Una vuelta completa del plato, en milisegundos."""
        return 60_000.0 / self.rpm

    @property
    def average_rotation_ms(self) -> float:
        """La espera de rotación media: media vuelta."""
        return self.rotation_ms / 2


#: Seagate Cheetah 15K.5 (SCSI), tal como lo resume OSTEP en su figura 37.5.
CHEETAH = Disk("Cheetah 15K.5", rpm=15_000, seek_ms=4.0, transfer_mb_s=125.0)
#: Seagate Barracuda (SATA), de la misma figura.
BARRACUDA = Disk("Barracuda", rpm=7_200, seek_ms=9.0, transfer_mb_s=105.0)
OSTEP_DISKS = (CHEETAH, BARRACUDA)


@dataclass(frozen=True)
class IoTime:
    """Las tres partes del tiempo de una petición y la tasa que resulta."""

    disk: Disk
    size_bytes: int
    seek_ms: float
    rotation_ms: float
    transfer_ms: float

    @property
    def total_ms(self) -> float:
        """``T_E/S``: búsqueda + rotación + transferencia."""
        return self.seek_ms + self.rotation_ms + self.transfer_ms

    @property
    def rate_mb_s(self) -> float:
        """``R_E/S``: bytes de la petición por segundo, en MB/s."""
        return self.size_bytes / MB / (self.total_ms / 1000)

    @property
    def requests_per_s(self) -> float:
        """Peticiones por segundo si se encadenan una tras otra."""
        return 1000 / self.total_ms

    @property
    def positioning_share(self) -> float:
        """Fracción del tiempo que se va en búsqueda y rotación."""
        return (self.seek_ms + self.rotation_ms) / self.total_ms

    def as_dict(self) -> dict[str, object]:
        """La petición como diccionario de tipos simples."""
        return {
            "disk": self.disk.name,
            "size_bytes": self.size_bytes,
            "seek_ms": self.seek_ms,
            "rotation_ms": self.rotation_ms,
            "transfer_ms": self.transfer_ms,
            "total_ms": self.total_ms,
            "rate_mb_s": self.rate_mb_s,
        }


def io_time(disk: Disk, size_bytes: int) -> IoTime:
    """El tiempo de **una** petición de ``size_bytes`` bytes que empieza en otra pista.

    Es el modelo de OSTEP: una búsqueda media, media vuelta y la transferencia a la
    velocidad máxima. Una carga «aleatoria» son muchas peticiones pequeñas, cada una
    con su búsqueda; una «secuencial», una sola petición grande.
    """
    size = check_int("size_bytes", size_bytes, 1, 2**50)
    transfer = size / MB / disk.transfer_mb_s * 1000
    return IoTime(disk, size, disk.seek_ms, disk.average_rotation_ms, transfer)


def workload_table(
    disks: Sequence[Disk] = OSTEP_DISKS, sizes: Sequence[int] = (4096, 100 * MB)
) -> Table:
    """Una fila por disco y tamaño: las tres partes, ``T_E/S`` y ``R_E/S`` (figura 37.6)."""
    rows = []
    for disk in disks:
        for size in sizes:
            t = io_time(disk, size)
            rows.append(
                (
                    disk.name,
                    size_text(size),
                    fmt.number(t.seek_ms),
                    fmt.number(t.rotation_ms),
                    fmt.number(t.transfer_ms),
                    fmt.number(t.total_ms),
                    fmt.number(t.rate_mb_s),
                )
            )
    headers = ("disco", "petición", "búsqueda (ms)", "rotación (ms)", "transferencia (ms)",
               "T_E/S (ms)", "R_E/S (MB/s)")  # fmt: skip
    return Table(headers, rows, caption="Modelo de OSTEP: una búsqueda y media vuelta por petición")


@dataclass(frozen=True)
class HddProblem:
    """Un problema de OSTEP: un disco y unas peticiones de las que calcular ``T_E/S``."""

    disk: Disk
    sizes: tuple[int, ...]

    def problem(self) -> dict[str, Any]:
        """El problema (sin solución) como diccionario de tipos simples: la forma de ``--json``."""
        return {"disk": self.disk.as_dict(), "sizes": list(self.sizes)}

    @classmethod
    def from_problem(cls, data: dict[str, Any]) -> HddProblem:
        """Reconstruye el problema desde :meth:`problem` (valida cada campo)."""
        sizes = tuple(check_int("sizes", s, 1, 2**50) for s in data["sizes"])
        if not sizes:
            raise ValueError("sizes debe contener al menos una petición")
        return cls(Disk(**data["disk"]), sizes)

    def describe(self) -> str:
        """El enunciado, en español."""
        sizes = ", ".join(size_text(s) for s in self.sizes)
        return (
            f"Disco de {fmt.number(self.disk.rpm)} rpm, búsqueda media de "
            f"{fmt.number(self.disk.seek_ms)} ms y transferencia máxima de "
            f"{fmt.number(self.disk.transfer_mb_s)} MB/s (1 MB = 10⁶ bytes).\n"
            f"Peticiones, cada una en una pista distinta: {sizes}.\n"
            "¿Cuánto tarda cada una (búsqueda + rotación + transferencia) y qué tasa da?"
        )

    def statement(self) -> Table:
        """El enunciado como tabla: las peticiones, con el disco en el título."""
        rows = [(i + 1, size_text(size), "—", "—") for i, size in enumerate(self.sizes)]
        caption = (
            f"Disco de {fmt.number(self.disk.rpm)} rpm, búsqueda media de "
            f"{fmt.number(self.disk.seek_ms)} ms y transferencia máxima de "
            f"{fmt.number(self.disk.transfer_mb_s)} MB/s; cada petición, en otra pista"
        )
        return Table(("petición", "tamaño", "T_E/S (ms)", "R_E/S (MB/s)"), rows, caption=caption)

    def solve(self) -> tuple[IoTime, ...]:
        """El tiempo de cada petición."""
        return tuple(io_time(self.disk, s) for s in self.sizes)

    def table(self) -> Table:
        """La solución como tabla."""
        return workload_table([self.disk], self.sizes)

    def as_dict(self) -> dict[str, object]:
        """Problema y solución como diccionario de tipos simples."""
        return {**self.problem(), "solution": [t.as_dict() for t in self.solve()]}


def random_hdd(seed: int, count: int = 3) -> HddProblem:
    """Un problema aleatorio (sembrado): un disco plausible y ``count`` peticiones.

    >>> random_hdd(4) == random_hdd(4)
    True
    """
    rng = seeded_random(seed)
    choices = [512, 4096, 16_384, 65_536, 2**20, 10 * MB, 100 * MB]
    check_int("count", count, 1, len(choices))
    rpm = rng.choice((5400, 7200, 10_000, 15_000))
    seek = rng.choice((3.0, 4.0, 5.0, 8.0, 9.0, 12.0))
    rate = float(rng.choice((80, 100, 125, 150, 200, 250)))
    sizes = tuple(sorted(rng.sample(choices, count)))
    disk = Disk(f"disco de {fmt.number(rpm)} rpm", rpm=float(rpm), seek_ms=seek, transfer_mb_s=rate)
    return HddProblem(disk, sizes)

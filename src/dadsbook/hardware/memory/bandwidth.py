"""Ancho de banda de memoria: la «montaña de memoria», las cachés y los canales.

La **montaña de memoria** (Bryant y O'Hallaron, *Computer Systems: A Programmer's
Perspective*, sección 6.6.1) mide el rendimiento de lectura frente a dos variables:
el **tamaño del conjunto de trabajo** (cuántos bytes se recorren una y otra vez:
localidad temporal) y el **paso** entre elementos leídos (localidad espacial). Cuando
el conjunto cabe en L1, L2 o L3 se lee de esa caché; cuando no cabe en ninguna,
de la memoria principal. Con pasos de una línea de caché (64 bytes) o más, cada
elemento útil arrastra una línea entera y el rendimiento cae.

:func:`memory_mountain` la mide con NumPy: suma los elementos ``float64`` de un
bloque con un paso dado. Para que la sobrecarga de cada llamada de Python no tape
a las cachés pequeñas, una vista con paso 0 (``as_strided``) repite el mismo
bloque muchas veces dentro de una sola suma de NumPy.

:func:`copy_bandwidth` mide cuántos bytes por segundo copia ``np.copyto`` entre dos
bloques grandes. :func:`peak_bandwidth_gb_s` es el modelo de los canales de memoria:
``canales × millones de transferencias por segundo × 8 bytes``.

>>> peak_bandwidth_gb_s(channels=2, megatransfers=3200)
51.2
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import as_strided

from dadsbook import measure
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_sequence

__all__ = [
    "CACHE_ROOT",
    "CacheLevel",
    "CopyBandwidth",
    "Mountain",
    "cache_levels",
    "cache_table",
    "copy_bandwidth",
    "human_bytes",
    "memory_mountain",
    "peak_bandwidth_gb_s",
    "powers_of_two",
]

#: Carpeta donde Linux describe las cachés de la CPU 0.
CACHE_ROOT = Path("/sys/devices/system/cpu/cpu0/cache")

_ITEM = 8  # bytes de un float64
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def human_bytes(size: int) -> str:
    """``32768`` → ``'32 KiB'``.

    >>> human_bytes(32768), human_bytes(3 * 2**20), human_bytes(100)
    ('32 KiB', '3 MiB', '100 B')
    """
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


@dataclass(frozen=True)
class CacheLevel(Record):
    """Una caché de la CPU 0 tal como la describe Linux."""

    level: int
    kind: str
    size_bytes: int
    line_bytes: int
    shared_cpus: str


def _parse_size(text: str) -> int:
    found = re.fullmatch(r"\s*(\d+)\s*([KMG]?)\s*", text)
    if not found:
        raise ValueError(f"tamaño de caché ilegible: {text!r}")
    return int(found.group(1)) * _UNITS[found.group(2)]


def cache_levels(root: Path | str = CACHE_ROOT) -> tuple[CacheLevel, ...]:
    """Las cachés de datos y unificadas de la CPU 0 (vacío si ``root`` no existe)."""
    base = Path(root)
    if not base.is_dir():
        return ()
    levels: list[CacheLevel] = []
    for folder in sorted(base.glob("index[0-9]*")):
        try:
            kind = (folder / "type").read_text().strip()
            if kind == "Instruction":
                continue
            level = int((folder / "level").read_text())
            size = _parse_size((folder / "size").read_text())
            line_file = folder / "coherency_line_size"
            line = int(line_file.read_text()) if line_file.exists() else 64
            shared_file = folder / "shared_cpu_list"
            shared = shared_file.read_text().strip() if shared_file.exists() else ""
        except (OSError, ValueError):
            continue
        levels.append(CacheLevel(level, kind, size, line, shared))
    return tuple(sorted(levels, key=lambda c: c.level))


def cache_table(levels: Sequence[CacheLevel]) -> Table:
    """Las cachés como tabla."""
    kinds = {"Data": "datos", "Unified": "unificada"}
    rows = [
        (
            f"L{c.level}",
            kinds.get(c.kind, c.kind),
            human_bytes(c.size_bytes),
            c.line_bytes,
            c.shared_cpus,
        )
        for c in levels
    ]
    return Table(
        ("nivel", "tipo", "tamaño", "línea (bytes)", "CPU que la comparten"),
        rows,
        caption="Cachés de la CPU 0, leídas de /sys/devices/system/cpu/cpu0/cache.",
    )


@dataclass(frozen=True)
class Mountain(Record):
    """Rendimiento de lectura (GB/s) por tamaño del conjunto de trabajo y paso."""

    sizes: tuple[int, ...]
    strides: tuple[int, ...]
    gb_s: tuple[tuple[float, ...], ...]  # una fila por tamaño, una columna por paso
    repeats: int

    def at(self, size: int, stride: int) -> float:
        """GB/s medidos con ``size`` bytes y paso ``stride`` (en elementos de 8 bytes)."""
        return self.gb_s[self.sizes.index(size)][self.strides.index(stride)]

    @property
    def peak(self) -> float:
        """El punto más alto de la montaña."""
        return max(max(row) for row in self.gb_s)


def powers_of_two(min_bytes: int, max_bytes: int) -> list[int]:
    """Potencias de dos entre ``min_bytes`` y ``max_bytes``, ambos incluidos si lo son.

    >>> [human_bytes(s) for s in powers_of_two(16 * 1024, 128 * 1024)]
    ['16 KiB', '32 KiB', '64 KiB', '128 KiB']
    """
    check_int("min_bytes", min_bytes, 1)
    check_int("max_bytes", max_bytes, 1)
    if max_bytes < min_bytes:
        raise ValueError(f"max_bytes ({max_bytes}) debe ser ≥ min_bytes ({min_bytes})")
    size = 1 << (min_bytes - 1).bit_length()
    out: list[int] = []
    while size <= max_bytes:
        out.append(size)
        size *= 2
    return out


def _check_sizes(name: str, values: Sequence[int], minimum: int) -> tuple[int, ...]:
    return tuple(check_sequence(name, values, lambda n, v: check_int(n, v, minimum)))


def _read_once(block: np.ndarray, stride: int, useful_bytes: int) -> tuple[np.ndarray, int]:
    """Una vista que relee ``block[::stride]`` hasta sumar ``useful_bytes`` bytes útiles."""
    view = block[::stride]
    rows = max(1, useful_bytes // (len(view) * _ITEM))
    tiled = as_strided(view, shape=(rows, len(view)), strides=(0, view.strides[0]), writeable=False)
    return tiled, rows * len(view) * _ITEM


def memory_mountain(
    sizes: Sequence[int],
    strides: Sequence[int],
    *,
    bytes_per_sample: int = 16 * 2**20,
    repeats: int | None = None,
    warmup: int = 1,
) -> Mountain:
    """Mide la montaña de memoria.

    ``sizes`` son tamaños del conjunto de trabajo en bytes; ``strides``, pasos en
    elementos de 8 bytes; cada muestra lee al menos ``bytes_per_sample`` bytes útiles
    (al menos una pasada completa). Devuelve la mediana de ``repeats`` muestras.
    """
    size_list = _check_sizes("sizes", sizes, 2 * _ITEM)
    stride_list = _check_sizes("strides", strides, 1)
    check_int("bytes_per_sample", bytes_per_sample, _ITEM)
    if max(size_list) > 2**31:
        raise ValueError(f"sizes no admite conjuntos de más de 2 GiB; se recibió {max(size_list)}")
    base = np.ones(max(size_list) // _ITEM, dtype=np.float64)
    rows: list[tuple[float, ...]] = []
    count = 0
    with measure.exclusive():
        for size in size_list:
            block = base[: size // _ITEM]
            row: list[float] = []
            for stride in stride_list:
                tiled, read = _read_once(block, stride, bytes_per_sample)
                sample = measure.measure(
                    partial(np.sum, tiled, axis=1), repeats=repeats, warmup=warmup
                )
                count = len(sample.samples_ns)
                row.append(read / sample.median_s / 1e9)
            rows.append(tuple(row))
    return Mountain(size_list, stride_list, tuple(rows), count)


@dataclass(frozen=True)
class CopyBandwidth:
    """Resultado de :func:`copy_bandwidth`."""

    megabytes: int
    timing: measure.Measurement

    @property
    def copy_gb_s(self) -> float:
        """Bytes copiados por segundo (mediana), en GB/s (10⁹ bytes)."""
        return self.megabytes * 2**20 / self.timing.median_s / 1e9

    @property
    def traffic_gb_s(self) -> float:
        """Tráfico con la memoria: cada byte copiado se lee una vez y se escribe una vez."""
        return 2 * self.copy_gb_s

    def as_dict(self) -> dict[str, object]:
        """El resultado como tipos básicos (para JSON)."""
        return {
            "megabytes": self.megabytes,
            "median_s": self.timing.median_s,
            "copy_gb_s": self.copy_gb_s,
            "traffic_gb_s": self.traffic_gb_s,
        }


def copy_bandwidth(megabytes: int, *, repeats: int | None = None, warmup: int = 1) -> CopyBandwidth:
    """Mide ``np.copyto`` entre dos bloques de ``megabytes`` MiB ya tocados.

    Elige un tamaño bastante mayor que la L3 para medir la memoria principal.
    """
    check_int("megabytes", megabytes, 1, 2048)
    source = np.ones(megabytes * 2**20 // _ITEM, dtype=np.float64)
    target = np.zeros_like(source)
    timing = measure.measure(
        lambda: np.copyto(target, source), repeats=repeats, warmup=warmup, label="np.copyto"
    )
    return CopyBandwidth(megabytes, timing)


def peak_bandwidth_gb_s(channels: int, megatransfers: int, bus_bytes: int = 8) -> float:
    """Ancho de banda pico teórico: ``canales × MT/s × bytes por transferencia``, en GB/s.

    Cada canal DDR tiene un bus de 64 bits (8 bytes) y hace ``megatransfers``
    millones de transferencias por segundo (el número de DDR4-3200). Es un techo de
    catálogo: nunca se alcanza leyendo de verdad.
    """
    check_int("channels", channels, 1)
    check_int("megatransfers", megatransfers, 1)
    check_int("bus_bytes", bus_bytes, 1)
    return channels * megatransfers * 1e6 * bus_bytes / 1e9

"""Redundancia de RAID 5 con bytes de verdad: paridad XOR, lecturas degradadas y reconstrucción.

La paridad de una franja es el XOR de sus trozos de datos. Como ``x ⊕ x = 0``, el
XOR de todos los trozos de una franja (datos y paridad) es cero, y cualquier trozo
que falte es el XOR de los demás: con un disco perdido, cada franja se recupera.

:class:`ParityArray` guarda un RAID 5 entero en memoria (un ``numpy.ndarray`` de
bytes por disco) con la colocación de Linux md de :mod:`~dadsbook.hardware.disk.raid`,
y **cuenta cada lectura y escritura de disco** que hace:

>>> array = ParityArray(disks=4, stripes=3, chunk_bytes=4)
>>> array.write(bytes(range(36)))
>>> array.fail(1)
>>> array.read(0)[0] == bytes(range(4))        # el trozo 0 sigue en su disco
True
>>> data, reads = array.read(1)                 # el trozo 1 vivía en el disco 1
>>> data == bytes(range(4, 8)), reads           # se rehace con las otras tres lecturas
(True, 3)

La reconstrucción lee las ``N − 1`` supervivientes de cada franja y escribe el disco
nuevo: su duración la marca el disco (:func:`rebuild_hours`), no el XOR, que una CPU
calcula mucho más deprisa (:func:`xor_throughput` lo mide en esta máquina).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

import numpy as np

from dadsbook import fmt, measure
from dadsbook.hardware.disk.raid import RaidArray
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "MD_SPEED_LIMIT_MAX_KIB",
    "MD_SPEED_LIMIT_MIN_KIB",
    "Drill",
    "ParityArray",
    "Rebuild",
    "XorRate",
    "degraded_reads_expected",
    "drill",
    "md_speed_limits",
    "parity_table",
    "rebuild_hours",
    "xor_bytes",
    "xor_throughput",
]

#: Velocidad mínima de reconstrucción de md por omisión (``sysctl_speed_limit_min`` en
#: ``drivers/md/md.c``), en KiB/s: la que md garantiza aunque haya otra E/S.
MD_SPEED_LIMIT_MIN_KIB = 1_000
#: Velocidad máxima por omisión (``sysctl_speed_limit_max``), en KiB/s: el tope con el
#: disco ocioso.
MD_SPEED_LIMIT_MAX_KIB = 200_000
_SPEED_ROOT = Path("/proc/sys/dev/raid")


def xor_bytes(chunks: Sequence[bytes]) -> bytes:
    """El XOR byte a byte de trozos del mismo tamaño.

    >>> xor_bytes([b"\\x0f\\xf0", b"\\xff\\x00"]).hex()
    'f0f0'
    """
    if not chunks:
        raise ValueError("chunks debe contener al menos un trozo")
    sizes = {len(c) for c in chunks}
    if len(sizes) != 1:
        raise ValueError(
            f"chunks debe tener trozos del mismo tamaño; se recibieron {sorted(sizes)}"
        )
    arrays = [np.frombuffer(bytes(c), dtype=np.uint8) for c in chunks]
    return bytes(reduce(np.bitwise_xor, arrays))


def parity_table(chunks: Sequence[bytes], lost: int) -> Table:
    """Una franja pequeña en hexadecimal: datos, paridad y el trozo ``lost`` rehecho."""
    check_int("lost", lost, 0, len(chunks) - 1)
    parity = xor_bytes(chunks)
    others = [c for i, c in enumerate(chunks) if i != lost] + [parity]
    rebuilt = xor_bytes(others)
    rows = [(f"D{i}", c.hex(" "), "perdido" if i == lost else "") for i, c in enumerate(chunks)]
    rows.append(("P = D0 ⊕ D1 ⊕ …", parity.hex(" "), ""))
    rows.append((f"D{lost} = resto ⊕ P", rebuilt.hex(" "), "igual" if rebuilt == chunks[lost]
                 else "distinto"))  # fmt: skip
    return Table(("trozo", "bytes (hex)", ""), rows, caption="Paridad XOR de una franja")


@dataclass(frozen=True)
class Rebuild(Record):
    """Lo que costó reconstruir un disco: franjas, lecturas, escrituras y si cuadra."""

    disk: int
    stripes: int
    reads: int
    writes: int
    matches: bool
    digest: str


class ParityArray:
    """Un RAID 5 en memoria con la disposición de Linux md que cuenta sus E/S de disco.

    Cada disco es un vector de ``stripes × chunk_bytes`` bytes. ``reads`` y ``writes``
    acumulan las E/S de trozo que ha hecho el conjunto.
    """

    def __init__(
        self, disks: int, stripes: int, chunk_bytes: int, layout: str = "left-symmetric"
    ) -> None:
        self.layout = RaidArray(5, check_int("disks", disks, 3, 64), 1, layout)
        self.stripes = check_int("stripes", stripes, 1, 2**20)
        self.chunk_bytes = check_int("chunk_bytes", chunk_bytes, 1, 2**24)
        if disks * stripes * chunk_bytes > 2**31:
            raise ValueError("disks × stripes × chunk_bytes no puede pasar de 2 GiB")
        self.disks = np.zeros((disks, stripes, chunk_bytes), dtype=np.uint8)
        self.failed: int | None = None
        self.expected = ""
        self.reads = 0
        self.writes = 0

    @property
    def data_chunks(self) -> int:
        """Trozos de datos que caben en el conjunto."""
        return self.stripes * self.layout.data_disks

    @property
    def capacity(self) -> int:
        """Bytes de datos que caben en el conjunto."""
        return self.data_chunks * self.chunk_bytes

    def write(self, data: bytes) -> None:
        """Escribe ``data`` (exactamente :attr:`capacity` bytes) y calcula cada paridad."""
        if len(data) != self.capacity:
            raise ValueError(f"data debe tener {self.capacity} bytes; se recibieron {len(data)}")
        self.expected = hashlib.sha256(data).hexdigest()
        flat = np.frombuffer(data, dtype=np.uint8).reshape(self.data_chunks, self.chunk_bytes)
        for chunk in range(self.data_chunks):
            where = self.layout.locate(chunk)
            self.disks[where.disk, where.offset] = flat[chunk]
            self.writes += 1
        for stripe in range(self.stripes):
            parity = self.layout.parity_disk(stripe)
            assert parity is not None  # RAID 5 siempre tiene paridad
            data_disks = [d for d in range(self.layout.disks) if d != parity]
            self.disks[parity, stripe] = np.bitwise_xor.reduce(self.disks[data_disks, stripe])
            self.writes += 1

    def fail(self, disk: int) -> None:
        """El disco ``disk`` deja de responder: sus bytes se pierden."""
        check_int("disk", disk, 0, self.layout.disks - 1)
        if self.failed is not None:
            raise ValueError(f"el disco {self.failed} ya ha fallado: RAID 5 no aguanta dos")
        self.failed = disk
        self.disks[disk] = 0

    def _rebuild_chunk(self, disk: int, stripe: int) -> np.ndarray:
        others = [d for d in range(self.layout.disks) if d != disk]
        self.reads += len(others)
        return np.asarray(np.bitwise_xor.reduce(self.disks[others, stripe]), dtype=np.uint8)

    def _read(self, chunk: int) -> np.ndarray:
        """Los bytes del trozo ``chunk`` sin copiarlos (si su disco responde); cuenta las
        lecturas."""
        where = self.layout.locate(chunk)
        if where.disk == self.failed:
            return self._rebuild_chunk(where.disk, where.offset)
        self.reads += 1
        return np.asarray(self.disks[where.disk, where.offset])

    def read(self, chunk: int) -> tuple[bytes, int]:
        """Lee el trozo lógico ``chunk``; devuelve sus bytes y las lecturas de disco que costó."""
        check_int("chunk", chunk, 0, self.data_chunks - 1)
        before = self.reads
        data = self._read(chunk)
        return data.tobytes(), self.reads - before

    def read_all(self) -> tuple[bytes, int]:
        """Lee todos los trozos en orden: los datos y las lecturas de disco que costaron."""
        before = self.reads
        data = b"".join([self._read(c).data for c in range(self.data_chunks)])  # una copia
        return data, self.reads - before

    def digest(self) -> str:
        """SHA-256 de los datos (sin contar lecturas), para comparar antes y después."""
        reads = self.reads
        digest = hashlib.sha256()
        for chunk in range(self.data_chunks):  # trozo a trozo, sin juntar los datos
            digest.update(self._read(chunk).data)
        self.reads = reads
        return digest.hexdigest()

    def rebuild(self) -> Rebuild:
        """Rehace el disco fallado en uno nuevo, franja a franja, y comprueba los datos."""
        if self.failed is None:
            raise ValueError("no hay ningún disco fallado que reconstruir")
        disk, reads, writes = self.failed, self.reads, self.writes
        for stripe in range(self.stripes):
            self.disks[disk, stripe] = self._rebuild_chunk(disk, stripe)
            self.writes += 1
        self.failed = None
        digest = self.digest()
        matches = digest == self.expected
        return Rebuild(
            disk, self.stripes, self.reads - reads, self.writes - writes, matches, digest
        )


@dataclass(frozen=True)
class Drill:
    """Un simulacro con bytes de verdad: leer sano, romper un disco, leer y reconstruir."""

    disks: int
    chunks: int
    failed: int
    healthy_reads: int
    degraded_reads: int
    degraded_same: bool
    rebuild: Rebuild

    def table(self) -> Table:
        """Las tres fases del simulacro con sus E/S de disco."""
        rows = [
            ("leer todos los datos, sano", self.healthy_reads, 0,
             fmt.number(self.healthy_reads / self.chunks), "—"),
            (f"leer todos los datos sin el disco {self.failed}", self.degraded_reads, 0,
             fmt.number(self.degraded_reads / self.chunks),
             f"iguales a los sanos: {fmt.value(self.degraded_same)}"),
            (f"reconstruir el disco {self.failed}", self.rebuild.reads, self.rebuild.writes,
             "—", f"SHA-256 igual al escrito: {fmt.value(self.rebuild.matches)}"),
        ]  # fmt: skip
        return Table(
            ("fase", "lecturas de disco", "escrituras", "lecturas por trozo", "comprobación"),
            rows,
            caption=f"RAID 5 de {self.disks} discos, {fmt.number(self.chunks)} trozos de datos",
        )


def drill(disks: int, stripes: int, chunk_bytes: int, *, seed: int, failed: int) -> Drill:
    """Llena un :class:`ParityArray` de bytes sembrados, rompe ``failed`` y lo reconstruye."""
    array = ParityArray(disks, stripes, chunk_bytes)
    check_int("failed", failed, 0, disks - 1)
    payload = np.random.default_rng(seed).integers(0, 256, array.capacity, dtype=np.uint8)
    array.write(payload.tobytes())
    healthy, healthy_reads = array.read_all()
    array.fail(failed)
    degraded, degraded_reads = array.read_all()
    rebuild = array.rebuild()
    return Drill(disks, array.data_chunks, failed, healthy_reads, degraded_reads,
                 degraded == healthy, rebuild)  # fmt: skip


def degraded_reads_expected(disks: int) -> float:
    """Lecturas de disco por lectura lógica aleatoria con un disco caído: ``2(N − 1)/N``.

    Un trozo de cada ``N`` vive en el disco caído y cuesta ``N − 1`` lecturas; los
    demás, una.

    >>> degraded_reads_expected(4)
    1.5
    """
    n = check_int("disks", disks, 3, 64)
    return 2 * (n - 1) / n


def rebuild_hours(capacity_tb: float, rate_mb_s: float) -> float:
    """Horas para reescribir un disco de ``capacity_tb`` TB a ``rate_mb_s`` MB/s (decimales).

    >>> round(rebuild_hours(20, 200), 1)
    27.8
    """
    size = check_number("capacity_tb", capacity_tb, positive=True)
    rate = check_number("rate_mb_s", rate_mb_s, positive=True)
    return size * 1e12 / (rate * 1e6) / 3600


def md_speed_limits(root: Path | str = _SPEED_ROOT) -> tuple[int, int] | None:
    """Los límites de reconstrucción de md de esta máquina (KiB/s), o ``None`` sin md."""
    base = Path(root)
    try:
        low = int((base / "speed_limit_min").read_text())
        high = int((base / "speed_limit_max").read_text())
    except (OSError, ValueError):
        return None
    return low, high


@dataclass(frozen=True)
class XorRate:
    """El XOR de reconstrucción medido: ``sources`` bloques de ``megabytes`` MiB."""

    megabytes: int
    sources: int
    timing: measure.Measurement

    @property
    def samples_gb_s(self) -> tuple[float, ...]:
        """GB/s **reconstruidos** (bytes de salida) de cada repetición."""
        size = self.megabytes * 2**20
        return tuple(size / (ns / 1e9) / 1e9 for ns in self.timing.samples_ns)

    @property
    def gb_s(self) -> float:
        """Mediana de :attr:`samples_gb_s`."""
        return self.megabytes * 2**20 / self.timing.median_s / 1e9

    def as_dict(self) -> dict[str, object]:
        """El resultado como tipos básicos (para JSON)."""
        return {"megabytes": self.megabytes, "sources": self.sources, "gb_s": self.gb_s}


def xor_throughput(
    megabytes: int, sources: int = 3, *, repeats: int | None = None, warmup: int = 1
) -> XorRate:
    """Mide con NumPy el XOR de ``sources`` bloques de ``megabytes`` MiB (una franja entera).

    Es el cálculo de la reconstrucción de RAID 5 con ``sources + 1`` discos, sin disco
    de por medio: lo que le cuesta a la CPU rehacer esos bytes.
    """
    size = check_int("megabytes", megabytes, 1, 1024)
    count = check_int("sources", sources, 2, 16)
    rng = np.random.default_rng(0)
    blocks = [rng.integers(0, 256, size * 2**20, dtype=np.uint8) for _ in range(count)]
    out = np.empty_like(blocks[0])

    def rebuild() -> None:
        np.bitwise_xor(blocks[0], blocks[1], out=out)
        for block in blocks[2:]:
            np.bitwise_xor(out, block, out=out)

    timing = measure.measure(rebuild, repeats=repeats, warmup=warmup, label="XOR de NumPy")
    return XorRate(size, count, timing)

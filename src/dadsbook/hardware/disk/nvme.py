"""SSD en paralelo y colas NVMe: profundidad de cola, ley de Little y enlaces.

El paralelismo de un SSD está en sus *dies* de flash (y en los planos de cada die):
varios chips cuelgan de cada **canal** del controlador, y mientras un die lee sus
celdas (decenas de microsegundos) el canal queda libre para los demás. Solo se
aprovechan si hay suficientes peticiones **pendientes**. En el modelo,
``channels`` cuenta esas unidades independientes (dies o planos), cada una con una
petición a la vez. NVMe ofrece hasta
65 535 colas de envío con hasta 65 536 órdenes cada una (frente a una cola de 32 en
SATA/AHCI), para que cada núcleo tenga la suya.

- :func:`pread_iops` mide de verdad lecturas ``os.pread`` concurrentes desde
  ``N`` hilos sobre un fichero temporal. Casi seguro que el fichero está en la caché
  de páginas: se mide el camino del núcleo, no el dispositivo. Con
  ``drop_cache=True`` se pide antes de cada repetición
  ``posix_fadvise(POSIX_FADV_DONTNEED)`` para intentar sacarlo de la caché.
- :func:`little_iops` es la cota de la ley de Little (IOPS = pendientes / latencia),
  limitada por ``canales / tiempo de servicio``; :func:`simulate_queue` simula una
  cola cerrada sembrada en la que cada petición cae en un canal al azar.
- :func:`sata3_bytes_per_s` y :func:`pcie_bytes_per_s` calculan el techo del enlace.

>>> round(sata3_bytes_per_s() / 1e6)
600
>>> round(pcie_bytes_per_s(3, 4) / 1e9, 2)
3.94
"""

from __future__ import annotations

import heapq
import os
import random
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dadsbook import measure
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, seeded_random

__all__ = [
    "PCIE_GENERATIONS",
    "IopsPoint",
    "QueueProblem",
    "iops_table",
    "little_iops",
    "pcie_bytes_per_s",
    "pread_iops",
    "random_queue",
    "sata3_bytes_per_s",
    "simulate_queue",
]

#: Generación PCIe -> (gigatransferencias por segundo y carril, bits útiles, bits en línea).
PCIE_GENERATIONS: dict[int, tuple[float, int, int]] = {
    1: (2.5, 8, 10),
    2: (5.0, 8, 10),
    3: (8.0, 128, 130),
    4: (16.0, 128, 130),
    5: (32.0, 128, 130),
}


def sata3_bytes_per_s() -> float:
    """Techo de SATA III: 6 Gb/s en línea con codificación 8b/10b, en bytes/s."""
    return 6e9 * 8 / 10 / 8


def pcie_bytes_per_s(generation: int, lanes: int) -> float:
    """Techo de un enlace PCIe ``generation`` × ``lanes`` en bytes/s (sin cabeceras TLP).

    >>> round(pcie_bytes_per_s(4, 4) / 1e9, 2)
    7.88
    """
    check_choice("generation", generation, PCIE_GENERATIONS)
    check_choice("lanes", lanes, (1, 2, 4, 8, 16))
    gt, payload, line = PCIE_GENERATIONS[generation]
    return gt * 1e9 * payload / line * lanes / 8


@dataclass(frozen=True)
class IopsPoint(Record):
    """IOPS medidas con ``depth`` hilos lectores (mediana y extremos de las repeticiones).

    ``samples`` son las IOPS de cada repetición (para :func:`dadsbook.verdict.compare`)
    y ``busy``, si la máquina estaba ocupada mientras se medía.
    """

    depth: int
    iops: float
    iops_min: float
    iops_max: float
    drop_cache: bool
    samples: tuple[float, ...] = ()
    busy: bool = False


def _reader(fd: int, offsets: list[int], size: int, barrier: threading.Barrier) -> None:
    barrier.wait()
    for offset in offsets:
        os.pread(fd, size, offset)


def _one_run(fd: int, offsets: list[list[int]], size: int) -> float:
    barrier = threading.Barrier(len(offsets) + 1)
    threads = [threading.Thread(target=_reader, args=(fd, o, size, barrier)) for o in offsets]
    for t in threads:
        t.start()
    try:
        barrier.wait()
        start = time.perf_counter()
    finally:
        for t in threads:
            t.join()
    return time.perf_counter() - start


def pread_iops(
    depths: list[int],
    *,
    file_mib: int,
    ops: int,
    block_bytes: int = 4096,
    drop_cache: bool = False,
    repeats: int = 3,
    seed: int = 0,
) -> tuple[IopsPoint, ...]:
    """Lecturas aleatorias de ``block_bytes`` con ``depth`` hilos, para cada ``depth``.

    Cada repetición hace ``ops`` lecturas repartidas entre los hilos, en
    desplazamientos alineados sembrados con ``seed``. El fichero temporal se borra al
    terminar.
    """
    if not depths:
        raise ValueError("depths debe contener al menos una profundidad de cola")
    for d in depths:
        check_int("depths[i]", d, 1, 256)
    check_int("file_mib", file_mib, 1, 4096)
    check_int("ops", ops, 1, 10**7)
    check_int("block_bytes", block_bytes, 512, 2**20)
    check_int("repeats", repeats, 1, 100)
    blocks = file_mib * 2**20 // block_bytes
    if blocks < 1:
        raise ValueError("file_mib debe dar al menos un bloque de block_bytes")
    rng = random.Random(seed)
    rates_by_depth: list[tuple[int, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="dadsbook-pread-") as folder:
        path = Path(folder) / "data.bin"
        with path.open("wb") as f:
            for _ in range(file_mib):
                f.write(os.urandom(2**20))
            f.flush()
            os.fsync(f.fileno())
        fd = os.open(path, os.O_RDONLY)
        try:
            with measure.exclusive() as probe:
                for depth in depths:
                    per = max(1, ops // depth)
                    times = []
                    for _ in range(repeats):
                        offsets = [
                            [rng.randrange(blocks) * block_bytes for _ in range(per)]
                            for _ in range(depth)
                        ]
                        if drop_cache:
                            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                        times.append(_one_run(fd, offsets, block_bytes))
                    rates_by_depth.append((depth, [per * depth / t for t in times]))
        finally:
            os.close(fd)
    busy = probe.load is not None and probe.load.busy
    points = []
    for depth, rates in rates_by_depth:
        median = float(statistics.median(rates))
        low, high = min(rates), max(rates)
        points.append(IopsPoint(depth, median, low, high, drop_cache, tuple(rates), busy))
    return tuple(points)


def little_iops(depth: float, channels: int, service_us: float, overhead_us: float = 0.0) -> float:
    """Cota de IOPS: ``min(depth / latencia, channels / servicio)``.

    La latencia sin colas es ``service_us + overhead_us`` (el trayecto por el
    anfitrión y el bus se suma al trabajo del chip).

    >>> little_iops(1, 8, 100.0)
    10000.0
    >>> little_iops(64, 8, 100.0)
    80000.0
    """
    check_number("depth", depth, positive=True)
    check_int("channels", channels, 1, 1024)
    service = check_number("service_us", service_us, positive=True)
    check_number("overhead_us", overhead_us)
    return min(depth / (service + overhead_us), channels / service) * 1e6


@dataclass(frozen=True)
class QueueProblem(Record):
    """Una cola cerrada: ``depth`` peticiones pendientes siempre, ``channels`` canales."""

    depth: int
    channels: int
    service_us: float
    overhead_us: float
    completions: int
    seed: int


def simulate_queue(problem: QueueProblem) -> float:
    """IOPS simuladas: cada petición va a un canal al azar y hace cola si está ocupado.

    Al completarse, la petición vuelve tras ``overhead_us`` (el anfitrión la procesa y
    envía la siguiente). Se cuentan las peticiones que completan su vuelta dentro de un
    horizonte fijo (el tiempo de ``completions`` peticiones al ritmo de la cota), así
    que el resultado nunca supera :func:`little_iops`. Determinista para una semilla.

    >>> p = QueueProblem(1, 4, 100.0, 0.0, 200, seed=1)
    >>> round(simulate_queue(p))
    10000
    """
    if not isinstance(problem, QueueProblem):
        raise TypeError(f"problem debe ser un QueueProblem; se recibió {type(problem).__name__}")
    check_int("depth", problem.depth, 1, 4096)
    check_int("channels", problem.channels, 1, 1024)
    check_int("completions", problem.completions, 1, 10**7)
    service = check_number("service_us", problem.service_us, positive=True)
    overhead = check_number("overhead_us", problem.overhead_us)
    rng = random.Random(problem.seed)
    # Horizonte: el tiempo que tardarían ``completions`` peticiones al ritmo de la cota.
    bound = little_iops(problem.depth, problem.channels, service, overhead) / 1e6
    horizon = problem.completions / bound
    free_at = [0.0] * problem.channels
    arrivals = [(0.0, i) for i in range(problem.depth)]
    heapq.heapify(arrivals)
    done = 0
    while arrivals[0][0] <= horizon:
        arrival, req = heapq.heappop(arrivals)
        channel = rng.randrange(problem.channels)
        finish = max(arrival, free_at[channel]) + service
        free_at[channel] = finish
        back = finish + overhead  # el anfitrión la procesa y envía la siguiente
        if back <= horizon:
            done += 1
        heapq.heappush(arrivals, (back, req))
    return done / horizon * 1e6


def random_queue(seed: int) -> QueueProblem:
    """Un problema de cola aleatorio sembrado para la línea de órdenes.

    >>> random_queue(2) == random_queue(2)
    True
    """
    rng = seeded_random(seed)
    return QueueProblem(
        depth=rng.choice((1, 2, 4, 8, 16, 32, 64)),
        channels=rng.choice((2, 4, 8, 16)),
        service_us=float(rng.choice((50, 80, 100))),
        overhead_us=float(rng.choice((0, 10, 20))),
        completions=2000,
        seed=seed,
    )


def iops_table(series: dict[str, tuple[IopsPoint, ...]]) -> Table:
    """Miles de IOPS (mediana de las repeticiones) por número de hilos, una columna por serie."""
    if not series:
        raise ValueError("series debe contener al menos una serie de puntos")
    names = list(series)
    depths = [p.depth for p in series[names[0]]]
    rows = [
        (depth, *(next(p.iops for p in series[n] if p.depth == depth) / 1e3 for n in names))
        for depth in depths
    ]
    repeats = len(series[names[0]][0].samples) or 1
    return Table(
        ("hilos", *(f"miles de IOPS, {n}" for n in names)),
        rows,
        caption=f"Lecturas aleatorias con os.pread; mediana de {repeats} repeticiones.",
    )

"""Canales de memoria medidos: copias de NumPy con 1…N hilos a la vez.

Un canal DDR es un bus de 64 bits (8 bytes) por el que pasan ``MT/s`` millones de
transferencias por segundo: un DDR4-3200 da ``3200 × 8 = 25,6`` GB/s por canal
(:func:`dadsbook.hardware.memory.bandwidth.peak_bandwidth_gb_s`). Con varios canales,
el controlador mueve varias transferencias a la vez, pero **un núcleo solo no suele
llenarlos**: cada núcleo tiene un número limitado de fallos de caché en vuelo, y el
ancho de banda que saca es ``bytes en vuelo / latencia`` (la ley de Little). Para
llenar los canales hacen falta varios núcleos pidiendo a la vez.

:func:`parallel_copy` lo mide: cada hilo copia con ``np.copyto`` su propio par de
bloques, mayores que la caché, y NumPy suelta el GIL mientras copia, así que los
hilos copian de verdad a la vez. Se repite cada número de hilos, intercalados, y se
anota lo ocupada que estaba la máquina.

>>> scan = parallel_copy([1, 2], megabytes=4, repeats=2, warmup=0)
>>> [p.workers for p in scan.points]
[1, 2]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from dadsbook import fmt, measure, stats, verdict
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = ["ChannelPoint", "ChannelScan", "parallel_copy"]


@dataclass(frozen=True)
class ChannelPoint:
    """Tráfico con la memoria (GB/s, lectura + escritura) de cada repetición con ``workers``."""

    workers: int
    samples_gb_s: tuple[float, ...]

    @property
    def median(self) -> float:
        """Mediana de las repeticiones."""
        return stats.median(self.samples_gb_s)

    def quartiles(self) -> tuple[float, float]:
        """Primer y tercer cuartil (la mediana si hay una sola repetición)."""
        q1, _, q3 = stats.quartiles(self.samples_gb_s)
        return q1, q3


@dataclass(frozen=True)
class ChannelScan(measure.WithLoad):
    """Todas las mediciones de :func:`parallel_copy`."""

    points: tuple[ChannelPoint, ...]
    megabytes: int
    passes: int
    load: measure.Load | None

    def point(self, workers: int) -> ChannelPoint:
        """El punto medido con ``workers`` hilos."""
        check_choice("workers", workers, [p.workers for p in self.points])
        return next(p for p in self.points if p.workers == workers)

    def decide(self) -> verdict.Verdict:
        """¿Movieron más bytes por segundo todos los hilos que uno solo?"""
        many, one = self.points[-1], self.points[0]
        return verdict.compare(
            many.samples_gb_s, one.samples_gb_s,
            a_label=f"el tráfico con {fmt.number(many.workers)} hilos",
            b_label="el de uno", more="mayor", less="menor", busy=self.busy,
        )  # fmt: skip

    def table(self) -> Table:
        """Una fila por número de hilos: mediana, rango intercuartílico y por hilo."""
        rows = []
        for p in self.points:
            q1, q3 = p.quartiles()
            rows.append((p.workers, fmt.number(p.median), f"{fmt.number(q1)}–{fmt.number(q3)}",
                         fmt.number(p.median / p.workers), len(p.samples_gb_s)))  # fmt: skip
        return Table(
            ("hilos", "tráfico (GB/s)", "RIC (GB/s)", "por hilo (GB/s)", "repeticiones"), rows,
            caption=f"np.copyto de {fmt.number(self.megabytes)} MiB por hilo (pasadas por "
            f"ronda: {self.passes}); tráfico = bytes leídos + escritos",
        )  # fmt: skip


def _copy(source: np.ndarray, target: np.ndarray, passes: int) -> tuple[float, float]:
    start = time.perf_counter()
    for _ in range(passes):
        np.copyto(target, source)
    return start, time.perf_counter()


def parallel_copy(
    workers: Sequence[int],
    megabytes: int,
    *,
    repeats: int,
    warmup: int = 1,
    passes: int = 2,
) -> ChannelScan:
    """Mide el tráfico con la memoria de ``k`` hilos copiando a la vez, para cada ``k``.

    Cada hilo tiene su par de bloques de ``megabytes`` MiB (ya tocados) y copia
    ``passes`` veces; el tiempo de una ronda va del primer hilo que empieza al último
    que acaba. Los números de hilos se intercalan en cada repetición (en orden
    alterno), para repartir el ruido de la máquina entre todos.
    """
    counts = sorted({check_int("workers", w, 1, 64) for w in workers})
    if not counts:
        raise ValueError("workers debe contener al menos un número de hilos")
    size = check_int("megabytes", megabytes, 1, 1024)
    check_int("repeats", repeats, 1, 1000)
    check_int("warmup", warmup, 0, 100)
    check_int("passes", passes, 1, 100)
    if max(counts) * size * 2 > 4096:
        raise ValueError("workers × megabytes × 2 no puede pasar de 4096 MiB")
    blocks = [(np.ones(size * 2**17), np.ones(size * 2**17)) for _ in range(max(counts))]
    traffic = 2 * size * 2**20 * passes
    samples: dict[int, list[float]] = {k: [] for k in counts}
    with ThreadPoolExecutor(max_workers=max(counts)) as pool, measure.exclusive() as probe:
        for round_ in range(warmup + repeats):
            order = counts if round_ % 2 == 0 else counts[::-1]
            for k in order:
                futures = [pool.submit(_copy, *blocks[i], passes) for i in range(k)]
                spans = [f.result() for f in futures]
                elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
                if round_ >= warmup:
                    samples[k].append(k * traffic / elapsed / 1e9)
    points = tuple(ChannelPoint(k, tuple(samples[k])) for k in counts)
    return ChannelScan(points, size, passes, probe.load)

"""Programa MPI del capítulo: se lanza con ``mpiexec -n N python mpi_program.py …``.

No se importa desde el libro: lo ejecuta :mod:`dadsbook.software.programming.mpi_run`
como un proceso aparte, y cada rango (*rank*) es un proceso del sistema. Escribe en
la salida estándar una línea JSON por resultado, solo desde el rango 0.

- ``pi``: integra ``4 / (1 + x²)`` entre 0 y 1 con la regla del punto medio y
  ``intervals`` intervalos; cada rango suma su bloque de intervalos y
  ``allreduce`` junta las sumas parciales (el resultado es π). Se repite
  ``repeats`` veces entre barreras y se informa de cada tiempo.
- ``ring``: un testigo da ``laps`` vueltas a un anillo de rangos (0 → 1 → … → 0);
  cada rango lo incrementa y lo reenvía. El rango 0 cronometra cada vuelta: la
  mediana de las vueltas entre los rangos es el tiempo por salto.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from mpi4py import MPI

BLOCK = 1 << 20  # intervalos por bloque de NumPy: memoria acotada


def partial_pi(start: int, stop: int, intervals: int) -> float:
    """Suma de la regla del punto medio para los intervalos ``[start, stop)``."""
    h = 1.0 / intervals
    total = 0.0
    for lo in range(start, stop, BLOCK):
        i = np.arange(lo, min(stop, lo + BLOCK), dtype=np.float64)
        x = (i + 0.5) * h
        total += float(np.sum(4.0 / (1.0 + x * x)))
    return total * h


def run_pi(comm: MPI.Comm, intervals: int, repeats: int) -> None:
    rank, size = comm.Get_rank(), comm.Get_size()
    start = rank * intervals // size
    stop = (rank + 1) * intervals // size
    seconds = []
    pi = 0.0
    for _ in range(repeats):
        comm.Barrier()
        t0 = MPI.Wtime()
        local = partial_pi(start, stop, intervals)
        pi = comm.allreduce(local, op=MPI.SUM)
        seconds.append(MPI.Wtime() - t0)
    # el tiempo de una repetición es el del rango más lento
    slowest = comm.reduce(
        seconds, op=lambda a, b: [max(x, y) for x, y in zip(a, b, strict=True)], root=0
    )
    counted = comm.reduce(stop - start, op=MPI.SUM, root=0)
    if rank == 0:
        print(
            json.dumps(
                {
                    "kind": "pi",
                    "ranks": size,
                    "intervals": intervals,
                    "counted": counted,
                    "pi": pi,
                    "seconds": slowest,
                }
            ),
            flush=True,
        )


def run_ring(comm: MPI.Comm, laps: int, payload: int) -> None:
    rank, size = comm.Get_rank(), comm.Get_size()
    right, left = (rank + 1) % size, (rank - 1) % size
    data = bytes(range(256)) * (payload // 256) + bytes(payload % 256)
    comm.Barrier()
    t0 = MPI.Wtime()
    laps_ok = 0
    lap_seconds = []
    for _ in range(laps):
        if rank == 0:
            start = MPI.Wtime()
            request = comm.isend({"hops": 0, "data": data}, dest=right, tag=7)
            token = comm.recv(source=left, tag=7)
            request.wait()
            lap_seconds.append(MPI.Wtime() - start)
            laps_ok += token["hops"] == size - 1 and token["data"] == data
        else:
            token = comm.recv(source=left, tag=7)
            token["hops"] += 1
            comm.send(token, dest=right, tag=7)
    elapsed = MPI.Wtime() - t0
    if rank == 0:
        print(
            json.dumps(
                {
                    "kind": "ring",
                    "ranks": size,
                    "laps": laps,
                    "payload": payload,
                    "laps_ok": laps_ok,
                    "seconds": elapsed,
                    "lap_seconds": lap_seconds,
                }
            ),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="Programa MPI del capítulo Programación")
    parser.add_argument("--intervals", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--laps", type=int, default=100)
    parser.add_argument("--payload", type=int, default=8)
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    run_pi(comm, args.intervals, args.repeats)
    run_ring(comm, args.laps, args.payload)


if __name__ == "__main__":
    main()

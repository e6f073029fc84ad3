"""Proceso hijo de :mod:`dadsbook.systems.containers.memory_limit` (solo biblioteca estándar).

Se ejecuta como guion (``python -I _memory_child.py HOLGURA_MIB TROZO_MIB MODO``):
fija ``RLIMIT_AS`` en su tamaño virtual actual más la holgura y reserva trozos hasta
que una reserva falla. En modo ``catch`` captura el ``MemoryError`` y escribe en su
salida una línea JSON con lo que consiguió; en modo ``crash`` no lo captura y muere
con la traza en *stderr*, como cualquier programa que no se lo espera.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

MIB = 1024**2


def virtual_size() -> int:
    """``VmSize`` de ``/proc/self/status``, en bytes."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("/proc/self/status no tiene VmSize")


def main(argv: list[str]) -> None:
    """Fija el límite, reserva trozos y cuenta hasta dónde llegó."""
    headroom_mib, chunk_mib, mode = int(argv[1]), int(argv[2]), argv[3]
    baseline = virtual_size()
    limit = baseline + headroom_mib * MIB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    chunks: list[bytearray] = []
    report: dict[str, int | str] = {"baseline": baseline, "limit": limit, "chunk": chunk_mib * MIB}
    if mode == "crash":
        while True:
            chunks.append(bytearray(chunk_mib * MIB))
    try:
        while len(chunks) * chunk_mib < 2 * headroom_mib:
            chunks.append(bytearray(chunk_mib * MIB))
    except MemoryError as error:
        report["error"] = type(error).__name__
    report["reserved"] = len(chunks) * chunk_mib * MIB
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main(sys.argv)

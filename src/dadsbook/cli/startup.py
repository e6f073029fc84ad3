"""Cuánto tarda en arrancar la línea de órdenes: ``python -m dadsbook.cli.startup``.

Mide, con el punto de entrada real (``dadsbook`` junto al intérprete) y la mediana de
varias ejecuciones, ``dadsbook --version`` y ``dadsbook sim NOMBRE -s 1`` de cada
simulador, y los compara con los objetivos: 0,2 s y 0,6 s en la máquina de 2 núcleos
del proyecto. Es una medición, no una prueba: el tiempo depende de la máquina y de lo
que esté haciendo; ``--strict`` devuelve 1 si algo se pasa del objetivo.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from dadsbook import fmt
from dadsbook.cli.catalog import CATALOG
from dadsbook.tables import Table

__all__ = ["TARGETS", "main", "measure"]

#: Objetivos de arranque, en segundos.
TARGETS = {"version": 0.2, "sim": 0.6}


def _entry() -> str:
    beside = Path(sys.executable).with_name("dadsbook")
    return str(beside) if beside.exists() else (shutil.which("dadsbook") or "dadsbook")


def measure(argv: Sequence[str], repeats: int) -> float:
    """Mediana de los segundos de reloj de ``dadsbook argv`` (salida descartada)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([_entry(), *argv], stdout=subprocess.DEVNULL, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Imprime una tabla con cada orden, su mediana y si cumple el objetivo."""
    parser = argparse.ArgumentParser(
        prog="python -m dadsbook.cli.startup",
        description="Mide el arranque de la línea de órdenes dadsbook.",
    )
    parser.add_argument("-n", "--repeats", type=int, default=5, help="ejecuciones por orden")
    parser.add_argument("--strict", action="store_true", help="estado 1 si algo se pasa")
    parser.add_argument("simulators", nargs="*", help="simuladores (todos si no se indica)")
    args = parser.parse_args(argv)
    orders = [("version", ["--version"])]
    orders += [("sim", ["sim", name, "-s", "1"]) for name in args.simulators or CATALOG]
    measure(["--version"], 1)  # calienta la caché de ficheros
    rows, over = [], 0
    for kind, order in orders:
        seconds = measure(order, args.repeats)
        ok = seconds <= TARGETS[kind]
        over += not ok
        rows.append(("dadsbook " + " ".join(order), fmt.number(seconds, 2),
                     fmt.number(TARGETS[kind], 1), "sí" if ok else "NO"))  # fmt: skip
    print(Table(("orden", "mediana (s)", "objetivo (s)", "cumple"), rows))
    print(f"\n{len(rows) - over} de {len(rows)} órdenes dentro del objetivo.")
    return 1 if args.strict and over else 0


if __name__ == "__main__":
    sys.exit(main())

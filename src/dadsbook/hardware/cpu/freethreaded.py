"""Hilos sin GIL: la misma medición, en un intérprete *free-threaded* si lo hay.

Desde CPython 3.13 existe una compilación opcional sin bloqueo global del intérprete
(PEP 703); la PEP 779 la declaró soportada en 3.14. Sus ejecutables se llaman
``python3.13t`` o ``python3.14t``. Este módulo hace dos cosas:

- :func:`find_interpreter` lo busca (la variable ``DADSBOOK_FREETHREADED_PYTHON`` o
  el ``PATH``) y :func:`run` lanza en él ``python -m dadsbook.hardware.cpu.freethreaded``
  como subproceso, que devuelve JSON.
- :func:`main` es ese subproceso: mide ``N`` porciones de Python puro en ``N`` hilos
  intercaladas con una porción en un hilo. Solo usa la biblioteca estándar y el arnés
  del libro: :mod:`dadsbook.workloads` importa NumPy solo cuando hace falta, porque el
  intérprete sin GIL puede no tenerlo.

>>> result = measure_threads([1, 2], iterations=2_000, repeats=1, warmup=0)
>>> [p["workers"] for p in result["points"]]
[1, 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from dadsbook import measure
from dadsbook.validation import check_int, check_sequence
from dadsbook.workloads import python_spin as spin

__all__ = ["ENV_VAR", "find_interpreter", "main", "measure_threads", "run", "spin"]

ENV_VAR = "DADSBOOK_FREETHREADED_PYTHON"
_NAMES = ("python3.14t", "python3.13t")


def _gil_enabled() -> bool:
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def _batch(executor: ThreadPoolExecutor, iterations: int, workers: int) -> None:
    for future in [executor.submit(spin, iterations) for _ in range(workers)]:
        future.result()


def measure_threads(
    workers: Sequence[int], *, iterations: int, repeats: int, warmup: int
) -> dict[str, Any]:
    """Aceleración de ``N`` hilos con ``N`` porciones frente a una porción en un hilo.

    Cada punto lleva también las muestras de cada ronda (``uno_samples_s`` y
    ``hilos_samples_s``) y si la máquina estaba ocupada, para que quien lo lea decida
    con :func:`dadsbook.verdict.compare` y no con las medianas solas.
    """
    check_sequence("workers", workers, lambda n, v: check_int(n, v, 1), what="enteros")
    check_int("iterations", iterations, 1)
    points = []
    for n in workers:
        with ThreadPoolExecutor(n) as executor:
            measured = measure.compare(
                {
                    "uno": partial(spin, iterations),
                    "hilos": partial(_batch, executor, iterations, n),
                },
                repeats=repeats,
                warmup=warmup,
            )
        one, threads = measured["uno"], measured["hilos"]
        points.append(
            {
                "workers": n,
                "uno_s": one.median_s,
                "hilos_s": threads.median_s,
                "speedup": n * one.median_s / threads.median_s,
                "uno_samples_s": [t / 1e9 for t in one.samples_ns],
                "hilos_samples_s": [t / 1e9 for t in threads.samples_ns],
                "busy": one.busy or threads.busy,
            }
        )
    return {"python": sys.version.split()[0], "gil_enabled": _gil_enabled(), "points": points}


def find_interpreter() -> str | None:
    """Ruta de un intérprete *free-threaded*: ``DADSBOOK_FREETHREADED_PYTHON`` o el ``PATH``."""
    named = os.environ.get(ENV_VAR)
    if named:
        return named if Path(named).exists() or shutil.which(named) else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run(
    interpreter: str,
    workers: Sequence[int],
    *,
    iterations: int,
    repeats: int,
    warmup: int,
    timeout_s: float = 300.0,
) -> dict[str, Any]:
    """Ejecuta :func:`main` en ``interpreter`` y devuelve su JSON.

    El subproceso corre mientras este proceso sostiene el cerrojo de medición; para
    que no espere a ese mismo cerrojo usa uno propio en una carpeta temporal.
    """
    if not workers:
        raise ValueError("workers debe contener al menos un número de trabajadores")
    src = Path(__file__).resolve().parents[3]
    args = [
        interpreter,
        "-m",
        "dadsbook.hardware.cpu.freethreaded",
        "--workers",
        ",".join(str(w) for w in workers),
        "--iterations",
        str(iterations),
        "--repeats",
        str(repeats),
        "--warmup",
        str(warmup),
    ]
    with tempfile.TemporaryDirectory(prefix="dadsbook-ft-") as folder:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
        env["DADSBOOK_LOCK_FILE"] = str(Path(folder) / "lock")
        env["PYTHON_GIL"] = "0"
        with measure.exclusive():
            done = subprocess.run(
                args, env=env, capture_output=True, text=True, timeout=timeout_s, check=False
            )
    if done.returncode != 0:
        raise RuntimeError(
            f"{interpreter} terminó con código {done.returncode}: {done.stderr[-500:]}"
        )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Línea de órdenes: mide y escribe el JSON en la salida estándar."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", default="1,2", help="números de hilos, separados por comas")
    parser.add_argument("--iterations", type=int, default=1_000_000, help="vueltas por porción")
    parser.add_argument("--repeats", type=int, default=5, help="repeticiones medidas")
    parser.add_argument("--warmup", type=int, default=1, help="repeticiones de calentamiento")
    options = parser.parse_args(argv)
    try:
        workers = [int(w) for w in options.workers.split(",")]
    except ValueError:
        parser.error(f"--workers debe ser una lista de enteros; se recibió {options.workers!r}")
    result = measure_threads(
        workers, iterations=options.iterations, repeats=options.repeats, warmup=options.warmup
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

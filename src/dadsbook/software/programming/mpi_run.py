"""Lanza el programa MPI del capítulo con ``mpiexec`` y comprueba lo que devuelve.

:func:`run_mpi` ejecuta :mod:`.mpi_program` con ``ranks`` procesos (el ``mpiexec``
de MPICH que instala el paquete ``mpich`` en el entorno virtual), con un *timeout*,
lee sus líneas JSON y **verifica** los resultados: que se integraron todos los
intervalos, que π sale con el error que permite la regla del punto medio y que el
testigo del anillo volvió intacto en cada vuelta. Si algo falla, lanza
``RuntimeError``.

Los rangos de MPICH esperan **activamente** (giran sin soltar la CPU): con más rangos
que núcleos el tiempo se dispara, así que :func:`run_mpi` no lo permite salvo que se
pida con ``oversubscribe=True``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from dadsbook import measure
from dadsbook.machine import usable_cores
from dadsbook.validation import check_int, check_number

__all__ = ["MpiRun", "mpiexec_path", "run_mpi", "scaling"]

PROGRAM = Path(__file__).with_name("mpi_program.py")


@dataclass(frozen=True)
class MpiRun(measure.WithLoad):
    """Resultado verificado de una ejecución con ``ranks`` rangos."""

    ranks: int
    intervals: int
    pi: float
    seconds: tuple[float, ...]
    laps: int
    payload: int
    lap_seconds: tuple[float, ...]
    load: measure.Load | None = None

    @property
    def error(self) -> float:
        """Distancia entre el π calculado y ``math.pi``."""
        return abs(self.pi - math.pi)

    @property
    def median_s(self) -> float:
        """Mediana del tiempo de la integral (el del rango más lento en cada repetición)."""
        return float(statistics.median(self.seconds))

    @property
    def hop_s(self) -> float:
        """Tiempo por salto del testigo: la mediana de las vueltas entre los rangos."""
        return float(statistics.median(self.lap_seconds)) / self.ranks

    def as_dict(self) -> dict[str, Any]:
        """El resultado como diccionario de tipos simples (JSON)."""
        data = asdict(self)
        data["busy"] = self.busy
        del data["load"]
        return data


def mpiexec_path() -> Path:
    """El ``mpiexec`` del entorno virtual (o el del ``PATH``)."""
    here = Path(sys.executable).parent / "mpiexec"
    if here.exists():
        return here
    found = shutil.which("mpiexec")
    if found is None:
        raise FileNotFoundError("no encuentro mpiexec: instala los paquetes mpich y mpi4py")
    return Path(found)


def _parse(stdout: str, ranks: int, intervals: int, laps: int) -> MpiRun:
    lines = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            lines[data["kind"]] = data
    if set(lines) != {"pi", "ring"}:
        raise RuntimeError(f"la salida de MPI no trae los dos resultados: {stdout[-500:]!r}")
    pi, ring = lines["pi"], lines["ring"]
    if pi["ranks"] != ranks or pi["counted"] != intervals:
        raise RuntimeError(
            f"MPI integró {pi['counted']} intervalos con {pi['ranks']} rangos; "
            f"se esperaban {intervals} con {ranks}"
        )
    tolerance = 1.0 / intervals**2 + 1e-9
    if abs(pi["pi"] - math.pi) > tolerance:
        raise RuntimeError(f"π = {pi['pi']!r} se aleja más de {tolerance:.1e} de math.pi")
    if ring["laps_ok"] != laps:
        raise RuntimeError(f"el testigo volvió intacto en {ring['laps_ok']} de {laps} vueltas")
    if not isinstance(ring.get("lap_seconds"), list) or len(ring["lap_seconds"]) != laps:
        raise RuntimeError(f"la salida de MPI no trae el tiempo de cada una de las {laps} vueltas")
    return MpiRun(
        ranks,
        intervals,
        float(pi["pi"]),
        tuple(float(s) for s in pi["seconds"]),
        laps,
        int(ring["payload"]),
        tuple(float(s) for s in ring["lap_seconds"]),
    )


def run_mpi(
    ranks: int,
    *,
    intervals: int = 10_000_000,
    repeats: int = 3,
    laps: int = 100,
    payload: int = 8,
    timeout_s: float = 60.0,
    oversubscribe: bool = False,
) -> MpiRun:
    """Ejecuta el programa MPI con ``ranks`` rangos y devuelve su resultado verificado."""
    check_int("ranks", ranks, 1)
    if ranks > usable_cores() and not oversubscribe:
        raise ValueError(
            f"ranks={ranks} supera los {usable_cores()} núcleos usables: los rangos de MPICH "
            "esperan activamente y se estorbarían (usa oversubscribe=True si es a propósito)"
        )
    check_int("intervals", intervals, 1000, 10**10)
    check_int("repeats", repeats, 1, 100)
    check_int("laps", laps, 1, 1_000_000)
    check_int("payload", payload, 0, 64 << 20)
    check_number("timeout_s", timeout_s, 0, 600.0)
    command = [str(mpiexec_path()), "-n", str(ranks), sys.executable, str(PROGRAM)]
    command += ["--intervals", str(intervals), "--repeats", str(repeats)]
    command += ["--laps", str(laps), "--payload", str(payload)]
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["OMP_NUM_THREADS"] = "1"
    env["OPENBLAS_NUM_THREADS"] = "1"
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # un grupo propio: si hay timeout, se mata entero
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"mpiexec no terminó en {timeout_s} s") from None
    if proc.returncode != 0:
        raise RuntimeError(f"mpiexec terminó con código {proc.returncode}: {stderr[-800:]}")
    return _parse(stdout, ranks, intervals, laps)


def scaling(ranks: list[int], **kwargs: Any) -> list[MpiRun]:
    """Una ejecución por número de rangos, en orden y bajo el cerrojo de medición.

    Cada resultado lleva lo ocupada que estaba la máquina (``load``), para que el
    veredicto sepa si puede decidir.
    """
    if not ranks:
        raise ValueError("ranks debe contener al menos un número de rangos")
    with measure.exclusive() as probe:
        runs = [run_mpi(n, **kwargs) for n in ranks]
    return [replace(r, load=probe.load) for r in runs]

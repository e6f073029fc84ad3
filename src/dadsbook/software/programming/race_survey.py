"""Las carreras de la página, medidas de una vez: cada variante con y sin cerrojo.

:func:`survey` repite cada variante de :mod:`.races` (hilos con ``+=``, con una
llamada en medio y cediendo la CPU; corrutinas; acumulación por hilo) con el cerrojo
de medición del libro tomado, y anota si la máquina estaba ocupada. Una carrera no
tiene un valor sino una **frecuencia**: en cuántas ejecuciones se perdió algo y qué
fracción de los incrementos.

:func:`run_elsewhere` lanza la misma medición en otro intérprete (``python3.13t``,
``python3.14t``: sin GIL) y la devuelve con el mismo formato.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dadsbook import fmt, measure
from dadsbook.hardware.cpu import freethreaded
from dadsbook.software.programming import races
from dadsbook.software.programming.races import CounterRun, RaceStats
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = ["RaceSurvey", "freethreaded_sentence", "run_elsewhere", "survey"]


@dataclass(frozen=True)
class RaceSurvey:
    """Todas las variantes medidas en la misma ronda."""

    stats: tuple[RaceStats, ...]
    busy: bool

    def get(self, variant: str, *, locked: bool = False) -> RaceStats:
        """Las ejecuciones de ``variant`` con o sin cerrojo."""
        for s in self.stats:
            if s.variant == variant and s.locked == locked:
                return s
        raise ValueError(f"variant no está en la medición: {variant!r} (cerrojo: {locked})")

    def table(self, caption: str = "") -> Table:
        """Una fila por variante y cerrojo: ejecuciones con pérdidas y fracción perdida."""
        return Table(
            ("variante", "cerrojo", "ejecuciones con pérdidas", "incrementos perdidos (mediana)"),
            [
                (
                    s.variant,
                    "sí" if s.locked else "no",
                    f"{fmt.number(s.with_losses)} de {fmt.number(len(s.runs))}",
                    fmt.percent(s.median_lost_fraction),
                )
                for s in self.stats
            ],
            caption,
        )


async def survey(
    *,
    runs: int,
    threads: int,
    increments: Mapping[str, int],
    async_tasks: int,
    async_increments: int,
) -> RaceSurvey:
    """Mide cada variante de hilos con y sin cerrojo, las corrutinas y la acumulación por hilo.

    ``increments`` da los incrementos por hilo de cada variante de
    :data:`~dadsbook.software.programming.races.VARIANTS` (ceder la CPU en cada
    incremento es lento: esa variante necesita muchos menos para mostrar la carrera).
    """
    check_int("runs", runs, 1, 1000)
    missing = [v for v in races.VARIANTS if v not in increments]
    if missing:
        raise ValueError(f"increments debe dar un número para {', '.join(missing)}")
    stats: list[RaceStats] = []
    async with measure.exclusive_async() as probe:
        for variant in races.VARIANTS:
            for lock in (False, True):
                stats.append(races.race_stats(
                    variant, runs=runs, threads=threads, increments=increments[variant],
                    lock=lock))  # fmt: skip
        for lock in (False, True):
            stats.append(await races.async_race_stats(
                runs=runs, tasks=async_tasks, increments=async_increments, lock=lock))  # fmt: skip
        stats.append(races.per_task_stats(
            runs=runs, threads=threads, increments=max(increments.values())))  # fmt: skip
    return RaceSurvey(tuple(stats), probe.load is not None and probe.load.busy)


def run_elsewhere(
    interpreter: str,
    variant: str,
    *,
    runs: int,
    threads: int,
    increments: int,
    lock: bool = False,
    timeout_s: float = 120.0,
) -> RaceStats:
    """Ejecuta :func:`races.main <dadsbook.software.programming.races.main>` en ``interpreter``.

    Pensado para un intérprete sin GIL (``PYTHON_GIL=0``); funciona con cualquiera.
    Lo que mida ese proceso vuelve como :class:`RaceStats`, con su versión y su GIL.
    """
    check_choice("variant", variant, races.VARIANTS)
    src = Path(__file__).resolve().parents[3]
    args = [
        interpreter, "-m", "dadsbook.software.programming.races", "--variant", variant,
        "--runs", str(runs), "--threads", str(threads), "--increments", str(increments),
    ]  # fmt: skip
    if lock:
        args.append("--lock")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    env["PYTHON_GIL"] = "0"
    with tempfile.TemporaryDirectory(prefix="dadsbook-races-") as folder:
        done = subprocess.run(
            args, env=env, capture_output=True, text=True, timeout=timeout_s, check=False,
            cwd=folder,
        )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"{interpreter} terminó con código {done.returncode}: {done.stderr[-500:]}"
        )
    data = json.loads(done.stdout)
    observed: Sequence[int] = data["observed"]
    runs_done = tuple(
        CounterRun(variant, data["threads"], data["increments"], lock, int(value))
        for value in observed
    )
    return RaceStats(variant, lock, runs_done, str(data["python"]), bool(data["gil"]))


def freethreaded_sentence(*, runs: int, threads: int, increments: Mapping[str, int]) -> str:
    """Qué pasa con «+=» sin GIL, si hay un intérprete sin GIL; si no, lo dice.

    Busca el intérprete como el capítulo de CPU
    (:func:`dadsbook.hardware.cpu.freethreaded.find_interpreter`) y, si lo hay, mide en
    él «+=» sin y con cerrojo con los mismos tamaños que la página.
    """
    interpreter = freethreaded.find_interpreter()
    if interpreter is None:
        return (
            "En esta construcción no había ningún intérprete sin GIL (se buscaron "
            f"python3.14t y python3.13t en el PATH y la variable {freethreaded.ENV_VAR}), "
            "así que esta página no puede enseñar qué cambia: "
            "sin GIL, «+=» es tan vulnerable como las otras dos variantes."
        )
    n = increments.get("incremento")
    if n is None:
        raise ValueError("increments debe dar un número para incremento")
    bare = run_elsewhere(interpreter, "incremento", runs=runs, threads=threads, increments=n)
    locked = run_elsewhere(
        interpreter, "incremento", runs=runs, threads=threads, increments=n, lock=True
    )
    state = "activo" if bare.gil else "desactivado"
    return (
        f"Con el intérprete {interpreter} (Python {bare.python}, GIL {state}), «+=» perdió "
        f"incrementos en {fmt.number(bare.with_losses)} de {fmt.number(len(bare.runs))} "
        f"ejecuciones (mediana del {fmt.percent(bare.median_lost_fraction)} perdido), y con "
        f"cerrojo en {fmt.number(locked.with_losses)} de {fmt.number(len(locked.runs))}."
    )

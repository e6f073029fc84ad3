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

from matplotlib.figure import Figure

from dadsbook import fmt, measure, plotting
from dadsbook.hardware.cpu import freethreaded
from dadsbook.software.programming import races
from dadsbook.software.programming.races import CounterRun, RaceStats
from dadsbook.tables import Table
from dadsbook.validation import check_int

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

    def figure(self) -> Figure:
        """Dos paneles: ejecuciones con pérdidas y fracción perdida (mediana y extremos)."""
        names = list(dict.fromkeys(s.variant for s in self.stats))
        fig = plotting.figure(7.5, 0.9 + 0.55 * len(names))
        left, right = fig.subplots(1, 2, sharey=True)
        height = 0.38
        for k, locked in enumerate((False, True)):
            offset = (k - 0.5) * height
            label = "con cerrojo" if locked else "sin cerrojo"
            ys, rates, medians, lows, highs, texts = [], [], [], [], [], []
            for i, name in enumerate(names):
                found = [s for s in self.stats if s.variant == name and s.locked == locked]
                if not found:
                    continue
                s = found[0]
                ys.append(i + offset)
                texts.append(f"{s.with_losses} de {len(s.runs)}")
                rates.append(100 * s.rate)
                medians.append(100 * s.median_lost_fraction)
                lows.append(100 * (s.median_lost_fraction - min(s.lost_fractions)))
                highs.append(100 * (max(s.lost_fractions) - s.median_lost_fraction))
            color = plotting.color(5 if not locked else 2)
            left.barh(ys, rates, height=height, color=color, label=label)
            right.barh(ys, medians, height=height, color=color, xerr=[lows, highs],
                       error_kw={"capsize": 3, "elinewidth": 1})  # fmt: skip
            for y, rate, counts, median, high in zip(ys, rates, texts, medians, highs, strict=True):
                left.text(rate + 2, y, counts, va="center", fontsize=7)
                right.text(median + high + 2, y, fmt.percent(median / 100, 0), va="center",
                           fontsize=7)  # fmt: skip
        left.set_yticks(range(len(names)), names)
        left.invert_yaxis()
        left.set_xlim(0, 115)
        left.set_xlabel("ejecuciones con pérdidas (%)")
        right.set_xlim(0, 115)
        right.set_xlabel("incrementos perdidos (%, mediana)")
        for ax in (left, right):
            ax.grid(axis="y", visible=False)
        left.legend(fontsize=8, loc="lower right")
        return fig


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
    if variant not in races.VARIANTS:
        raise ValueError(
            f"variant debe ser una de {', '.join(races.VARIANTS)}; se recibió {variant!r}"
        )
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

"""Simuladores de reparto de la CPU del capítulo de sistemas operativos.

``stealing`` (colas por núcleo con y sin robo de trabajo) y ``nice`` (pesos de CFS).
Los módulos del capítulo se importan al usarlos.
"""

from __future__ import annotations

import argparse
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, listing, num, option, pct, subseed
from dadsbook.cli.spanish import number, number_list, token_list
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["SIMULATORS"]


# --- Robo de trabajo ---------------------------------------------------------------------------
CORES_MAX, TASKS_MAX = 256, 10_000


def _stealing_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--queues", metavar="5,5,5/1", omitted=RANDOM,
        help="duraciones de las tareas de cada núcleo, separadas por comas; / separa los "
        f"núcleos (hasta {CORES_MAX} núcleos y {TASKS_MAX} tareas)",
    )  # fmt: skip
    option(
        parser, "--steal-cost", type=number(0, 1e6, strict=False), metavar="COSTE",
        omitted="al azar entre 0 y 0.5", help="coste de cada robo",
    )  # fmt: skip


def _parse_queues(text: str) -> list[list[float]]:
    if text.count("/") >= CORES_MAX:
        raise ValueError(f"--queues admite como mucho {CORES_MAX} núcleos")
    if text.count(",") + text.count("/") >= TASKS_MAX:
        raise ValueError(f"--queues admite como mucho {TASKS_MAX} tareas en total")
    queues: list[list[float]] = []
    parse = number_list(0, 1e6, strict=True, max_items=TASKS_MAX)
    for part in text.split("/"):
        if not part.strip():
            queues.append([])
            continue
        try:
            queues.append(parse(part))
        except argparse.ArgumentTypeError as error:
            raise ValueError(f"--queues: {error}") from None
    if not any(queues):
        raise ValueError("--queues necesita al menos una tarea")
    return queues


def _stealing_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.software.operating_system import load_balancing

    if args.queues is not None:
        queues = _parse_queues(args.queues)
    else:
        sizes = load_balancing.random_workload(subseed(rng), rng.randint(6, 12))
        queues = [list(q) for q in load_balancing.block_partition(sizes, rng.randint(2, 4))]
    cost = args.steal_cost if args.steal_cost is not None else float(rng.choice([0, 0.5]))
    return {"queues": queues, "steal_cost": cost, "seed": subseed(rng)}


def _stealing_cost(problem: Problem) -> Cost:
    tasks, cores = sum(len(q) for q in problem["queues"]), len(problem["queues"])
    return Cost(2 * tasks * (1 + cores / 10), "--queues", 2 * tasks + 2 * cores)


def _stealing_describe(problem: Problem) -> str:
    queues = "\n".join(
        f"  núcleo {c}: {listing(q) or 'vacía'}." for c, q in enumerate(problem["queues"])
    )
    return (
        f"Colas por núcleo (duración de cada tarea):\n{queues}\nCada robo cuesta "
        f"{num(problem['steal_cost'])}. "
        "¿Cuándo termina todo sin robo de trabajo y con él? ¿Cuánto queda ocioso cada núcleo?"
    )


def _stealing_solve(problem: Problem) -> Solution:
    from dadsbook.software.operating_system import load_balancing

    results = {
        name: load_balancing.simulate(
            problem["queues"], steal=steal, steal_cost=problem["steal_cost"], seed=problem["seed"]
        )
        for name, steal in (("sin robo", False), ("con robo", True))
    }
    parts = [
        f"{r.title()}:\n{r.table()}\nFin: {num(r.makespan)}; robos: {num(r.steals)}."
        for r in results.values()
    ]
    data = {
        "without_stealing": results["sin robo"].as_dict(),
        "with_stealing": results["con robo"].as_dict(),
    }

    def figure() -> Figure:
        from dadsbook import plotting

        bars = [
            plotting.GanttBar(
                f"{name}: núcleo {p.core}",
                p.start,
                p.end,
                "robada" if p.stolen else "propia",
                str(p.task),
            )
            for name, r in results.items()
            for p in r.placements
        ]
        rows = [f"{name}: núcleo {c}" for name in results for c in range(len(problem["queues"]))]
        return plotting.gantt(bars, rows=rows, xlabel="tiempo (unidades)")

    return Solution("\n\n".join(parts), data, figure)


STEALING = Simulator(
    "stealing", _stealing_args, _stealing_problem, _stealing_describe, _stealing_solve,
    _stealing_cost,
    Example(
        "un núcleo con tres tareas de 5 y otro con una de 1; cada robo cuesta 0,5",
        "--queues 5,5,5/1 --steal-cost 0.5 -c",
    ),
    max_steps=1_000_000,
)  # fmt: skip


# --- nice y pesos de CFS --------------------------------------------------------------------------
NICE_MAX = 40


def _nice_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--nice", type=token_list(NICE_MAX), metavar="0,5,-3",
        omitted="de 2 a 4 procesos al azar",
        help=f"nice de cada proceso, de -20 a 19, separados por comas (hasta {NICE_MAX}; con "
        "signo menos, escribe --nice=-3,5)",
    )  # fmt: skip


def _nice_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.nice is None:
        return {"nices": [rng.randint(-5, 10) for _ in range(rng.randint(2, 4))]}
    values = []
    for token in args.nice:
        try:
            value = int(token) if len(token) <= 4 else 99
        except ValueError:
            value = 99
        if not -20 <= value <= 19:
            raise ValueError(f"--nice: {token[:20]!r} no válido; cada valor va de -20 a 19")
        values.append(value)
    return {"nices": values}


def _nice_cost(problem: Problem) -> Cost:
    return Cost(len(problem["nices"]), "--nice", 40)


def _nice_describe(problem: Problem) -> str:
    return (
        f"Procesos con nice {listing(problem['nices'])} compiten por una CPU. "
        "¿Qué fracción de la CPU recibe cada uno con CFS?"
    )


def _nice_solve(problem: Problem) -> Solution:
    from dadsbook.software.operating_system import nice

    nices = problem["nices"]
    shares = nice.predicted_shares(nices)
    weights = [nice.weight(n) for n in nices]
    rows = [
        (i + 1, n, w, f"{pct(s)}")
        for i, (n, w, s) in enumerate(zip(nices, weights, shares, strict=True))
    ]
    data = {"weights": weights, "shares": list(shares)}
    return Solution(
        str(Table(("proceso", "nice", "peso", "CPU"), rows)),
        data,
        lambda: nice.weights_figure(nices),
    )


NICE = Simulator(
    "nice", _nice_args, _nice_problem, _nice_describe, _nice_solve, _nice_cost,
    Example(
        "tres procesos con nice 0, 5 y -3 compitiendo por una CPU",
        "--nice=0,5,-3 -c",
    ),
    max_steps=NICE_MAX,
)  # fmt: skip


SIMULATORS = (STEALING, NICE)

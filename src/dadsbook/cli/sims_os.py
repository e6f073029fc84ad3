"""Simuladores de reparto de la CPU del capítulo de sistemas operativos.

``stealing`` (colas por núcleo con y sin robo de trabajo) y ``nice`` (pesos de CFS).
"""

from __future__ import annotations

import argparse
import random

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import subseed, token_list
from dadsbook.cli.spanish import number, number_list
from dadsbook.software.operating_system import load_balancing, nice
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Robo de trabajo ---------------------------------------------------------------------------
def _stealing_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queues",
        metavar="5,5,5/1",
        help="duraciones de las tareas de cada núcleo; / separa los núcleos",
    )
    parser.add_argument("--steal-cost", type=number(0, strict=False), help="coste de cada robo")


def _parse_queues(text: str) -> list[list[float]]:
    queues: list[list[float]] = []
    parse = number_list(0, strict=True)
    for part in text.split("/"):
        if not part.strip():
            queues.append([])
            continue
        try:
            queues.append(parse(part))
        except argparse.ArgumentTypeError as error:
            raise ValueError(f"--queues: {error}") from None
    if len(queues) > 256:
        raise ValueError("--queues admite como mucho 256 núcleos")
    return queues


def _stealing_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.queues is not None:
        queues = _parse_queues(args.queues)
    else:
        sizes = load_balancing.random_workload(subseed(rng), rng.randint(6, 12))
        queues = [list(q) for q in load_balancing.block_partition(sizes, rng.randint(2, 4))]
    cost = args.steal_cost if args.steal_cost is not None else float(rng.choice([0, 0.5]))
    return {"queues": queues, "steal_cost": cost, "seed": subseed(rng)}


def _stealing_describe(problem: Problem) -> str:
    queues = "; ".join(
        f"núcleo {c}: {', '.join(f'{s:g}' for s in q) or 'vacía'}"
        for c, q in enumerate(problem["queues"])
    )
    return (
        f"Colas por núcleo — {queues}.\nCada robo cuesta {problem['steal_cost']:g}. "
        "¿Cuándo termina todo sin robo de trabajo y con él? ¿Cuánto queda ocioso cada núcleo?"
    )


def _stealing_solve(problem: Problem) -> Solution:
    results = {
        name: load_balancing.simulate(
            problem["queues"], steal=steal, steal_cost=problem["steal_cost"], seed=problem["seed"]
        )
        for name, steal in (("sin robo", False), ("con robo", True))
    }
    parts = [
        f"{r.title()}:\n{r.table()}\nFin: {r.makespan:.3g}; robos: {r.steals}."
        for r in results.values()
    ]
    data = {
        "without_stealing": results["sin robo"].as_dict(),
        "with_stealing": results["con robo"].as_dict(),
    }

    def figure() -> Figure:
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
    "stealing",
    "colas por núcleo con y sin robo de trabajo (capítulo Sistemas operativos)",
    _stealing_args,
    _stealing_problem,
    _stealing_describe,
    _stealing_solve,
    "software/sistemas-operativos",
)


# --- nice y pesos de CFS --------------------------------------------------------------------------
def _nice_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nice",
        type=token_list,
        metavar="0,5,-3",
        help="nice de cada proceso, de -20 a 19 (con signo menos: --nice=-3,5)",
    )


def _nice_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.nice is None:
        return {"nices": [rng.randint(-5, 10) for _ in range(rng.randint(2, 4))]}
    values = []
    for token in args.nice:
        try:
            value = int(token)
        except ValueError:
            value = 99
        if not -20 <= value <= 19:
            raise ValueError(f"--nice: {token!r} no válido; cada valor va de -20 a 19")
        values.append(value)
    return {"nices": values}


def _nice_describe(problem: Problem) -> str:
    return (
        f"Procesos con nice {', '.join(str(n) for n in problem['nices'])} compiten por una CPU. "
        "¿Qué fracción de la CPU recibe cada uno con CFS?"
    )


def _nice_solve(problem: Problem) -> Solution:
    nices = problem["nices"]
    shares = nice.predicted_shares(nices)
    weights = [nice.weight(n) for n in nices]
    rows = [
        (i + 1, n, w, f"{100 * s:.1f} %")
        for i, (n, w, s) in enumerate(zip(nices, weights, shares, strict=True))
    ]
    data = {"weights": weights, "shares": list(shares)}
    return Solution(
        str(Table(("proceso", "nice", "peso", "CPU"), rows)),
        data,
        lambda: nice.weights_figure(nices),
    )


NICE = Simulator(
    "nice",
    "reparto de la CPU según nice y la tabla de pesos de CFS (capítulo Sistemas operativos)",
    _nice_args,
    _nice_problem,
    _nice_describe,
    _nice_solve,
    "software/sistemas-operativos",
)


SIMULATORS = (STEALING, NICE)

"""Los simuladores del capítulo «Servidores web» para la línea de órdenes.

``stateless``: una flota con autoescalado y sesiones en memoria o en un almacén
compartido (SimPy).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import Figures, num, option, subseed
from dadsbook.cli.spanish import integer, number, token_list

if TYPE_CHECKING:
    from dadsbook.systems.web_servers import stateless

__all__ = ["CHAPTER", "STATELESS"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.systems.web_servers.figures")

#: La página del libro de estos simuladores.
CHAPTER = "sistemas/servidores-web"

SCHEDULE_MAX = 100


# --- Servidores sin estado ---------------------------------------------------------
def _stateless_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--duration", type=number(0, 3600), metavar="SEGUNDOS", omitted="120",
        help="segundos simulados (≤ 3600)",
    )  # fmt: skip
    option(
        parser, "--rate", type=number(0, 50), metavar="SESIONES",
        omitted="al azar entre 2, 4 y 6", help="sesiones nuevas por segundo (≤ 50)",
    )  # fmt: skip
    option(
        parser, "--instances", type=integer(1, 1000), metavar="N",
        help="instancias al empezar",
    )  # fmt: skip
    option(
        parser, "--schedule", type=token_list(SCHEDULE_MAX), metavar="30:2,60:5",
        help="cambios de tamaño de la flota INSTANTE:INSTANCIAS, separados por comas",
    )  # fmt: skip


def _parse_schedule(tokens: list[str], duration: float) -> list[list[float]]:
    events = []
    for token in tokens:
        when, _, size = token.partition(":")
        try:
            event = [float(when), int(size)] if len(size) <= 6 else []
        except ValueError:
            event = []
        if not event:
            raise ValueError(
                f"--schedule: cambio {token[:20]!r} no válido; usa INSTANTE:INSTANCIAS, p. ej. 30:2"
            )
        if not 0 <= event[0] < duration or not 1 <= event[1] <= 1000:
            raise ValueError(
                f"--schedule: {token!r} necesita 0 ≤ instante < {num(duration)} y "
                "entre 1 y 1000 instancias"
            )
        events.append(event)
    return sorted(events)


def _stateless_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    duration = args.duration or 120.0
    rate = args.rate or float(rng.choice([2, 4, 6]))
    base = stateless.random_fleet(
        subseed(rng), duration_s=duration, session_rate=rate, changes=rng.randint(3, 6)
    ).as_dict()
    if args.instances:
        base["initial_instances"] = args.instances
    if args.schedule is not None:
        base["schedule"] = _parse_schedule(args.schedule, duration)
    return base


def _stateless_cost(problem: ProblemData) -> Cost:
    sessions = problem["duration_s"] * problem["session_rate"]
    steps = 2 * sessions * (problem["requests_per_session"] + 3)
    return Cost(steps, "--duration × --rate", 2 + len(problem["schedule"]) / 10)


def _stateless_fleet(problem: ProblemData) -> stateless.FleetProblem:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    events = tuple(stateless.ScaleEvent(float(t), int(n)) for t, n in problem["schedule"])
    return stateless.FleetProblem(**{**problem, "schedule": events})


def _stateless_describe(problem: ProblemData) -> str:
    changes = ", ".join(f"t={num(t)} s → {n}" for t, n in problem["schedule"]) or "ninguno"
    return (
        f"Flota de {num(problem['initial_instances'])} instancias tras un balanceador, "
        f"{num(problem['session_rate'])} sesiones nuevas por segundo durante "
        f"{num(problem['duration_s'])} s, {num(problem['requests_per_session'])} peticiones por "
        "sesión. "
        f"Cambios de tamaño: {changes}.\n¿Cuántas sesiones se pierden con el estado en la "
        "memoria de la instancia y cuántas con un almacén compartido?"
    )


def _stateless_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    results = stateless.compare_stores(_stateless_fleet(problem))
    data = {s: r.as_dict() for s, r in results.items()}
    return Solution(str(stateless.stores_table(results)), data, _figure("stores_figure", results))


STATELESS = Simulator(
    name="stateless",
    chapter=CHAPTER,
    help="sesiones en memoria o en un almacén compartido con autoescalado",
    add_arguments=_stateless_args,
    make_problem=_stateless_problem,
    describe=_stateless_describe,
    solve=_stateless_solve,
    cost=_stateless_cost,
    example=Example(
        "4 sesiones por segundo durante dos minutos con una flota que baja de 4 a 2 "
        "instancias en t = 60 s",
        "--duration 120 --rate 4 --instances 4 --schedule 60:2 -c",
    ),
    max_steps=60_000,
)

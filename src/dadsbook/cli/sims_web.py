"""El simulador del capítulo de servidores web para la línea de órdenes.

``stateless``: sesiones en la memoria de cada instancia o en un almacén compartido,
con una flota que escala (SimPy). El módulo del capítulo importa ``aiohttp`` a través
de su paquete: se importa solo cuando se usa, para que la orden arranque deprisa.
"""

from __future__ import annotations

import argparse
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import subseed, token_list
from dadsbook.cli.spanish import int_at_least, number

if TYPE_CHECKING:
    from dadsbook.systems.web_servers import stateless

__all__ = ["SIMULATORS"]


# --- Servidores sin estado ---------------------------------------------------------
def _stateless_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duration", type=number(0), help="segundos simulados (≤ 3600)")
    parser.add_argument("--rate", type=number(0), help="sesiones nuevas por segundo (≤ 50)")
    parser.add_argument("--instances", type=int_at_least(1, 1000), help="instancias al empezar")
    parser.add_argument(
        "--schedule",
        type=token_list,
        metavar="30:2,60:5",
        help="cambios de tamaño de la flota, INSTANTE:INSTANCIAS",
    )


def _parse_schedule(tokens: list[str], duration: float) -> list[list[float]]:
    events = []
    for token in tokens:
        when, _, size = token.partition(":")
        try:
            event = [float(when), int(size)]
        except ValueError:
            raise ValueError(
                f"--schedule: cambio {token!r} no válido; usa INSTANTE:INSTANCIAS, p. ej. 30:2"
            ) from None
        if not 0 <= event[0] < duration or not 1 <= event[1] <= 1000:
            raise ValueError(
                f"--schedule: {token!r} necesita 0 ≤ instante < {duration:g} y "
                "entre 1 y 1000 instancias"
            )
        events.append(event)
    return sorted(events)


def _stateless_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    duration = args.duration or 120.0
    if duration > 3600 or (args.rate or 0) > 50:
        raise ValueError("--duration debe ser ≤ 3600 s y --rate ≤ 50 sesiones/s")
    rate = args.rate or float(rng.choice([2, 4, 6]))
    base = stateless.random_fleet(
        subseed(rng), duration_s=duration, session_rate=rate, changes=rng.randint(3, 6)
    ).as_dict()
    if args.instances:
        base["initial_instances"] = args.instances
    if args.schedule is not None:
        base["schedule"] = _parse_schedule(args.schedule, duration)
    return base


def _stateless_fleet(problem: Problem) -> stateless.FleetProblem:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    events = tuple(stateless.ScaleEvent(float(t), int(n)) for t, n in problem["schedule"])
    return stateless.FleetProblem(**{**problem, "schedule": events})


def _stateless_describe(problem: Problem) -> str:
    changes = ", ".join(f"t={t:g} s → {n}" for t, n in problem["schedule"]) or "ninguno"
    return (
        f"Flota de {problem['initial_instances']} instancias tras un balanceador, "
        f"{problem['session_rate']:g} sesiones nuevas por segundo durante "
        f"{problem['duration_s']:g} s, {problem['requests_per_session']} peticiones por sesión. "
        f"Cambios de tamaño: {changes}.\n¿Cuántas sesiones se pierden con el estado en la "
        "memoria de la instancia y cuántas con un almacén compartido?"
    )


def _stateless_solve(problem: Problem) -> Solution:
    from dadsbook.systems.web_servers import stateless  # aiohttp: solo si se usa

    results = stateless.compare_stores(_stateless_fleet(problem))
    data = {s: r.as_dict() for s, r in results.items()}
    return Solution(
        str(stateless.stores_table(results)), data, lambda: stateless.stores_figure(results)
    )


STATELESS = Simulator(
    "stateless",
    "sesiones en memoria o en un almacén compartido con autoescalado (capítulo Servidores web)",
    _stateless_args,
    _stateless_problem,
    _stateless_describe,
    _stateless_solve,
    "sistemas/servidores-web",
)

SIMULATORS = (STATELESS,)

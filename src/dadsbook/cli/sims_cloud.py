"""Simuladores de la cocina y de la nube para la línea de órdenes."""

from __future__ import annotations

import argparse
import random

from dadsbook import kitchen
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.spanish import fraction, int_at_least, number, number_list
from dadsbook.systems.cloud import figures, load_balancing, scale_sets, serverless
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Cocina -----------------------------------------------------------------
def _kitchen_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chefs", type=int_at_least(1, 64), help="número de chefs (≥ 1)")
    parser.add_argument(
        "--interleave", action=argparse.BooleanOptionalAction, default=None,
        help="si un chef puede intercalar recetas mientras algo hierve",
    )  # fmt: skip
    parser.add_argument(
        "--recipe", action="append", metavar="NOMBRE=a5,w20,a2",
        help="una receta: pasos activos (a) y de espera (w) con sus minutos; repetible",
    )  # fmt: skip


def _parse_recipe(text: str) -> dict[str, object]:
    name, _, steps = text.partition("=")
    if not name.strip() or not steps:
        raise ValueError(f"--recipe debe tener la forma NOMBRE=a5,w20,a2; se recibió {text!r}")
    parsed = []
    for i, item in enumerate(steps.split(",")):
        item = item.strip()
        kind = {"a": "active", "w": "wait"}.get(item[:1])
        try:
            minutes = float(item[1:])
        except ValueError:
            kind = None
        if kind is None:
            raise ValueError(f"--recipe: paso {item!r} no válido; usa a<minutos> o w<minutos>")
        parsed.append({"name": f"paso {i + 1}", "kind": kind, "minutes": minutes})
    return {"name": name.strip(), "steps": parsed}


def _kitchen_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.recipe:
        recipes = [_parse_recipe(text) for text in args.recipe]
    else:
        recipes = []
        for r in range(rng.randint(2, 4)):
            steps = [
                {
                    "name": f"paso {s + 1}",
                    "kind": rng.choice(["active", "active", "wait"]),
                    "minutes": rng.randint(1, 20),
                }
                for s in range(rng.randint(2, 4))
            ]
            recipes.append({"name": f"receta {r + 1}", "steps": steps})
    chefs = args.chefs if args.chefs is not None else rng.randint(1, 3)
    interleave = args.interleave if args.interleave is not None else rng.random() < 0.5
    return {"recipes": recipes, "chefs": chefs, "interleave": interleave}


def _kitchen_recipes(problem: Problem) -> list[kitchen.Recipe]:
    return [
        kitchen.recipe(r["name"], *((s["name"], s["kind"], s["minutes"]) for s in r["steps"]))
        for r in problem["recipes"]
    ]


def _kitchen_describe(problem: Problem) -> str:
    mode = "intercalando recetas" if problem["interleave"] else "una receta de principio a fin"
    lines = [f"Cocina con {problem['chefs']} chef(s), {mode}. El menú:"]
    lines.append(str(kitchen.menu_table(_kitchen_recipes(problem))))
    lines.append("¿Cuántos minutos tarda el menú completo? ¿Qué hace cada chef y cuándo?")
    return "\n".join(lines)


def _kitchen_solve(problem: Problem) -> Solution:
    result = kitchen.cook(
        _kitchen_recipes(problem), chefs=problem["chefs"], interleave=problem["interleave"]
    )
    rows = [
        (t.recipe, t.step, "activo" if t.kind == "active" else "espera",
         "fuego" if t.chef is None else f"chef {t.chef + 1}", t.start, t.end)
        for t in result.tasks
    ]  # fmt: skip
    table = Table(("receta", "paso", "tipo", "quién", "inicio", "fin"), rows)
    text = (
        f"{table}\n\nTotal: {result.makespan:g} minutos; "
        f"manos ocupadas: {100 * result.utilization:.0f} % del tiempo de los chefs."
    )
    data = {
        "makespan": result.makespan,
        "utilization": result.utilization,
        "tasks": [
            {"recipe": t.recipe, "step": t.step, "kind": t.kind, "chef": t.chef,
             "start": t.start, "end": t.end}
            for t in result.tasks
        ],
    }  # fmt: skip
    return Solution(text, data, lambda: result.gantt())


KITCHEN = Simulator(
    "kitchen", "la cocina: chefs, recetas y esperas (capítulo Conceptos)",
    _kitchen_args, _kitchen_problem, _kitchen_describe, _kitchen_solve, "conceptos",
)  # fmt: skip


# --- Balanceo de carga ------------------------------------------------------
def _balancer_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy", choices=load_balancing.POLICIES, help="política del balanceador"
    )
    parser.add_argument(
        "--speeds", type=number_list(0, strict=True), help="velocidades, p. ej. 1,1,0.5,0.25"
    )
    parser.add_argument(
        "--load", type=fraction, help="carga de la flota, entre 0 y 1 (sin incluirlos)"
    )
    parser.add_argument("--requests", type=int_at_least(1, 10_000_000), help="peticiones a simular")


def _balancer_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    speeds = args.speeds or [round(rng.uniform(0.2, 1.0), 2) for _ in range(rng.randint(2, 6))]
    return {
        "policy": args.policy or rng.choice(load_balancing.POLICIES),
        "speeds": speeds,
        "load": args.load if args.load is not None else round(rng.uniform(0.3, 0.9), 2),
        "requests": args.requests or 5000,
        "seed": rng.randrange(2**31),
    }


def _balancer_describe(problem: Problem) -> str:
    return (
        f"Balanceador «{problem['policy']}» ante {problem['requests']} peticiones, carga "
        f"{100 * problem['load']:.0f} % de la capacidad, servidores de velocidades "
        f"{problem['speeds']}. ¿Cuánto tarda la petición mediana y la del percentil 99?"
    )


def _balancer_solve(problem: Problem) -> Solution:
    servers = [load_balancing.Server(chr(65 + i), s) for i, s in enumerate(problem["speeds"])]
    result = load_balancing.simulate_balancer(
        problem["policy"], servers, load=problem["load"], requests=problem["requests"],
        seed=problem["seed"],
    )  # fmt: skip
    rows = [(s.name, s.speed, n) for s, n in zip(servers, result.per_server, strict=True)]
    text = (
        f"{Table(('servidor', 'velocidad', 'peticiones'), rows)}\n\n"
        f"Latencia: p50 {1000 * result.p50_s:.1f} ms, p99 {1000 * result.p99_s:.1f} ms."
    )
    return Solution(
        text, result.as_dict(), lambda: figures.balancer_tail({problem["policy"]: [result]})
    )


BALANCER = Simulator(
    "balancer", "balanceo de carga sobre servidores distintos (capítulo Nube)",
    _balancer_args, _balancer_problem, _balancer_describe, _balancer_solve, "sistemas/nube",
)  # fmt: skip


# --- Funciones bajo demanda -------------------------------------------------
def _serverless_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--concurrency", type=int_at_least(1), help="eventos a la vez por instancia"
    )
    parser.add_argument("--max-instances", type=int_at_least(1), help="límite de instancias")
    parser.add_argument("--cold-start", type=number(0, strict=False), help="arranque en frío (s)")
    parser.add_argument("--rate", type=number(0), help="eventos por segundo fuera de las ráfagas")
    parser.add_argument("--burst", type=number(0), help="eventos por segundo en las ráfagas")
    parser.add_argument("--duration", type=number(0), help="segundos simulados")


def _serverless_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    return {
        "concurrency": args.concurrency or rng.choice([1, 2, 4, 8, 16]),
        "max_instances": args.max_instances or rng.randint(5, 30),
        "cold_start_s": args.cold_start
        if args.cold_start is not None
        else round(rng.uniform(0.2, 3), 1),
        "rate_per_s": args.rate or round(rng.uniform(0.5, 5), 1),
        "burst_per_s": args.burst or round(rng.uniform(10, 60), 1),
        "duration_s": args.duration or 600.0,
        "seed": rng.randrange(2**31),
    }


def _serverless_describe(problem: Problem) -> str:
    return (
        f"Funciones bajo demanda: {problem['rate_per_s']} eventos/s con ráfagas de "
        f"{problem['burst_per_s']}/s durante {problem['duration_s']:g} s; {problem['concurrency']} "
        f"evento(s) por instancia, como mucho {problem['max_instances']} instancias, arranque en "
        f"frío de {problem['cold_start_s']} s. ¿Cuántos arranques en frío y qué latencia?"
    )


def _serverless_solve(problem: Problem) -> Solution:
    config = serverless.ServerlessConfig(
        cold_start_s=problem["cold_start_s"], concurrency=problem["concurrency"],
        max_instances=problem["max_instances"],
    )  # fmt: skip
    result = serverless.simulate_serverless(
        config, rate_per_s=problem["rate_per_s"], burst_per_s=problem["burst_per_s"],
        duration_s=problem["duration_s"], seed=problem["seed"],
    )  # fmt: skip
    return Solution(
        str(serverless.summary_table({"simulación": result})),
        result.as_dict(),
        lambda: figures.serverless_timeline({"simulación": result}),
    )


SERVERLESS = Simulator(
    "serverless", "funciones bajo demanda con arranques en frío (capítulo Nube)",
    _serverless_args, _serverless_problem, _serverless_describe, _serverless_solve, "sistemas/nube",
)  # fmt: skip


# --- Grupos de escalado -----------------------------------------------------
def _scaleset_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provisioning", type=int_at_least(0), help="segundos hasta que una instancia está lista"
    )
    parser.add_argument(
        "--min", type=int_at_least(1), dest="min_instances", help="instancias mínimas"
    )
    parser.add_argument(
        "--max", type=int_at_least(1), dest="max_instances", help="instancias máximas"
    )
    parser.add_argument("--duration", type=int_at_least(60), help="segundos simulados")


def _scaleset_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    return {
        "provisioning_s": args.provisioning
        if args.provisioning is not None
        else rng.choice([60, 180, 600]),
        "min_instances": args.min_instances or 2,
        "max_instances": args.max_instances or 20,
        "duration_s": args.duration or 7200,
        "demand_seed": rng.randrange(2**31),
    }


def _scaleset_describe(problem: Problem) -> str:
    return (
        f"Grupo de escalado entre {problem['min_instances']} y {problem['max_instances']} "
        f"instancias que tardan {problem['provisioning_s']} s en arrancar, ante "
        f"{problem['duration_s']} s de demanda con un pico. ¿Cuánta demanda queda sin atender?"
    )


def _scaleset_solve(problem: Problem) -> Solution:
    rule = scale_sets.ScaleRule(
        min_instances=problem["min_instances"], max_instances=problem["max_instances"],
        provisioning_s=problem["provisioning_s"],
    )  # fmt: skip
    demand = scale_sets.random_demand(problem["demand_seed"], problem["duration_s"])
    result = scale_sets.simulate_scale_set(rule, demand=demand, seed=problem["demand_seed"])
    data = result.as_dict()
    text = (
        f"Demanda sin atender: {100 * result.unserved_fraction:.1f} %; coste "
        f"{result.instance_seconds / 3600:.1f} instancia·hora; "
        f"pico de {data['peak_instances']} instancias."
    )
    return Solution(text, data, lambda: figures.scale_set_timeline({"regla": result}))


SCALESET = Simulator(
    "scaleset", "grupo de instancias que escala con la CPU (capítulo Nube)",
    _scaleset_args, _scaleset_problem, _scaleset_describe, _scaleset_solve, "sistemas/nube",
)  # fmt: skip

SIMULATORS = (KITCHEN, BALANCER, SERVERLESS, SCALESET)

"""Los simuladores del capítulo «Conceptos» para la línea de órdenes: ``kitchen``.

``kitchen`` es la cocina de :mod:`dadsbook.concepts.kitchen`: chefs, recetas con pasos
activos y esperas, y si un chef intercala recetas mientras algo hierve.

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import Figures, num, option, pct, plural, switch
from dadsbook.cli.spanish import integer, shown
from dadsbook.tables import Table

if TYPE_CHECKING:
    from dadsbook.concepts import kitchen

__all__ = ["CHAPTER", "KITCHEN"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.concepts.figures")

#: La página del libro de estos simuladores.
CHAPTER = "conceptos"


# --- Cocina -----------------------------------------------------------------
RECIPES_MAX, STEPS_MAX, MINUTES_MAX = 50, 50, 10_000.0


def _kitchen_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--chefs", type=integer(1, 64), metavar="N", omitted="al azar entre 1 y 3",
        help="número de chefs",
    )  # fmt: skip
    switch(
        parser,
        "--interleave",
        help="un chef intercala recetas mientras algo hierve; --no-interleave, no",
    )
    option(
        parser, "--recipe", action="append", metavar="NOMBRE=a5,w20,a2",
        help="una receta: pasos activos (a) y de espera (w) con sus minutos, separados por "
        f"comas; repetible (hasta {RECIPES_MAX} recetas de {STEPS_MAX} pasos)",
    )  # fmt: skip


def _parse_recipe(text: str) -> dict[str, object]:
    name, _, steps = text.partition("=")
    if not name.strip() or not steps:
        raise ValueError(f"--recipe debe tener la forma NOMBRE=a5,w20,a2; se recibió {shown(text)}")
    if steps.count(",") >= STEPS_MAX:
        raise ValueError(f"--recipe: como mucho {STEPS_MAX} pasos por receta")
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
        if not 0 < minutes <= MINUTES_MAX:
            raise ValueError(
                f"--recipe: paso {item!r}: los minutos deben ser > 0 y ≤ {num(MINUTES_MAX)}"
            )
        parsed.append({"name": f"paso {i + 1}", "kind": kind, "minutes": minutes})
    return {"name": name.strip(), "steps": parsed}


def _kitchen_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    if args.recipe:
        if len(args.recipe) > RECIPES_MAX:
            raise ValueError(f"--recipe: como mucho {RECIPES_MAX} recetas")
        recipes = [_parse_recipe(text) for text in args.recipe]
        names = [str(r["name"]) for r in recipes]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"--recipe: nombres de receta repetidos: {', '.join(repeated)}")
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


def _kitchen_cost(problem: ProblemData) -> Cost:
    recipes = problem["recipes"]
    steps = sum(len(r["steps"]) for r in recipes)
    return Cost(steps * (len(recipes) + STEPS_MAX + problem["chefs"]), "--recipe", steps)


def _kitchen_recipes(problem: ProblemData) -> list[kitchen.Recipe]:
    from dadsbook.concepts import kitchen

    return [
        kitchen.recipe(r["name"], *((s["name"], s["kind"], s["minutes"]) for s in r["steps"]))
        for r in problem["recipes"]
    ]


def _kitchen_describe(problem: ProblemData) -> str:
    from dadsbook.concepts import kitchen

    mode = "intercalando recetas" if problem["interleave"] else "una receta de principio a fin"
    lines = [f"Cocina con {plural(problem['chefs'], 'chef')}, {mode}. El menú:"]
    lines.append(str(kitchen.menu_table(_kitchen_recipes(problem))))
    lines.append("¿Cuántos minutos tarda el menú completo? ¿Qué hace cada chef y cuándo?")
    return "\n".join(lines)


def _kitchen_solve(problem: ProblemData) -> Solution:
    from dadsbook.concepts import kitchen

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
        f"{table}\n\nTotal: {num(result.makespan)} minutos; "
        f"manos ocupadas: {pct(result.utilization, 0)} del tiempo de los chefs."
    )
    data = {
        "makespan": result.makespan,
        "utilization": result.utilization,
        "tasks": [dataclasses.asdict(t) for t in result.tasks],
    }
    return Solution(text, data, _figure("kitchen_figure", result))


KITCHEN = Simulator(
    name="kitchen",
    chapter=CHAPTER,
    help="la cocina: chefs, recetas y esperas",
    add_arguments=_kitchen_args,
    make_problem=_kitchen_problem,
    describe=_kitchen_describe,
    solve=_kitchen_solve,
    cost=_kitchen_cost,
    example=Example(
        "dos chefs que intercalan una sopa (5 min activos, 20 hirviendo, 2 activos) y una ensalada",
        "--chefs 2 --interleave --recipe sopa=a5,w20,a2 --recipe ensalada=a4,a6,a2 -c",
    ),
    max_steps=500_000,
)

"""Los simuladores del capítulo «Programación» para la línea de órdenes.

``coroutines``: corrutinas en un planificador cooperativo por turno rotatorio.
``interleavings``: **todos** los órdenes en que pueden intercalarse los hilos de un
programa pequeño (:mod:`dadsbook.software.programming.interleavings`, al estilo de
``x86.py`` de OSTEP): qué valores finales son posibles, cuántos entrelazados llevan a
cada uno y si alguno se queda colgado.

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import math
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import Figures, matching, num, option, plural, subseed
from dadsbook.cli.spanish import choice, int_list, integer

if TYPE_CHECKING:
    from dadsbook.software.programming.interleavings import Program

__all__ = ["CHAPTER", "COROUTINES", "INTERLEAVINGS"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.software.programming.figures")

#: La página del libro de estos simuladores.
CHAPTER = "software/programacion"


# --- Corrutinas con turno rotatorio cooperativo -------------------------------------------------
def _coroutines_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--steps", type=int_list(1, 1000, max_items=26), metavar="PASOS",
        help="pasos de cálculo de cada tarea, separados por comas (hasta 26 tareas)",
    )  # fmt: skip
    option(
        parser, "--sleeps", type=int_list(0, 1000, max_items=26), metavar="TURNOS",
        omitted="ninguna duerme",
        help="turnos que duerme cada tarea tras cada paso, separados por comas; "
        "necesita --steps",
    )  # fmt: skip


def _coroutines_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.software.programming import coroutines

    if args.steps is not None:
        matching("--sleeps", args.sleeps, "--steps", len(args.steps))
        sleeps = args.sleeps or [0] * len(args.steps)
        if sum(args.steps) * (1 + max(sleeps)) > 9000:
            raise ValueError("--steps admite hasta 26 tareas y pasos × (1 + siesta) ≤ 9000")
        return {
            "tasks": [
                {"name": f"t{i + 1}", "steps": s, "sleep": z}
                for i, (s, z) in enumerate(zip(args.steps, sleeps, strict=True))
            ]
        }
    if args.sleeps is not None:
        raise ValueError("--sleeps necesita --steps con los pasos de cada tarea")
    found = coroutines.random_tasks(subseed(rng), rng.randint(2, 4))
    return {"tasks": [t.as_dict() for t in found]}


def _coroutines_cost(problem: ProblemData) -> Cost:
    turns = sum(2 * t["steps"] for t in problem["tasks"])
    return Cost(turns, "--steps", len(problem["tasks"]) * 2)


def _coroutines_describe(problem: ProblemData) -> str:
    tasks = "; ".join(
        f"{t['name']}: {plural(t['steps'], 'paso')}, duerme {plural(t['sleep'], 'turno')}"
        for t in problem["tasks"]
    )
    return (
        f"Corrutinas en un planificador cooperativo por turno rotatorio — {tasks}.\n"
        "¿Qué tarea corre en cada turno y qué hace?"
    )


def _coroutines_solve(problem: ProblemData) -> Solution:
    from dadsbook.software.programming import coroutines

    trace = coroutines.run_specs([coroutines.TaskSpec(**t) for t in problem["tasks"]])
    text = f"{coroutines.trace_table(trace)}\n\nTurnos: {num(trace[-1].tick + 1)}."

    return Solution(text, {"trace": [s.as_dict() for s in trace]}, _figure("trace_figure", trace))


COROUTINES = Simulator(
    name="coroutines",
    chapter=CHAPTER,
    help="corrutinas en un planificador cooperativo por turno rotatorio",
    add_arguments=_coroutines_args,
    make_problem=_coroutines_problem,
    describe=_coroutines_describe,
    solve=_coroutines_solve,
    cost=_coroutines_cost,
    example=Example(
        "dos corrutinas de 3 pasos; la segunda duerme 2 turnos tras cada paso",
        "--steps 3,3 --sleeps 0,2 -c",
    ),
    max_steps=20_000,
)


#: Los programas del capítulo (los de ``interleavings.PROGRAMS``), sin importar el módulo.
PROGRAM_NAMES = (
    "contador", "contador-con-cerrojo", "dos-cerrojos", "orden-global", "bufer-if",
    "bufer-while", "bufer-dos-condiciones",
)  # fmt: skip
#: Hilos y pasos del contador aleatorio de ``-s`` y su producto máximo (los límites de
#: ``random_counter_program`` y ``interleavings.MAX_COUNTER_WORK``).
THREADS_MAX, STEPS_MAX, WORK_MAX = 4, 3, 6
#: Estados que explora como mucho ``explore``: ``interleavings.MAX_STATES``, el tope del
#: capítulo (las pruebas comprueban que estas copias no se separan del módulo).
STATES_MAX = 50_000
#: Tope del coste declarado: la mitad del del capítulo, porque la estimación no es una
#: cota exacta (``explore`` se detiene de todos modos en :data:`STATES_MAX`).
COST_MAX = STATES_MAX // 2


def _interleavings_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--program", type=choice(PROGRAM_NAMES), metavar="PROGRAMA",
        omitted="un contador al azar según -s",
        help="un programa del capítulo: " + ", ".join(PROGRAM_NAMES),
    )  # fmt: skip
    option(
        parser, "--threads", type=integer(1, THREADS_MAX), metavar="HILOS",
        omitted="al azar entre 2 y 3",
        help=f"hilos del contador aleatorio (1 a {THREADS_MAX}; hilos × pasos ≤ {WORK_MAX}); "
        "no va con --program",
    )  # fmt: skip
    option(
        parser, "--steps", type=integer(1, STEPS_MAX), metavar="PASOS",
        omitted="al azar entre 1 y 2",
        help=f"incrementos de cada hilo del contador aleatorio (1 a {STEPS_MAX}); "
        "no va con --program",
    )  # fmt: skip


def _as_problem(program: Program) -> ProblemData:
    return {
        "name": program.name,
        "description": program.description,
        "threads": [list(t) for t in program.threads],
        "initial": dict(sorted(program.initial.items())),
        "expected": None if program.expected is None else dict(sorted(program.expected.items())),
    }


def _program(problem: ProblemData) -> Program:
    from dadsbook.software.programming.interleavings import Program

    return Program(
        problem["name"],
        tuple(tuple(t) for t in problem["threads"]),
        problem["initial"],
        problem["description"],
        problem["expected"],
    )


def _interleavings_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.software.programming import interleavings

    if args.program is not None:
        if args.threads is not None or args.steps is not None:
            raise ValueError("--threads y --steps son del contador aleatorio; no van con --program")
        return _as_problem(interleavings.PROGRAMS[args.program])
    given = args.threads is not None and args.steps is not None
    if given and args.threads * args.steps > WORK_MAX:
        raise ValueError(
            f"--threads × --steps debe ser como mucho {WORK_MAX} (se prueban todos los "
            f"órdenes); se recibió {args.threads} × {args.steps}"
        )
    steps = args.steps if args.steps is not None else rng.randint(1, 2)
    threads = args.threads
    if threads is None:
        threads = rng.randint(min(2, WORK_MAX // steps), min(3, WORK_MAX // steps))
    elif args.steps is None:
        steps = min(steps, WORK_MAX // threads)
    return _as_problem(interleavings.random_counter_program(rng, threads=threads, steps=steps))


def estimated_states(problem: ProblemData) -> float:
    """Los estados que visitará la exploración, estimados sin explorar.

    Un estado es la posición de cada hilo, sus registros y las variables compartidas.
    Las posiciones dan ``∏ (instrucciones + 1)``; si todos los hilos toman un cerrojo,
    los valores quedan fijados por el orden de los cerrojos y basta con eso. Si no, la
    variable compartida puede valer cualquier cosa hasta el total esperado, y cada hilo
    ver uno distinto: ``posiciones × (total + 1) × hilos``. Para los programas del
    capítulo y todos los contadores que acepta la orden (hilos × pasos ≤ 6), la
    estimación queda por encima de los estados reales (lo comprueban las pruebas).
    """
    threads = problem["threads"]
    positions = math.prod(len(t) + 1 for t in threads)
    locked = all(any(i.split()[0] == "lock" for i in t) for t in threads)
    if locked:
        return float(positions)
    total = sum((problem["expected"] or {}).values()) or 1
    return float(positions * (total + 1) * len(threads))


def _interleavings_cost(problem: ProblemData) -> Cost:
    return Cost(estimated_states(problem), "--threads/--steps", 12)


def _interleavings_describe(problem: ProblemData) -> str:
    program = _program(problem)
    what = program.description or plural(len(program.threads), "hilo")
    return "\n".join(
        [
            f"Programa «{program.name}»: {what}. Cada instrucción es atómica y entre dos "
            "cualesquiera el planificador puede cambiar de hilo.",
            "",
            program.listing(),
            "",
            "¿Qué valores finales son posibles y cuántos entrelazados llevan a cada uno? "
            "¿Hay interbloqueo?",
        ]
    )


def _interleavings_solve(problem: ProblemData) -> Solution:
    from dadsbook.software.programming import interleavings

    try:
        result = interleavings.explore(_program(problem), max_states=STATES_MAX)
    except ValueError as error:  # la cota de estados se quedó corta: dilo con las opciones
        raise ValueError(f"--threads/--steps: {error}") from None
    data = {
        "finals": dict(sorted(result.finals.items())),
        "interleavings": result.interleavings,
        "states": result.states,
        "deadlocks": result.deadlocks,
        "asleep": result.asleep,
        "violations": result.violations,
        "outcomes": dict(result.outcomes),
        "race": len(result.finals) > 1,
    }

    return Solution(
        result.report(),
        data,
        Figures("dadsbook.software.programming.interleavings_figure")("outcomes_figure", result),
    )


INTERLEAVINGS = Simulator(
    name="interleavings",
    chapter=CHAPTER,
    help="todos los entrelazados de un programa pequeño: carreras e interbloqueos",
    add_arguments=_interleavings_args,
    make_problem=_interleavings_problem,
    describe=_interleavings_describe,
    solve=_interleavings_solve,
    cost=_interleavings_cost,
    example=Example(
        "dos hilos que toman dos cerrojos en orden opuesto: ¿se pueden quedar esperándose?",
        "--program dos-cerrojos -c",
    ),
    max_steps=COST_MAX,
)

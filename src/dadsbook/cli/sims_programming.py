"""El simulador de entrelazados del capítulo de programación: ``interleavings``.

Explora **todos** los órdenes en que pueden intercalarse los hilos de un programa
pequeño (:mod:`dadsbook.software.programming.interleavings`, al estilo de ``x86.py`` de
OSTEP) y dice qué valores finales son posibles, cuántos entrelazados llevan a cada uno y
si alguno se queda colgado. El módulo del capítulo se importa al usarlo.
"""

from __future__ import annotations

import argparse
import math
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import option, plural
from dadsbook.cli.spanish import choice, integer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.software.programming.interleavings import Program

__all__ = ["SIMULATORS"]

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


def _args(parser: argparse.ArgumentParser) -> None:
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


def _as_problem(program: Program) -> Problem:
    return {
        "name": program.name,
        "description": program.description,
        "threads": [list(t) for t in program.threads],
        "initial": dict(sorted(program.initial.items())),
        "expected": None if program.expected is None else dict(sorted(program.expected.items())),
    }


def _program(problem: Problem) -> Program:
    from dadsbook.software.programming.interleavings import Program

    return Program(
        problem["name"],
        tuple(tuple(t) for t in problem["threads"]),
        problem["initial"],
        problem["description"],
        problem["expected"],
    )


def _problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def estimated_states(problem: Problem) -> float:
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


def _cost(problem: Problem) -> Cost:
    return Cost(estimated_states(problem), "--threads/--steps", 12)


def _describe(problem: Problem) -> str:
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


def _solve(problem: Problem) -> Solution:
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

    def figure() -> Figure:
        from dadsbook.software.programming import interleavings_figure

        return interleavings_figure.outcomes_figure(result)

    return Solution(result.report(), data, figure)


INTERLEAVINGS = Simulator(
    "interleavings", _args, _problem, _describe, _solve, _cost,
    Example(
        "dos hilos que toman dos cerrojos en orden opuesto: ¿se pueden quedar esperándose?",
        "--program dos-cerrojos -c",
    ),
    max_steps=COST_MAX,
)  # fmt: skip

SIMULATORS = (INTERLEAVINGS,)

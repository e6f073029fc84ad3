"""Simuladores de planificación de los capítulos de sistemas operativos y programación.

``multitasking`` (cooperativa frente a apropiativa), ``mlfq`` (cola multinivel con
realimentación), ``policymix`` (FIFO, SJF, STCF, RR y MLFQ sobre una mezcla) y
``coroutines`` (un planificador cooperativo sobre corrutinas). Los módulos del capítulo
se importan al usarlos.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, listing, matching, num, option, plural, subseed
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list, token_list

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from dadsbook.tables import Table

__all__ = ["SIMULATORS"]

#: Tareas o trabajos que se pueden dar en una lista.
JOBS_MAX = 1000
#: Ticks (o unidades de tiempo) de una duración o una llegada.
TIME_MAX = 1_000_000


# --- Multitarea cooperativa y apropiativa ---------------------------------------------------
def _multitasking_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--work", type=number_list(0, TIME_MAX, strict=True, max_items=JOBS_MAX),
        metavar="UNIDADES", omitted=RANDOM,
        help="unidades de CPU de cada tarea, separados por comas, p. ej. 40,3,3",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=number_list(0, TIME_MAX, max_items=JOBS_MAX),
        metavar="LLEGADAS", omitted="todas en 0",
        help="llegada de cada tarea, separados por comas; necesita --work",
    )  # fmt: skip
    option(
        parser, "--bursts", type=token_list(JOBS_MAX), metavar="never,0.5,0.5",
        omitted="ninguna cede",
        help="cada cuánto cede cada tarea, separados por comas (never: nunca); necesita --work",
    )  # fmt: skip
    option(
        parser, "--mode", type=choice(("cooperative", "preemptive")), metavar="MODO",
        omitted="los dos", help="cooperative o preemptive",
    )  # fmt: skip
    option(
        parser, "--quantum", type=number(0.001, TIME_MAX, strict=False), metavar="QUANTUM",
        omitted="al azar entre 1 y 2", help="quantum del modo apropiativo (≥ 0.001)",
    )  # fmt: skip


def _parse_bursts(tokens: list[str]) -> list[float | None]:
    bursts: list[float | None] = []
    for token in tokens:
        if token.lower() in ("never", "nunca", "-"):
            bursts.append(None)
            continue
        try:
            value = float(token)
        except ValueError:
            value = -1.0
        if not 0.001 <= value <= TIME_MAX:
            raise ValueError(
                f"--bursts: {token[:20]!r} no válido; usa un número entre 0.001 y "
                f"{TIME_MAX} o never"
            )
        bursts.append(value)
    return bursts


def _multitasking_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.software.operating_system import multitasking

    if args.work is not None:
        matching("--arrivals", args.arrivals, "--work", len(args.work))
        matching("--bursts", args.bursts, "--work", len(args.work))
        arrivals = args.arrivals or [0.0] * len(args.work)
        bursts = _parse_bursts(args.bursts) if args.bursts else [None] * len(args.work)
        tasks = [
            {"name": f"T{i + 1}", "arrival": a, "work": w, "burst": b}
            for i, (a, w, b) in enumerate(zip(arrivals, args.work, bursts, strict=True))
        ]
    elif args.arrivals is not None or args.bursts is not None:
        raise ValueError("--arrivals y --bursts necesitan --work con la CPU de cada tarea")
    else:
        found = multitasking.random_tasks(subseed(rng), rng.randint(3, 4))
        tasks = [dataclasses.asdict(t) for t in found]
    modes = [args.mode] if args.mode else list(multitasking.MODES)
    quantum = args.quantum or float(rng.choice([1, 2]))
    return {"tasks": tasks, "modes": modes, "quantum": quantum}


def _multitasking_cost(problem: Problem) -> Cost:
    tasks = problem["tasks"]
    smallest = min([problem["quantum"], *(t["burst"] for t in tasks if t["burst"] is not None)])
    slices = len(tasks) + sum(t["work"] for t in tasks) / smallest
    steps = len(problem["modes"]) * slices
    return Cost(steps, "--quantum/--bursts", steps)


def _multitasking_describe(problem: Problem) -> str:
    rows = [
        (t["name"], t["arrival"], t["work"], "nunca" if t["burst"] is None else t["burst"])
        for t in problem["tasks"]
    ]
    return "\n".join(
        [
            f"Una CPU; quantum del modo apropiativo: {num(problem['quantum'])}. Las tareas:",
            str(Table(("tarea", "llegada", "CPU", "cede cada"), rows)),
            "¿Cuánto espera cada tarea en multitarea cooperativa y en apropiativa?",
        ]
    )


def _multitasking_solve(problem: Problem) -> Solution:
    from dadsbook.software.operating_system import multitasking

    tasks = [multitasking.Task(**t) for t in problem["tasks"]]
    results = {
        m: multitasking.simulate(tasks, mode=m, quantum=problem["quantum"])
        for m in problem["modes"]
    }
    parts = [
        f"{r.title()}:\n{r.table()}\nRespuesta media {num(r.mean_response)}, peor respuesta "
        f"{num(r.max_response)}, espera más larga {num(r.max_wait)}, fin {num(r.makespan)}."
        for r in results.values()
    ]
    data = {m: r.as_dict() for m, r in results.items()}

    def figure() -> Figure:
        from dadsbook import plotting

        bars = [
            plotting.GanttBar(r.title(), s.start, s.end, s.task)
            for r in results.values()
            for s in r.slices
        ]
        return plotting.gantt(bars, xlabel="tiempo (unidades)")

    return Solution("\n\n".join(parts), data, figure)


MULTITASKING = Simulator(
    "multitasking", _multitasking_args, _multitasking_problem, _multitasking_describe,
    _multitasking_solve, _multitasking_cost,
    Example(
        "una tarea de 40 que nunca cede y dos de 3 que ceden cada 0,5",
        "--work 40,3,3 --bursts never,0.5,0.5 --quantum 2 -c",
    ),
    max_steps=300_000,
)  # fmt: skip


# --- MLFQ ----------------------------------------------------------------------------------------
def _mlfq_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--jobs", type=int_list(1, TIME_MAX, max_items=JOBS_MAX), metavar="TICKS",
        omitted=RANDOM, help="ticks de CPU de cada trabajo, separados por comas",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=int_list(0, TIME_MAX, max_items=JOBS_MAX),
        metavar="TICKS", omitted="todos en 0",
        help="llegada de cada trabajo (ticks), separados por comas; necesita --jobs",
    )  # fmt: skip
    option(
        parser, "--quanta", type=int_list(1, TIME_MAX, max_items=64), metavar="2,4,8",
        omitted="al azar entre 1,2,4 y 2,4,8",
        help="quantum de cada nivel, del más prioritario al menos, separados por comas",
    )  # fmt: skip
    option(
        parser, "--boost", type=integer(1, TIME_MAX), metavar="TICKS",
        omitted="al azar: ninguno o 50", help="periodo del impulso (ticks)",
    )  # fmt: skip


def _jobs_from(args: argparse.Namespace, rng: random.Random) -> list[dict[str, object]]:
    from dadsbook.software.operating_system import mlfq

    if args.jobs is not None:
        matching("--arrivals", args.arrivals, "--jobs", len(args.jobs))
        arrivals = args.arrivals or [0] * len(args.jobs)
        return [
            {"name": f"T{i + 1}", "arrival": a, "work": w}
            for i, (a, w) in enumerate(zip(arrivals, args.jobs, strict=True))
        ]
    if args.arrivals is not None:
        raise ValueError("--arrivals necesita --jobs con la duración de cada trabajo")
    found = mlfq.random_jobs(subseed(rng), rng.randint(2, 4), rng.randint(1, 2), horizon=30)
    return [{"name": j.name, "arrival": j.arrival, "work": j.work} for j in found]


def _ticks(jobs: list[dict[str, int]]) -> int:
    """Ticks que simula la MLFQ como mucho: hasta la última llegada más todo el trabajo."""
    return max(j["arrival"] for j in jobs) + sum(j["work"] for j in jobs)


def _check_ticks(jobs: list[dict[str, int]]) -> None:
    if sum(j["work"] for j in jobs) > TIME_MAX:
        raise ValueError(f"--jobs: el trabajo total no puede superar {TIME_MAX} ticks")


def _mlfq_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    quanta = args.quanta or rng.choice([[1, 2, 4], [2, 4, 8]])
    boost = args.boost if args.boost is not None else rng.choice([None, 50])
    jobs = _jobs_from(args, rng)
    _check_ticks(jobs)  # type: ignore[arg-type]
    return {"jobs": jobs, "quanta": quanta, "boost": boost}


def _mlfq_cost(problem: Problem) -> Cost:
    jobs, boost = problem["jobs"], problem["boost"]
    ticks = _ticks(jobs)
    # Cada tick recorre los trabajos y los niveles; cada impulso, todos los trabajos.
    steps = ticks * (2 + len(problem["quanta"]) / 2 + len(jobs) / 10)
    steps += ticks / boost * len(jobs) if boost else 0
    return Cost(steps, "--jobs/--arrivals", ticks)


def _mlfq_describe(problem: Problem) -> str:
    rows = [(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    boost = (
        f"impulso cada {plural(problem['boost'], 'tick')}" if problem["boost"] else "sin impulso"
    )
    return "\n".join(
        [
            f"MLFQ de {len(problem['quanta'])} niveles con quanta {listing(problem['quanta'])} "
            f"y {boost}. "
            "Los trabajos:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "¿Qué corre en cada tick y en qué nivel? ¿Respuesta y retorno de cada trabajo?",
        ]
    )


def _mlfq_solve(problem: Problem) -> Solution:
    from dadsbook.software.operating_system import mlfq

    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    config = mlfq.MLFQConfig(
        len(problem["quanta"]), tuple(problem["quanta"]), boost=problem["boost"]
    )
    result = mlfq.simulate(jobs, config)
    trace = [f"  [{num(r.start)}; {num(r.end)}) {r.job} en el nivel {r.level}" for r in result.runs]
    text = "\n".join(
        [
            "Traza:",
            *trace,
            "",
            str(result.table()),
            "",
            f"Respuesta media {num(result.mean_response)}; "
            f"retorno medio {num(result.mean_turnaround)}.",
        ]
    )
    data = {
        **result.as_dict(),
        "mean_response": result.mean_response,
        "mean_turnaround": result.mean_turnaround,
    }
    return Solution(text, data, lambda: result.gantt())


MLFQ = Simulator(
    "mlfq", _mlfq_args, _mlfq_problem, _mlfq_describe, _mlfq_solve, _mlfq_cost,
    Example(
        "un trabajo largo de 20 ticks y uno corto de 3 que llega en el tick 5, tres niveles "
        "con quanta 2, 4 y 8",
        "--jobs 20,3 --arrivals 0,5 --quanta 2,4,8 -c",
    ),
    max_steps=3_000_000,
)  # fmt: skip


# --- Cinco políticas sobre una mezcla ------------------------------------------------------------
def _policymix_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--jobs", type=int_list(1, TIME_MAX, max_items=JOBS_MAX), metavar="TICKS",
        omitted=RANDOM,
        help="ticks de CPU de cada trabajo, separados por comas (≤ 10: interactivo)",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=int_list(0, TIME_MAX, max_items=JOBS_MAX),
        metavar="TICKS", omitted="todos en 0",
        help="llegada de cada trabajo (ticks), separados por comas; necesita --jobs",
    )  # fmt: skip
    option(
        parser, "--quantum", type=integer(1, TIME_MAX), metavar="TICKS", omitted="2",
        help="quantum del turno rotatorio",
    )  # fmt: skip


def _policymix_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    jobs = _jobs_from(args, rng)
    _check_ticks(jobs)  # type: ignore[arg-type]
    if args.jobs is not None:
        for job in jobs:  # las ráfagas cortas son las interactivas
            short = int(str(job["work"])) <= 10
            job["name"] = f"{'interactivo' if short else 'lote'} {job['name']}"
    return {"jobs": jobs, "quantum": args.quantum or 2}


def _policymix_cost(problem: Problem) -> Cost:
    jobs = problem["jobs"]
    ticks, work = _ticks(jobs), sum(j["work"] for j in jobs)
    # La MLFQ del capítulo (tres niveles, impulso cada 50 ticks) y el turno rotatorio.
    mlfq_steps = ticks * (3.5 + len(jobs) / 10) + ticks / 50 * len(jobs)
    steps = mlfq_steps + 8 * work / problem["quantum"] + 4 * len(jobs)
    return Cost(steps, "--jobs/--arrivals/--quantum", 15)


def _policymix_describe(problem: Problem) -> str:
    rows = [(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    return "\n".join(
        [
            "Los mismos trabajos con FIFO, SJF, STCF, turno rotatorio (quantum "
            f"{num(problem['quantum'])}) y MLFQ:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "¿Qué política da mejor respuesta a los interactivos y cuál termina antes los lotes?",
        ]
    )


def _policymix_solve(problem: Problem) -> Solution:
    from dadsbook.software.operating_system import mlfq, policy_mix

    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    rows = policy_mix.compare(jobs, quantum=problem["quantum"])

    def figure() -> Figure:
        from dadsbook.software.operating_system import policymix_figure

        return policymix_figure.policies_figure(rows)

    return Solution(str(policy_mix.table(rows)), {"policies": [r.as_dict() for r in rows]}, figure)


POLICYMIX = Simulator(
    "policymix", _policymix_args, _policymix_problem, _policymix_describe, _policymix_solve,
    _policymix_cost,
    Example(
        "dos lotes de 40 ticks y tres trabajos interactivos de 2 que llegan más tarde",
        "--jobs 40,40,2,2,2 --arrivals 0,0,5,10,15 --quantum 2 -c",
    ),
    max_steps=2_000_000,
)  # fmt: skip


# --- Corrutinas con turno rotatorio cooperativo -------------------------------------------------
def _coroutines_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--steps", type=int_list(1, 1000, max_items=26), metavar="PASOS",
        omitted=RANDOM,
        help="pasos de cálculo de cada tarea, separados por comas (hasta 26 tareas)",
    )  # fmt: skip
    option(
        parser, "--sleeps", type=int_list(0, 1000, max_items=26), metavar="TURNOS",
        omitted="ninguna duerme",
        help="turnos que duerme cada tarea tras cada paso, separados por comas; "
        "necesita --steps",
    )  # fmt: skip


def _coroutines_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def _coroutines_cost(problem: Problem) -> Cost:
    turns = sum(2 * t["steps"] for t in problem["tasks"])
    return Cost(turns, "--steps", len(problem["tasks"]) * 2)


def _coroutines_describe(problem: Problem) -> str:
    tasks = "; ".join(
        f"{t['name']}: {plural(t['steps'], 'paso')}, duerme {plural(t['sleep'], 'turno')}"
        for t in problem["tasks"]
    )
    return (
        f"Corrutinas en un planificador cooperativo por turno rotatorio — {tasks}.\n"
        "¿Qué tarea corre en cada turno y qué hace?"
    )


def _coroutines_solve(problem: Problem) -> Solution:
    from dadsbook.software.programming import coroutines

    trace = coroutines.run_specs([coroutines.TaskSpec(**t) for t in problem["tasks"]])
    text = f"{coroutines.trace_table(trace)}\n\nTurnos: {num(trace[-1].tick + 1)}."

    def figure() -> Figure:
        from dadsbook.software.programming import coroutines_figure

        return coroutines_figure.trace_figure(trace)

    return Solution(text, {"trace": [s.as_dict() for s in trace]}, figure)


COROUTINES = Simulator(
    "coroutines", _coroutines_args, _coroutines_problem, _coroutines_describe,
    _coroutines_solve, _coroutines_cost,
    Example(
        "dos corrutinas de 3 pasos; la segunda duerme 2 turnos tras cada paso",
        "--steps 3,3 --sleeps 0,2 -c",
    ),
    max_steps=20_000,
)  # fmt: skip

SIMULATORS = (MULTITASKING, MLFQ, POLICYMIX, COROUTINES)

"""Simuladores de planificación de los capítulos de sistemas operativos y programación.

``multitasking`` (cooperativa frente a apropiativa), ``mlfq`` (cola multinivel con
realimentación), ``policymix`` (FIFO, SJF, STCF, RR y MLFQ sobre una mezcla) y
``coroutines`` (un planificador cooperativo sobre corrutinas).
"""

from __future__ import annotations

import argparse
import dataclasses
import random

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import limit_steps, matching, subseed, token_list
from dadsbook.cli.spanish import int_at_least, int_list, number, number_list
from dadsbook.software.operating_system import mlfq, multitasking, policy_mix
from dadsbook.software.programming import coroutines
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Multitarea cooperativa y apropiativa ---------------------------------------------------
def _multitasking_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--work",
        type=number_list(0, strict=True),
        help="unidades de CPU de cada tarea, p. ej. 40,3,3",
    )
    parser.add_argument("--arrivals", type=number_list(0), help="llegada de cada tarea")
    parser.add_argument(
        "--bursts",
        type=token_list,
        metavar="never,0.5,0.5",
        help="cada cuánto cede cada tarea (never: nunca)",
    )
    parser.add_argument("--mode", choices=multitasking.MODES, help="un modo (los dos si no)")
    parser.add_argument("--quantum", type=number(0), help="quantum del modo apropiativo")


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
        if not 0 < value < 1e9:
            raise ValueError(f"--bursts: {token!r} no válido; usa un número > 0 o never")
        bursts.append(value)
    return bursts


def _multitasking_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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
    smallest = min([quantum, *(t["burst"] for t in tasks if t["burst"] is not None)])
    limit_steps("--quantum/--bursts", sum(t["work"] for t in tasks) / smallest)
    return {"tasks": tasks, "modes": modes, "quantum": quantum}


def _multitasking_describe(problem: Problem) -> str:
    rows = [
        (t["name"], t["arrival"], t["work"], "nunca" if t["burst"] is None else t["burst"])
        for t in problem["tasks"]
    ]
    return "\n".join(
        [
            f"Una CPU; quantum del modo apropiativo: {problem['quantum']:g}. Las tareas:",
            str(Table(("tarea", "llegada", "CPU", "cede cada"), rows)),
            "¿Cuánto espera cada tarea en multitarea cooperativa y en apropiativa?",
        ]
    )


def _multitasking_solve(problem: Problem) -> Solution:
    tasks = [multitasking.Task(**t) for t in problem["tasks"]]
    results = {
        m: multitasking.simulate(tasks, mode=m, quantum=problem["quantum"])
        for m in problem["modes"]
    }
    parts = [
        f"{r.title()}:\n{r.table()}\nRespuesta media {r.mean_response:.3g}, peor respuesta "
        f"{r.max_response:g}, espera más larga {r.max_wait:g}, fin {r.makespan:g}."
        for r in results.values()
    ]
    data = {m: r.as_dict() for m, r in results.items()}

    def figure() -> Figure:
        bars = [
            plotting.GanttBar(r.title(), s.start, s.end, s.task)
            for r in results.values()
            for s in r.slices
        ]
        return plotting.gantt(bars, xlabel="tiempo (unidades)")

    return Solution("\n\n".join(parts), data, figure)


MULTITASKING = Simulator(
    "multitasking",
    "multitarea cooperativa frente a apropiativa (capítulo Sistemas operativos)",
    _multitasking_args,
    _multitasking_problem,
    _multitasking_describe,
    _multitasking_solve,
    "software/sistemas-operativos",
)


# --- MLFQ ----------------------------------------------------------------------------------------
def _mlfq_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int_list(1), help="ticks de CPU de cada trabajo")
    parser.add_argument("--arrivals", type=int_list(0), help="llegada de cada trabajo (ticks)")
    parser.add_argument(
        "--quanta",
        type=int_list(1),
        metavar="2,4,8",
        help="quantum de cada nivel, del más prioritario al menos",
    )
    parser.add_argument("--boost", type=int_at_least(1), help="periodo del impulso (ticks)")


def _jobs_from(args: argparse.Namespace, rng: random.Random) -> list[dict[str, object]]:
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


def _mlfq_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    quanta = args.quanta or rng.choice([[1, 2, 4], [2, 4, 8]])
    boost = args.boost if args.boost is not None else rng.choice([None, 50])
    return {"jobs": _jobs_from(args, rng), "quanta": quanta, "boost": boost}


def _mlfq_describe(problem: Problem) -> str:
    rows = [(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    boost = f"impulso cada {problem['boost']} ticks" if problem["boost"] else "sin impulso"
    return "\n".join(
        [
            f"MLFQ de {len(problem['quanta'])} niveles con quanta {problem['quanta']} y {boost}. "
            "Los trabajos:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "¿Qué corre en cada tick y en qué nivel? ¿Respuesta y retorno de cada trabajo?",
        ]
    )


def _mlfq_solve(problem: Problem) -> Solution:
    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    config = mlfq.MLFQConfig(
        len(problem["quanta"]), tuple(problem["quanta"]), boost=problem["boost"]
    )
    result = mlfq.simulate(jobs, config)
    trace = [f"  [{r.start}, {r.end}) {r.job} en el nivel {r.level}" for r in result.runs]
    text = "\n".join(
        [
            "Traza:",
            *trace,
            "",
            str(result.table()),
            "",
            f"Respuesta media {result.mean_response:.3g}; "
            f"retorno medio {result.mean_turnaround:.3g}.",
        ]
    )
    data = {
        **result.as_dict(),
        "mean_response": result.mean_response,
        "mean_turnaround": result.mean_turnaround,
    }
    return Solution(text, data, lambda: result.gantt())


MLFQ = Simulator(
    "mlfq",
    "cola multinivel con realimentación (MLFQ) de OSTEP (capítulo Sistemas operativos)",
    _mlfq_args,
    _mlfq_problem,
    _mlfq_describe,
    _mlfq_solve,
    "software/sistemas-operativos",
)


# --- Cinco políticas sobre una mezcla ------------------------------------------------------------
def _policymix_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=int_list(1), help="ticks de CPU de cada trabajo (≤ 10: interactivo)"
    )
    parser.add_argument("--arrivals", type=int_list(0), help="llegada de cada trabajo (ticks)")
    parser.add_argument("--quantum", type=int_at_least(1), help="quantum del turno rotatorio")


def _policymix_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    jobs = _jobs_from(args, rng)
    if args.jobs is not None:
        for job in jobs:  # las ráfagas cortas son las interactivas
            short = int(str(job["work"])) <= 10
            job["name"] = f"{'interactivo' if short else 'lote'} {job['name']}"
    return {"jobs": jobs, "quantum": args.quantum or 2}


def _policymix_describe(problem: Problem) -> str:
    rows = [(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    return "\n".join(
        [
            "Los mismos trabajos con FIFO, SJF, STCF, turno rotatorio (quantum "
            f"{problem['quantum']}) y MLFQ:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "¿Qué política da mejor respuesta a los interactivos y cuál termina antes los lotes?",
        ]
    )


def _policymix_solve(problem: Problem) -> Solution:
    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    rows = policy_mix.compare(jobs, quantum=problem["quantum"])
    return Solution(str(policy_mix.table(rows)), {"policies": [r.as_dict() for r in rows]})


POLICYMIX = Simulator(
    "policymix",
    "FIFO, SJF, STCF, RR y MLFQ sobre trabajos interactivos y por lotes "
    "(capítulo Sistemas operativos)",
    _policymix_args,
    _policymix_problem,
    _policymix_describe,
    _policymix_solve,
    "software/sistemas-operativos",
)


# --- Corrutinas con turno rotatorio cooperativo -------------------------------------------------
def _coroutines_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--steps", type=int_list(1), help="pasos de cálculo de cada tarea")
    parser.add_argument("--sleeps", type=int_list(0), help="turnos que duerme tras cada paso")


def _coroutines_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.steps is not None:
        matching("--sleeps", args.sleeps, "--steps", len(args.steps))
        sleeps = args.sleeps or [0] * len(args.steps)
        if len(args.steps) > 26 or sum(args.steps) * (1 + max(sleeps)) > 9000:
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


def _coroutines_describe(problem: Problem) -> str:
    tasks = "; ".join(
        f"{t['name']}: {t['steps']} pasos, duerme {t['sleep']}" for t in problem["tasks"]
    )
    return (
        f"Corrutinas en un planificador cooperativo por turno rotatorio — {tasks}.\n"
        "¿Qué tarea corre en cada turno y qué hace?"
    )


def _coroutines_solve(problem: Problem) -> Solution:
    trace = coroutines.run_specs([coroutines.TaskSpec(**t) for t in problem["tasks"]])
    text = f"{coroutines.trace_table(trace)}\n\nTurnos: {trace[-1].tick + 1}."
    return Solution(text, {"trace": [s.as_dict() for s in trace]})


COROUTINES = Simulator(
    "coroutines",
    "corrutinas en un planificador cooperativo por turno rotatorio (capítulo Programación)",
    _coroutines_args,
    _coroutines_problem,
    _coroutines_describe,
    _coroutines_solve,
    "software/programacion",
)

SIMULATORS = (MULTITASKING, MLFQ, POLICYMIX, COROUTINES)

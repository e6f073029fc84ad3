"""Los simuladores del capítulo «Sistemas operativos» para la línea de órdenes.

``multitasking`` (multitarea cooperativa frente a apropiativa), ``mlfq`` (la cola
multinivel con realimentación de OSTEP), ``policymix`` (cinco políticas sobre una
mezcla de trabajos), ``stealing`` (colas por núcleo con y sin robo de trabajo) y
``nice`` (los pesos de CFS).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from typing import TypedDict

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import (
    Figures,
    listing,
    matching,
    num,
    option,
    pct,
    plural,
    statement,
    subseed,
    trace_report,
)
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list, token_list
from dadsbook.tables import Table

__all__ = ["CHAPTER", "MLFQ", "MULTITASKING", "NICE", "POLICYMIX", "STEALING"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.software.operating_system.figures")

#: La página del libro de estos simuladores.
CHAPTER = "software/sistemas-operativos"

#: Tareas o trabajos que se pueden dar en una lista.
JOBS_MAX = 1000
#: Ticks (o unidades de tiempo) de una duración o una llegada.
TIME_MAX = 1_000_000


# --- Robo de trabajo ---------------------------------------------------------------------------
CORES_MAX, TASKS_MAX = 256, 10_000


def _stealing_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--queues", metavar="5,5,5/1",
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


def _stealing_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.software.operating_system import load_balancing

    if args.queues is not None:
        queues = _parse_queues(args.queues)
    else:
        sizes = load_balancing.random_workload(subseed(rng), rng.randint(6, 12))
        queues = [list(q) for q in load_balancing.block_partition(sizes, rng.randint(2, 4))]
    cost = args.steal_cost if args.steal_cost is not None else float(rng.choice([0, 0.5]))
    return {"queues": queues, "steal_cost": cost, "seed": subseed(rng)}


def _stealing_cost(problem: ProblemData) -> Cost:
    tasks, cores = sum(len(q) for q in problem["queues"]), len(problem["queues"])
    return Cost(2 * tasks * (1 + cores / 10), "--queues", 2 * tasks + 2 * cores)


def _stealing_describe(problem: ProblemData) -> str:
    queues = "\n".join(
        f"  núcleo {c}: {listing(q) or 'vacía'}." for c, q in enumerate(problem["queues"])
    )
    return (
        f"Colas por núcleo (duración de cada tarea):\n{queues}\nCada robo cuesta "
        f"{num(problem['steal_cost'])}. "
        "¿Cuándo termina todo sin robo de trabajo y con él? ¿Cuánto queda ocioso cada núcleo?"
    )


def _stealing_solve(problem: ProblemData) -> Solution:
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
    return Solution("\n\n".join(parts), data, _figure("balances_figure", results))


STEALING = Simulator(
    name="stealing",
    chapter=CHAPTER,
    help="colas por núcleo con y sin robo de trabajo",
    add_arguments=_stealing_args,
    make_problem=_stealing_problem,
    describe=_stealing_describe,
    solve=_stealing_solve,
    cost=_stealing_cost,
    example=Example(
        "un núcleo con tres tareas de 5 y otro con una de 1; cada robo cuesta 0,5",
        "--queues 5,5,5/1 --steal-cost 0.5 -c",
    ),
    max_steps=1_000_000,
)


# --- nice y pesos de CFS --------------------------------------------------------------------------
NICE_MAX = 40


def _nice_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--nice", type=token_list(NICE_MAX), metavar="0,5,-3",
        omitted="de 2 a 4 procesos al azar",
        help=f"nice de cada proceso, de -20 a 19, separados por comas (hasta {NICE_MAX}; con "
        "signo menos, escribe --nice=-3,5)",
    )  # fmt: skip


def _nice_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _nice_cost(problem: ProblemData) -> Cost:
    return Cost(len(problem["nices"]), "--nice", 40)


def _nice_describe(problem: ProblemData) -> str:
    return (
        f"Procesos con nice {listing(problem['nices'])} compiten por una CPU. "
        "¿Qué fracción de la CPU recibe cada uno con CFS?"
    )


def _nice_solve(problem: ProblemData) -> Solution:
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
        _figure("weights_figure", nices),
    )


NICE = Simulator(
    name="nice",
    chapter=CHAPTER,
    help="reparto de la CPU según nice y la tabla de pesos de CFS",
    add_arguments=_nice_args,
    make_problem=_nice_problem,
    describe=_nice_describe,
    solve=_nice_solve,
    cost=_nice_cost,
    example=Example(
        "tres procesos con nice 0, 5 y -3 compitiendo por una CPU",
        "--nice=0,5,-3 -c",
    ),
    max_steps=NICE_MAX,
)


# --- Multitarea cooperativa y apropiativa ---------------------------------------------------
def _multitasking_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--work", type=number_list(0, TIME_MAX, strict=True, max_items=JOBS_MAX),
        metavar="UNIDADES",
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


def _multitasking_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _multitasking_cost(problem: ProblemData) -> Cost:
    tasks = problem["tasks"]
    smallest = min([problem["quantum"], *(t["burst"] for t in tasks if t["burst"] is not None)])
    slices = len(tasks) + sum(t["work"] for t in tasks) / smallest
    steps = len(problem["modes"]) * slices
    return Cost(steps, "--quantum/--bursts", steps)


def _multitasking_describe(problem: ProblemData) -> str:
    rows = [
        (t["name"], t["arrival"], t["work"], "nunca" if t["burst"] is None else t["burst"])
        for t in problem["tasks"]
    ]
    return statement(
        f"Una CPU; quantum del modo apropiativo: {num(problem['quantum'])}. Las tareas:",
        ("tarea", "llegada", "CPU", "cede cada"),
        rows,
        "¿Cuánto espera cada tarea en multitarea cooperativa y en apropiativa?",
    )


def _multitasking_solve(problem: ProblemData) -> Solution:
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
    return Solution("\n\n".join(parts), data, _figure("modes_figure", list(results.values())))


MULTITASKING = Simulator(
    name="multitasking",
    chapter=CHAPTER,
    help="multitarea cooperativa frente a apropiativa",
    add_arguments=_multitasking_args,
    make_problem=_multitasking_problem,
    describe=_multitasking_describe,
    solve=_multitasking_solve,
    cost=_multitasking_cost,
    example=Example(
        "una tarea de 40 que nunca cede y dos de 3 que ceden cada 0,5",
        "--work 40,3,3 --bursts never,0.5,0.5 --quantum 2 -c",
    ),
    max_steps=300_000,
)


# --- MLFQ ----------------------------------------------------------------------------------------
def _tick_jobs_args(parser: argparse.ArgumentParser, note: str = "") -> None:
    """Las ``--jobs`` y ``--arrivals`` en ticks de ``mlfq`` y ``policymix``."""
    option(
        parser, "--jobs", type=int_list(1, TIME_MAX, max_items=JOBS_MAX), metavar="TICKS",
        help=f"ticks de CPU de cada trabajo, separados por comas{note}",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=int_list(0, TIME_MAX, max_items=JOBS_MAX),
        metavar="TICKS", omitted="todos en 0",
        help="llegada de cada trabajo (ticks), separados por comas; necesita --jobs",
    )  # fmt: skip


def _mlfq_args(parser: argparse.ArgumentParser) -> None:
    _tick_jobs_args(parser)
    option(
        parser, "--quanta", type=int_list(1, TIME_MAX, max_items=64), metavar="2,4,8",
        omitted="al azar entre 1,2,4 y 2,4,8",
        help="quantum de cada nivel, del más prioritario al menos, separados por comas",
    )  # fmt: skip
    option(
        parser, "--boost", type=integer(1, TIME_MAX), metavar="TICKS",
        omitted="al azar: ninguno o 50", help="periodo del impulso (ticks)",
    )  # fmt: skip


class _Job(TypedDict):
    """Un trabajo de la MLFQ en el problema: nombre, llegada y trabajo, en ticks."""

    name: str
    arrival: int
    work: int


def _jobs_from(args: argparse.Namespace, rng: random.Random) -> list[_Job]:
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


def _ticks(jobs: list[_Job]) -> int:
    """Ticks que simula la MLFQ como mucho: hasta la última llegada más todo el trabajo."""
    return max(j["arrival"] for j in jobs) + sum(j["work"] for j in jobs)


def _check_ticks(jobs: list[_Job]) -> None:
    if sum(j["work"] for j in jobs) > TIME_MAX:
        raise ValueError(f"--jobs: el trabajo total no puede superar {TIME_MAX} ticks")


def _mlfq_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    quanta = args.quanta or rng.choice([[1, 2, 4], [2, 4, 8]])
    boost = args.boost if args.boost is not None else rng.choice([None, 50])
    jobs = _jobs_from(args, rng)
    _check_ticks(jobs)
    return {"jobs": jobs, "quanta": quanta, "boost": boost}


def _mlfq_cost(problem: ProblemData) -> Cost:
    jobs, boost = problem["jobs"], problem["boost"]
    ticks = _ticks(jobs)
    # Cada tick recorre los trabajos y los niveles; cada impulso, todos los trabajos.
    steps = ticks * (2 + len(problem["quanta"]) / 2 + len(jobs) / 10)
    steps += ticks / boost * len(jobs) if boost else 0
    return Cost(steps, "--jobs/--arrivals", ticks)


def _jobs_statement(intro: str, problem: ProblemData, question: str) -> str:
    """El enunciado con la tabla de los trabajos de ``problem``: nombre, llegada y duración."""
    rows = [(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    return statement(intro, ("trabajo", "llegada", "duración"), rows, question)


def _mlfq_describe(problem: ProblemData) -> str:
    boost = (
        f"impulso cada {plural(problem['boost'], 'tick')}" if problem["boost"] else "sin impulso"
    )
    return _jobs_statement(
        f"MLFQ de {len(problem['quanta'])} niveles con quanta {listing(problem['quanta'])} "
        f"y {boost}. "
        "Los trabajos:",
        problem,
        "¿Qué corre en cada tick y en qué nivel? ¿Respuesta y retorno de cada trabajo?",
    )


def _mlfq_solve(problem: ProblemData) -> Solution:
    from dadsbook.software.operating_system import mlfq

    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    config = mlfq.MLFQConfig(
        len(problem["quanta"]), tuple(problem["quanta"]), boost=problem["boost"]
    )
    result = mlfq.simulate(jobs, config)
    trace = [f"  [{num(r.start)}; {num(r.end)}) {r.job} en el nivel {r.level}" for r in result.runs]
    text = trace_report(
        "Traza:",
        trace,
        result.table(),
        f"Respuesta media {num(result.mean_response)}; "
        f"retorno medio {num(result.mean_turnaround)}.",
    )
    data = {
        **result.as_dict(),
        "mean_response": result.mean_response,
        "mean_turnaround": result.mean_turnaround,
    }

    return Solution(text, data, _figure("mlfq_figure", result))


MLFQ = Simulator(
    name="mlfq",
    chapter=CHAPTER,
    help="cola multinivel con realimentación (MLFQ) de OSTEP",
    add_arguments=_mlfq_args,
    make_problem=_mlfq_problem,
    describe=_mlfq_describe,
    solve=_mlfq_solve,
    cost=_mlfq_cost,
    example=Example(
        "un trabajo largo de 20 ticks y uno corto de 3 que llega en el tick 5, tres niveles "
        "con quanta 2, 4 y 8",
        "--jobs 20,3 --arrivals 0,5 --quanta 2,4,8 -c",
    ),
    max_steps=3_000_000,
)


# --- Cinco políticas sobre una mezcla ------------------------------------------------------------
def _policymix_args(parser: argparse.ArgumentParser) -> None:
    _tick_jobs_args(parser, " (≤ 10: interactivo)")
    option(
        parser, "--quantum", type=integer(1, TIME_MAX), metavar="TICKS", omitted="2",
        help="quantum del turno rotatorio",
    )  # fmt: skip


def _policymix_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    jobs = _jobs_from(args, rng)
    _check_ticks(jobs)
    if args.jobs is not None:
        for job in jobs:  # las ráfagas cortas son las interactivas
            short = int(str(job["work"])) <= 10
            job["name"] = f"{'interactivo' if short else 'lote'} {job['name']}"
    return {"jobs": jobs, "quantum": args.quantum or 2}


def _policymix_cost(problem: ProblemData) -> Cost:
    jobs = problem["jobs"]
    ticks, work = _ticks(jobs), sum(j["work"] for j in jobs)
    # La MLFQ del capítulo (tres niveles, impulso cada 50 ticks) y el turno rotatorio.
    mlfq_steps = ticks * (3.5 + len(jobs) / 10) + ticks / 50 * len(jobs)
    steps = mlfq_steps + 8 * work / problem["quantum"] + 4 * len(jobs)
    return Cost(steps, "--jobs/--arrivals/--quantum", 15)


def _policymix_describe(problem: ProblemData) -> str:
    return _jobs_statement(
        "Los mismos trabajos con FIFO, SJF, STCF, turno rotatorio (quantum "
        f"{num(problem['quantum'])}) y MLFQ:",
        problem,
        "¿Qué política da mejor respuesta a los interactivos y cuál termina antes los lotes?",
    )


def _policymix_solve(problem: ProblemData) -> Solution:
    from dadsbook.software.operating_system import mlfq, policy_mix

    jobs = [mlfq.Job(j["name"], j["arrival"], j["work"]) for j in problem["jobs"]]
    rows = policy_mix.compare(jobs, quantum=problem["quantum"])

    return Solution(
        str(policy_mix.table(rows)),
        {"policies": [r.as_dict() for r in rows]},
        _figure("policies_figure", rows),
    )


POLICYMIX = Simulator(
    name="policymix",
    chapter=CHAPTER,
    help="FIFO, SJF, STCF, RR y MLFQ sobre trabajos interactivos y por lotes",
    add_arguments=_policymix_args,
    make_problem=_policymix_problem,
    describe=_policymix_describe,
    solve=_policymix_solve,
    cost=_policymix_cost,
    example=Example(
        "dos lotes de 40 ticks y tres trabajos interactivos de 2 que llegan más tarde",
        "--jobs 40,40,2,2,2 --arrivals 0,0,5,10,15 --quantum 2 -c",
    ),
    max_steps=2_000_000,
)

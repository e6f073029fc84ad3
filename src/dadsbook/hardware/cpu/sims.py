"""Los simuladores del capítulo «CPU» para la línea de órdenes.

``scheduler`` (planificación FIFO, SJF, STCF y turno rotatorio, con las opciones de
``scheduler.py`` de OSTEP: ``-p``, ``-l``, ``-j``, ``-m``, ``-q``), ``interrupts``
(interrupciones con prioridad), ``pipeline`` (cauce de cinco etapas), ``mesi``
(coherencia de caché y compartición falsa) y ``smt`` (el modelo de multihilo simultáneo).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import (
    Figures,
    job_names,
    matching,
    num,
    option,
    statement,
    subseed,
    switch,
    trace_report,
)
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list, token_list

__all__ = ["CHAPTER", "INTERRUPTS", "MESI", "PIPELINE", "SCHEDULER", "SMT"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.hardware.cpu.figures")

#: La página del libro de estos simuladores.
CHAPTER = "hardware/cpu"

#: Tiempos de la CPU (duraciones, llegadas, quantum): hasta un millón de unidades.
TIME_MAX = 1e6
#: Trabajos, interrupciones o instrucciones que se pueden dar en una lista.
ITEMS_MAX = 1000


# --- Planificación de la CPU ----------------------------------------------------
_POLICIES = ("fifo", "sjf", "stcf", "rr")


def _scheduler_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "-l", "--jobs", "--jlist", type=number_list(0, TIME_MAX, strict=True),
        metavar="DURACIONES",
        help="duración de cada trabajo, separados por comas, p. ej. 10,20,30 (-l de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=number_list(0, TIME_MAX), metavar="LLEGADAS",
        omitted="todos en 0",
        help="llegada de cada trabajo, separados por comas, p. ej. 0,0,5; necesita --jobs",
    )  # fmt: skip
    option(
        parser, "-j", "--num-jobs", type=integer(1, ITEMS_MAX), metavar="N",
        omitted="al azar entre 3 y 5",
        help="trabajos del problema aleatorio (-j de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-m", "--max-length", type=integer(1, 1_000_000), metavar="DURACIÓN",
        omitted="10", help="duración máxima de un trabajo aleatorio (-m de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-p", "--policy", type=choice(_POLICIES), metavar="POLÍTICA",
        help="fifo, sjf, stcf o rr (turno rotatorio), sin distinguir mayúsculas (-p de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-q", "--quantum", type=number(0.001, TIME_MAX, strict=False),
        metavar="QUANTUM", omitted="al azar entre 1, 2 y 4",
        help="quantum del turno rotatorio, de 0.001 a 1000000 (-q de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--switch-cost", type=number(0, TIME_MAX, strict=False), metavar="COSTE",
        omitted="0", help="coste de cada cambio de contexto",
    )  # fmt: skip


def _scheduler_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.cpu import scheduler

    if args.jobs is not None:
        if args.num_jobs is not None or args.max_length is not None:
            raise ValueError("-j/--num-jobs y -m/--max-length son para el problema aleatorio; "
                             "no se usan con --jobs (-l)")  # fmt: skip
        matching("--arrivals", args.arrivals, "--jobs", len(args.jobs))
        arrivals = args.arrivals or [0.0] * len(args.jobs)
        names = job_names(len(args.jobs))
        jobs = [
            {"name": n, "arrival": a, "run_time": r}
            for n, a, r in zip(names, arrivals, args.jobs, strict=True)
        ]
    elif args.arrivals is not None:
        raise ValueError("--arrivals necesita --jobs con la duración de cada trabajo")
    else:
        count, late = rng.randint(3, 5), rng.choice([0, 0, 10])
        found = scheduler.random_jobs(
            args.num_jobs or count, subseed(rng), max_run=args.max_length or 10, max_arrival=late
        )
        jobs = [dataclasses.asdict(j) for j in found]
    policy = args.policy or rng.choice(scheduler.POLICIES)
    quantum = args.quantum if args.quantum is not None else float(rng.choice([1, 2, 4]))
    return {
        "policy": policy,
        "quantum": quantum,
        "switch_cost": args.switch_cost if args.switch_cost is not None else 0.0,
        "jobs": jobs,
    }


def _scheduler_cost(problem: ProblemData) -> Cost:
    jobs = problem["jobs"]
    if problem["policy"] == "rr":
        slices = sum(math.ceil(j["run_time"] / problem["quantum"]) for j in jobs)
        return Cost(len(jobs) + slices, "--quantum", slices + len(jobs))
    return Cost(3 * len(jobs), "--jobs", 3 * len(jobs))


def _scheduler_describe(problem: ProblemData) -> str:
    policy = problem["policy"].upper()
    if problem["policy"] == "rr":
        policy += f" con quantum {num(problem['quantum'])}"
    rows = [(j["name"], j["arrival"], j["run_time"]) for j in problem["jobs"]]
    return statement(
        f"Una CPU planificada con {policy}; cada cambio de contexto cuesta "
        f"{num(problem['switch_cost'])}. Los trabajos:",
        ("trabajo", "llegada", "duración"),
        rows,
        "Calcula la traza de ejecución y, por trabajo y de media, los tiempos de "
        "respuesta, retorno y espera.",
    )


def _scheduler_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.cpu import scheduler

    jobs = [scheduler.Job(j["name"], j["arrival"], j["run_time"]) for j in problem["jobs"]]
    result = scheduler.schedule(
        jobs, problem["policy"], quantum=problem["quantum"], switch_cost=problem["switch_cost"]
    )
    trace = [
        f"  [t = {num(s.start)}] corre {s.job} durante {num(s.end - s.start)} (hasta {num(s.end)})"
        for s in result.slices
    ]
    response, turnaround, waiting = result.averages()
    text = trace_report(
        "Traza de ejecución:",
        trace,
        result.table(),
        f"Medias: respuesta {num(response)}, retorno {num(turnaround)}, espera {num(waiting)}; "
        f"{len(result.switches)} cambios de contexto.",
    )

    return Solution(text, result.as_dict(), _figure("policies_figure", {problem["policy"]: result}))


SCHEDULER = Simulator(
    name="scheduler",
    chapter=CHAPTER,
    help="planificación de una CPU: FIFO, SJF, STCF y turno rotatorio",
    add_arguments=_scheduler_args,
    make_problem=_scheduler_problem,
    describe=_scheduler_describe,
    solve=_scheduler_solve,
    cost=_scheduler_cost,
    example=Example(
        "tres trabajos de 10, 20 y 30 que llegan a la vez, en turno rotatorio con "
        "quantum 1 (la forma de OSTEP: -p RR -l 10,20,30 -q 1)",
        "--jobs 10,20,30 --policy rr --quantum 1 -c",
    ),
    max_steps=120_000,
)


# --- Interrupciones --------------------------------------------------------------
def _interrupts_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--work", type=number(0, TIME_MAX), metavar="UNIDADES",
        omitted="al azar entre 8 y 15", help="unidades de CPU de la tarea (> 0)",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=number_list(0, TIME_MAX, max_items=ITEMS_MAX),
        metavar="LLEGADAS",
        help="llegada de cada interrupción, separados por comas",
    )  # fmt: skip
    option(
        parser, "--priorities", type=int_list(0, 255, max_items=ITEMS_MAX),
        metavar="PRIORIDADES",
        help="prioridad de cada una, de 0 a 255 (mayor, más urgente), separados por comas",
    )  # fmt: skip
    option(
        parser, "--handlers", type=number_list(0, TIME_MAX, strict=True, max_items=ITEMS_MAX),
        metavar="DURACIONES",
        help="duración del manejador de cada una, separados por comas",
    )  # fmt: skip
    switch(
        parser,
        "--nesting",
        help="una interrupción más urgente expulsa a un manejador; --no-nesting, no",
    )


def _interrupts_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.cpu import interrupts

    given = [args.arrivals, args.priorities, args.handlers]
    if any(v is not None for v in given):
        if any(v is None for v in given):
            raise ValueError("--arrivals, --priorities y --handlers van juntas, un valor por IRQ")
        matching("--priorities", args.priorities, "--arrivals", len(args.arrivals))
        matching("--handlers", args.handlers, "--arrivals", len(args.arrivals))
        irqs = [
            {"name": f"I{k}", "arrival": a, "priority": p, "handler_time": h}
            for k, (a, p, h) in enumerate(zip(*given, strict=True))
        ]
    else:
        found = interrupts.random_interrupts(rng.randint(3, 5), subseed(rng), horizon=12.0)
        irqs = [dataclasses.asdict(i) for i in found]
    nesting = args.nesting if args.nesting is not None else rng.random() < 0.5
    work = args.work if args.work is not None else float(rng.randint(8, 15))
    return {"work": work, "nesting": nesting, "interrupts": irqs}


def _interrupts_cost(problem: ProblemData) -> Cost:
    count = len(problem["interrupts"])
    return Cost(count * count, "--arrivals", 2 * count + 1)


def _interrupts_describe(problem: ProblemData) -> str:
    mode = "con anidamiento" if problem["nesting"] else "sin anidamiento"
    rows = [
        (i["name"], i["arrival"], i["priority"], i["handler_time"]) for i in problem["interrupts"]
    ]
    return statement(
        f"Una tarea de {num(problem['work'])} unidades de CPU y estas interrupciones, {mode}:",
        ("interrupción", "llegada", "prioridad", "manejador"),
        rows,
        "¿Cuándo empieza y termina cada manejador? ¿Cuándo acaba la tarea?",
    )


def _interrupts_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.cpu import interrupts

    irqs = [interrupts.Interrupt(**i) for i in problem["interrupts"]]
    result = interrupts.simulate(problem["work"], irqs, nesting=problem["nesting"])
    trace = [
        f"  [{num(s.start)}; {num(s.end)}) {s.owner} (profundidad {s.depth})"
        for s in result.segments
    ]
    text = trace_report(
        "Línea de tiempo:",
        trace,
        result.table(),
        f"La tarea termina en t = {num(result.task_completion)}; latencia máxima "
        f"{num(result.max_latency)}; anidamiento máximo {result.max_depth}.",
    )
    return Solution(text, result.as_dict(), _figure("interrupts_figure", result))


INTERRUPTS = Simulator(
    name="interrupts",
    chapter=CHAPTER,
    help="interrupciones con prioridad, con y sin anidamiento",
    add_arguments=_interrupts_args,
    make_problem=_interrupts_problem,
    describe=_interrupts_describe,
    solve=_interrupts_solve,
    cost=_interrupts_cost,
    example=Example(
        "una tarea de 10 unidades y dos interrupciones; la segunda, más urgente, llega "
        "mientras se atiende la primera y la expulsa",
        "--work 10 --arrivals 2,3 --priorities 1,5 --handlers 4,1 --nesting -c",
    ),
    max_steps=1_000_000,
)


# --- Cauce segmentado --------------------------------------------------------------
PROGRAM_MAX = 200


def _pipeline_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--program", metavar="'lw r1, 0(r2); add r3, r1, r4'",
        help=f"instrucciones separadas por punto y coma (add, sub, lw, sw, beq; registros "
        f"r0 a r31); hasta {PROGRAM_MAX}",
    )  # fmt: skip
    switch(parser, "--forwarding", help="con adelantamiento (forwarding); --no-forwarding, sin él")
    option(
        parser, "--length", type=integer(1, PROGRAM_MAX), metavar="N",
        omitted="al azar entre 4 y 7", help="instrucciones del programa aleatorio",
    )  # fmt: skip


def _pipeline_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.cpu import pipeline

    if args.program is not None:
        if args.program.count(";") >= PROGRAM_MAX:
            raise ValueError(f"--program admite como mucho {PROGRAM_MAX} instrucciones")
        try:
            program = pipeline.parse_program(args.program.replace(";", "\n"))
        except ValueError as error:
            message = str(error).removeprefix("program: ")
            if message.startswith("program debe"):
                message = "no contiene ninguna instrucción"
            raise ValueError(f"--program: {message}") from None
        for instruction in program:
            if any(r >= pipeline.REGISTERS for r in (instruction.dest or 0, *instruction.sources)):
                raise ValueError(f"--program: {instruction.text!r} usa un registro fuera de r0…r31")
    else:
        program = pipeline.random_program(subseed(rng), length=args.length or rng.randint(4, 7))
    forwarding = args.forwarding if args.forwarding is not None else rng.random() < 0.5
    return {"program": [i.text for i in program], "forwarding": forwarding}


def _pipeline_cost(problem: ProblemData) -> Cost:
    count = len(problem["program"])
    return Cost(count * count, "--program", 8 * count)


def _pipeline_describe(problem: ProblemData) -> str:
    mode = "con" if problem["forwarding"] else "sin"
    lines = "\n".join(f"  {k + 1}. {text}" for k, text in enumerate(problem["program"]))
    return (
        f"Cauce de cinco etapas (IF ID EX MEM WB) {mode} adelantamiento. El programa:\n"
        f"{lines}\n¿En qué ciclo entra cada instrucción en cada etapa? ¿Cuántas burbujas y qué CPI?"
    )


def _pipeline_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.cpu import pipeline

    program = pipeline.parse_program("\n".join(problem["program"]))
    result = pipeline.simulate(program, forwarding=problem["forwarding"])
    text = (
        f"{result.diagram()}\n\nCiclos: {num(result.cycles)}; burbujas: {num(result.stalls)}; "
        f"CPI en régimen: {num(result.cpi)}."
    )

    return Solution(text, result.as_dict(), _figure("pipeline_figure", result))


PIPELINE = Simulator(
    name="pipeline",
    chapter=CHAPTER,
    help="cauce de cinco etapas con riesgos de datos y adelantamiento",
    add_arguments=_pipeline_args,
    make_problem=_pipeline_problem,
    describe=_pipeline_describe,
    solve=_pipeline_solve,
    cost=_pipeline_cost,
    example=Example(
        "una carga seguida de una suma que usa su resultado, sin adelantamiento: "
        "¿cuántas burbujas?",
        "--program 'lw r1, 0(r2); add r3, r1, r4' --no-forwarding -c",
    ),
    max_steps=PROGRAM_MAX**2,
)


# --- Coherencia MESI ------------------------------------------------------------------
_ACCESS = re.compile(r"(\d{1,3})\s*([RW])\s*(\d{1,15})$", re.IGNORECASE)
TRACE_MAX = 5000
#: Bytes de cada contador de los preajustes (los contadores vecinos van a 8 bytes).
COUNTER_BYTES = 8


def _mesi_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--cores", type=integer(1, 64), metavar="N",
        omitted="2 (o los que use --trace)", help="núcleos con caché privada",
    )  # fmt: skip
    option(
        parser, "--trace", type=token_list(TRACE_MAX), metavar="0R0,1R0,1W8",
        help="accesos núcleo-operación-dirección separados por comas (R lee, W escribe; "
        f"hasta {TRACE_MAX})",
    )  # fmt: skip
    option(
        parser, "--preset", type=choice(("false-sharing", "padded")), metavar="PREAJUSTE",
        omitted="ninguno",
        help="false-sharing (contadores vecinos en una línea) o padded (con relleno)",
    )  # fmt: skip
    option(
        parser, "--writes", type=integer(1, 1000), metavar="N", omitted="3",
        help="escrituras por núcleo en los preajustes",
    )  # fmt: skip
    option(
        parser, "--line-size", type=integer(8, 4096), metavar="BYTES", omitted="64",
        help="bytes por línea de caché (potencia de dos)",
    )  # fmt: skip


def _parse_trace(tokens: list[str]) -> list[list[object]]:
    trace: list[list[object]] = []
    for token in tokens:
        found = _ACCESS.match(token)
        if found is None:
            raise ValueError(
                f"--trace: acceso {token[:20]!r} no válido; usa núcleo, R o W y "
                "dirección, p. ej. 0R0 o 1W8"
            )
        trace.append([int(found.group(1)), found.group(2).upper(), int(found.group(3))])
    return trace


def _mesi_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.cpu import mesi

    line = args.line_size or 64
    if line & (line - 1):
        raise ValueError(f"--line-size debe ser una potencia de dos; se recibió {line}")
    if args.trace is not None and args.preset is not None:
        raise ValueError("--trace y --preset no se pueden usar juntas")
    if args.writes is not None and args.preset is None:
        raise ValueError("--writes solo vale con --preset")
    if args.trace is not None:
        trace = _parse_trace(args.trace)
        used = 1 + max(int(str(access[0])) for access in trace)
        cores = args.cores or max(used, 2)
        if used > cores:
            raise ValueError(f"--trace: el núcleo {used - 1} no existe con --cores {cores}")
        label = "traza dada"
    elif args.preset is not None:
        cores = max(args.cores or 2, 2)
        padded = args.preset == "padded"
        if not padded and COUNTER_BYTES * cores > line:
            raise ValueError(
                f"--preset false-sharing: {cores} contadores de {COUNTER_BYTES} bytes no caben "
                f"en una línea de --line-size {line}; usa --line-size ≥ {COUNTER_BYTES * cores} "
                "o menos --cores"
            )
        trace = [
            list(a)
            for a in mesi.false_sharing_trace(
                args.writes or 3, padded=padded, cores=cores, line_size=line
            )
        ]
        label = "contadores con relleno" if padded else "compartición falsa"
    else:
        cores = args.cores or 2
        trace = [
            list(a)
            for a in mesi.random_trace(
                subseed(rng), length=rng.randint(6, 10), cores=cores, line_size=line
            )
        ]
        label = "traza aleatoria"
    return {"cores": cores, "line_size": line, "label": label, "trace": trace}


def _mesi_cost(problem: ProblemData) -> Cost:
    accesses = len(problem["trace"])
    return Cost(accesses * problem["cores"], "--trace/--writes × --cores", accesses / 20)


def _mesi_describe(problem: ProblemData) -> str:
    steps = ", ".join(f"{c}{op}{a}" for c, op, a in problem["trace"])
    return (
        f"{num(problem['cores'])} núcleos con MESI y líneas de {num(problem['line_size'])} bytes "
        f"({problem['label']}). Accesos (núcleo, R/W, dirección): {steps}.\n"
        "¿Qué transacción de bus provoca cada acceso y en qué estado queda la línea en cada caché?"
    )


def _mesi_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.cpu import coherence_costs, mesi

    trace = [(c, op, a) for c, op, a in problem["trace"]]
    result = mesi.simulate(trace, cores=problem["cores"], line_size=problem["line_size"])
    counts = ", ".join(f"{k} {v}" for k, v in result.transactions.items())
    cost = coherence_costs.estimate_cycles(result)
    cases = ", ".join(f"{case}: {n}" for case, n in cost.by_case.items())
    text = (
        f"{result.table()}\n\nTransacciones de bus: {num(result.bus_transactions)} ({counts}); "
        f"invalidaciones: {num(result.invalidations)}; volcados: {num(result.flushes)}.\n"
        f"Con las latencias de Levinthal (Intel, 2009) para Nehalem ({cases}): "
        f"unos {num(cost.cycles)} ciclos, {num(cost.cycles_per_access, 1)} por acceso."
    )
    data = result.as_dict()
    data["estimated_cycles"] = {"by_case": dict(cost.by_case), "cycles": cost.cycles}

    return Solution(text, data, _figure("states_figure", result, title=problem["label"]))


MESI = Simulator(
    name="mesi",
    chapter=CHAPTER,
    help="coherencia de caché MESI y compartición falsa",
    add_arguments=_mesi_args,
    make_problem=_mesi_problem,
    describe=_mesi_describe,
    solve=_mesi_solve,
    cost=_mesi_cost,
    example=Example(
        "dos núcleos que escriben tres veces cada uno en contadores vecinos de la misma "
        "línea (compartición falsa)",
        "--preset false-sharing --cores 2 --writes 3 -c",
    ),
    max_steps=200_000,
)


# --- Multihilo simultáneo (modelo) -------------------------------------------------------
def _smt_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--cores", type=integer(1, 256), metavar="N", omitted="al azar entre 2, 4 y 8",
        help="núcleos físicos",
    )  # fmt: skip
    option(
        parser, "--smt-ways", type=integer(1, 8), metavar="N", omitted="2",
        help="hilos hardware por núcleo",
    )  # fmt: skip
    option(
        parser, "--gain", type=number(0, 1, strict=False), metavar="GANANCIA",
        omitted="al azar entre 0.1 y 0.4",
        help="ganancia de un núcleo con dos o más hilos, entre 0 y 1",
    )  # fmt: skip


def _smt_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    return {
        "cores": args.cores or rng.choice([2, 4, 8]),
        "smt_ways": args.smt_ways or 2,
        "smt_gain": args.gain if args.gain is not None else round(rng.uniform(0.1, 0.4), 2),
    }


def _smt_cost(problem: ProblemData) -> Cost:
    threads = problem["cores"] * problem["smt_ways"]
    return Cost(threads * problem["cores"], "--cores × --smt-ways", threads)


def _smt_describe(problem: ProblemData) -> str:
    return (
        f"{num(problem['cores'])} núcleos físicos con {num(problem['smt_ways'])} hilos hardware "
        "cada uno; "
        f"un núcleo con dos o más hilos rinde {num(1 + problem['smt_gain'])} veces uno solo. "
        "¿Cuánto rinden 1, 2, … hilos de cálculo?"
    )


def _smt_solve(problem: ProblemData) -> Solution:
    from dadsbook import plotting
    from dadsbook.hardware.cpu import smt

    points = smt.simulate(problem["cores"], problem["smt_ways"], problem["smt_gain"])
    data = {"points": [dataclasses.asdict(p) for p in points]}
    threads = [p.threads for p in points]
    return Solution(
        str(smt.simulated_table(points, problem["cores"])),
        data,
        lambda: plotting.speedup_plot(
            threads,
            {"modelo SMT": [p.throughput for p in points]},
            title="Rendimiento del modelo de SMT",
        ),
    )


SMT = Simulator(
    name="smt",
    chapter=CHAPTER,
    help="modelo de multihilo simultáneo (SMT) por núcleo físico",
    add_arguments=_smt_args,
    make_problem=_smt_problem,
    describe=_smt_describe,
    solve=_smt_solve,
    cost=_smt_cost,
    example=Example(
        "cuatro núcleos con dos hilos hardware cada uno y una ganancia del 25 % por núcleo "
        "compartido",
        "--cores 4 --smt-ways 2 --gain 0.25 -c",
    ),
    max_steps=600_000,
)

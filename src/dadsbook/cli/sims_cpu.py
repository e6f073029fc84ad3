"""Simuladores del capítulo de la CPU para la línea de órdenes.

``scheduler`` (planificación), ``interrupts`` (interrupciones con prioridad) y
``pipeline`` (cauce de cinco etapas). Los módulos del capítulo se importan al usarlos.
``scheduler`` acepta también las opciones de ``scheduler.py`` de OSTEP (``-p``, ``-l``,
``-j``, ``-m``, ``-q``).
"""

from __future__ import annotations

import argparse
import math
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, job_names, matching, num, option, subseed
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.cpu import pipeline

__all__ = ["SIMULATORS"]

#: Tiempos de la CPU (duraciones, llegadas, quantum): hasta un millón de unidades.
TIME_MAX = 1e6
#: Trabajos, interrupciones o instrucciones que se pueden dar en una lista.
ITEMS_MAX = 1000


# --- Planificación de la CPU ----------------------------------------------------
_POLICIES = ("fifo", "sjf", "stcf", "rr")


def _scheduler_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "-l", "--jobs", "--jlist", type=number_list(0, TIME_MAX, strict=True),
        metavar="DURACIONES", omitted=RANDOM,
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
        parser, "-p", "--policy", type=choice(_POLICIES), metavar="POLÍTICA", omitted=RANDOM,
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


def _scheduler_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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
        jobs = [
            {"name": j.name, "arrival": j.arrival, "run_time": j.run_time}
            for j in scheduler.random_jobs(
                args.num_jobs or count,
                subseed(rng),
                max_run=args.max_length or 10,
                max_arrival=late,
            )
        ]
    policy = args.policy or rng.choice(scheduler.POLICIES)
    quantum = args.quantum if args.quantum is not None else float(rng.choice([1, 2, 4]))
    return {
        "policy": policy,
        "quantum": quantum,
        "switch_cost": args.switch_cost if args.switch_cost is not None else 0.0,
        "jobs": jobs,
    }


def _scheduler_cost(problem: Problem) -> Cost:
    jobs = problem["jobs"]
    if problem["policy"] == "rr":
        slices = sum(math.ceil(j["run_time"] / problem["quantum"]) for j in jobs)
        return Cost(len(jobs) + slices, "--quantum", slices + len(jobs))
    return Cost(3 * len(jobs), "--jobs", 3 * len(jobs))


def _scheduler_describe(problem: Problem) -> str:
    policy = problem["policy"].upper()
    if problem["policy"] == "rr":
        policy += f" con quantum {num(problem['quantum'])}"
    rows = [(j["name"], j["arrival"], j["run_time"]) for j in problem["jobs"]]
    return "\n".join(
        [
            f"Una CPU planificada con {policy}; cada cambio de contexto cuesta "
            f"{num(problem['switch_cost'])}. Los trabajos:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "Calcula la traza de ejecución y, por trabajo y de media, los tiempos de "
            "respuesta, retorno y espera.",
        ]
    )


def _scheduler_solve(problem: Problem) -> Solution:
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
    text = "\n".join(
        [
            "Traza de ejecución:",
            *trace,
            "",
            str(result.table()),
            "",
            f"Medias: respuesta {num(response)}, retorno {num(turnaround)}, espera {num(waiting)}; "
            f"{len(result.switches)} cambios de contexto.",
        ]
    )

    def figure() -> Figure:
        from dadsbook.hardware.cpu import scheduler_report

        return scheduler_report.policies_gantt({problem["policy"]: result})

    return Solution(text, result.as_dict(), figure)


SCHEDULER = Simulator(
    "scheduler",
    _scheduler_args,
    _scheduler_problem,
    _scheduler_describe,
    _scheduler_solve,
    _scheduler_cost,
    Example(
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
        metavar="LLEGADAS", omitted=RANDOM,
        help="llegada de cada interrupción, separados por comas",
    )  # fmt: skip
    option(
        parser, "--priorities", type=int_list(0, 255, max_items=ITEMS_MAX),
        metavar="PRIORIDADES", omitted=RANDOM,
        help="prioridad de cada una, de 0 a 255 (mayor, más urgente), separados por comas",
    )  # fmt: skip
    option(
        parser, "--handlers", type=number_list(0, TIME_MAX, strict=True, max_items=ITEMS_MAX),
        metavar="DURACIONES", omitted=RANDOM,
        help="duración del manejador de cada una, separados por comas",
    )  # fmt: skip
    option(
        parser, "--nesting", action=argparse.BooleanOptionalAction, default=None,
        omitted=RANDOM,
        help="una interrupción más urgente expulsa a un manejador; --no-nesting, no",
    )  # fmt: skip


def _interrupts_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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
        irqs = [
            {
                "name": i.name,
                "arrival": i.arrival,
                "priority": i.priority,
                "handler_time": i.handler_time,
            }
            for i in interrupts.random_interrupts(rng.randint(3, 5), subseed(rng), horizon=12.0)
        ]
    nesting = args.nesting if args.nesting is not None else rng.random() < 0.5
    work = args.work if args.work is not None else float(rng.randint(8, 15))
    return {"work": work, "nesting": nesting, "interrupts": irqs}


def _interrupts_cost(problem: Problem) -> Cost:
    count = len(problem["interrupts"])
    return Cost(count * count, "--arrivals", 2 * count + 1)


def _interrupts_describe(problem: Problem) -> str:
    mode = "con anidamiento" if problem["nesting"] else "sin anidamiento"
    rows = [
        (i["name"], i["arrival"], i["priority"], i["handler_time"]) for i in problem["interrupts"]
    ]
    return "\n".join(
        [
            f"Una tarea de {num(problem['work'])} unidades de CPU y estas interrupciones, {mode}:",
            str(Table(("interrupción", "llegada", "prioridad", "manejador"), rows)),
            "¿Cuándo empieza y termina cada manejador? ¿Cuándo acaba la tarea?",
        ]
    )


def _interrupts_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.cpu import interrupts

    irqs = [interrupts.Interrupt(**i) for i in problem["interrupts"]]
    result = interrupts.simulate(problem["work"], irqs, nesting=problem["nesting"])
    trace = [
        f"  [{num(s.start)}; {num(s.end)}) {s.owner} (profundidad {s.depth})"
        for s in result.segments
    ]
    text = "\n".join(
        [
            "Línea de tiempo:",
            *trace,
            "",
            str(result.table()),
            "",
            f"La tarea termina en t = {num(result.task_completion)}; latencia máxima "
            f"{num(result.max_latency)}; anidamiento máximo {result.max_depth}.",
        ]
    )
    return Solution(text, result.as_dict(), lambda: result.plot())


INTERRUPTS = Simulator(
    "interrupts",
    _interrupts_args,
    _interrupts_problem,
    _interrupts_describe,
    _interrupts_solve,
    _interrupts_cost,
    Example(
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
        parser, "--program", metavar="'lw r1, 0(r2); add r3, r1, r4'", omitted=RANDOM,
        help=f"instrucciones separadas por punto y coma (add, sub, lw, sw, beq; registros "
        f"r0 a r31); hasta {PROGRAM_MAX}",
    )  # fmt: skip
    option(
        parser, "--forwarding", action=argparse.BooleanOptionalAction, default=None,
        omitted=RANDOM, help="con adelantamiento (forwarding); --no-forwarding, sin él",
    )  # fmt: skip
    option(
        parser, "--length", type=integer(1, PROGRAM_MAX), metavar="N",
        omitted="al azar entre 4 y 7", help="instrucciones del programa aleatorio",
    )  # fmt: skip


def _pipeline_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def _pipeline_cost(problem: Problem) -> Cost:
    count = len(problem["program"])
    return Cost(count * count, "--program", 8 * count)


def _pipeline_describe(problem: Problem) -> str:
    mode = "con" if problem["forwarding"] else "sin"
    lines = "\n".join(f"  {k + 1}. {text}" for k, text in enumerate(problem["program"]))
    return (
        f"Cauce de cinco etapas (IF ID EX MEM WB) {mode} adelantamiento. El programa:\n"
        f"{lines}\n¿En qué ciclo entra cada instrucción en cada etapa? ¿Cuántas burbujas y qué CPI?"
    )


def _pipeline_figure(result: pipeline.PipelineResult) -> Figure:
    from dadsbook import plotting
    from dadsbook.hardware.cpu import pipeline

    bars = []
    for k, (instr, timing) in enumerate(zip(result.program, result.timings, strict=True)):
        row = f"{k + 1}. {instr.text}"
        for cycle, stage in sorted(timing.stages().items()):
            waiting = stage == pipeline.STALL
            group = "burbuja" if waiting else stage
            bars.append(
                plotting.GanttBar(
                    row, cycle - 1, cycle, group, "" if waiting else stage, hatched=waiting
                )
            )
    mode = "con" if result.forwarding else "sin"
    return plotting.gantt(bars, title=f"Cauce {mode} adelantamiento", xlabel="ciclo")


def _pipeline_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.cpu import pipeline

    program = pipeline.parse_program("\n".join(problem["program"]))
    result = pipeline.simulate(program, forwarding=problem["forwarding"])
    text = (
        f"{result.diagram()}\n\nCiclos: {num(result.cycles)}; burbujas: {num(result.stalls)}; "
        f"CPI en régimen: {num(result.cpi)}."
    )
    return Solution(text, result.as_dict(), lambda: _pipeline_figure(result))


PIPELINE = Simulator(
    "pipeline",
    _pipeline_args,
    _pipeline_problem,
    _pipeline_describe,
    _pipeline_solve,
    _pipeline_cost,
    Example(
        "una carga seguida de una suma que usa su resultado, sin adelantamiento: "
        "¿cuántas burbujas?",
        "--program 'lw r1, 0(r2); add r3, r1, r4' --no-forwarding -c",
    ),
    max_steps=PROGRAM_MAX**2,
)


SIMULATORS = (SCHEDULER, INTERRUPTS, PIPELINE)

"""Simuladores del capítulo de la CPU para la línea de órdenes.

``scheduler`` (planificación), ``interrupts`` (interrupciones con prioridad) y
``pipeline`` (cauce de cinco etapas).
"""

from __future__ import annotations

import argparse
import random

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import job_names, limit_steps, matching, subseed
from dadsbook.cli.spanish import int_at_least, int_list, number, number_list
from dadsbook.hardware.cpu import interrupts, pipeline, scheduler, scheduler_report
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Planificación de la CPU ----------------------------------------------------
def _scheduler_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=number_list(0, strict=True), help="duración de cada trabajo, p. ej. 10,20,30"
    )
    parser.add_argument(
        "--arrivals",
        type=number_list(0),
        help="llegada de cada trabajo (0 por defecto), p. ej. 0,0,5",
    )
    parser.add_argument("--policy", choices=scheduler.POLICIES, help="política de planificación")
    parser.add_argument("--quantum", type=number(0), help="quantum del turno rotatorio (> 0)")
    parser.add_argument(
        "--switch-cost", type=number(0, strict=False), help="coste de cada cambio de contexto (≥ 0)"
    )


def _scheduler_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.jobs is not None:
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
            for j in scheduler.random_jobs(count, subseed(rng), max_arrival=late)
        ]
    policy = args.policy or rng.choice(scheduler.POLICIES)
    quantum = args.quantum if args.quantum is not None else float(rng.choice([1, 2, 4]))
    if policy == "rr":
        limit_steps("--quantum", sum(j["run_time"] for j in jobs) / quantum)
    return {
        "policy": policy,
        "quantum": quantum,
        "switch_cost": args.switch_cost if args.switch_cost is not None else 0.0,
        "jobs": jobs,
    }


def _scheduler_jobs(problem: Problem) -> list[scheduler.Job]:
    return [scheduler.Job(j["name"], j["arrival"], j["run_time"]) for j in problem["jobs"]]


def _scheduler_describe(problem: Problem) -> str:
    policy = problem["policy"].upper()
    if problem["policy"] == "rr":
        policy += f" con quantum {problem['quantum']:g}"
    rows = [(j["name"], j["arrival"], j["run_time"]) for j in problem["jobs"]]
    return "\n".join(
        [
            f"Una CPU planificada con {policy}; cada cambio de contexto cuesta "
            f"{problem['switch_cost']:g}. Los trabajos:",
            str(Table(("trabajo", "llegada", "duración"), rows)),
            "Calcula la traza de ejecución y, por trabajo y de media, los tiempos de "
            "respuesta, retorno y espera.",
        ]
    )


def _scheduler_solve(problem: Problem) -> Solution:
    result = scheduler.schedule(
        _scheduler_jobs(problem),
        problem["policy"],
        quantum=problem["quantum"],
        switch_cost=problem["switch_cost"],
    )
    trace = [
        f"  [t = {s.start:g}] corre {s.job} durante {s.end - s.start:g} (hasta {s.end:g})"
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
            f"Medias: respuesta {response:g}, retorno {turnaround:g}, espera {waiting:g}; "
            f"{len(result.switches)} cambios de contexto.",
        ]
    )
    return Solution(
        text,
        result.as_dict(),
        lambda: scheduler_report.policies_gantt({problem["policy"]: result}),
    )


SCHEDULER = Simulator(
    "scheduler",
    "planificación de una CPU: FIFO, SJF, STCF y turno rotatorio (capítulo CPU)",
    _scheduler_args,
    _scheduler_problem,
    _scheduler_describe,
    _scheduler_solve,
    "hardware/cpu",
)


# --- Interrupciones --------------------------------------------------------------
def _interrupts_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--work", type=number(0), help="unidades de CPU de la tarea (> 0)")
    parser.add_argument("--arrivals", type=number_list(0), help="llegada de cada interrupción")
    parser.add_argument(
        "--priorities", type=int_list(0), help="prioridad de cada una (0 a 255; mayor, más urgente)"
    )
    parser.add_argument(
        "--handlers", type=number_list(0, strict=True), help="duración del manejador de cada una"
    )
    parser.add_argument(
        "--nesting",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="si una interrupción más urgente expulsa a un manejador",
    )


def _interrupts_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    given = [args.arrivals, args.priorities, args.handlers]
    if any(v is not None for v in given):
        if any(v is None for v in given):
            raise ValueError("--arrivals, --priorities y --handlers van juntas, un valor por IRQ")
        matching("--priorities", args.priorities, "--arrivals", len(args.arrivals))
        matching("--handlers", args.handlers, "--arrivals", len(args.arrivals))
        if max(args.priorities) > 255:
            raise ValueError("--priorities: cada prioridad debe estar entre 0 y 255")
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


def _interrupts_describe(problem: Problem) -> str:
    mode = "con anidamiento" if problem["nesting"] else "sin anidamiento"
    rows = [
        (i["name"], i["arrival"], i["priority"], i["handler_time"]) for i in problem["interrupts"]
    ]
    return "\n".join(
        [
            f"Una tarea de {problem['work']:g} unidades de CPU y estas interrupciones, {mode}:",
            str(Table(("interrupción", "llegada", "prioridad", "manejador"), rows)),
            "¿Cuándo empieza y termina cada manejador? ¿Cuándo acaba la tarea?",
        ]
    )


def _interrupts_solve(problem: Problem) -> Solution:
    irqs = [interrupts.Interrupt(**i) for i in problem["interrupts"]]
    result = interrupts.simulate(problem["work"], irqs, nesting=problem["nesting"])
    trace = [
        f"  [{s.start:g}, {s.end:g}) {s.owner} (profundidad {s.depth})" for s in result.segments
    ]
    text = "\n".join(
        [
            "Línea de tiempo:",
            *trace,
            "",
            str(result.table()),
            "",
            f"La tarea termina en t = {result.task_completion:g}; latencia máxima "
            f"{result.max_latency:g}; anidamiento máximo {result.max_depth}.",
        ]
    )
    return Solution(text, result.as_dict(), lambda: result.plot())


INTERRUPTS = Simulator(
    "interrupts",
    "interrupciones con prioridad, con y sin anidamiento (capítulo CPU)",
    _interrupts_args,
    _interrupts_problem,
    _interrupts_describe,
    _interrupts_solve,
    "hardware/cpu",
)


# --- Cauce segmentado --------------------------------------------------------------
def _pipeline_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--program",
        metavar="'lw r1, 0(r2); add r3, r1, r4'",
        help="instrucciones separadas por punto y coma (add, sub, lw, sw, beq)",
    )
    parser.add_argument(
        "--forwarding",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="con o sin adelantamiento (forwarding)",
    )
    parser.add_argument(
        "--length", type=int_at_least(1, 200), help="instrucciones del programa aleatorio"
    )


def _pipeline_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.program is not None:
        try:
            program = pipeline.parse_program(args.program.replace(";", "\n"))
        except ValueError as error:
            raise ValueError(f"--program: {str(error).removeprefix('program: ')}") from None
    else:
        program = pipeline.random_program(subseed(rng), length=args.length or rng.randint(4, 7))
    forwarding = args.forwarding if args.forwarding is not None else rng.random() < 0.5
    return {"program": [i.text for i in program], "forwarding": forwarding}


def _pipeline_describe(problem: Problem) -> str:
    mode = "con" if problem["forwarding"] else "sin"
    lines = "\n".join(f"  {k + 1}. {text}" for k, text in enumerate(problem["program"]))
    return (
        f"Cauce de cinco etapas (IF ID EX MEM WB) {mode} adelantamiento. El programa:\n"
        f"{lines}\n¿En qué ciclo entra cada instrucción en cada etapa? ¿Cuántas burbujas y qué CPI?"
    )


def _pipeline_figure(result: pipeline.PipelineResult) -> Figure:
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
    program = pipeline.parse_program("\n".join(problem["program"]))
    result = pipeline.simulate(program, forwarding=problem["forwarding"])
    text = (
        f"{result.diagram()}\n\nCiclos: {result.cycles}; burbujas: {result.stalls}; "
        f"CPI en régimen: {result.cpi:.3g}."
    )
    return Solution(text, result.as_dict(), lambda: _pipeline_figure(result))


PIPELINE = Simulator(
    "pipeline",
    "cauce de cinco etapas con riesgos de datos y adelantamiento (capítulo CPU)",
    _pipeline_args,
    _pipeline_problem,
    _pipeline_describe,
    _pipeline_solve,
    "hardware/cpu",
)


SIMULATORS = (SCHEDULER, INTERRUPTS, PIPELINE)

"""Simuladores de varios núcleos del capítulo de la CPU para la línea de órdenes.

``mesi`` (coherencia de caché y compartición falsa) y ``smt`` (el modelo de multihilo
simultáneo). Los módulos del capítulo se importan al usarlos.
"""

from __future__ import annotations

import argparse
import random
import re
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, num, option, subseed
from dadsbook.cli.spanish import choice, integer, number, token_list

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["SIMULATORS"]

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
        parser, "--trace", type=token_list(TRACE_MAX), metavar="0R0,1R0,1W8", omitted=RANDOM,
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


def _mesi_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def _mesi_cost(problem: Problem) -> Cost:
    accesses = len(problem["trace"])
    return Cost(accesses * problem["cores"], "--trace/--writes × --cores", accesses / 20)


def _mesi_describe(problem: Problem) -> str:
    steps = ", ".join(f"{c}{op}{a}" for c, op, a in problem["trace"])
    return (
        f"{num(problem['cores'])} núcleos con MESI y líneas de {num(problem['line_size'])} bytes "
        f"({problem['label']}). Accesos (núcleo, R/W, dirección): {steps}.\n"
        "¿Qué transacción de bus provoca cada acceso y en qué estado queda la línea en cada caché?"
    )


def _mesi_solve(problem: Problem) -> Solution:
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

    def figure() -> Figure:
        from dadsbook.hardware.cpu import mesi_figure

        return mesi_figure.states_figure(result, title=problem["label"])

    return Solution(text, data, figure)


MESI = Simulator(
    "mesi", _mesi_args, _mesi_problem, _mesi_describe, _mesi_solve, _mesi_cost,
    Example(
        "dos núcleos que escriben tres veces cada uno en contadores vecinos de la misma "
        "línea (compartición falsa)",
        "--preset false-sharing --cores 2 --writes 3 -c",
    ),
    max_steps=200_000,
)  # fmt: skip


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


def _smt_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    return {
        "cores": args.cores or rng.choice([2, 4, 8]),
        "smt_ways": args.smt_ways or 2,
        "smt_gain": args.gain if args.gain is not None else round(rng.uniform(0.1, 0.4), 2),
    }


def _smt_cost(problem: Problem) -> Cost:
    threads = problem["cores"] * problem["smt_ways"]
    return Cost(threads * problem["cores"], "--cores × --smt-ways", threads)


def _smt_describe(problem: Problem) -> str:
    return (
        f"{num(problem['cores'])} núcleos físicos con {num(problem['smt_ways'])} hilos hardware "
        "cada uno; "
        f"un núcleo con dos o más hilos rinde {num(1 + problem['smt_gain'])} veces uno solo. "
        "¿Cuánto rinden 1, 2, … hilos de cálculo?"
    )


def _smt_solve(problem: Problem) -> Solution:
    from dadsbook import plotting
    from dadsbook.hardware.cpu import smt

    points = smt.simulate(problem["cores"], problem["smt_ways"], problem["smt_gain"])
    data = {"points": [{"threads": p.threads, "throughput": p.throughput} for p in points]}
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
    "smt", _smt_args, _smt_problem, _smt_describe, _smt_solve, _smt_cost,
    Example(
        "cuatro núcleos con dos hilos hardware cada uno y una ganancia del 25 % por núcleo "
        "compartido",
        "--cores 4 --smt-ways 2 --gain 0.25 -c",
    ),
    max_steps=600_000,
)  # fmt: skip

SIMULATORS = (MESI, SMT)

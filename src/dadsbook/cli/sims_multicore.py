"""Simuladores de varios núcleos del capítulo de la CPU para la línea de órdenes.

``mesi`` (coherencia de caché y compartición falsa) y ``smt`` (el modelo de multihilo
simultáneo).
"""

from __future__ import annotations

import argparse
import random
import re

from dadsbook import plotting
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import bounded, subseed, token_list
from dadsbook.cli.spanish import int_at_least
from dadsbook.hardware.cpu import coherence_costs, mesi, smt

__all__ = ["SIMULATORS"]

# --- Coherencia MESI ------------------------------------------------------------------
_ACCESS = re.compile(r"(\d+)\s*([RW])\s*(\d+)$", re.IGNORECASE)


def _mesi_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cores", type=int_at_least(1, 64), help="núcleos con caché privada")
    parser.add_argument(
        "--trace",
        type=token_list,
        metavar="0R0,1R0,1W8",
        help="accesos núcleo-operación-dirección (R lee, W escribe)",
    )
    parser.add_argument(
        "--preset",
        choices=("false-sharing", "padded"),
        help="contadores vecinos (compartición falsa) o con relleno",
    )
    parser.add_argument(
        "--writes", type=int_at_least(1, 1000), help="escrituras por núcleo en los preajustes"
    )
    parser.add_argument("--line-size", type=int_at_least(8, 4096), help="bytes por línea de caché")


def _parse_trace(tokens: list[str]) -> list[list[object]]:
    trace: list[list[object]] = []
    for token in tokens:
        found = _ACCESS.match(token)
        if found is None:
            raise ValueError(
                f"--trace: acceso {token!r} no válido; usa núcleo, R o W y "
                "dirección, p. ej. 0R0 o 1W8"
            )
        trace.append([int(found.group(1)), found.group(2).upper(), int(found.group(3))])
    return trace


def _mesi_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    line = args.line_size or 64
    if line & (line - 1):
        raise ValueError(f"--line-size debe ser una potencia de dos; se recibió {line}")
    if args.trace is not None and args.preset is not None:
        raise ValueError("--trace y --preset no se pueden usar juntas")
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


def _mesi_describe(problem: Problem) -> str:
    steps = ", ".join(f"{c}{op}{a}" for c, op, a in problem["trace"])
    return (
        f"{problem['cores']} núcleos con MESI y líneas de {problem['line_size']} bytes "
        f"({problem['label']}). Accesos (núcleo, R/W, dirección): {steps}.\n"
        "¿Qué transacción de bus provoca cada acceso y en qué estado queda la línea en cada caché?"
    )


def _mesi_solve(problem: Problem) -> Solution:
    trace = [(c, op, a) for c, op, a in problem["trace"]]
    result = mesi.simulate(trace, cores=problem["cores"], line_size=problem["line_size"])
    counts = ", ".join(f"{k} {v}" for k, v in result.transactions.items())
    cost = coherence_costs.estimate_cycles(result)
    cases = ", ".join(f"{case}: {n}" for case, n in cost.by_case.items())
    text = (
        f"{result.table()}\n\nTransacciones de bus: {result.bus_transactions} ({counts}); "
        f"invalidaciones: {result.invalidations}; volcados: {result.flushes}.\n"
        f"Con las latencias de Levinthal (Intel, 2009) para Nehalem ({cases}): "
        f"unos {cost.cycles:g} ciclos, {cost.cycles_per_access:.1f} por acceso."
    )
    data = result.as_dict()
    data["estimated_cycles"] = {"by_case": dict(cost.by_case), "cycles": cost.cycles}
    return Solution(text, data)


MESI = Simulator(
    "mesi",
    "coherencia de caché MESI y compartición falsa (capítulo CPU)",
    _mesi_args,
    _mesi_problem,
    _mesi_describe,
    _mesi_solve,
    "hardware/cpu",
)


# --- Multihilo simultáneo (modelo) -------------------------------------------------------
def _smt_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cores", type=int_at_least(1, 256), help="núcleos físicos")
    parser.add_argument("--smt-ways", type=int_at_least(1, 8), help="hilos hardware por núcleo")
    parser.add_argument(
        "--gain", type=bounded(0, 1), help="ganancia de un núcleo con dos o más hilos, entre 0 y 1"
    )


def _smt_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    return {
        "cores": args.cores or rng.choice([2, 4, 8]),
        "smt_ways": args.smt_ways or 2,
        "smt_gain": args.gain if args.gain is not None else round(rng.uniform(0.1, 0.4), 2),
    }


def _smt_describe(problem: Problem) -> str:
    return (
        f"{problem['cores']} núcleos físicos con {problem['smt_ways']} hilos hardware cada uno; "
        f"un núcleo con dos o más hilos rinde {1 + problem['smt_gain']:g} veces uno solo. "
        "¿Cuánto rinden 1, 2, … hilos de cálculo?"
    )


def _smt_solve(problem: Problem) -> Solution:
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
    "smt",
    "modelo de multihilo simultáneo (SMT) por núcleo físico (capítulo CPU)",
    _smt_args,
    _smt_problem,
    _smt_describe,
    _smt_solve,
    "hardware/cpu",
)

SIMULATORS = (MESI, SMT)

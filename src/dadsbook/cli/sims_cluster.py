"""El clúster del capítulo de contenedores para la línea de órdenes.

``cluster``: una cola de mensajes a ráfagas consumida por pods con una flota fija, un
HPA por CPU y KEDA por longitud de cola, con los mismos mensajes (SimPy).
"""

from __future__ import annotations

import argparse
import random

from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import limit_steps, subseed
from dadsbook.cli.spanish import int_at_least, number
from dadsbook.systems.containers import cluster, workload

__all__ = ["SIMULATORS"]

_LOAD = ("duration_s", "base_rate", "burst_rate", "calm_mean_s", "burst_mean_s", "service_mean_s")


def _cluster_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duration", type=number(0), help="segundos de carga (≤ 14400)")
    parser.add_argument(
        "--base-rate", type=number(0, strict=False), help="mensajes por segundo entre ráfagas"
    )
    parser.add_argument("--burst-rate", type=number(0), help="mensajes por segundo en ráfaga")
    parser.add_argument("--service", type=number(0), help="segundos medios por mensaje")
    parser.add_argument("--startup", type=number(0, strict=False), help="arranque de un pod (s)")
    parser.add_argument("--fixed", type=int_at_least(1, 1000), help="pods de la flota fija")
    parser.add_argument("--mtbf", type=number(0), help="tiempo medio entre fallos de un pod (s)")


def _cluster_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    duration = args.duration or 1800.0
    if duration > 14_400:
        raise ValueError(f"--duration debe ser ≤ 14400 s; se recibió {duration:g}")
    base = workload.random_workload(subseed(rng), duration_s=duration)
    load = {name: getattr(base, name) for name in _LOAD}
    given = {
        "base_rate": args.base_rate,
        "burst_rate": args.burst_rate,
        "service_mean_s": args.service,
    }
    load.update({k: v for k, v in given.items() if v is not None})
    if load["burst_rate"] < load["base_rate"]:
        raise ValueError(
            f"--burst-rate ({load['burst_rate']:g}) debe ser ≥ --base-rate ({load['base_rate']:g})"
        )
    limit_steps("--burst-rate × --duration", load["burst_rate"] * duration)
    return {
        "load": {k: round(v, 3) for k, v in load.items()},
        "startup_s": args.startup if args.startup is not None else 20.0,
        "fixed_replicas": args.fixed or rng.randint(2, 6),
        "mtbf_s": args.mtbf,
        "seed": subseed(rng),
    }


def _cluster_describe(problem: Problem) -> str:
    load = problem["load"]
    failures = f"fallan cada {problem['mtbf_s']:g} s de media" if problem["mtbf_s"] else "no fallan"
    return (
        f"Mensajes durante {load['duration_s']:g} s: {load['base_rate']:g}/s en calma y "
        f"{load['burst_rate']:g}/s en ráfagas; {load['service_mean_s']:g} s de media por "
        f"mensaje. Los pods tardan {problem['startup_s']:g} s en arrancar y {failures}.\n"
        f"¿Cuánto esperan los mensajes y cuánto cuesta una flota fija de "
        f"{problem['fixed_replicas']} pods, un HPA por CPU y KEDA por longitud de cola?"
    )


def _cluster_solve(problem: Problem) -> Solution:
    messages = workload.BurstyWorkload(**problem["load"]).messages(problem["seed"])
    config = cluster.ClusterConfig(
        startup_s=problem["startup_s"],
        mtbf_s=problem["mtbf_s"],
        fixed_replicas=problem["fixed_replicas"],
    )
    results = cluster.compare(messages, config, seed=problem["seed"])
    data = {name: r.as_dict() for name, r in results.items()}
    return Solution(
        str(cluster.table(results)), data, lambda: cluster.replicas_figure(results, messages)
    )


CLUSTER = Simulator(
    "cluster",
    "cola a ráfagas con flota fija, HPA por CPU y KEDA (capítulo Contenedores)",
    _cluster_args,
    _cluster_problem,
    _cluster_describe,
    _cluster_solve,
    "sistemas/contenedores",
)

SIMULATORS = (CLUSTER,)

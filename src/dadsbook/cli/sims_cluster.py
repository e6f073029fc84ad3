"""El clúster del capítulo de contenedores para la línea de órdenes.

``cluster``: una cola de mensajes a ráfagas consumida por pods con una flota fija, un
HPA por CPU y KEDA por longitud de cola, con los mismos mensajes (SimPy). Los módulos
del capítulo se importan al usarlos.
"""

from __future__ import annotations

import argparse
import random

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, num, option, subseed
from dadsbook.cli.spanish import integer, number

__all__ = ["SIMULATORS"]

_LOAD = ("duration_s", "base_rate", "burst_rate", "calm_mean_s", "burst_mean_s", "service_mean_s")
#: Réplicas como mucho del HPA y de KEDA del capítulo.
AUTOSCALED_MAX = 20
#: Tras la carga, la simulación espera como mucho una hora a que se vacíe la cola.
DRAIN_S = 3600.0
#: El monitor del clúster toma una muestra cada 5 s.
SAMPLE_S = 5.0


def _cluster_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--duration", type=number(0, 14_400), metavar="SEGUNDOS", omitted="1800",
        help="segundos de carga (≤ 14400)",
    )  # fmt: skip
    option(
        parser, "--base-rate", type=number(0, 1000, strict=False), metavar="MENSAJES",
        omitted=RANDOM, help="mensajes por segundo entre ráfagas",
    )  # fmt: skip
    option(
        parser, "--burst-rate", type=number(0, 1000), metavar="MENSAJES", omitted=RANDOM,
        help="mensajes por segundo en ráfaga (≥ --base-rate)",
    )  # fmt: skip
    option(
        parser, "--service", type=number(0, 3600), metavar="SEGUNDOS", omitted=RANDOM,
        help="segundos medios de servicio por mensaje",
    )  # fmt: skip
    option(
        parser, "--startup", type=number(0, 3600, strict=False), metavar="SEGUNDOS",
        omitted="20", help="arranque de un pod (s)",
    )  # fmt: skip
    option(
        parser, "--fixed", type=integer(1, 1000), metavar="N", omitted="al azar entre 2 y 6",
        help="pods de la flota fija",
    )  # fmt: skip
    option(
        parser, "--mtbf", type=number(0, 1e9), metavar="SEGUNDOS", omitted="los pods no fallan",
        help="tiempo medio entre fallos de un pod (s)",
    )  # fmt: skip


def _cluster_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.systems.containers import workload

    duration = args.duration or 1800.0
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
    return {
        "load": {k: round(v, 3) for k, v in load.items()},
        "startup_s": args.startup if args.startup is not None else 20.0,
        "fixed_replicas": args.fixed or rng.randint(2, 6),
        "mtbf_s": args.mtbf,
        "seed": subseed(rng),
    }


def _cluster_cost(problem: Problem) -> Cost:
    load = problem["load"]
    messages = load["burst_rate"] * load["duration_s"]
    span = load["duration_s"] + DRAIN_S
    pods = max(problem["fixed_replicas"], AUTOSCALED_MAX)
    failures = 0.0 if problem["mtbf_s"] is None else pods * span / problem["mtbf_s"]
    steps = 3 * (messages * (1 + pods / 1000) + failures)
    options = "--burst-rate × --duration" if failures < messages else "--mtbf"
    return Cost(steps, options, 3 * span / SAMPLE_S / 100)


def _cluster_describe(problem: Problem) -> str:
    load = problem["load"]
    failures = (
        f"fallan cada {num(problem['mtbf_s'])} s de media" if problem["mtbf_s"] else "no fallan"
    )
    return (
        f"Mensajes durante {num(load['duration_s'])} s: {num(load['base_rate'])}/s en calma y "
        f"{num(load['burst_rate'])}/s en ráfagas; {num(load['service_mean_s'])} s de media por "
        f"mensaje. Los pods tardan {num(problem['startup_s'])} s en arrancar y {failures}.\n"
        f"¿Cuánto esperan los mensajes y cuánto cuesta una flota fija de "
        f"{num(problem['fixed_replicas'])} pods, un HPA por CPU y KEDA por longitud de cola?"
    )


def _cluster_solve(problem: Problem) -> Solution:
    from dadsbook.systems.containers import cluster, workload

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
    "cluster", _cluster_args, _cluster_problem, _cluster_describe, _cluster_solve,
    _cluster_cost,
    Example(
        "media hora de mensajes con ráfagas de 5 por segundo, 1 s de servicio y una flota "
        "fija de 4 pods",
        "--duration 1800 --base-rate 0.2 --burst-rate 5 --service 1 --fixed 4 -c",
    ),
    max_steps=100_000,
)  # fmt: skip

SIMULATORS = (CLUSTER,)

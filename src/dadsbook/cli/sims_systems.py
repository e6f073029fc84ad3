"""Simuladores del capítulo de contenedores para la línea de órdenes.

``hpa`` (Horizontal Pod Autoscaler), ``keda`` (activación 0 ↔ 1), ``replicaset``
(autorreparación) y ``cfs`` (cuota de CPU de un cgroup).
"""

from __future__ import annotations

import argparse
import dataclasses
import random

from matplotlib.figure import Figure

from dadsbook import plotting
from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import limit_steps, matching, subseed
from dadsbook.cli.spanish import int_at_least, int_list, number, number_list
from dadsbook.systems.containers import cgroups, hpa, keda, problems, replicaset
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Horizontal Pod Autoscaler ----------------------------------------------------------
def _hpa_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min", type=int_at_least(1), dest="min_replicas", help="minReplicas")
    parser.add_argument("--max", type=int_at_least(1), dest="max_replicas", help="maxReplicas")
    parser.add_argument("--start", type=int_at_least(0), help="réplicas al empezar")
    parser.add_argument(
        "--raw",
        type=int_list(0),
        metavar="8,8,2,2",
        help="réplicas que pide la métrica en cada ciclo (cada 15 s)",
    )
    parser.add_argument(
        "--down-window",
        type=number(0, strict=False),
        help="ventana de estabilización al bajar, en s (300 por omisión)",
    )


def _hpa_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = problems.random_hpa_problem(subseed(rng), cycles=rng.randint(16, 28))
    low = args.min_replicas or min(base.spec.min_replicas, args.max_replicas or 10**9)
    high = args.max_replicas or max(base.spec.max_replicas, low)
    if low > high:
        raise ValueError(f"--min ({low}) no puede ser mayor que --max ({high})")
    return {
        "min_replicas": low,
        "max_replicas": high,
        "start": args.start if args.start is not None else min(max(base.start, low), high),
        "raw": args.raw or list(base.raw),
        "down_window_s": args.down_window if args.down_window is not None else 300.0,
    }


def _hpa_spec(problem: Problem) -> hpa.HpaSpec:
    down = dataclasses.replace(
        hpa.DEFAULT_SCALE_DOWN, stabilization_window_s=problem["down_window_s"]
    )
    return hpa.HpaSpec(problem["min_replicas"], problem["max_replicas"], 1.0, scale_down=down)


def _hpa_describe(problem: Problem) -> str:
    raw = ", ".join(str(r) for r in problem["raw"])
    return (
        f"Un HPA entre {problem['min_replicas']} y {problem['max_replicas']} réplicas que "
        f"empieza con {problem['start']}, ventana de bajada de {problem['down_window_s']:g} s y "
        f"las políticas por omisión. Cada 15 s la métrica pide: {raw}.\n"
        "¿Cuántas réplicas hay tras cada ciclo?"
    )


def _hpa_solve(problem: Problem) -> Solution:
    spec = _hpa_spec(problem)
    replicas = hpa.replay(spec, problem["raw"], problem["start"])
    times = [i * spec.sync_period_s for i in range(len(replicas))]
    rows = list(zip(range(1, len(times) + 1), times, problem["raw"], replicas, strict=True))
    text = (
        f"{Table(('ciclo', 't (s)', 'pedidas', 'réplicas'), rows)}\n\n"
        f"Máximo: {max(replicas)} réplicas; al final: {replicas[-1]}."
    )

    def figure() -> Figure:
        fig = plotting.figure(6.5, 3.0)
        ax = fig.add_subplot()
        ax.step(
            times,
            problem["raw"],
            where="post",
            color=plotting.color(1),
            linestyle="--",
            label="pedidas por la métrica",
        )
        ax.step(times, replicas, where="post", color=plotting.color(0), label="réplicas")
        ax.set_xlabel("tiempo (s)")
        ax.set_ylabel("réplicas")
        ax.legend()
        return fig

    return Solution(text, {"times_s": times, "replicas": list(replicas)}, figure)


HPA = Simulator(
    "hpa",
    "decisiones del Horizontal Pod Autoscaler (capítulo Contenedores)",
    _hpa_args,
    _hpa_problem,
    _hpa_describe,
    _hpa_solve,
    "sistemas/contenedores",
)


# --- KEDA -------------------------------------------------------------------------------
def _keda_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metrics", type=int_list(0), metavar="0,12,0,0", help="mensajes en cola en cada sondeo"
    )
    parser.add_argument(
        "--activation",
        type=number(0, strict=False),
        help="valor de activación (activa si la métrica lo supera)",
    )
    parser.add_argument("--polling", type=number(0), help="pollingInterval en s (30)")
    parser.add_argument(
        "--cooldown", type=number(0, strict=False), help="cooldownPeriod en s (300)"
    )


def _keda_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = problems.random_keda_problem(subseed(rng), polls=rng.randint(12, 24))
    return {
        "metrics": args.metrics or list(base.metrics),
        "activation_value": args.activation
        if args.activation is not None
        else base.spec.activation_value,
        "polling_interval_s": args.polling or 30.0,
        "cooldown_period_s": args.cooldown if args.cooldown is not None else 300.0,
    }


def _keda_describe(problem: Problem) -> str:
    metrics = ", ".join(str(m) for m in problem["metrics"])
    return (
        f"KEDA con valor de activación {problem['activation_value']:g}, sondeo cada "
        f"{problem['polling_interval_s']:g} s y enfriamiento de {problem['cooldown_period_s']:g} "
        f"s, empezando en 0 réplicas. Mensajes en cola en cada sondeo: {metrics}.\n"
        "¿Cuándo pasa de 0 a 1 réplica y cuándo vuelve a 0?"
    )


def _keda_solve(problem: Problem) -> Solution:
    spec = keda.KedaSpec(
        target=5.0,
        activation_value=problem["activation_value"],
        polling_interval_s=problem["polling_interval_s"],
        cooldown_period_s=problem["cooldown_period_s"],
    )
    replicas, last, steps = 0, None, []
    for i, metric in enumerate(problem["metrics"]):
        now = i * spec.polling_interval_s
        decision = keda.activation(spec, now, replicas, metric, last)
        replicas, last = decision.replicas, decision.last_active_s
        steps.append(
            {"time_s": now, "metric": metric, "replicas": replicas, "reason": decision.reason}
        )
    rows = [(s["time_s"], s["metric"], s["replicas"], s["reason"]) for s in steps]
    text = str(Table(("t (s)", "en cola", "réplicas", "motivo"), rows))
    return Solution(text, {"steps": steps})


KEDA = Simulator(
    "keda",
    "activación de KEDA entre 0 y 1 réplicas (capítulo Contenedores)",
    _keda_args,
    _keda_problem,
    _keda_describe,
    _keda_solve,
    "sistemas/contenedores",
)


# --- ReplicaSet ------------------------------------------------------------------------------
def _replicaset_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--replicas", type=int_at_least(1, 100), help="réplicas deseadas")
    parser.add_argument("--mtbf", type=number(0), help="tiempo medio entre fallos de un pod (s)")
    parser.add_argument("--startup", type=number(0, strict=False), help="arranque de un pod (s)")
    parser.add_argument("--horizon", type=number(0), help="segundos simulados (≤ 36000)")


def _replicaset_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = replicaset.random_self_healing(subseed(rng))
    horizon = args.horizon or round(base.horizon_s)
    if horizon > 36_000:
        raise ValueError(f"--horizon debe ser ≤ 36000 s; se recibió {horizon:g}")
    replicas, mtbf = args.replicas or base.replicas, args.mtbf or round(base.mtbf_s)
    limit_steps("--mtbf", 100 * replicas * horizon / mtbf)
    return {
        "replicas": replicas,
        "mtbf_s": mtbf,
        "startup_s": args.startup if args.startup is not None else round(base.startup_s, 1),
        "horizon_s": horizon,
        "seed": base.seed,
    }


def _replicaset_describe(problem: Problem) -> str:
    return (
        f"Un ReplicaSet de {problem['replicas']} pods que fallan de media cada "
        f"{problem['mtbf_s']:g} s y tardan {problem['startup_s']:g} s en arrancar, durante "
        f"{problem['horizon_s']:g} s.\n¿Cuántos fallos repone y qué fracción del tiempo están "
        "listas todas las réplicas?"
    )


def _replicaset_solve(problem: Problem) -> Solution:
    result = replicaset.SelfHealingProblem(**problem).solve()
    text = (
        f"Fallos: {result.failures}; pods creados: {result.created}; disponibilidad media: "
        f"{100 * result.availability:.1f} % de las réplicas deseadas."
    )
    return Solution(text, result.as_dict(), lambda: result.figure())


REPLICASET = Simulator(
    "replicaset",
    "ReplicaSet: el bucle que repone los pods caídos (capítulo Contenedores)",
    _replicaset_args,
    _replicaset_problem,
    _replicaset_describe,
    _replicaset_solve,
    "sistemas/contenedores",
)


# --- Cuota de CPU de CFS ------------------------------------------------------------------------
def _cfs_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cpu", type=number_list(0, strict=True), help="ms de CPU de cada petición, p. ej. 50,30"
    )
    parser.add_argument("--arrivals", type=number_list(0), help="llegada de cada petición (ms)")
    parser.add_argument("--quota", type=number(0), help="cuota por periodo (ms)")
    parser.add_argument("--period", type=number(0), help="periodo (ms; 100 por omisión)")
    parser.add_argument("--threads", type=int_at_least(1, 256), help="hilos de cada petición")


def _cfs_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.cpu is not None:
        matching("--arrivals", args.arrivals, "--cpu", len(args.cpu))
        arrivals, cpu = args.arrivals or [0.0] * len(args.cpu), args.cpu
        if arrivals != sorted(arrivals):
            raise ValueError("--arrivals debe ir de menor a mayor")
    elif args.arrivals is not None:
        raise ValueError("--arrivals necesita --cpu con la CPU de cada petición")
    else:
        base = cgroups.random_cfs_problem(
            subseed(rng), requests=rng.randint(3, 6), mean_cpu_ms=40.0, mean_gap_ms=40.0
        )
        arrivals = [round(a, 1) for a in base.arrivals_ms]
        cpu = [round(c, 1) for c in base.cpu_ms]
    quota, threads = (
        args.quota or float(rng.choice([20, 50, 100])),
        args.threads or rng.randint(1, 4),
    )
    limit_steps("--quota", len(cpu) + sum(cpu) * threads / quota)
    return {
        "arrivals_ms": arrivals,
        "cpu_ms": cpu,
        "quota_ms": quota,
        "period_ms": args.period or 100.0,
        "threads": threads,
    }


def _cfs_describe(problem: Problem) -> str:
    rows = [
        (i + 1, a, c)
        for i, (a, c) in enumerate(zip(problem["arrivals_ms"], problem["cpu_ms"], strict=True))
    ]
    return "\n".join(
        [
            f"Un cgroup con cuota de {problem['quota_ms']:g} ms cada {problem['period_ms']:g} ms "
            f"(cpu.max), peticiones de {problem['threads']} hilo(s) atendidas en orden:",
            str(Table(("petición", "llegada (ms)", "CPU (ms)"), rows)),
            "¿Cuánto tarda cada una y cuántos periodos pasa estrangulada?",
        ]
    )


def _cfs_solve(problem: Problem) -> Solution:
    result = cgroups.run_stream(
        problem["arrivals_ms"],
        problem["cpu_ms"],
        quota_ms=problem["quota_ms"],
        period_ms=problem["period_ms"],
        threads=problem["threads"],
    )
    rows = [
        (i + 1, r.arrival_ms, r.start_ms, r.end_ms, r.latency_ms, r.throttled_periods)
        for i, r in enumerate(result.requests)
    ]
    table = Table(("petición", "llegada", "inicio", "fin", "latencia (ms)", "estrangulada"), rows)
    data = {**result.as_dict(), "runs": [r.as_dict() for r in result.requests]}
    text = (
        f"{table}\n\nLatencia p50 {result.percentile_ms(50):.3g} ms, p99 "
        f"{result.percentile_ms(99):.3g} ms; {100 * result.throttled_fraction:.0f} % de las "
        "peticiones sufrieron estrangulamiento."
    )
    runs = [(f"petición {i + 1}", r) for i, r in enumerate(result.requests)]
    return Solution(
        text, data, lambda: cgroups.timeline_figure(runs, period_ms=problem["period_ms"])
    )


CFS = Simulator(
    "cfs",
    "cuota de CPU de un cgroup (control de ancho de banda de CFS) (capítulo Contenedores)",
    _cfs_args,
    _cfs_problem,
    _cfs_describe,
    _cfs_solve,
    "sistemas/contenedores",
)


SIMULATORS = (HPA, KEDA, REPLICASET, CFS)

"""Los simuladores del capítulo «Contenedores» para la línea de órdenes.

``hpa`` (decisiones del Horizontal Pod Autoscaler), ``keda`` (activación entre 0 y 1
réplicas), ``replicaset`` (el bucle que repone los pods caídos), ``cfs`` (la cuota de
CPU de un cgroup), ``cluster`` (una cola a ráfagas con flota fija, HPA por CPU y KEDA,
con los mismos mensajes) y ``placement`` (colocación de pods y la caída de un nodo).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import Figures, matching, num, option, pct, plural, statement, subseed
from dadsbook.cli.spanish import int_list, integer, number, number_list
from dadsbook.tables import Table

if TYPE_CHECKING:
    from dadsbook.systems.containers import hpa

__all__ = ["CFS", "CHAPTER", "CLUSTER", "HPA", "KEDA", "PLACEMENT", "REPLICASET"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.systems.containers.figures")

#: La página del libro de estos simuladores.
CHAPTER = "sistemas/contenedores"

#: Ciclos, sondeos o peticiones que se pueden dar en una lista.
LIST_MAX = 1000
#: Un HPA cada 15 s.
HPA_PERIOD_S = 15.0


# --- Horizontal Pod Autoscaler ----------------------------------------------------------
def _hpa_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--min", type=integer(1, 1000), dest="min_replicas", metavar="N",
        help="minReplicas",
    )  # fmt: skip
    option(
        parser, "--max", type=integer(1, 1000), dest="max_replicas", metavar="N",
        help="maxReplicas (≥ --min)",
    )  # fmt: skip
    option(
        parser, "--start", type=integer(0, 1000), metavar="N",
        help="réplicas al empezar",
    )  # fmt: skip
    option(
        parser, "--raw", type=int_list(0, 10_000, max_items=LIST_MAX), metavar="8,8,2,2",
        help="réplicas que pide la métrica en cada ciclo (cada 15 s), separados por comas",
    )  # fmt: skip
    option(
        parser, "--down-window", type=number(0, 86_400, strict=False), metavar="SEGUNDOS",
        omitted="300", help="ventana de estabilización al bajar, en s",
    )  # fmt: skip


def _hpa_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.containers import problems

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


def _hpa_cost(problem: ProblemData) -> Cost:
    cycles = len(problem["raw"])
    remembered = min(cycles, max(problem["down_window_s"], 300) / HPA_PERIOD_S + 1)
    return Cost(cycles * remembered, "--raw/--down-window", cycles / 100)


def _hpa_spec(problem: ProblemData) -> hpa.HpaSpec:
    from dadsbook.systems.containers import hpa

    down = dataclasses.replace(
        hpa.DEFAULT_SCALE_DOWN, stabilization_window_s=problem["down_window_s"]
    )
    return hpa.HpaSpec(problem["min_replicas"], problem["max_replicas"], 1.0, scale_down=down)


def _hpa_describe(problem: ProblemData) -> str:
    raw = ", ".join(str(r) for r in problem["raw"])
    return (
        f"Un HPA entre {num(problem['min_replicas'])} y {num(problem['max_replicas'])} réplicas "
        "que "
        f"empieza con {num(problem['start'])}, ventana de bajada de "
        f"{num(problem['down_window_s'])} s y "
        f"las políticas por omisión. Cada 15 s la métrica pide: {raw}.\n"
        "¿Cuántas réplicas hay tras cada ciclo?"
    )


def _hpa_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.containers import hpa

    spec = _hpa_spec(problem)
    replicas = hpa.replay(spec, problem["raw"], problem["start"])
    times = [i * spec.sync_period_s for i in range(len(replicas))]
    rows = list(zip(range(1, len(times) + 1), times, problem["raw"], replicas, strict=True))
    text = (
        f"{Table(('ciclo', 't (s)', 'pedidas', 'réplicas'), rows)}\n\n"
        f"Máximo: {max(replicas)} réplicas; al final: {replicas[-1]}."
    )
    return Solution(
        text,
        {"times_s": times, "replicas": list(replicas)},
        _figure("hpa_figure", times, problem["raw"], replicas),
    )


HPA = Simulator(
    name="hpa",
    chapter=CHAPTER,
    help="decisiones del Horizontal Pod Autoscaler",
    add_arguments=_hpa_args,
    make_problem=_hpa_problem,
    describe=_hpa_describe,
    solve=_hpa_solve,
    cost=_hpa_cost,
    example=Example(
        "un HPA entre 1 y 10 réplicas al que la métrica pide 8 durante dos ciclos y luego 2: "
        "¿cuándo baja?",
        "--min 1 --max 10 --start 1 --raw 8,8,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2 -c",
    ),
)


# --- KEDA -------------------------------------------------------------------------------
def _keda_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--metrics", type=int_list(0, 10**9, max_items=LIST_MAX), metavar="0,12,0,0",
        help="mensajes en cola en cada sondeo, separados por comas",
    )  # fmt: skip
    option(
        parser, "--activation", type=number(0, 1e9, strict=False), metavar="VALOR",
        help="valor de activación (activa si la métrica lo supera)",
    )  # fmt: skip
    option(
        parser, "--polling", type=number(0, 86_400), metavar="SEGUNDOS", omitted="30",
        help="pollingInterval, en s",
    )  # fmt: skip
    option(
        parser, "--cooldown", type=number(0, 86_400, strict=False), metavar="SEGUNDOS",
        omitted="300", help="cooldownPeriod, en s",
    )  # fmt: skip


def _keda_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.containers import problems

    base = problems.random_keda_problem(subseed(rng), polls=rng.randint(12, 24))
    return {
        "metrics": args.metrics or list(base.metrics),
        "activation_value": args.activation
        if args.activation is not None
        else base.spec.activation_value,
        "polling_interval_s": args.polling or 30.0,
        "cooldown_period_s": args.cooldown if args.cooldown is not None else 300.0,
    }


def _keda_cost(problem: ProblemData) -> Cost:
    polls = len(problem["metrics"])
    return Cost(polls, "--metrics", polls / 100)


def _keda_describe(problem: ProblemData) -> str:
    metrics = ", ".join(str(m) for m in problem["metrics"])
    return (
        f"KEDA con valor de activación {num(problem['activation_value'])}, sondeo cada "
        f"{num(problem['polling_interval_s'])} s y enfriamiento de "
        f"{num(problem['cooldown_period_s'])} "
        f"s, empezando en 0 réplicas. Mensajes en cola en cada sondeo: {metrics}.\n"
        "¿Cuándo pasa de 0 a 1 réplica y cuándo vuelve a 0?"
    )


def _keda_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.containers import keda

    spec = keda.KedaSpec(
        target=5.0,
        activation_value=problem["activation_value"],
        polling_interval_s=problem["polling_interval_s"],
        cooldown_period_s=problem["cooldown_period_s"],
    )
    steps = [
        {"time_s": i * spec.polling_interval_s, "metric": m, "replicas": d.replicas,
         "reason": d.reason}
        for i, (m, d) in enumerate(
            zip(problem["metrics"], keda.replay(spec, problem["metrics"]), strict=True)
        )
    ]  # fmt: skip
    rows = [(s["time_s"], s["metric"], s["replicas"], s["reason"]) for s in steps]
    text = str(Table(("t (s)", "en cola", "réplicas", "motivo"), rows))

    return Solution(
        text,
        {"steps": steps},
        _figure(
            "activation_figure",
            [s["time_s"] for s in steps],
            [s["metric"] for s in steps],
            [s["replicas"] for s in steps],
            activation_value=problem["activation_value"],
        ),
    )


KEDA = Simulator(
    name="keda",
    chapter=CHAPTER,
    help="activación de KEDA entre 0 y 1 réplicas",
    add_arguments=_keda_args,
    make_problem=_keda_problem,
    describe=_keda_describe,
    solve=_keda_solve,
    cost=_keda_cost,
    example=Example(
        "una ráfaga de 12 mensajes y luego nada, con sondeo cada 30 s y enfriamiento de 60 s",
        "--metrics 0,12,0,0,0,0 --activation 0 --polling 30 --cooldown 60 -c",
    ),
    max_steps=LIST_MAX,
)


# --- ReplicaSet ------------------------------------------------------------------------------
def _replicaset_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--replicas", type=integer(1, 100), metavar="N",
        help="réplicas deseadas",
    )  # fmt: skip
    option(
        parser, "--mtbf", type=number(0, 1e9), metavar="SEGUNDOS",
        help="tiempo medio entre fallos de un pod (s)",
    )  # fmt: skip
    option(
        parser, "--startup", type=number(0, 86_400, strict=False), metavar="SEGUNDOS",
        help="arranque de un pod (s)",
    )  # fmt: skip
    option(
        parser, "--horizon", type=number(0, 36_000), metavar="SEGUNDOS",
        help="segundos simulados (≤ 36000)",
    )  # fmt: skip


def _replicaset_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.containers import replicaset

    base = replicaset.random_self_healing(subseed(rng))
    horizon = args.horizon or round(base.horizon_s)
    replicas, mtbf = args.replicas or base.replicas, args.mtbf or round(base.mtbf_s)
    return {
        "replicas": replicas,
        "mtbf_s": mtbf,
        "startup_s": args.startup if args.startup is not None else round(base.startup_s, 1),
        "horizon_s": horizon,
        "seed": base.seed,
    }


def _replicaset_cost(problem: ProblemData) -> Cost:
    failures = problem["replicas"] * problem["horizon_s"] / problem["mtbf_s"]
    return Cost(failures + problem["horizon_s"], "--mtbf", problem["horizon_s"] / 1000)


def _replicaset_describe(problem: ProblemData) -> str:
    return (
        f"Un ReplicaSet de {num(problem['replicas'])} pods que fallan de media cada "
        f"{num(problem['mtbf_s'])} s y tardan {num(problem['startup_s'])} s en arrancar, durante "
        f"{num(problem['horizon_s'])} s.\n¿Cuántos fallos repone y qué fracción del tiempo están "
        "listas todas las réplicas?"
    )


def _replicaset_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.containers import replicaset

    result = replicaset.SelfHealingProblem(**problem).solve()
    text = (
        f"Fallos: {num(result.failures)}; pods creados: {num(result.created)}; disponibilidad "
        "media: "
        f"{pct(result.availability)} de las réplicas deseadas."
    )
    return Solution(text, result.as_dict(), _figure("self_healing_figure", result))


REPLICASET = Simulator(
    name="replicaset",
    chapter=CHAPTER,
    help="ReplicaSet: el bucle que repone los pods caídos",
    add_arguments=_replicaset_args,
    make_problem=_replicaset_problem,
    describe=_replicaset_describe,
    solve=_replicaset_solve,
    cost=_replicaset_cost,
    example=Example(
        "tres pods que fallan cada 5 minutos de media y tardan 30 s en arrancar, durante una hora",
        "--replicas 3 --mtbf 300 --startup 30 --horizon 3600 -c",
    ),
    max_steps=150_000,
)


# --- Cuota de CPU de CFS ------------------------------------------------------------------------
TIME_MAX = 1e6


def _cfs_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--cpu", type=number_list(0, TIME_MAX, strict=True, max_items=LIST_MAX),
        metavar="MILISEGUNDOS",
        help="ms de CPU de cada petición, separados por comas, p. ej. 50,30",
    )  # fmt: skip
    option(
        parser, "--arrivals", type=number_list(0, TIME_MAX, max_items=LIST_MAX),
        metavar="MILISEGUNDOS", omitted="todas en 0",
        help="llegada de cada petición (ms), separados por comas y de menor a mayor; "
        "necesita --cpu",
    )  # fmt: skip
    option(
        parser, "--quota", type=number(0.01, TIME_MAX, strict=False), metavar="MILISEGUNDOS",
        omitted="al azar entre 20, 50 y 100", help="cuota por periodo (ms, ≥ 0.01)",
    )  # fmt: skip
    option(
        parser, "--period", type=number(0.1, TIME_MAX, strict=False), metavar="MILISEGUNDOS",
        omitted="100", help="periodo (ms, ≥ 0.1)",
    )  # fmt: skip
    option(
        parser, "--threads", type=integer(1, 256), metavar="N", omitted="al azar entre 1 y 4",
        help="hilos de cada petición",
    )  # fmt: skip


def _cfs_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.containers import cgroups

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
    return {
        "arrivals_ms": arrivals,
        "cpu_ms": cpu,
        "quota_ms": quota,
        "period_ms": args.period or 100.0,
        "threads": threads,
    }


def _cfs_cost(problem: ProblemData) -> Cost:
    period, threads = problem["period_ms"], problem["threads"]
    per_period = min(problem["quota_ms"], period * threads)
    periods = len(problem["cpu_ms"]) + sum(problem["cpu_ms"]) / per_period
    span = problem["arrivals_ms"][-1] + periods * period
    # La figura dibuja cada tramo y una línea por periodo.
    return Cost(2 * periods, "--quota/--period", 2 * periods + span / period)


def _cfs_describe(problem: ProblemData) -> str:
    rows = [
        (i + 1, a, c)
        for i, (a, c) in enumerate(zip(problem["arrivals_ms"], problem["cpu_ms"], strict=True))
    ]
    return statement(
        f"Un cgroup con cuota de {num(problem['quota_ms'])} ms cada "
        f"{num(problem['period_ms'])} ms "
        f"(cpu.max), peticiones de {plural(problem['threads'], 'hilo')} atendidas en orden:",
        ("petición", "llegada (ms)", "CPU (ms)"),
        rows,
        "¿Cuánto tarda cada una y cuántos periodos pasa estrangulada?",
    )


def _cfs_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.containers import cgroups

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
        f"{table}\n\nLatencia p50 {num(result.percentile_ms(50))} ms, p99 "
        f"{num(result.percentile_ms(99))} ms; {pct(result.throttled_fraction, 0)} de las "
        "peticiones sufrieron estrangulamiento."
    )
    runs = [(f"petición {i + 1}", r) for i, r in enumerate(result.requests)]
    return Solution(text, data, _figure("timeline_figure", runs, period_ms=problem["period_ms"]))


CFS = Simulator(
    name="cfs",
    chapter=CHAPTER,
    help="cuota de CPU de un cgroup (control de ancho de banda de CFS)",
    add_arguments=_cfs_args,
    make_problem=_cfs_problem,
    describe=_cfs_describe,
    solve=_cfs_solve,
    cost=_cfs_cost,
    example=Example(
        "dos peticiones de 50 y 30 ms de CPU con una cuota de 20 ms cada 100 ms",
        "--cpu 50,30 --arrivals 0,10 --quota 20 --period 100 --threads 1 -c",
    ),
    max_steps=200_000,
)


# --- Colocación de pods y caída de un nodo ----------------------------------------------
PLACEMENT_NODES = (2, 8)
#: Pods como mucho de ``random_placement_problem``: tres apps de hasta seis réplicas y el
#: pod de entrenamiento del nodo con GPU. El coste es nodos × pods (los puntos de cada pod
#: en cada nodo).
PLACEMENT_PODS_MAX = 3 * 6 + 1


def _placement_args(parser: argparse.ArgumentParser) -> None:
    low, high = PLACEMENT_NODES
    option(
        parser, "--nodes", type=integer(low, high), metavar="NODOS", omitted="al azar entre 2 y 5",
        help=f"nodos del clúster ({low} a {high})",
    )  # fmt: skip


def _placement_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.systems.containers import placement_problems

    return placement_problems.random_placement_problem(subseed(rng), nodes=args.nodes).spec()


def _placement_cost(problem: ProblemData) -> Cost:
    cells = len(problem["nodes"]) * len(problem["pods"])
    return Cost(cells, "--nodes", 2 * cells)


def _placement_describe(problem: ProblemData) -> str:
    from dadsbook.systems.containers import placement_problems

    return placement_problems.PlacementProblem.from_spec(problem).describe()


def _placement_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.containers import placement_problems

    spec = placement_problems.PlacementProblem.from_spec(problem)
    data = {k: v for k, v in spec.as_dict().items() if k in ("before", "after", "pending")}

    return Solution(spec.solution(), data, _figure("failover_figure", spec.solve()))


PLACEMENT = Simulator(
    name="placement",
    chapter=CHAPTER,
    help="colocación de pods en nodos y la caída de uno",
    add_arguments=_placement_args,
    make_problem=_placement_problem,
    describe=_placement_describe,
    solve=_placement_solve,
    cost=_placement_cost,
    example=Example(
        "cuatro nodos en tres zonas: dónde cae cada pod y adónde van los repuestos cuando cae uno",
        "-s 4 --nodes 4 -c",
    ),
    max_steps=PLACEMENT_NODES[1] * PLACEMENT_PODS_MAX,
)


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
        help="mensajes por segundo entre ráfagas",
    )  # fmt: skip
    option(
        parser, "--burst-rate", type=number(0, 1000), metavar="MENSAJES",
        help="mensajes por segundo en ráfaga (≥ --base-rate)",
    )  # fmt: skip
    option(
        parser, "--service", type=number(0, 3600), metavar="SEGUNDOS",
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


def _cluster_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _cluster_cost(problem: ProblemData) -> Cost:
    load = problem["load"]
    messages = load["burst_rate"] * load["duration_s"]
    span = load["duration_s"] + DRAIN_S
    pods = max(problem["fixed_replicas"], AUTOSCALED_MAX)
    failures = 0.0 if problem["mtbf_s"] is None else pods * span / problem["mtbf_s"]
    steps = 3 * (messages * (1 + pods / 1000) + failures)
    options = "--burst-rate × --duration" if failures < messages else "--mtbf"
    return Cost(steps, options, 3 * span / SAMPLE_S / 100)


def _cluster_describe(problem: ProblemData) -> str:
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


def _cluster_solve(problem: ProblemData) -> Solution:
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
        str(cluster.table(results)), data, _figure("replicas_figure", results, messages)
    )


CLUSTER = Simulator(
    name="cluster",
    chapter=CHAPTER,
    help="cola a ráfagas con flota fija, HPA por CPU y KEDA",
    add_arguments=_cluster_args,
    make_problem=_cluster_problem,
    describe=_cluster_describe,
    solve=_cluster_solve,
    cost=_cluster_cost,
    example=Example(
        "media hora de mensajes con ráfagas de 5 por segundo, 1 s de servicio y una flota "
        "fija de 4 pods",
        "--duration 1800 --base-rate 0.2 --burst-rate 5 --service 1 --fixed 4 -c",
    ),
    max_steps=100_000,
)

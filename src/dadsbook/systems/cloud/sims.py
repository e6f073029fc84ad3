"""Los simuladores del capítulo «Nube» para la línea de órdenes.

``balancer`` (balanceo de carga sobre servidores distintos), ``serverless``
(arranques en frío), ``scaleset`` (un grupo de instancias que escala con la CPU),
``choices`` (la potencia de dos opciones), ``appservice`` (afinidad ARR, una caída y
el autoescalado) y ``overprovision`` (el sobreaprovisionamiento de un grupo de escalado).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import random

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, Figures, listing, num, option, pct, plural
from dadsbook.cli.spanish import choice, fraction, integer, number, number_list
from dadsbook.tables import Table

__all__ = [
    "APPSERVICE",
    "BALANCER",
    "CHAPTER",
    "CHOICES",
    "OVERPROVISION",
    "SCALESET",
    "SERVERLESS",
]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.systems.cloud.figures")

#: La página del libro de estos simuladores.
CHAPTER = "sistemas/nube"

_POLICIES = ("round_robin", "random", "least_connections", "two_choices")


# --- Balanceo de carga ------------------------------------------------------
def _balancer_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--policy", type=choice(_POLICIES), metavar="POLÍTICA", omitted=RANDOM,
        help="round_robin, random, least_connections o two_choices",
    )  # fmt: skip
    option(
        parser, "--speeds", type=number_list(0.001, 1000, strict=False, max_items=100),
        metavar="VELOCIDADES", omitted="entre 2 y 6 servidores al azar",
        help="velocidad relativa de cada servidor, separados por comas, p. ej. 1,1,0.5,0.25 "
        "(de 0.001 a 1000; hasta 100 servidores)",
    )  # fmt: skip
    option(
        parser, "--load", type=fraction, metavar="CARGA", omitted="al azar entre 0.3 y 0.9",
        help="carga de la flota, entre 0 y 1 (sin incluirlos)",
    )  # fmt: skip
    option(
        parser, "--requests", type=integer(1, 10_000_000), metavar="N", omitted="5000",
        help="peticiones a simular",
    )  # fmt: skip


def _balancer_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    speeds = args.speeds or [round(rng.uniform(0.2, 1.0), 2) for _ in range(rng.randint(2, 6))]
    return {
        "policy": args.policy or rng.choice(_POLICIES),
        "speeds": speeds,
        "load": args.load if args.load is not None else round(rng.uniform(0.3, 0.9), 2),
        "requests": args.requests or 5000,
        "seed": rng.randrange(2**31),
    }


def _balancer_cost(problem: ProblemData) -> Cost:
    speeds, requests = problem["speeds"], problem["requests"]
    scan = len(speeds) if problem["policy"] == "least_connections" else 1
    backlog = 0.0
    if problem["policy"] in ("round_robin", "random"):
        # Repartir a ciegas sobrecarga a los lentos: su cola crece durante toda la simulación.
        share = 1 / len(speeds)
        capacity = problem["load"] * sum(speeds)
        backlog = requests * max(share - s / capacity for s in speeds)
    steps = requests * (1 + scan / 10) + max(backlog, 0.0) ** 2 / 6000
    return Cost(steps, "--requests/--speeds", 10)


def _balancer_describe(problem: ProblemData) -> str:
    return (
        f"Balanceador «{problem['policy']}» ante "
        f"{plural(problem['requests'], 'petición', 'peticiones')}, carga "
        f"{pct(problem['load'], 0)} de la capacidad, servidores de velocidades "
        f"{listing(problem['speeds'])}. ¿Cuánto tarda la petición mediana y la del percentil 99?"
    )


def _balancer_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.cloud import load_balancing

    servers = [load_balancing.Server(chr(65 + i), s) for i, s in enumerate(problem["speeds"])]
    result = load_balancing.simulate_balancer(
        problem["policy"], servers, load=problem["load"], requests=problem["requests"],
        seed=problem["seed"],
    )  # fmt: skip
    rows = [(s.name, s.speed, n) for s, n in zip(servers, result.per_server, strict=True)]
    text = (
        f"{Table(('servidor', 'velocidad', 'peticiones'), rows)}\n\n"
        f"Latencia: p50 {num(1000 * result.p50_s, 1)} ms, p99 {num(1000 * result.p99_s, 1)} ms."
    )
    return Solution(text, result.as_dict(), _figure("balancer_tail", {problem["policy"]: [result]}))


BALANCER = Simulator(
    name="balancer",
    chapter=CHAPTER,
    help="balanceo de carga sobre servidores distintos",
    add_arguments=_balancer_args,
    make_problem=_balancer_problem,
    describe=_balancer_describe,
    solve=_balancer_solve,
    cost=_balancer_cost,
    example=Example(
        "cuatro servidores, dos de ellos lentos, al 80 % de carga con el de menos conexiones",
        "--policy least_connections --speeds 1,1,0.5,0.25 --load 0.8 --requests 2000 -c",
    ),
    max_steps=40_000,
)


# --- Funciones bajo demanda -------------------------------------------------
RATE_MAX, DURATION_MAX = 10_000.0, 86_400.0


def _serverless_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--concurrency", type=integer(1, 1000), metavar="N",
        omitted="al azar entre 1, 2, 4, 8 y 16; con --dynamic, 16",
        help="eventos a la vez por instancia (con --dynamic, el techo)",
    )  # fmt: skip
    option(
        parser, "--max-instances", type=integer(1, 1000), metavar="N",
        omitted="al azar entre 5 y 30", help="límite de instancias",
    )  # fmt: skip
    option(
        parser, "--cold-start", type=number(0, 3600, strict=False), metavar="SEGUNDOS",
        omitted="al azar entre 0.2 y 3", help="arranque en frío de una instancia (s)",
    )  # fmt: skip
    option(
        parser, "--rate", type=number(0, RATE_MAX), metavar="EVENTOS",
        omitted="al azar entre 0.5 y 5", help="eventos por segundo fuera de las ráfagas",
    )  # fmt: skip
    option(
        parser, "--burst", type=number(0, RATE_MAX), metavar="EVENTOS",
        omitted="al azar entre 10 y 60", help="eventos por segundo en las ráfagas",
    )  # fmt: skip
    option(
        parser, "--duration", type=number(0, DURATION_MAX), metavar="SEGUNDOS", omitted="600",
        help="segundos simulados",
    )  # fmt: skip
    option(
        parser, "--scaling", type=choice(_SCALING), metavar="FORMA",
        omitted="per_event, o controller con --dynamic",
        help="per_event (una instancia por evento sin hueco, como AWS Lambda) o controller "
        "(un controlador añade una instancia por segundo, como Azure Functions)",
    )  # fmt: skip
    option(
        parser, "--dynamic", action="store_true", omitted="concurrencia estática",
        help="concurrencia dinámica de Azure Functions (modelo): cada instancia empieza con un "
        "evento a la vez y sube mientras está sana; --concurrency es el techo. Solo con "
        "--scaling controller",
    )  # fmt: skip
    option(
        parser, "--capacity", type=number(0, 1000), metavar="EVENTOS",
        omitted="sin límite: la instancia no se ralentiza",
        help="eventos a la vez que una instancia ejecuta sin ralentizarse; con más, cada "
        "evento tarda en proporción",
    )  # fmt: skip


_SCALING = ("per_event", "controller")


def _serverless_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    scaling = args.scaling or ("controller" if args.dynamic else "per_event")
    if args.dynamic and scaling != "controller":
        raise ValueError(
            "--dynamic solo con --scaling controller (la concurrencia dinámica es de Azure "
            f"Functions); se recibió --scaling {scaling}"
        )
    concurrency = args.concurrency or rng.choice([1, 2, 4, 8, 16])
    if args.dynamic and args.concurrency is None:
        concurrency = 16  # el techo: la concurrencia dinámica busca el valor por debajo
    return {
        "concurrency": concurrency,
        "max_instances": args.max_instances or rng.randint(5, 30),
        "cold_start_s": args.cold_start
        if args.cold_start is not None
        else round(rng.uniform(0.2, 3), 1),
        "rate_per_s": args.rate or round(rng.uniform(0.5, 5), 1),
        "burst_per_s": args.burst or round(rng.uniform(10, 60), 1),
        "duration_s": args.duration or 600.0,
        "seed": rng.randrange(2**31),
        "scaling": scaling,
        "dynamic": bool(args.dynamic),
        "capacity": args.capacity,
    }


def _serverless_cost(problem: ProblemData) -> Cost:
    rate = 0.75 * problem["rate_per_s"] + 0.25 * problem["burst_per_s"]
    events = rate * problem["duration_s"]
    # Cada evento recorre las instancias creadas hasta entonces (también las ya retiradas).
    created = min(events, problem["max_instances"] * (1 + problem["duration_s"] / 120))
    steps = events * (1 + created / 5000)
    # El controlador (y el ajuste de la concurrencia dinámica) revisa las instancias cada
    # segundo simulado, haya eventos o no: media espera de SimPy por revisión, más recorrer
    # las instancias creadas (el controlador crea como mucho una por segundo).
    rounds = (problem.get("scaling") == "controller") + bool(problem.get("dynamic"))
    seconds = problem["duration_s"]
    steps += rounds * seconds * (1 + min(created, seconds) / 400) / 2
    return Cost(steps, "--duration × --rate/--burst", 10)


def _serverless_describe(problem: ProblemData) -> str:
    how = ""
    if problem.get("scaling") == "controller":
        how = " Escala un controlador que añade como mucho una instancia por segundo."
    if problem.get("dynamic"):
        how += (" Concurrencia dinámica: cada instancia empieza con un evento a la vez y sube "
                f"mientras está sana, hasta {num(problem['concurrency'])}.")  # fmt: skip
    if problem.get("capacity") is not None:
        how += (f" Una instancia ejecuta {plural(problem['capacity'], 'evento')} a la vez sin "
                "ralentizarse.")  # fmt: skip
    per = "como mucho " if problem.get("dynamic") else ""
    return (
        f"Funciones bajo demanda: {num(problem['rate_per_s'])} eventos/s con ráfagas de "
        f"{num(problem['burst_per_s'])}/s durante {num(problem['duration_s'])} s; "
        f"{per}{plural(problem['concurrency'], 'evento')} "
        f"por instancia, como mucho {plural(problem['max_instances'], 'instancia')}, arranque en "
        f"frío de {num(problem['cold_start_s'])} s.{how}{chr(10) if how else ' '}"
        "¿Cuántos arranques en frío y qué latencia?"
    )


def _serverless_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.cloud import serverless

    config = serverless.ServerlessConfig(
        cold_start_s=problem["cold_start_s"], concurrency=problem["concurrency"],
        max_instances=problem["max_instances"], scaling=problem.get("scaling", "per_event"),
        concurrency_mode="dynamic" if problem.get("dynamic") else "static",
        capacity=problem.get("capacity"),
    )  # fmt: skip
    result = serverless.simulate_serverless(
        config, rate_per_s=problem["rate_per_s"], burst_per_s=problem["burst_per_s"],
        duration_s=problem["duration_s"], seed=problem["seed"],
    )  # fmt: skip
    text = str(serverless.summary_table({"simulación": result}))
    if not problem.get("dynamic"):
        return Solution(
            text, result.as_dict(), _figure("serverless_timeline", {"simulación": result})
        )
    text += (f"\n\nConcurrencia por instancia: {num(result.mean_concurrency, 1)} eventos de "
             f"media (techo {num(problem['concurrency'])}).")  # fmt: skip
    return Solution(text, result.as_dict(), _figure("serverless_concurrency", {"dinámica": result}))


SERVERLESS = Simulator(
    name="serverless",
    chapter=CHAPTER,
    help="funciones bajo demanda con arranques en frío",
    add_arguments=_serverless_args,
    make_problem=_serverless_problem,
    describe=_serverless_describe,
    solve=_serverless_solve,
    cost=_serverless_cost,
    example=Example(
        "2 eventos/s con ráfagas de 40/s durante 10 minutos, un evento por instancia y "
        "arranques en frío de 1,5 s",
        "--rate 2 --burst 40 --duration 600 --concurrency 1 --max-instances 20 --cold-start 1.5 -c",
    ),
    max_steps=25_000,
)


# --- Grupos de escalado -----------------------------------------------------
def _scaleset_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--provisioning", type=integer(0, 3600), metavar="SEGUNDOS",
        omitted="al azar entre 60, 180 y 600",
        help="segundos hasta que una instancia está lista",
    )  # fmt: skip
    option(
        parser, "--min", type=integer(1, 1000), dest="min_instances", metavar="N", omitted="2",
        help="instancias mínimas",
    )  # fmt: skip
    option(
        parser, "--max", type=integer(1, 1000), dest="max_instances", metavar="N", omitted="20",
        help="instancias máximas (≥ --min)",
    )  # fmt: skip
    option(
        parser, "--duration", type=integer(60, 10**9), metavar="SEGUNDOS", omitted="7200",
        help="segundos simulados (≥ 60)",
    )  # fmt: skip


def _scaleset_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    problem = {
        "provisioning_s": args.provisioning
        if args.provisioning is not None
        else rng.choice([60, 180, 600]),
        "min_instances": args.min_instances or 2,
        "max_instances": args.max_instances or 20,
        "duration_s": args.duration or 7200,
        "demand_seed": rng.randrange(2**31),
    }
    if problem["min_instances"] > problem["max_instances"]:
        raise ValueError(
            f"--min ({num(problem['min_instances'])}) no puede ser mayor que --max "
            f"({num(problem['max_instances'])})"
        )
    return problem


def _scaleset_cost(problem: ProblemData) -> Cost:
    seconds = problem["duration_s"]
    return Cost(seconds, "--duration", seconds / 1000)


def _scaleset_describe(problem: ProblemData) -> str:
    return (
        f"Grupo de escalado entre {num(problem['min_instances'])} y "
        f"{num(problem['max_instances'])} "
        f"instancias que tardan {num(problem['provisioning_s'])} s en arrancar, ante "
        f"{num(problem['duration_s'])} s de demanda con un pico. ¿Cuánta demanda queda sin atender?"
    )


def _scaleset_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.cloud import scale_sets

    rule = scale_sets.ScaleRule(
        min_instances=problem["min_instances"], max_instances=problem["max_instances"],
        provisioning_s=problem["provisioning_s"],
    )  # fmt: skip
    demand = scale_sets.random_demand(problem["demand_seed"], problem["duration_s"])
    result = scale_sets.simulate_scale_set(rule, demand=demand, seed=problem["demand_seed"])
    data = result.as_dict()
    text = (
        f"Demanda sin atender: {pct(result.unserved_fraction)}; coste "
        f"{num(result.instance_seconds / 3600, 1)} instancia·hora; "
        f"pico de {plural(data['peak_instances'], 'instancia')}."
    )
    return Solution(text, data, _figure("scale_set_timeline", {"regla": result}))


SCALESET = Simulator(
    name="scaleset",
    chapter=CHAPTER,
    help="grupo de instancias que escala con la CPU",
    add_arguments=_scaleset_args,
    make_problem=_scaleset_problem,
    describe=_scaleset_describe,
    solve=_scaleset_solve,
    cost=_scaleset_cost,
    example=Example(
        "entre 2 y 20 instancias que tardan 10 minutos en arrancar, durante dos horas",
        "--min 2 --max 20 --provisioning 600 --duration 7200 -c",
    ),
    max_steps=150_000,
)


# --- La potencia de dos opciones -------------------------------------------------------
#: Semillas con que se repite cada reparto (la figura dibuja su media y sus extremos).
CHOICES_SEEDS = (1, 2, 3)
CHOICES_D_MAX = 8
#: Bolas repartidas como mucho entre todos los tamaños, opciones y semillas:
#: ``choices.MAX_BALLS`` (las pruebas comprueban que esta copia no se separa del módulo).
CHOICES_BALLS_MAX = 2**20


def _choices_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--n", type=integer(4, CHOICES_BALLS_MAX), metavar="N", omitted=RANDOM,
        help="bolas y cajas (peticiones y servidores); se repite también con N/4, N/16… ≥ 4",
    )  # fmt: skip
    option(
        parser, "--choices", type=integer(1, CHOICES_D_MAX), metavar="D", omitted="2",
        help=f"cajas que mira cada bola antes de entrar en la menos llena (1 a {CHOICES_D_MAX})",
    )  # fmt: skip


def _choices_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    n = args.n if args.n is not None else 4 ** rng.randint(3, 6)
    return {"n": n, "choices": args.choices or 2, "seeds": list(CHOICES_SEEDS)}


def _choices_sizes(n: int) -> list[int]:
    sizes = [n]
    while sizes[-1] // 4 >= 4:
        sizes.append(sizes[-1] // 4)
    return sorted(sizes)


def _choices_cost(problem: ProblemData) -> Cost:
    d = problem["choices"]
    balls = sum(_choices_sizes(problem["n"])) * len(problem["seeds"]) * (d + 1)
    return Cost(balls, "--n × --choices", 3 * len(_choices_sizes(problem["n"])))


def _choices_describe(problem: ProblemData) -> str:
    n, d = problem["n"], problem["choices"]
    way = "una caja al azar" if d == 1 else f"{num(d)} cajas al azar y entra en la menos llena"
    return (
        f"Se reparten {num(n)} bolas (peticiones) en {num(n)} cajas (servidores); cada bola "
        f"mira {way}. Se repite con {plural(len(problem['seeds']), 'semilla')} y con "
        f"{listing(_choices_sizes(n))} bolas.\n"
        "¿Cuántas bolas acaba teniendo la caja más llena"
        + ("?" if d == 1 else f", con una opción y con {num(d)} opciones?")
    )


def _choices_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.cloud import choices

    n, d = problem["n"], problem["choices"]
    options = sorted({1, d})
    results = choices.sweep(_choices_sizes(n), seeds=problem["seeds"], choices=options)
    last = {k: v[-1] for k, v in results.items()}
    lines = [str(choices.sweep_table(results)), ""]
    for k, r in last.items():
        word = plural(k, "opción", "opciones")
        low, high = num(min(r.max_load)), num(max(r.max_load))
        lines.append(f"Con {word} y {num(n)} bolas, la caja más llena tiene de media "
                     f"{num(r.mean, 2)} (de {low} a {high}).")  # fmt: skip
    if d > 2:
        lines.append(f"Teoría con {num(d)} opciones: ln ln n / ln {num(d)} = "
                     f"{num(choices.theory_d_choices(n, d), 2)}.")  # fmt: skip
    data = {
        "sizes": _choices_sizes(n),
        "max_load": {str(k): [list(r.max_load) for r in v] for k, v in results.items()},
    }
    return Solution("\n".join(lines), data, _figure("choices_max_load", results))


CHOICES = Simulator(
    name="choices",
    chapter=CHAPTER,
    help="bolas en cajas: la potencia de dos opciones frente a la teoría",
    add_arguments=_choices_args,
    make_problem=_choices_problem,
    describe=_choices_describe,
    solve=_choices_solve,
    cost=_choices_cost,
    example=Example(
        "4096 peticiones en 4096 servidores: una opción al azar frente a la mejor de dos",
        "--n 4096 --choices 2 -c",
    ),
    max_steps=CHOICES_BALLS_MAX,
)


# --- App Service con afinidad ARR ------------------------------------------------------
APP_DURATION_MAX = 3600.0
#: Peticiones por segundo simulado que genera el plan por omisión, con holgura (las
#: instancias añadidas por el escalado atienden más): el coste es duración × esta tasa.
APP_RATE = 40


def _appservice_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--no-affinity", action="store_true", dest="no_affinity",
        omitted="con afinidad ARR",
        help="sin afinidad: cada petición va a la instancia con menos peticiones en curso",
    )  # fmt: skip
    option(
        parser, "--duration", type=number(0, APP_DURATION_MAX), metavar="SEGUNDOS",
        omitted=RANDOM, help=f"segundos simulados (hasta {num(APP_DURATION_MAX)})",
    )  # fmt: skip
    option(
        parser, "--fail-at", type=number(0, APP_DURATION_MAX), metavar="SEGUNDOS",
        omitted="al azar en el primer tercio",
        help="instante en que cae la primera instancia (antes de que acabe --duration)",
    )  # fmt: skip


def _appservice_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    duration = args.duration if args.duration is not None else float(rng.choice((600, 900)))
    fail_at = args.fail_at
    if fail_at is None:
        fail_at = round(duration * rng.uniform(0.1, 1 / 3), 1) or duration / 2
    if fail_at >= duration:
        raise ValueError(
            f"--fail-at debe ser menor que --duration ({num(duration)} s); "
            f"se recibió {num(fail_at)}"
        )
    return {
        "affinity": not args.no_affinity,
        "duration_s": duration,
        "fail_at_s": fail_at,
        "seed": rng.randrange(2**31),
    }


def _appservice_cost(problem: ProblemData) -> Cost:
    return Cost(problem["duration_s"] * APP_RATE, "--duration", 12)


def _appservice_describe(problem: ProblemData) -> str:
    from dadsbook.systems.cloud import app_service

    c = app_service.AppServiceConfig()
    how = (
        "con afinidad ARR: cada sesión vuelve siempre a su instancia"
        if problem["affinity"]
        else "sin afinidad: cada petición va a la instancia con menos peticiones en curso"
    )
    return (
        f"Un plan de App Service con {plural(c.instances, 'instancia')} de "
        f"{plural(c.slots, 'hueco')}, {how}. Las sesiones piden el {pct(c.load, 0)} de la "
        f"capacidad; el autoescalado añade una instancia si la utilización pasa del "
        f"{pct(c.scale_out_above, 0)} (hasta {num(c.max_instances)}).\n"
        f"Se simulan {num(problem['duration_s'])} s y la primera instancia cae en "
        f"t = {num(problem['fail_at_s'])} s.\n"
        "¿Cuánto esperan las peticiones, cuántas sesiones se pierden y cuándo se escala?"
    )


def _appservice_solve(problem: ProblemData) -> Solution:
    from dadsbook.systems.cloud import app_service

    config = app_service.AppServiceConfig(
        affinity=problem["affinity"], duration_s=problem["duration_s"],
        fail_at_s=problem["fail_at_s"],
    )  # fmt: skip
    result = app_service.simulate_app_service(config, seed=problem["seed"])
    name = "con afinidad ARR" if problem["affinity"] else "sin afinidad"
    data = {k: v for k, v in result.as_dict().items() if k != "affinity"}
    return Solution(
        str(app_service.summary_table({name: result})),
        data,
        _figure("app_service_utilization", {name: result}),
    )


APPSERVICE = Simulator(
    name="appservice",
    chapter=CHAPTER,
    help="App Service con afinidad ARR y sin ella, una caída y el autoescalado",
    add_arguments=_appservice_args,
    make_problem=_appservice_problem,
    describe=_appservice_describe,
    solve=_appservice_solve,
    cost=_appservice_cost,
    example=Example(
        "quince minutos de un plan de tres instancias sin afinidad; la primera cae a los 300 s",
        "--no-affinity --duration 900 --fail-at 300 -c",
    ),
    max_steps=int(APP_DURATION_MAX * APP_RATE),
)


# --- Sobreaprovisionamiento de un grupo de escalado ---------------------------------------
OVER_VMS_MAX = 500
OVER_DEPLOYMENTS = (5, 300)


def _overprovision_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--vms", type=integer(1, OVER_VMS_MAX), metavar="N", omitted="al azar entre 5 y 40",
        help=f"máquinas pedidas (de 1 a {OVER_VMS_MAX})",
    )  # fmt: skip
    option(
        parser, "--extra", type=integer(1, OVER_VMS_MAX), metavar="K",
        omitted="al azar, hasta la cuarta parte de --vms",
        help=f"máquinas de más que arranca el grupo (de 1 a {OVER_VMS_MAX})",
    )  # fmt: skip
    option(
        parser, "--slow", type=number(0, 1, strict=False), metavar="P",
        omitted="al azar entre 0 y 0.1",
        help="probabilidad de que un arranque sea lento (×4), entre 0 y 1",
    )  # fmt: skip
    option(
        parser, "--fail", type=number(0, 0.9, strict=False), metavar="P",
        omitted="al azar entre 0 y 0.05",
        help="probabilidad de que un arranque falle y haya que repetirlo, entre 0 y 0.9",
    )  # fmt: skip
    option(
        parser, "--deployments", type=integer(*OVER_DEPLOYMENTS), metavar="D", omitted="200",
        help=f"despliegues (semillas) que se repiten con y sin las de más "
        f"(de {OVER_DEPLOYMENTS[0]} a {num(OVER_DEPLOYMENTS[1])})",
    )  # fmt: skip


def _overprovision_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    vms = args.vms or rng.randint(5, 40)
    return {
        "vms": vms,
        "extra": args.extra or rng.randint(1, max(1, vms // 4)),
        "slow_p": args.slow if args.slow is not None else round(rng.uniform(0, 0.1), 2),
        "fail_p": args.fail if args.fail is not None else round(rng.uniform(0, 0.05), 2),
        "deployments": args.deployments or 200,
        "seed": rng.randrange(2**31),
    }


def _overprovision_cost(problem: ProblemData) -> Cost:
    # Cada despliegue arranca las N pedidas sin y con las K de más (y repone las que fallan).
    machines = problem["deployments"] * (2 * problem["vms"] + problem["extra"])
    return Cost(machines / (1 - problem["fail_p"]), "--deployments × --vms/--extra", 2)


def _overprovision_describe(problem: ProblemData) -> str:
    from dadsbook.systems.cloud import overprovisioning

    model = overprovisioning.BootModel()
    return (
        f"Un grupo de escalado pide {plural(problem['vms'], 'máquina')}. Cada una tarda en "
        f"arrancar unos {num(model.median_s)} s (lognormal); con probabilidad "
        f"{pct(problem['slow_p'], 0)} es lenta (×{num(model.slow_factor)}) y con "
        f"{pct(problem['fail_p'], 0)} falla y se repite. Con sobreaprovisionamiento arranca "
        f"{num(problem['vms'] + problem['extra'])} y borra las que sobran en cuanto hay "
        f"{num(problem['vms'])} sanas. Se repite con "
        f"{plural(problem['deployments'], 'despliegue')}.\n"
        "¿Cuánto se tarda en tener todas las pedidas listas, sin y con las de más, y cuántas "
        "máquinas borradas habían empezado ya a ejecutar sus extensiones?"
    )


def _overprovision_solve(problem: ProblemData) -> Solution:
    from dadsbook import verdict
    from dadsbook.systems.cloud import overprovisioning

    model = overprovisioning.BootModel(slow_p=problem["slow_p"], fail_p=problem["fail_p"])
    seeds = range(problem["seed"], problem["seed"] + problem["deployments"])
    results = overprovisioning.by_seed(
        problem["vms"], [0, problem["extra"]], seeds=seeds, model=model
    )
    without, with_extra = results[0], results[problem["extra"]]
    judged = verdict.compare(
        [d.time_to_ready_s for d in with_extra], [d.time_to_ready_s for d in without],
        a_label=f"el tiempo hasta tener {plural(problem['vms'], 'máquina')} con "
        f"{num(problem['extra'])} de más",
        b_label="sin ellas", more="mayor", less="menor",
    )  # fmt: skip
    text = (
        f"{overprovisioning.summary_table(results)}\n\n"
        f"Con {plural(problem['deployments'], 'despliegue')}: {judged.phrase}."
    )
    data = {
        "time_to_ready_s": {
            str(k): [d.time_to_ready_s for d in runs] for k, runs in results.items()
        },
        "deleted": sum(d.deleted for d in with_extra),
        "extensions_on_deleted": sum(d.extensions_on_deleted for d in with_extra),
        "decision": judged.decision,
    }
    return Solution(text, data, _figure("overprovision_times", results))


OVERPROVISION = Simulator(
    name="overprovision",
    chapter=CHAPTER,
    help="sobreaprovisionamiento de un grupo de escalado: arrancar N + k para tener N antes",
    add_arguments=_overprovision_args,
    make_problem=_overprovision_problem,
    describe=_overprovision_describe,
    solve=_overprovision_solve,
    cost=_overprovision_cost,
    example=Example(
        "20 máquinas pedidas y 4 de más, con un 5 % de arranques lentos y un 3 % de fallos",
        "--vms 20 --extra 4 --slow 0.05 --fail 0.03 -c",
    ),
    max_steps=150_000,
)

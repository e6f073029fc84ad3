"""Cada simulador en sus máximos aceptados responde a tiempo y con poca memoria.

Cada simulador declara su coste y un tope (:attr:`Simulator.max_steps`) que la línea
de órdenes comprueba antes de resolver. Aquí, para cada uno, una orden **en el tope**
(su coste pasa de la mitad del máximo, y las listas y números están en los límites de
sus opciones) se resuelve con ``-c`` en menos de :data:`~cli.support.SECONDS_MAX`
segundos de CPU y añadiendo menos de :data:`~cli.support.MEGABYTES_MAX` MB. Los topes se
midieron para que estas órdenes tarden uno o dos segundos en una máquina de 2 núcleos.
"""

from __future__ import annotations

import dataclasses
import importlib
import random

import pytest
from cli.support import MEGABYTES_MAX, SECONDS_MAX, one_spanish_line, run

from dadsbook.cli.catalog import CATALOG
from dadsbook.cli.main import build_parser, load
from dadsbook.cli.registry import MAX_FIGURE_ITEMS, ProblemData, Solution


def repeat(count: int, value: object) -> str:
    """``value`` repetido ``count`` veces, separado por comas."""
    return ",".join([str(value)] * count)


def numbered(count: int, make: object = str) -> str:
    """``make(i)`` para ``i`` de 0 a ``count - 1``, separado por comas."""
    return ",".join(make(i) for i in range(count))  # type: ignore[operator]


def recipes(count: int, steps: int) -> list[str]:
    step = ",".join("a1" if k % 2 else "w1" for k in range(steps))
    return [arg for i in range(count) for arg in ("--recipe", f"r{i}={step}")]


#: Órdenes en el tope de cada simulador (``nombre`` o ``nombre:variante`` → opciones).
MAXIMA: dict[str, list[str]] = {
    "kitchen": ["--chefs", "64", "--interleave", *recipes(50, 50)],
    "balancer": ["--policy", "least_connections", "--requests", "3630", "--load", "0.99",
                 "--speeds", repeat(100, 1)],
    "balancer:rr": ["--policy", "round_robin", "--requests", "36300", "--load", "0.5",
                    "--speeds", "1,1"],
    "balancer:lentos": ["--policy", "random", "--requests", "20400", "--load", "0.99",
                        "--speeds", "0.001,1000"],
    "serverless": ["--rate", "18", "--burst", "18", "--duration", "600", "--concurrency", "1",
                   "--max-instances", "1000"],
    "serverless:rafagas": ["--rate", "0.01", "--burst", "70", "--duration", "600",
                           "--concurrency", "1", "--max-instances", "1000"],
    "serverless:dinamica": ["--rate", "0.5", "--burst", "60", "--duration", "600", "--dynamic",
                            "--concurrency", "1", "--capacity", "1", "--max-instances", "1000"],
    "overprovision": ["--vms", "200", "--extra", "100", "--deployments", "290", "--slow", "0.1",
                      "--fail", "0"],
    "scaleset": ["--duration", "150000", "--min", "1", "--max", "1000", "--provisioning", "0"],
    "scheduler": ["-l", repeat(600, 199), "-p", "RR", "-q", "1"],
    "interrupts": ["--work", "1000000", "--arrivals", repeat(1000, 0),
                   "--priorities", numbered(1000, lambda i: str(i % 256)),
                   "--handlers", repeat(1000, 5), "--nesting"],
    "pipeline": ["--program", "; ".join(["lw r1, 0(r2)", "add r3, r1, r1"] * 100)],
    "mesi": ["--trace", numbered(3100, lambda i: f"{i % 64}{'RW'[i % 2]}{i % 640}"),
             "--cores", "64", "--line-size", "8"],
    "mesi:preajuste": ["--preset", "false-sharing", "--cores", "14", "--writes", "1000",
                       "--line-size", "4096"],
    "smt": ["--cores", "256", "--smt-ways", "8", "--gain", "0.5"],
    "tlb": ["--page-size", "4096", "--tlb-size", "4096",
            "--page-table", numbered(10000, lambda i: f"{i}:{i}"),
            "--addresses", numbered(10000, lambda i: str(i * 4096 * 7 % 2**40))],
    "paging": ["--refs", numbered(10000, lambda i: str(i * 7919 % 1000)), "--frames", "10000"],
    "numa": ["--nodes", "64", "--threads", "2048", "--pages", "950"],
    "raid": ["--level", "5", "--disks", "64", "--chunk", "1",
             "--blocks", numbered(1000, lambda i: str(i * 1_000_003 % 2**40))],
    "writeback": ["--times", numbered(26, lambda i: str(i * 19000)), "--blocks", numbered(26),
                  "--flush-interval", "1", "--crash", "499000", "--capacity", "1000000"],
    "dma": ["--transfers", "1000", "--words", "1000000", "--word-time", "1000000",
            "--work", "1000000000", "--setup", "1", "--interrupt", "1"],
    "zns": ["--zones", "1024", "--zone-size", "1000000", "--max-open", "1024",
            "--ops", numbered(1000, lambda i: f"a{i % 1024}")],
    "nvme": ["--depth", "4096", "--channels", "1024", "--service-us", "1", "--overhead-us", "0",
             "--completions", "345000"],
    "nvme:una-cola": ["--depth", "1", "--channels", "1", "--service-us", "1",
                      "--overhead-us", "0", "--completions", "699999"],
    "ftl": ["--blocks", "4096", "--pages-per-block", "2", "--op", "0.28", "--writes", "480"],
    "ftl:poco-op": ["--blocks", "100", "--pages-per-block", "64", "--op", "0.05",
                    "--writes", "21000"],
    "ftl:grande": ["--blocks", "2000", "--pages-per-block", "64", "--op", "0.28",
                   "--writes", "13500"],
    "stateless": ["--duration", "3600", "--rate", "0.75", "--instances", "1000",
                  "--schedule", numbered(100, lambda i: f"{i * 30}:{1 + (i * 37) % 1000}")],
    "hpa": ["--min", "1", "--max", "1000", "--start", "1000", "--down-window", "86400",
            "--raw", numbered(1000, lambda i: str(i * 13 % 10000))],
    "keda": ["--metrics", numbered(1000, lambda i: str(i % 7)), "--activation", "3",
             "--polling", "1", "--cooldown", "5"],
    "replicaset": ["--replicas", "100", "--mtbf", "32", "--startup", "1", "--horizon", "36000"],
    "cfs": ["--cpu", repeat(1000, 1000), "--quota", "10.2", "--period", "100", "--threads", "1"],
    "cfs:hilos": ["--cpu", repeat(1000, 1000), "--quota", "10.2", "--period", "0.1",
                  "--threads", "256", "--arrivals", repeat(1000, 1000000)],
    "cluster": ["--duration", "14400", "--base-rate", "2.2", "--burst-rate", "2.2",
                "--service", "0.01"],
    "cluster:fallos": ["--duration", "600", "--mtbf", "3.5", "--fixed", "20"],
    "stealing": ["--queues", "/".join([repeat(39, 1)] * 256), "--steal-cost", "0"],
    "nice": ["--nice=" + numbered(40, lambda i: str(i - 20))],
    "multitasking": ["--work", repeat(1000, 149), "--quantum", "1"],
    "mlfq": ["--jobs", repeat(1000, 28), "--quanta", "1,2,4", "--boost", "1000000"],
    "mlfq:ocioso": ["--jobs", repeat(10, 1), "--arrivals", repeat(10, 600000),
                    "--quanta", "1,2,4", "--boost", "1000000"],
    "mlfq:impulso": ["--jobs", repeat(10, 22000), "--quanta", "1", "--boost", "1"],
    "policymix": ["--jobs", repeat(14, 10000), "--quantum", "1"],
    "policymix:muchos": ["--jobs", repeat(1000, 15), "--quantum", "1"],
    "coroutines": ["--steps", repeat(9, 1000)],
    "interleavings": ["-s", "20", "--threads", "3", "--steps", "2"],
    "interleavings:cuatro": ["-s", "6", "--threads", "4", "--steps", "1"],
    "hdd": ["--rpm", "100000", "--seek", "0.001", "--transfer", "1000000",
            "--sizes", numbered(100, lambda i: str(2**40 - i))],
    "writehole": ["-s", "6"],
    "pagewalk": ["-s", "2", "--levels", "4"],
    "workingset": ["--refs", numbered(1000, lambda i: str(i * 7919 % 10**9)), "--window", "100"],
    "placement": ["-s", "28", "--nodes", "8"],
    "choices": ["--n", "65536", "--choices", "2"],
    "choices:ocho": ["--n", "16384", "--choices", "8"],
    "appservice": ["--duration", "3600", "--fail-at", "3599.9", "--no-affinity"],
    "appservice:afinidad": ["--duration", "3600", "--fail-at", "0.001"],
}  # fmt: skip


def _cost_share(name: str, args: list[str]) -> float:
    """Fracción del tope del simulador que cuesta la orden."""
    sim = load(name)
    namespace = build_parser().parse_args(["sim", name, *args])
    return (
        sim.cost(sim.make_problem(namespace, random.Random(namespace.seed))).steps / sim.max_steps
    )


def test_every_simulator_is_tried_at_its_maxima() -> None:
    assert {key.partition(":")[0] for key in MAXIMA} == set(CATALOG)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_a_problem_over_the_cap_is_rejected_without_solving(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """El tope se comprueba en un solo sitio, para todos: con el tope por debajo del coste
    de su orden en el máximo, cada simulador rechaza el problema, nombrando la opción, sin
    llegar a resolverlo ni a describirlo."""
    sim = load(name)
    steps = _cost_share(name, MAXIMA[name]) * sim.max_steps

    def unreachable(problem: ProblemData) -> Solution:
        raise AssertionError(f"{name}: resolvió un problema por encima de su tope")

    capped = dataclasses.replace(sim, max_steps=int(steps // 2), solve=unreachable)
    assert steps > capped.max_steps
    cli_main = importlib.import_module("dadsbook.cli.main")  # el paquete exporta la función
    monkeypatch.setattr(cli_main, "load", lambda wanted: capped if wanted == name else load(wanted))
    for extra in (["-c"], [], ["--json"]):
        result = run(["sim", name, *MAXIMA[name], *extra])
        assert result.status == 2 and result.out == "", (name, extra, result.err)
        line = one_spanish_line(result.err)
        assert "pasos de simulación; como mucho" in line and line.count("--") >= 1, line


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(MAXIMA))
def test_accepted_maxima_answer_in_time_and_memory(key: str) -> None:
    """En el tope: estado 0, ≤ 10 s y ≤ 400 MB más (en realidad, uno o dos segundos)."""
    name, args = key.partition(":")[0], MAXIMA[key]
    share = _cost_share(name, args)
    assert 0.5 <= share <= 1, f"{key} no está en el tope: {share:.0%} del máximo"
    result = run(["sim", name, *args, "-c"])
    assert result.status == 0, result.err
    # CPU y no reloj: make test construye el libro a la vez (ver cli.support._alarm).
    assert result.cpu_seconds <= SECONDS_MAX, (result.cpu_seconds, result.seconds)
    assert result.megabytes <= MEGABYTES_MAX, result.megabytes


@pytest.mark.slow
def test_the_largest_accepted_figure_is_drawn_in_time(tmp_path: object) -> None:
    """--plot en el tope de la figura: un Gantt de 200 trabajos (600 elementos)."""
    from pathlib import Path

    target = Path(str(tmp_path)) / "gantt.png"
    args = ["sim", "scheduler", "-l", repeat(MAX_FIGURE_ITEMS // 3, 1), "-p", "fifo"]
    result = run([*args, "--plot", str(target)])
    assert result.status == 0, result.err
    # CPU y no reloj: make test construye el libro a la vez (ver cli.support._alarm).
    assert result.cpu_seconds <= SECONDS_MAX and target.stat().st_size > 1000
    over = run(["sim", "scheduler", "-l", repeat(MAX_FIGURE_ITEMS // 3 + 1, 1), "-p", "fifo",
                "--plot", str(target)])  # fmt: skip
    assert over.status == 2 and "--plot: la figura tendría" in over.err


def test_the_limit_is_cpu_time_and_the_clock_still_stops_a_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """El límite de ``run`` lo gasta la CPU de la orden, no la carga; un cuelgue, el reloj."""
    import time

    import cli.support as support

    def spin(argv: list[str]) -> int:
        while True:
            pass

    # Con la máquina cargada, 0,1 s de CPU pueden tardar más de 0,3 s de reloj: holgura de
    # reloj de sobra para esta parte (la CPU manda siempre antes en un bucle que gira).
    monkeypatch.setattr(support, "main", spin)
    monkeypatch.setattr(support, "HANG_FACTOR", 200)
    with pytest.raises(support.TooSlow, match="de CPU"):
        run(["gira"], limit=0.1)
    monkeypatch.setattr(support, "HANG_FACTOR", 3)
    monkeypatch.setattr(support, "main", lambda argv: time.sleep(5))
    with pytest.raises(support.TooSlow, match="de reloj"):
        run(["duerme"], limit=0.1)

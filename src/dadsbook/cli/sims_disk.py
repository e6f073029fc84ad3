"""Simuladores del capítulo del disco para la línea de órdenes.

``raid`` (dónde cae cada bloque), ``writeback`` (caché de escritura diferida y un fallo
de corriente) y ``dma`` (E/S programada frente a DMA).
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
from dadsbook.hardware.disk import dma, raid, writeback
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- RAID ---------------------------------------------------------------------------
def _raid_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--level", type=int, choices=raid.LEVELS, help="nivel de RAID")
    parser.add_argument("--disks", type=int_at_least(2, 64), help="discos del conjunto")
    parser.add_argument("--chunk", type=int_at_least(1, 1024), help="bloques por trozo (chunk)")
    parser.add_argument("--layout", choices=raid.LAYOUTS, help="disposición de la paridad (RAID 5)")
    parser.add_argument("--blocks", type=int_list(0), help="bloques lógicos a localizar")


def _raid_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = raid.random_raid(subseed(rng))
    level = args.level if args.level is not None else base.array.level
    disks = args.disks or max(base.array.disks, raid.MIN_DISKS[level])
    if disks < raid.MIN_DISKS[level]:
        raise ValueError(
            f"--disks: RAID {level} necesita al menos {raid.MIN_DISKS[level]} discos; "
            f"se recibió {disks}"
        )
    array = raid.RaidArray(
        level, disks, args.chunk or base.array.chunk_size, args.layout or base.array.layout
    )
    return {
        "level": array.level,
        "disks": array.disks,
        "chunk_size": array.chunk_size,
        "layout": array.layout,
        "blocks": args.blocks or list(base.blocks),
    }


def _raid_array(problem: Problem) -> raid.RaidArray:
    return raid.RaidArray(
        problem["level"], problem["disks"], problem["chunk_size"], problem["layout"]
    )


def _raid_describe(problem: Problem) -> str:
    blocks = ", ".join(str(b) for b in problem["blocks"])
    return (
        f"{_raid_array(problem).title()}.\nBloques lógicos: {blocks}.\n"
        "¿En qué disco y en qué desplazamiento cae cada bloque? ¿Dónde está su paridad?"
    )


def _raid_solve(problem: Problem) -> Solution:
    array = _raid_array(problem)
    found = [array.locate(b) for b in problem["blocks"]]
    rows = [
        (
            b.block,
            b.disk,
            b.offset,
            b.stripe,
            "—" if b.parity_disk is None else b.parity_disk,
            " ".join(f"{d}:{o}" for d, o in b.copies),
        )
        for b in found
    ]
    table = Table(
        ("bloque", "disco", "desplazamiento", "franja", "paridad", "copias (disco:desp.)"),
        rows,
        caption=array.title(),
    )
    stripes = min(1 + max(b.offset for b in found) // array.chunk_size, 20)
    text = f"{table}\n\nDisposición de las primeras franjas:\n{array.layout_table(stripes)}"
    data = {"locations": [b.as_dict() for b in found]}
    return Solution(text, data, lambda: array.layout_figure(max(stripes, 2)))


RAID = Simulator(
    "raid",
    "RAID 0, 1, 4 y 5: disco y desplazamiento de cada bloque (capítulo Disco)",
    _raid_args,
    _raid_problem,
    _raid_describe,
    _raid_solve,
    "hardware/disco",
)


# --- Escritura diferida --------------------------------------------------------------
def _writeback_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", choices=writeback.POLICIES, help="política de la caché")
    parser.add_argument("--times", type=number_list(0), help="instante de cada escritura")
    parser.add_argument("--blocks", type=int_list(0), help="bloque de cada escritura")
    parser.add_argument("--crash", type=number(0, strict=False), help="instante del fallo")
    parser.add_argument("--flush-interval", type=number(0), help="periodo del vaciado")
    parser.add_argument("--capacity", type=int_at_least(1, 10**6), help="bloques en la caché")


def _writeback_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.times is not None or args.blocks is not None:
        if args.times is None or args.blocks is None:
            raise ValueError("--times y --blocks van juntas, un valor por escritura")
        matching("--blocks", args.blocks, "--times", len(args.times))
        if len(args.times) > 26:
            raise ValueError("--times admite como mucho 26 escrituras (valores a…z)")
        writes = [
            {"time": t, "block": b, "value": chr(ord("a") + i)}
            for i, (t, b) in enumerate(zip(args.times, args.blocks, strict=True))
        ]
    else:
        writes = [dataclasses.asdict(w) for w in writeback.random_writes(subseed(rng), count=8)]
    last = max(w["time"] for w in writes)
    crash = args.crash if args.crash is not None else round(rng.uniform(0, last), 1)
    interval = args.flush_interval or float(rng.choice([3, 5, 10]))
    limit_steps("--flush-interval", max(last, crash) / interval)
    return {
        "policy": args.policy or "write-back",
        "writes": writes,
        "crash_time": crash,
        "flush_interval": interval,
        "capacity": args.capacity or rng.randint(2, 4),
    }


def _writeback_describe(problem: Problem) -> str:
    rows = [(f"{w['time']:g}", w["block"], w["value"]) for w in problem["writes"]]
    return "\n".join(
        [
            f"Caché {problem['policy']} de {problem['capacity']} bloques, vaciado cada "
            f"{problem['flush_interval']:g}; se va la corriente en t = {problem['crash_time']:g}.",
            str(Table(("instante", "bloque", "valor"), rows)),
            "¿Qué escrituras confirmadas se pierden?",
        ]
    )


def _writeback_solve(problem: Problem) -> Solution:
    writes = [writeback.Write(**w) for w in problem["writes"]]
    result = writeback.simulate(
        writes,
        problem["policy"],
        flush_interval=problem["flush_interval"],
        capacity=problem["capacity"],
        crash_time=problem["crash_time"],
    )
    text = (
        f"{result.table()}\n\nEscrituras confirmadas perdidas: {result.lost}; escrituras al "
        f"disco: {result.disk_writes}; latencia de cada escritura: {result.mean_latency:g}."
    )
    return Solution(text, result.as_dict())


WRITEBACK = Simulator(
    "writeback",
    "caché de escritura diferida y un fallo de corriente (capítulo Disco)",
    _writeback_args,
    _writeback_problem,
    _writeback_describe,
    _writeback_solve,
    "hardware/disco",
)


# --- DMA ------------------------------------------------------------------------------
_DMA_FIELDS = ("transfers", "words", "word_time", "compute", "setup", "interrupt")


def _dma_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--transfers", type=int_at_least(1, 1000), help="transferencias")
    parser.add_argument("--words", type=int_at_least(1, 10**6), help="palabras por transferencia")
    parser.add_argument("--word-time", type=number(0), help="tiempo por palabra en el bus")
    parser.add_argument(
        "--work", type=number(0, strict=False), dest="cpu_work", help="trabajo útil de la CPU"
    )
    parser.add_argument("--setup", type=number(0, strict=False), help="programar el DMA")
    parser.add_argument("--interrupt", type=number(0, strict=False), help="manejador al terminar")


def _dma_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = dma.random_dma(subseed(rng)).as_dict()
    given = {**vars(args), "compute": args.cpu_work}
    return {k: given[k] if given[k] is not None else base[k] for k in _DMA_FIELDS}


def _dma_describe(problem: Problem) -> str:
    return (
        f"{problem['transfers']} transferencias de {problem['words']} palabras "
        f"({problem['word_time']:g} por palabra) y {problem['compute']:g} de trabajo útil de la "
        f"CPU. Programar el DMA cuesta {problem['setup']:g} y su interrupción "
        f"{problem['interrupt']:g}.\n¿Cuánto tarda todo con E/S programada y con DMA?"
    )


def _dma_solve(problem: Problem) -> Solution:
    spec = dma.DmaProblem(**problem)
    results = {mode: dma.simulate(spec, mode) for mode in dma.MODES}
    rows = [
        (m.upper(), r.makespan, f"{100 * r.useful_utilization:.0f} %", r.io_cpu_time)
        for m, r in results.items()
    ]
    text = str(Table(("modo", "tiempo total", "CPU en trabajo útil", "CPU en E/S"), rows))
    data = {m: {k: v for k, v in r.as_dict().items() if k != "problem"} for m, r in results.items()}

    def figure() -> Figure:
        bars = [
            dataclasses.replace(b, row=f"{m.upper()}: {b.row}")
            for m, r in results.items()
            for b in r.bars
        ]
        rows = [f"{m.upper()}: {row}" for m in results for row in ("CPU", "bus")]
        return plotting.gantt(bars, rows=rows, xlabel="tiempo (unidades)")

    return Solution(text, data, figure)


DMA = Simulator(
    "dma",
    "E/S programada frente a DMA: la CPU y el bus (capítulo Disco)",
    _dma_args,
    _dma_problem,
    _dma_describe,
    _dma_solve,
    "hardware/disco",
)


SIMULATORS = (RAID, WRITEBACK, DMA)

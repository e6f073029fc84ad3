"""Simuladores del capítulo del disco para la línea de órdenes.

``raid`` (dónde cae cada bloque, con las opciones de ``raid.py`` de OSTEP: ``-L``,
``-D``, ``-C``, ``-5``, ``-n``, ``-R``), ``writeback`` (caché de escritura diferida y un
fallo de corriente) y ``dma`` (E/S programada frente a DMA). Los módulos del capítulo
se importan al usarlos.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, matching, num, option, pct, subseed
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list, shown
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.disk import raid

__all__ = ["SIMULATORS"]

TIME_MAX = 1e6


# --- RAID ---------------------------------------------------------------------------
_LEVELS = ("0", "1", "4", "5")
_RAID_LAYOUTS = ("left-symmetric", "left-asymmetric", "right-symmetric", "right-asymmetric")
_OSTEP_LAYOUTS = {"ls": "left-symmetric", "la": "left-asymmetric"}
#: Bloques de 4 KiB, como en ``raid.py`` de OSTEP.
BLOCK_BYTES = 4096
_BYTES = re.compile(r"([0-9]{1,9})\s*([kKmM]?)$")


def _chunk_bytes(text: str) -> int:
    """Tipo de argparse para ``-C`` de OSTEP: bytes por trozo (``4k``, ``8192``) → bloques."""
    found = _BYTES.match(text.strip())
    size = None
    if found is not None:
        size = int(found.group(1)) * {"": 1, "k": 1024, "m": 1024**2}[found.group(2).lower()]
    if size is None or size <= 0 or size % BLOCK_BYTES or size // BLOCK_BYTES > 1024:
        raise argparse.ArgumentTypeError(
            f"se esperan bytes por trozo, múltiplo de {BLOCK_BYTES} y como mucho 4m "
            f"(p. ej. 4k u 8k); se recibió {shown(text)}"
        )
    return size // BLOCK_BYTES


def _raid_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "-L", "--level", type=choice(_LEVELS), metavar="NIVEL", omitted=RANDOM,
        help="nivel de RAID: 0, 1, 4 o 5 (-L de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-D", "--disks", type=integer(2, 64), metavar="N", omitted=RANDOM,
        help="discos del conjunto (-D de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--chunk", type=integer(1, 1024), metavar="BLOQUES", omitted=RANDOM,
        help="bloques por trozo (chunk)",
    )  # fmt: skip
    option(
        parser, "-C", "--chunk-size", type=_chunk_bytes, dest="chunk_bytes", metavar="BYTES",
        omitted=RANDOM,
        help=f"bytes por trozo con bloques de {BLOCK_BYTES} bytes, p. ej. 4k u 8k (-C de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--layout", type=choice(_RAID_LAYOUTS), metavar="DISPOSICIÓN", omitted=RANDOM,
        help="paridad de RAID 5: left-symmetric, left-asymmetric, right-symmetric o "
        "right-asymmetric",
    )  # fmt: skip
    option(
        parser, "-5", "--raid5", type=choice(("LS", "LA")), dest="raid5", metavar="LS|LA",
        omitted=RANDOM,
        help="paridad de RAID 5 como en OSTEP: LS (left-symmetric) o LA (left-asymmetric)",
    )  # fmt: skip
    option(
        parser, "--blocks", type=int_list(0, 2**40, max_items=1000), metavar="BLOQUES",
        omitted=RANDOM, help="bloques lógicos a localizar, separados por comas",
    )  # fmt: skip
    option(
        parser, "-n", "--num-requests", type=integer(1, 1000), metavar="N",
        omitted="5", help="bloques del problema aleatorio (-n de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-R", "--range", type=integer(1, 2**40), dest="block_range", metavar="BLOQUES",
        omitted="8 franjas", help="los bloques aleatorios van de 0 a BLOQUES - 1 (-R de OSTEP)",
    )  # fmt: skip


def _raid_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import raid

    if args.chunk is not None and args.chunk_bytes is not None:
        raise ValueError("--chunk (bloques) y -C/--chunk-size (bytes) no se pueden usar juntas")
    if args.layout is not None and args.raid5 is not None:
        raise ValueError("--layout y -5/--raid5 no se pueden usar juntas")
    if args.blocks is not None and (args.num_requests or args.block_range):
        raise ValueError("-n y -R son para los bloques aleatorios; no se usan con --blocks")
    base = raid.random_raid(subseed(rng))
    level = int(args.level) if args.level is not None else base.array.level
    disks = args.disks or max(base.array.disks, raid.MIN_DISKS[level])
    if disks < raid.MIN_DISKS[level]:
        raise ValueError(
            f"--disks: RAID {level} necesita al menos {raid.MIN_DISKS[level]} discos; "
            f"se recibió {disks}"
        )
    chunk = args.chunk or args.chunk_bytes or base.array.chunk_size
    layout = args.layout or _OSTEP_LAYOUTS.get(str(args.raid5).lower()) or base.array.layout
    array = raid.RaidArray(level, disks, chunk, layout)
    blocks = args.blocks or list(base.blocks)
    if args.blocks is None and (args.num_requests or args.block_range):
        span = args.block_range or 8 * disks * chunk
        blocks = [rng.randrange(span) for _ in range(args.num_requests or 5)]
    return {
        "level": array.level,
        "disks": array.disks,
        "chunk_size": array.chunk_size,
        "layout": array.layout,
        "blocks": blocks,
    }


def _raid_stripes(problem: Problem) -> int:
    return int(min(1 + max(problem["blocks"]) // problem["chunk_size"], 20))


def _raid_cost(problem: Problem) -> Cost:
    cells = max(_raid_stripes(problem), 2) * problem["disks"]
    return Cost(len(problem["blocks"]) + cells, "--blocks", cells)


def _raid_array(problem: Problem) -> raid.RaidArray:
    from dadsbook.hardware.disk import raid

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
    "raid", _raid_args, _raid_problem, _raid_describe, _raid_solve, _raid_cost,
    Example(
        "RAID 5 de cuatro discos con trozos de un bloque y paridad left-symmetric (la forma "
        "de OSTEP: -L 5 -D 4 -C 4k -5 LS)",
        "--level 5 --disks 4 --chunk 1 --layout left-symmetric --blocks 0,1,2,3,4,5,6 -c",
    ),
    max_steps=2_500,
)  # fmt: skip


# --- Escritura diferida --------------------------------------------------------------
WRITES_MAX = 26


def _writeback_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--policy", type=choice(("write-back", "write-through")), metavar="POLÍTICA",
        omitted="write-back", help="write-back o write-through",
    )  # fmt: skip
    option(
        parser, "--times", type=number_list(0, TIME_MAX, max_items=WRITES_MAX),
        metavar="INSTANTES", omitted=RANDOM,
        help=f"instante de cada escritura, separados por comas (hasta {WRITES_MAX}, "
        "valores a…z); necesita --blocks",
    )  # fmt: skip
    option(
        parser, "--blocks", type=int_list(0, 10**6, max_items=WRITES_MAX), metavar="BLOQUES",
        omitted=RANDOM, help="bloque de cada escritura, separados por comas",
    )  # fmt: skip
    option(
        parser, "--crash", type=number(0, TIME_MAX, strict=False), metavar="INSTANTE",
        omitted="al azar antes de la última escritura", help="instante del fallo de corriente",
    )  # fmt: skip
    option(
        parser, "--flush-interval", type=number(0, TIME_MAX), metavar="PERIODO",
        omitted="al azar entre 3, 5 y 10", help="periodo del vaciado de la caché",
    )  # fmt: skip
    option(
        parser, "--capacity", type=integer(1, 10**6), metavar="BLOQUES",
        omitted="al azar entre 2 y 4", help="bloques que caben en la caché",
    )  # fmt: skip


def _writeback_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import writeback

    if args.times is not None or args.blocks is not None:
        if args.times is None or args.blocks is None:
            raise ValueError("--times y --blocks van juntas, un valor por escritura")
        matching("--blocks", args.blocks, "--times", len(args.times))
        writes = [
            {"time": t, "block": b, "value": chr(ord("a") + i)}
            for i, (t, b) in enumerate(zip(args.times, args.blocks, strict=True))
        ]
    else:
        writes = [dataclasses.asdict(w) for w in writeback.random_writes(subseed(rng), count=8)]
    last = max(w["time"] for w in writes)
    crash = args.crash if args.crash is not None else round(rng.uniform(0, last), 1)
    interval = args.flush_interval or float(rng.choice([3, 5, 10]))
    return {
        "policy": args.policy or "write-back",
        "writes": writes,
        "crash_time": crash,
        "flush_interval": interval,
        "capacity": args.capacity or rng.randint(2, 4),
    }


def _writeback_cost(problem: Problem) -> Cost:
    last = max([w["time"] for w in problem["writes"]] + [problem["crash_time"]])
    flushes = last / problem["flush_interval"]
    return Cost(flushes + len(problem["writes"]), "--flush-interval", len(problem["writes"]))


def _writeback_describe(problem: Problem) -> str:
    rows = [(f"{num(w['time'])}", w["block"], w["value"]) for w in problem["writes"]]
    return "\n".join(
        [
            f"Caché {problem['policy']} de {num(problem['capacity'])} bloques, vaciado cada "
            f"{num(problem['flush_interval'])}; se va la corriente en t = "
            f"{num(problem['crash_time'])}.",
            str(Table(("instante", "bloque", "valor"), rows)),
            "¿Qué escrituras confirmadas se pierden?",
        ]
    )


def _writeback_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.disk import writeback

    writes = [writeback.Write(**w) for w in problem["writes"]]
    result = writeback.simulate(
        writes,
        problem["policy"],
        flush_interval=problem["flush_interval"],
        capacity=problem["capacity"],
        crash_time=problem["crash_time"],
    )
    text = (
        f"{result.table()}\n\nEscrituras confirmadas perdidas: {num(result.lost)}; escrituras al "
        f"disco: {num(result.disk_writes)}; latencia de cada escritura: {num(result.mean_latency)}."
    )

    def figure() -> Figure:
        from dadsbook.hardware.disk import writeback_figure

        return writeback_figure.outcomes_figure(result, flush_interval=problem["flush_interval"])

    return Solution(text, result.as_dict(), figure)


WRITEBACK = Simulator(
    "writeback", _writeback_args, _writeback_problem, _writeback_describe, _writeback_solve,
    _writeback_cost,
    Example(
        "cuatro escrituras en una caché write-back de dos bloques que se vacía cada 5; la luz "
        "se va en t = 7",
        "--policy write-back --times 1,2,6,6.5 --blocks 0,1,0,2 --capacity 2 "
        "--flush-interval 5 --crash 7 -c",
    ),
    max_steps=500_000,
)  # fmt: skip


# --- DMA ------------------------------------------------------------------------------
_DMA_FIELDS = ("transfers", "words", "word_time", "compute", "setup", "interrupt")


def _dma_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--transfers", type=integer(1, 1000), metavar="N", omitted=RANDOM,
        help="transferencias",
    )  # fmt: skip
    option(
        parser, "--words", type=integer(1, 10**6), metavar="N", omitted=RANDOM,
        help="palabras por transferencia",
    )  # fmt: skip
    option(
        parser, "--word-time", type=number(0, TIME_MAX), metavar="TIEMPO", omitted=RANDOM,
        help="tiempo por palabra en el bus",
    )  # fmt: skip
    option(
        parser, "--work", type=number(0, 1e9, strict=False), dest="cpu_work", metavar="TIEMPO",
        omitted=RANDOM, help="trabajo útil de la CPU",
    )  # fmt: skip
    option(
        parser, "--setup", type=number(0, TIME_MAX, strict=False), metavar="TIEMPO",
        omitted=RANDOM, help="coste de programar el DMA",
    )  # fmt: skip
    option(
        parser, "--interrupt", type=number(0, TIME_MAX, strict=False), metavar="TIEMPO",
        omitted=RANDOM, help="manejador de la interrupción al terminar",
    )  # fmt: skip


def _dma_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import dma

    base = dma.random_dma(subseed(rng)).as_dict()
    given = {**vars(args), "compute": args.cpu_work}
    return {k: given[k] if given[k] is not None else base[k] for k in _DMA_FIELDS}


def _dma_cost(problem: Problem) -> Cost:
    bars = 6 * problem["transfers"] + 2
    return Cost(bars, "--transfers", bars)


def _dma_describe(problem: Problem) -> str:
    return (
        f"{num(problem['transfers'])} transferencias de {num(problem['words'])} palabras "
        f"({num(problem['word_time'])} por palabra) y {num(problem['compute'])} de trabajo útil "
        "de la "
        f"CPU. Programar el DMA cuesta {num(problem['setup'])} y su interrupción "
        f"{num(problem['interrupt'])}.\n¿Cuánto tarda todo con E/S programada y con DMA?"
    )


def _dma_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.disk import dma

    spec = dma.DmaProblem(**problem)
    results = {mode: dma.simulate(spec, mode) for mode in dma.MODES}
    rows = [
        (m.upper(), r.makespan, f"{pct(r.useful_utilization, 0)}", r.io_cpu_time)
        for m, r in results.items()
    ]
    text = str(Table(("modo", "tiempo total", "CPU en trabajo útil", "CPU en E/S"), rows))
    data = {m: {k: v for k, v in r.as_dict().items() if k != "problem"} for m, r in results.items()}

    def figure() -> Figure:
        from dadsbook import plotting

        bars = [
            dataclasses.replace(b, row=f"{m.upper()}: {b.row}")
            for m, r in results.items()
            for b in r.bars
        ]
        rows = [f"{m.upper()}: {row}" for m in results for row in ("CPU", "bus")]
        return plotting.gantt(bars, rows=rows, xlabel="tiempo (unidades)")

    return Solution(text, data, figure)


DMA = Simulator(
    "dma", _dma_args, _dma_problem, _dma_describe, _dma_solve, _dma_cost,
    Example(
        "cuatro transferencias de 100 palabras y 400 unidades de trabajo útil: ¿cuánto "
        "ahorra el DMA?",
        "--transfers 4 --words 100 --word-time 1 --work 400 --setup 5 --interrupt 5 -c",
    ),
    max_steps=10_000,
)  # fmt: skip


# --- Disco duro -----------------------------------------------------------------------
#: Peticiones como mucho en ``--sizes``: una fila de la tabla y un punto de la figura cada una.
HDD_SIZES_MAX = 100


def _hdd_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--rpm", type=number(0, 100_000), metavar="RPM", omitted=RANDOM,
        help="vueltas por minuto del plato (hasta 100000)",
    )  # fmt: skip
    option(
        parser, "--seek", type=number(0, 1000), metavar="MS", omitted=RANDOM,
        help="búsqueda media de la ficha técnica, en milisegundos",
    )  # fmt: skip
    option(
        parser, "--transfer", type=number(0, 1e6), metavar="MB/S", omitted=RANDOM,
        help="transferencia máxima de la ficha técnica, en MB/s (1 MB = 10⁶ bytes)",
    )  # fmt: skip
    option(
        parser, "--sizes", type=int_list(1, 2**40, max_items=HDD_SIZES_MAX), metavar="BYTES",
        omitted=RANDOM,
        help=f"tamaño de cada petición en bytes, separados por comas (hasta {HDD_SIZES_MAX})",
    )  # fmt: skip


def _hdd_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import hdd

    base = hdd.random_hdd(subseed(rng))
    given = (args.rpm, args.seek, args.transfer)
    disk = base.disk
    if any(v is not None for v in given):
        rpm = args.rpm if args.rpm is not None else disk.rpm
        disk = hdd.Disk(
            f"disco de {num(rpm)} rpm", rpm=rpm,
            seek_ms=args.seek if args.seek is not None else disk.seek_ms,
            transfer_mb_s=args.transfer if args.transfer is not None else disk.transfer_mb_s,
        )  # fmt: skip
    sizes = tuple(args.sizes) if args.sizes is not None else base.sizes
    return hdd.HddProblem(disk, sizes).problem()


def _hdd_cost(problem: Problem) -> Cost:
    count = len(problem["sizes"])
    return Cost(count, "--sizes", count + 2)


def _hdd_describe(problem: Problem) -> str:
    from dadsbook.hardware.disk import hdd

    return hdd.HddProblem.from_problem(problem).describe()


def _hdd_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.disk import hdd

    spec = hdd.HddProblem.from_problem(problem)
    times = spec.solve()
    slowest = min(times, key=lambda t: t.rate_mb_s)
    text = (
        f"{spec.table()}\n\nLa petición de {hdd.size_text(slowest.size_bytes)} pasa el "
        f"{pct(slowest.positioning_share)} de su tiempo posicionando el cabezal y da "
        f"{num(slowest.rate_mb_s)} MB/s de {num(spec.disk.transfer_mb_s)} posibles."
    )
    data = {"times": spec.as_dict()["solution"]}
    return Solution(text, data, lambda: hdd.rate_figure([spec.disk], marks=spec.sizes))


HDD = Simulator(
    "hdd", _hdd_args, _hdd_problem, _hdd_describe, _hdd_solve, _hdd_cost,
    Example(
        "el Cheetah 15K.5 de OSTEP: una lectura de 4 KiB frente a una de 100 MB",
        "--rpm 15000 --seek 4 --transfer 125 --sizes 4096,100000000 -c",
    ),
    max_steps=HDD_SIZES_MAX,
)  # fmt: skip


# --- Agujero de escritura de RAID 5 --------------------------------------------------------
_PROTECTIONS = ("none", "journal", "ppl")
#: Escrituras del plan como mucho: dos trozos de datos, la paridad y el diario o el PPL
#: (las pruebas lo comprueban con muchas semillas de ``random_writehole``).
WRITEHOLE_STEPS_MAX = 4


def _writehole_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--protection", type=choice(_PROTECTIONS), metavar="PROTECCIÓN",
        omitted=RANDOM,
        help="none (sin protección), journal (diario, raid5-cache) o ppl (Partial Parity Log)",
    )  # fmt: skip


def _writehole_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import writehole

    return writehole.random_writehole(subseed(rng), args.protection).problem()


def _writehole_cost(problem: Problem) -> Cost:
    from dadsbook.hardware.disk import writehole

    spec = writehole.WriteHoleProblem.from_problem(problem)
    updates = dict(spec.updates)
    cells = sum(len(writehole.explore(spec.data, updates, p)) for p in writehole.PROTECTIONS)
    return Cost(len(spec.steps()), "--protection", cells)


def _writehole_describe(problem: Problem) -> str:
    from dadsbook.hardware.disk import writehole

    return writehole.WriteHoleProblem.from_problem(problem).describe()


def _writehole_solve(problem: Problem) -> Solution:
    from dadsbook.hardware.disk import writehole

    spec = writehole.WriteHoleProblem.from_problem(problem)
    data = {k: v for k, v in spec.as_dict().items() if k in ("read", "recovered", "outcome")}
    return Solution(
        str(spec.table()), data,
        lambda: writehole.explore_figure(spec.data, dict(spec.updates)),
    )  # fmt: skip


WRITEHOLE = Simulator(
    "writehole", _writehole_args, _writehole_problem, _writehole_describe, _writehole_solve,
    _writehole_cost,
    Example(
        "una actualización de RAID 5 sin protección: se va la luz a medias y al arrancar "
        "falta un disco",
        "-s 3 --protection none -c",
    ),
    max_steps=WRITEHOLE_STEPS_MAX,
)  # fmt: skip


SIMULATORS = (RAID, WRITEBACK, DMA, HDD, WRITEHOLE)

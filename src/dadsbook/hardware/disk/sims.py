"""Los simuladores del capítulo «Disco» para la línea de órdenes.

``raid`` (dónde cae cada bloque, con las opciones de ``raid.py`` de OSTEP: ``-L``,
``-D``, ``-C``, ``-5``, ``-n``, ``-R``), ``writeback`` (caché de escritura diferida y
un fallo de corriente), ``dma`` (E/S programada frente a DMA), ``hdd`` (búsqueda,
rotación y transferencia), ``writehole`` (el agujero de escritura de RAID 5) y, del
SSD, ``zns`` (zonas NVMe), ``nvme`` (profundidad de cola y ley de Little) y ``ftl``
(amplificación de escritura).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import (
    Figures,
    matching,
    num,
    option,
    pct,
    plural,
    statement,
    subseed,
    switch,
)
from dadsbook.cli.spanish import choice, int_list, integer, number, number_list, shown, token_list
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.disk import raid
    from dadsbook.hardware.disk.zns import ZonedDevice

__all__ = ["CHAPTER", "DMA", "FTL", "HDD", "NVME", "RAID", "WRITEBACK", "WRITEHOLE", "ZNS"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.hardware.disk.figures")

#: La página del libro de estos simuladores.
CHAPTER = "hardware/disco"

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
        parser, "-L", "--level", type=choice(_LEVELS), metavar="NIVEL",
        help="nivel de RAID: 0, 1, 4 o 5 (-L de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-D", "--disks", type=integer(2, 64), metavar="N",
        help="discos del conjunto (-D de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--chunk", type=integer(1, 1024), metavar="BLOQUES",
        help="bloques por trozo (chunk)",
    )  # fmt: skip
    option(
        parser, "-C", "--chunk-size", type=_chunk_bytes, dest="chunk_bytes", metavar="BYTES",
        help=f"bytes por trozo con bloques de {BLOCK_BYTES} bytes, p. ej. 4k u 8k (-C de OSTEP)",
    )  # fmt: skip
    option(
        parser, "--layout", type=choice(_RAID_LAYOUTS), metavar="DISPOSICIÓN",
        help="paridad de RAID 5: left-symmetric, left-asymmetric, right-symmetric o "
        "right-asymmetric",
    )  # fmt: skip
    option(
        parser, "-5", "--raid5", type=choice(("LS", "LA")), dest="raid5", metavar="LS|LA",
        help="paridad de RAID 5 como en OSTEP: LS (left-symmetric) o LA (left-asymmetric)",
    )  # fmt: skip
    option(
        parser, "--blocks", type=int_list(0, 2**40, max_items=1000), metavar="BLOQUES",
        help="bloques lógicos a localizar, separados por comas",
    )  # fmt: skip
    option(
        parser, "-n", "--num-requests", type=integer(1, 1000), metavar="N",
        omitted="5", help="bloques del problema aleatorio (-n de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-R", "--range", type=integer(1, 2**40), dest="block_range", metavar="BLOQUES",
        omitted="8 franjas", help="los bloques aleatorios van de 0 a BLOQUES - 1 (-R de OSTEP)",
    )  # fmt: skip


def _raid_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _raid_stripes(problem: ProblemData) -> int:
    return int(min(1 + max(problem["blocks"]) // problem["chunk_size"], 20))


def _raid_cost(problem: ProblemData) -> Cost:
    cells = max(_raid_stripes(problem), 2) * problem["disks"]
    return Cost(len(problem["blocks"]) + cells, "--blocks", cells)


def _raid_array(problem: ProblemData) -> raid.RaidArray:
    from dadsbook.hardware.disk import raid

    return raid.RaidArray(
        problem["level"], problem["disks"], problem["chunk_size"], problem["layout"]
    )


def _raid_describe(problem: ProblemData) -> str:
    blocks = ", ".join(str(b) for b in problem["blocks"])
    return (
        f"{_raid_array(problem).title()}.\nBloques lógicos: {blocks}.\n"
        "¿En qué disco y en qué desplazamiento cae cada bloque? ¿Dónde está su paridad?"
    )


def _raid_solve(problem: ProblemData) -> Solution:
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
    return Solution(text, data, _figure("layout_figure", array, max(stripes, 2)))


RAID = Simulator(
    name="raid",
    chapter=CHAPTER,
    help="RAID 0, 1, 4 y 5: disco y desplazamiento de cada bloque",
    add_arguments=_raid_args,
    make_problem=_raid_problem,
    describe=_raid_describe,
    solve=_raid_solve,
    cost=_raid_cost,
    example=Example(
        "RAID 5 de cuatro discos con trozos de un bloque y paridad left-symmetric (la forma "
        "de OSTEP: -L 5 -D 4 -C 4k -5 LS)",
        "--level 5 --disks 4 --chunk 1 --layout left-symmetric --blocks 0,1,2,3,4,5,6 -c",
    ),
    max_steps=2_500,
)


# --- Escritura diferida --------------------------------------------------------------
WRITES_MAX = 26


def _writeback_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--policy", type=choice(("write-back", "write-through")), metavar="POLÍTICA",
        omitted="write-back", help="write-back o write-through",
    )  # fmt: skip
    option(
        parser, "--times", type=number_list(0, TIME_MAX, max_items=WRITES_MAX),
        metavar="INSTANTES",
        help=f"instante de cada escritura, separados por comas (hasta {WRITES_MAX}, "
        "valores a…z); necesita --blocks",
    )  # fmt: skip
    option(
        parser, "--blocks", type=int_list(0, 10**6, max_items=WRITES_MAX), metavar="BLOQUES",
        help="bloque de cada escritura, separados por comas",
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


def _writeback_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _writeback_cost(problem: ProblemData) -> Cost:
    last = max([w["time"] for w in problem["writes"]] + [problem["crash_time"]])
    flushes = last / problem["flush_interval"]
    return Cost(flushes + len(problem["writes"]), "--flush-interval", len(problem["writes"]))


def _writeback_describe(problem: ProblemData) -> str:
    rows = [(f"{num(w['time'])}", w["block"], w["value"]) for w in problem["writes"]]
    return statement(
        f"Caché {problem['policy']} de {num(problem['capacity'])} bloques, vaciado cada "
        f"{num(problem['flush_interval'])}; se va la corriente en t = "
        f"{num(problem['crash_time'])}.",
        ("instante", "bloque", "valor"),
        rows,
        "¿Qué escrituras confirmadas se pierden?",
    )


def _writeback_solve(problem: ProblemData) -> Solution:
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

    return Solution(
        text,
        result.as_dict(),
        _figure("outcomes_figure", result, flush_interval=problem["flush_interval"]),
    )


WRITEBACK = Simulator(
    name="writeback",
    chapter=CHAPTER,
    help="caché de escritura diferida y un fallo de corriente",
    add_arguments=_writeback_args,
    make_problem=_writeback_problem,
    describe=_writeback_describe,
    solve=_writeback_solve,
    cost=_writeback_cost,
    example=Example(
        "cuatro escrituras en una caché write-back de dos bloques que se vacía cada 5; la luz "
        "se va en t = 7",
        "--policy write-back --times 1,2,6,6.5 --blocks 0,1,0,2 --capacity 2 "
        "--flush-interval 5 --crash 7 -c",
    ),
    max_steps=500_000,
)


# --- DMA ------------------------------------------------------------------------------
_DMA_FIELDS = ("transfers", "words", "word_time", "compute", "setup", "interrupt")


def _dma_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--transfers", type=integer(1, 1000), metavar="N",
        help="transferencias",
    )  # fmt: skip
    option(
        parser, "--words", type=integer(1, 10**6), metavar="N",
        help="palabras por transferencia",
    )  # fmt: skip
    option(
        parser, "--word-time", type=number(0, TIME_MAX), metavar="TIEMPO",
        help="tiempo por palabra en el bus",
    )  # fmt: skip
    option(
        parser, "--work", type=number(0, 1e9, strict=False), dest="cpu_work", metavar="TIEMPO",
        help="trabajo útil de la CPU",
    )  # fmt: skip
    option(
        parser, "--setup", type=number(0, TIME_MAX, strict=False), metavar="TIEMPO",
        help="coste de programar el DMA",
    )  # fmt: skip
    option(
        parser, "--interrupt", type=number(0, TIME_MAX, strict=False), metavar="TIEMPO",
        help="manejador de la interrupción al terminar",
    )  # fmt: skip


def _dma_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.disk import dma

    base = dma.random_dma(subseed(rng)).as_dict()
    given = {**vars(args), "compute": args.cpu_work}
    return {k: given[k] if given[k] is not None else base[k] for k in _DMA_FIELDS}


def _dma_cost(problem: ProblemData) -> Cost:
    bars = 6 * problem["transfers"] + 2
    return Cost(bars, "--transfers", bars)


def _dma_describe(problem: ProblemData) -> str:
    return (
        f"{num(problem['transfers'])} transferencias de {num(problem['words'])} palabras "
        f"({num(problem['word_time'])} por palabra) y {num(problem['compute'])} de trabajo útil "
        "de la "
        f"CPU. Programar el DMA cuesta {num(problem['setup'])} y su interrupción "
        f"{num(problem['interrupt'])}.\n¿Cuánto tarda todo con E/S programada y con DMA?"
    )


def _dma_solve(problem: ProblemData) -> Solution:
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
    name="dma",
    chapter=CHAPTER,
    help="E/S programada frente a DMA: la CPU y el bus",
    add_arguments=_dma_args,
    make_problem=_dma_problem,
    describe=_dma_describe,
    solve=_dma_solve,
    cost=_dma_cost,
    example=Example(
        "cuatro transferencias de 100 palabras y 400 unidades de trabajo útil: ¿cuánto "
        "ahorra el DMA?",
        "--transfers 4 --words 100 --word-time 1 --work 400 --setup 5 --interrupt 5 -c",
    ),
    max_steps=10_000,
)


# --- Disco duro -----------------------------------------------------------------------
#: Peticiones como mucho en ``--sizes``: una fila de la tabla y un punto de la figura cada una.
HDD_SIZES_MAX = 100


def _hdd_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--rpm", type=number(0, 100_000), metavar="RPM",
        help="vueltas por minuto del plato (hasta 100000)",
    )  # fmt: skip
    option(
        parser, "--seek", type=number(0, 1000), metavar="MS",
        help="búsqueda media de la ficha técnica, en milisegundos",
    )  # fmt: skip
    option(
        parser, "--transfer", type=number(0, 1e6), metavar="MB/S",
        help="transferencia máxima de la ficha técnica, en MB/s (1 MB = 10⁶ bytes)",
    )  # fmt: skip
    option(
        parser, "--sizes", type=int_list(1, 2**40, max_items=HDD_SIZES_MAX), metavar="BYTES",
        help=f"tamaño de cada petición en bytes, separados por comas (hasta {HDD_SIZES_MAX})",
    )  # fmt: skip


def _hdd_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
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


def _hdd_cost(problem: ProblemData) -> Cost:
    count = len(problem["sizes"])
    return Cost(count, "--sizes", count + 2)


def _hdd_describe(problem: ProblemData) -> str:
    from dadsbook.hardware.disk import hdd

    return hdd.HddProblem.from_problem(problem).describe()


def _hdd_solve(problem: ProblemData) -> Solution:
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
    return Solution(text, data, _figure("rate_figure", [spec.disk], marks=spec.sizes))


HDD = Simulator(
    name="hdd",
    chapter=CHAPTER,
    help="disco duro: búsqueda, rotación y transferencia de cada petición",
    add_arguments=_hdd_args,
    make_problem=_hdd_problem,
    describe=_hdd_describe,
    solve=_hdd_solve,
    cost=_hdd_cost,
    example=Example(
        "el Cheetah 15K.5 de OSTEP: una lectura de 4 KiB frente a una de 100 MB",
        "--rpm 15000 --seek 4 --transfer 125 --sizes 4096,100000000 -c",
    ),
    max_steps=HDD_SIZES_MAX,
)


# --- Agujero de escritura de RAID 5 --------------------------------------------------------
_PROTECTIONS = ("none", "journal", "ppl")
#: Escrituras del plan como mucho: dos trozos de datos, la paridad y el diario o el PPL
#: (las pruebas lo comprueban con muchas semillas de ``random_writehole``).
WRITEHOLE_STEPS_MAX = 4


def _writehole_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--protection", type=choice(_PROTECTIONS), metavar="PROTECCIÓN",
        help="none (sin protección), journal (diario, raid5-cache) o ppl (Partial Parity Log)",
    )  # fmt: skip


def _writehole_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.disk import writehole

    return writehole.random_writehole(subseed(rng), args.protection).problem()


def _writehole_cost(problem: ProblemData) -> Cost:
    from dadsbook.hardware.disk import writehole

    spec = writehole.WriteHoleProblem.from_problem(problem)
    updates = dict(spec.updates)
    cells = sum(len(writehole.explore(spec.data, updates, p)) for p in writehole.PROTECTIONS)
    return Cost(len(spec.steps()), "--protection", cells)


def _writehole_describe(problem: ProblemData) -> str:
    from dadsbook.hardware.disk import writehole

    return writehole.WriteHoleProblem.from_problem(problem).describe()


def _writehole_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.disk import writehole

    spec = writehole.WriteHoleProblem.from_problem(problem)
    data = {k: v for k, v in spec.as_dict().items() if k in ("read", "recovered", "outcome")}
    return Solution(
        str(spec.table()), data, _figure("explore_figure", spec.data, dict(spec.updates))
    )


WRITEHOLE = Simulator(
    name="writehole",
    chapter=CHAPTER,
    help="el agujero de escritura de RAID 5 con diario, PPL o sin protección",
    add_arguments=_writehole_args,
    make_problem=_writehole_problem,
    describe=_writehole_describe,
    solve=_writehole_solve,
    cost=_writehole_cost,
    example=Example(
        "una actualización de RAID 5 sin protección: se va la luz a medias y al arrancar "
        "falta un disco",
        "-s 3 --protection none -c",
    ),
    max_steps=WRITEHOLE_STEPS_MAX,
)


# --- Zonas NVMe (ZNS) -------------------------------------------------------------------
_ZONE_OP = re.compile(r"([awfr])([0-9]{1,9})(?::([0-9]{1,9}))?$")
_ZONE_NAMES = {"a": "append", "w": "write", "f": "finish", "r": "reset"}
OPS_MAX = 1000


def _zns_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--zones", type=integer(1, 1024), metavar="N", omitted="al azar entre 2 y 3",
        help="zonas del dispositivo",
    )  # fmt: skip
    option(
        parser, "--zone-size", type=integer(1, 10**6), metavar="PÁGINAS",
        omitted="al azar entre 3 y 4", help="páginas por zona",
    )  # fmt: skip
    option(
        parser, "--max-open", type=integer(1, 1024), metavar="N",
        omitted="una menos que --zones", help="zonas abiertas a la vez (≤ --zones)",
    )  # fmt: skip
    option(
        parser, "--ops", type=token_list(OPS_MAX), metavar="a0,a0,w1:0,r0",
        help="órdenes separadas por comas: aZ (append), wZ:LBA (write), fZ (finish), "
        f"rZ (reset); hasta {OPS_MAX}",
    )  # fmt: skip


def _zns_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    zones = args.zones or rng.randint(2, 3)
    size = args.zone_size or rng.choice([3, 4])
    max_open = args.max_open or max(1, zones - 1)
    if max_open > zones:
        raise ValueError(f"--max-open debe ser ≤ --zones ({zones}); se recibió {max_open}")
    if args.ops is not None:
        ops = []
        for token in args.ops:
            found = _ZONE_OP.match(token.lower())
            if found is None or (found.group(1) == "w") != (found.group(3) is not None):
                raise ValueError(f"--ops: orden {token[:20]!r} no válida; usa aZ, wZ:LBA, fZ o rZ")
            zone = int(found.group(2))
            if zone >= zones:
                raise ValueError(f"--ops: la zona {zone} no existe con --zones {zones}")
            lba = int(found.group(3)) if found.group(3) is not None else None
            if lba is not None and lba >= size:
                raise ValueError(
                    f"--ops: la dirección {lba} de {token!r} no cabe en zonas de --zone-size "
                    f"{size} páginas (de 0 a {size - 1})"
                )
            ops.append({"op": _ZONE_NAMES[found.group(1)], "zone": zone, "lba": lba})
    else:
        ops = []
        for _ in range(rng.randint(6, 10)):
            op = rng.choice(["append", "append", "append", "write", "finish", "reset"])
            lba = rng.randrange(size) if op == "write" else None
            ops.append({"op": op, "zone": rng.randrange(zones), "lba": lba})
    return {"zones": zones, "zone_size": size, "max_open": max_open, "ops": ops}


def _zns_cost(problem: ProblemData) -> Cost:
    ops, zones = len(problem["ops"]), problem["zones"]
    return Cost(ops + zones, "--ops/--zones", zones + zones * ops / 1000)


def _zns_text(op: dict[str, object]) -> str:
    return f"{op['op']} zona {op['zone']}" + (f" en {op['lba']}" if op["lba"] is not None else "")


def _zns_describe(problem: ProblemData) -> str:
    ops = "; ".join(_zns_text(op) for op in problem["ops"])
    return (
        f"Dispositivo ZNS con {num(problem['zones'])} zonas de {num(problem['zone_size'])} "
        "páginas; como "
        f"mucho {plural(problem['max_open'], 'abierta')} a la vez.\nÓrdenes: {ops}.\n"
        "¿Qué devuelve cada orden (o por qué la rechaza el dispositivo) y cómo quedan las zonas?"
    )


def _zns_reason(error: str, problem: ProblemData, zone: int, device: ZonedDevice) -> str:
    """El motivo de un rechazo del modelo, dicho con las opciones de la orden."""
    if error.startswith("max_open:"):
        return (
            f"ya hay {plural(problem['max_open'], 'zona abierta', 'zonas abiertas')} "
            f"(--max-open); llena o reinicia una antes de abrir la zona {zone}"
        )
    if error.startswith("zone "):
        return (
            f"la zona {zone} no tiene sitio (puntero {num(device.write_pointer(zone))} de "
            f"{num(problem['zone_size'])}): reiníciala antes"
        )
    return error.replace("lba ", "el LBA ", 1)


def _zns_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.disk import zns

    device = zns.ZonedDevice(problem["zones"], problem["zone_size"], problem["max_open"])
    steps = []
    for op in problem["ops"]:
        zone, outcome = op["zone"], "hecho"
        try:
            if op["op"] == "append":
                outcome = f"escrita en {device.append(zone)}"
            elif op["op"] == "write":
                device.write(zone, op["lba"])
            elif op["op"] == "finish":
                device.finish(zone)
            else:
                device.reset(zone)
        except ValueError as error:
            outcome = f"rechazada: {_zns_reason(str(error), problem, zone, device)}"
        steps.append(
            {
                **op,
                "outcome": outcome,
                "state": device.state(zone),
                "write_pointer": device.write_pointer(zone),
            }
        )
    rows = [(_zns_text(s), s["outcome"], s["state"], s["write_pointer"]) for s in steps]
    zones = [dataclasses.asdict(z) for z in device.info()]
    text = "\n".join(
        [
            str(Table(("orden", "resultado", "estado de la zona", "puntero"), rows)),
            "",
            str(
                Table(
                    ("zona", "estado", "puntero", "capacidad"), [tuple(z.values()) for z in zones]
                )
            ),
            "",
            f"Páginas escritas: {num(device.media_writes)}; reinicios: {num(device.resets)}.",
        ]
    )
    data = {
        "steps": steps,
        "zones": zones,
        "media_writes": device.media_writes,
        "resets": device.resets,
    }

    ops = [(o["op"], o["zone"], o["lba"]) for o in problem["ops"]]
    sizes = (problem["zones"], problem["zone_size"], problem["max_open"])
    return Solution(text, data, _figure("pointers_figure", *sizes, ops))


ZNS = Simulator(
    name="zns",
    chapter=CHAPTER,
    help="zonas NVMe (ZNS): puntero de escritura, append y reinicio",
    add_arguments=_zns_args,
    make_problem=_zns_problem,
    describe=_zns_describe,
    solve=_zns_solve,
    cost=_zns_cost,
    example=Example(
        "dos zonas de cuatro páginas con una sola abierta a la vez: la escritura en la "
        "segunda zona se rechaza hasta que la primera se llena",
        "--zones 2 --zone-size 4 --max-open 1 --ops a0,a0,w1:0,f0,w1:0,r0 -c",
    ),
    max_steps=3_000,
)


# --- Colas NVMe ---------------------------------------------------------------------------
def _nvme_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--depth", type=integer(1, 4096), metavar="N",
        help="peticiones siempre pendientes (profundidad de cola)",
    )  # fmt: skip
    option(
        parser, "--channels", type=integer(1, 1024), metavar="N",
        help="canales del SSD",
    )  # fmt: skip
    option(
        parser, "--service-us", type=number(0, 1e6), metavar="MICROSEGUNDOS",
        help="servicio de una petición en un canal (µs)",
    )  # fmt: skip
    option(
        parser, "--overhead-us", type=number(0, 1e6, strict=False), metavar="MICROSEGUNDOS",
        help="anfitrión y bus por petición (µs)",
    )  # fmt: skip
    option(
        parser, "--completions", type=integer(1, 10**6), metavar="N", omitted="2000",
        help="peticiones simuladas",
    )  # fmt: skip


def _nvme_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.disk import nvme

    base = nvme.random_queue(subseed(rng))
    return {
        "depth": args.depth or base.depth,
        "channels": args.channels or base.channels,
        "service_us": args.service_us or base.service_us,
        "overhead_us": args.overhead_us if args.overhead_us is not None else base.overhead_us,
        "completions": args.completions or base.completions,
        "seed": base.seed,
    }


def _nvme_cost(problem: ProblemData) -> Cost:
    depth = problem["depth"]
    steps = (problem["completions"] + depth) * (1 + math.log2(depth) / 12)
    # La figura simula, para cada profundidad, 1000 peticiones por canal.
    return Cost(steps, "--completions", 8 * problem["channels"])


def _nvme_describe(problem: ProblemData) -> str:
    return (
        f"SSD con {num(problem['channels'])} canales de {num(problem['service_us'])} µs por "
        "petición, "
        f"{num(problem['depth'])} peticiones siempre pendientes y {num(problem['overhead_us'])} "
        "µs de "
        "anfitrión por petición.\n¿Cuántas IOPS da la ley de Little y cuántas la simulación?"
    )


def _nvme_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.disk import nvme

    spec = nvme.QueueProblem(**problem)
    bound = nvme.little_iops(spec.depth, spec.channels, spec.service_us, spec.overhead_us)
    simulated = nvme.simulate_queue(spec)
    text = (
        f"Ley de Little: {num(round(bound))} IOPS como mucho; simulación (canal al azar): "
        f"{num(round(simulated))} IOPS ({pct(simulated / bound, 0)} de la cota)."
    )
    depths = [2**k for k in range(8) if 2**k <= max(64, spec.depth)]
    return Solution(
        text,
        {"little_iops": bound, "simulated_iops": simulated},
        _figure(
            "model_figure", depths, spec.channels, spec.service_us, spec.overhead_us, spec.seed
        ),
    )


NVME = Simulator(
    name="nvme",
    chapter=CHAPTER,
    help="colas NVMe: profundidad de cola, canales y ley de Little",
    add_arguments=_nvme_args,
    make_problem=_nvme_problem,
    describe=_nvme_describe,
    solve=_nvme_solve,
    cost=_nvme_cost,
    example=Example(
        "un SSD de 8 canales de 100 µs con 32 peticiones pendientes: ¿cuántas IOPS?",
        "--channels 8 --service-us 100 --depth 32 --overhead-us 10 -c",
    ),
    max_steps=700_000,
)


# --- Amplificación de escritura (FTL) ------------------------------------------------------
#: Bloques que la limpieza se reserva libres (los de ``ftl.FREE_RESERVE`` más el activo).
_RESERVED = 2


def _ftl_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--op", type=number(0.02, 4, strict=False), metavar="FRACCIÓN",
        help="sobreaprovisionamiento: espacio extra / espacio útil (0.02 a 4)",
    )  # fmt: skip
    option(
        parser, "--blocks", type=integer(8, 4096), metavar="N",
        help="bloques de borrado",
    )  # fmt: skip
    option(
        parser, "--pages-per-block", type=integer(2, 1024), metavar="N",
        help="páginas por bloque",
    )  # fmt: skip
    option(
        parser, "--writes", type=integer(1, 100_000), metavar="N",
        help="sobrescrituras medidas (otras tantas de calentamiento)",
    )  # fmt: skip
    switch(
        parser,
        "--zoned",
        help="la limpieza la hace el anfitrión sobre zonas (ZNS); --no-zoned, la FTL",
    )


def _ftl_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.disk import ftl

    base = ftl.random_wa(subseed(rng))
    problem: ProblemData = {
        "op": args.op or base.op,
        "blocks": args.blocks or base.blocks,
        "pages_per_block": args.pages_per_block or base.pages_per_block,
        "writes": args.writes or base.writes,
        "seed": base.seed,
        "zoned": args.zoned if args.zoned is not None else base.zoned,
    }
    try:
        ftl.logical_pages_for(problem["op"], problem["blocks"], problem["pages_per_block"])
    except ValueError:
        raise ValueError(
            f"--op {problem['op']:g} deja demasiado poco espacio libre para limpiar con "
            f"--blocks {num(problem['blocks'])}: sube --op o --blocks"
        ) from None
    return problem


def _ftl_steps(problem: ProblemData, op: float) -> float:
    """Escrituras en la flash (más cuanto menos sobreaprovisionamiento) y, en cada
    limpieza, un recorrido de todos los bloques en busca de la víctima."""
    blocks, per_block, writes = problem["blocks"], problem["pages_per_block"], problem["writes"]
    scans = 1 + blocks / per_block / 8
    return float((1 + 1 / op) * (blocks * per_block + 2 * writes * scans))


def _ftl_cost(problem: ProblemData) -> Cost:
    # La figura repite la simulación con otros cinco sobreaprovisionamientos.
    curve = sum(_ftl_steps(problem, op) for op in (0.15, 0.28, 0.5, 1.0, 2.0))
    return Cost(_ftl_steps(problem, problem["op"]), "--blocks/--writes/--op", curve / 3000)


def _ftl_describe(problem: ProblemData) -> str:
    who = "el anfitrión sobre zonas" if problem["zoned"] else "la FTL del SSD"
    return (
        f"{num(problem['blocks'])} bloques de {num(problem['pages_per_block'])} páginas, "
        f"{pct(problem['op'], 0)} de sobreaprovisionamiento; limpia {who} con el algoritmo "
        f"voraz. Tras llenarlo, {num(problem['writes'])} sobrescrituras aleatorias.\n"
        "¿Cuántas páginas se escriben en la flash por cada página que escribe el usuario?"
    )


def _ftl_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.disk import ftl

    wa = ftl.WaProblem(**problem).solve()

    def figure() -> Figure:
        curve: dict[float, float] = {problem["op"]: wa}
        for op in (0.15, 0.28, 0.5, 1.0, 2.0):
            try:
                curve.setdefault(op, ftl.WaProblem(**{**problem, "op": op}).solve())
            except ValueError:  # con pocos bloques, un op pequeño no deja sitio para limpiar
                continue
        ops = sorted(curve)
        name = "ZNS (limpia el anfitrión)" if problem["zoned"] else "FTL (limpia el SSD)"
        from dadsbook.hardware.disk import figures

        return figures.wa_figure(ops, {name: [curve[op] for op in ops]})

    return Solution(f"Amplificación de escritura: {num(wa)}.", {"write_amplification": wa}, figure)


FTL = Simulator(
    name="ftl",
    chapter=CHAPTER,
    help="amplificación de escritura de una FTL y de ZNS",
    add_arguments=_ftl_args,
    make_problem=_ftl_problem,
    describe=_ftl_describe,
    solve=_ftl_solve,
    cost=_ftl_cost,
    example=Example(
        "64 bloques de 32 páginas con un 28 % de sobreaprovisionamiento y limpieza de la FTL",
        "--blocks 64 --pages-per-block 32 --op 0.28 --writes 20000 --no-zoned -c",
    ),
    max_steps=1_200_000,
)

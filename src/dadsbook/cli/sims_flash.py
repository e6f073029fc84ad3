"""Simuladores de SSD del capítulo del disco para la línea de órdenes.

``zns`` (zonas NVMe), ``nvme`` (profundidad de cola y ley de Little) y ``ftl``
(amplificación de escritura). Los módulos del capítulo se importan al usarlos.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
from typing import TYPE_CHECKING

from dadsbook.cli.registry import Cost, Example, Problem, Simulator, Solution
from dadsbook.cli.sims_common import RANDOM, num, option, pct, plural, subseed
from dadsbook.cli.spanish import integer, number, token_list

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.disk.zns import ZonedDevice

from dadsbook.tables import Table

__all__ = ["SIMULATORS"]

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
        parser, "--ops", type=token_list(OPS_MAX), metavar="a0,a0,w1:0,r0", omitted=RANDOM,
        help="órdenes separadas por comas: aZ (append), wZ:LBA (write), fZ (finish), "
        f"rZ (reset); hasta {OPS_MAX}",
    )  # fmt: skip


def _zns_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def _zns_cost(problem: Problem) -> Cost:
    ops, zones = len(problem["ops"]), problem["zones"]
    return Cost(ops + zones, "--ops/--zones", zones + zones * ops / 1000)


def _zns_text(op: dict[str, object]) -> str:
    return f"{op['op']} zona {op['zone']}" + (f" en {op['lba']}" if op["lba"] is not None else "")


def _zns_describe(problem: Problem) -> str:
    ops = "; ".join(_zns_text(op) for op in problem["ops"])
    return (
        f"Dispositivo ZNS con {num(problem['zones'])} zonas de {num(problem['zone_size'])} "
        "páginas; como "
        f"mucho {plural(problem['max_open'], 'abierta')} a la vez.\nÓrdenes: {ops}.\n"
        "¿Qué devuelve cada orden (o por qué la rechaza el dispositivo) y cómo quedan las zonas?"
    )


def _zns_reason(error: str, problem: Problem, zone: int, device: ZonedDevice) -> str:
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


def _zns_solve(problem: Problem) -> Solution:
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

    def figure() -> Figure:
        from dadsbook.hardware.disk import zns_figure

        ops = [(o["op"], o["zone"], o["lba"]) for o in problem["ops"]]
        return zns_figure.pointers_figure(
            problem["zones"], problem["zone_size"], problem["max_open"], ops
        )

    return Solution(text, data, figure)


ZNS = Simulator(
    "zns", _zns_args, _zns_problem, _zns_describe, _zns_solve, _zns_cost,
    Example(
        "dos zonas de cuatro páginas con una sola abierta a la vez: la escritura en la "
        "segunda zona se rechaza hasta que la primera se llena",
        "--zones 2 --zone-size 4 --max-open 1 --ops a0,a0,w1:0,f0,w1:0,r0 -c",
    ),
    max_steps=3_000,
)  # fmt: skip


# --- Colas NVMe ---------------------------------------------------------------------------
def _nvme_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--depth", type=integer(1, 4096), metavar="N", omitted=RANDOM,
        help="peticiones siempre pendientes (profundidad de cola)",
    )  # fmt: skip
    option(
        parser, "--channels", type=integer(1, 1024), metavar="N", omitted=RANDOM,
        help="canales del SSD",
    )  # fmt: skip
    option(
        parser, "--service-us", type=number(0, 1e6), metavar="MICROSEGUNDOS", omitted=RANDOM,
        help="servicio de una petición en un canal (µs)",
    )  # fmt: skip
    option(
        parser, "--overhead-us", type=number(0, 1e6, strict=False), metavar="MICROSEGUNDOS",
        omitted=RANDOM, help="anfitrión y bus por petición (µs)",
    )  # fmt: skip
    option(
        parser, "--completions", type=integer(1, 10**6), metavar="N", omitted="2000",
        help="peticiones simuladas",
    )  # fmt: skip


def _nvme_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
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


def _nvme_cost(problem: Problem) -> Cost:
    depth = problem["depth"]
    steps = (problem["completions"] + depth) * (1 + math.log2(depth) / 12)
    # La figura simula, para cada profundidad, 1000 peticiones por canal.
    return Cost(steps, "--completions", 8 * problem["channels"])


def _nvme_describe(problem: Problem) -> str:
    return (
        f"SSD con {num(problem['channels'])} canales de {num(problem['service_us'])} µs por "
        "petición, "
        f"{num(problem['depth'])} peticiones siempre pendientes y {num(problem['overhead_us'])} "
        "µs de "
        "anfitrión por petición.\n¿Cuántas IOPS da la ley de Little y cuántas la simulación?"
    )


def _nvme_solve(problem: Problem) -> Solution:
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
        lambda: nvme.model_figure(
            depths, spec.channels, spec.service_us, spec.overhead_us, spec.seed
        ),
    )


NVME = Simulator(
    "nvme", _nvme_args, _nvme_problem, _nvme_describe, _nvme_solve, _nvme_cost,
    Example(
        "un SSD de 8 canales de 100 µs con 32 peticiones pendientes: ¿cuántas IOPS?",
        "--channels 8 --service-us 100 --depth 32 --overhead-us 10 -c",
    ),    max_steps=700_000,
)  # fmt: skip


# --- Amplificación de escritura (FTL) ------------------------------------------------------
#: Bloques que la limpieza se reserva libres (los de ``ftl.FREE_RESERVE`` más el activo).
_RESERVED = 2


def _ftl_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--op", type=number(0.02, 4, strict=False), metavar="FRACCIÓN", omitted=RANDOM,
        help="sobreaprovisionamiento: espacio extra / espacio útil (0.02 a 4)",
    )  # fmt: skip
    option(
        parser, "--blocks", type=integer(8, 4096), metavar="N", omitted=RANDOM,
        help="bloques de borrado",
    )  # fmt: skip
    option(
        parser, "--pages-per-block", type=integer(2, 1024), metavar="N", omitted=RANDOM,
        help="páginas por bloque",
    )  # fmt: skip
    option(
        parser, "--writes", type=integer(1, 100_000), metavar="N", omitted=RANDOM,
        help="sobrescrituras medidas (otras tantas de calentamiento)",
    )  # fmt: skip
    option(
        parser, "--zoned", action=argparse.BooleanOptionalAction, default=None,
        omitted=RANDOM,
        help="la limpieza la hace el anfitrión sobre zonas (ZNS); --no-zoned, la FTL",
    )  # fmt: skip


def _ftl_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    from dadsbook.hardware.disk import ftl

    base = ftl.random_wa(subseed(rng))
    problem: Problem = {
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


def _ftl_steps(problem: Problem, op: float) -> float:
    """Escrituras en la flash (más cuanto menos sobreaprovisionamiento) y, en cada
    limpieza, un recorrido de todos los bloques en busca de la víctima."""
    blocks, per_block, writes = problem["blocks"], problem["pages_per_block"], problem["writes"]
    scans = 1 + blocks / per_block / 8
    return float((1 + 1 / op) * (blocks * per_block + 2 * writes * scans))


def _ftl_cost(problem: Problem) -> Cost:
    # La figura repite la simulación con otros cinco sobreaprovisionamientos.
    curve = sum(_ftl_steps(problem, op) for op in (0.15, 0.28, 0.5, 1.0, 2.0))
    return Cost(_ftl_steps(problem, problem["op"]), "--blocks/--writes/--op", curve / 3000)


def _ftl_describe(problem: Problem) -> str:
    who = "el anfitrión sobre zonas" if problem["zoned"] else "la FTL del SSD"
    return (
        f"{num(problem['blocks'])} bloques de {num(problem['pages_per_block'])} páginas, "
        f"{pct(problem['op'], 0)} de sobreaprovisionamiento; limpia {who} con el algoritmo "
        f"voraz. Tras llenarlo, {num(problem['writes'])} sobrescrituras aleatorias.\n"
        "¿Cuántas páginas se escriben en la flash por cada página que escribe el usuario?"
    )


def _ftl_solve(problem: Problem) -> Solution:
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
        return ftl.wa_figure(ops, {name: [curve[op] for op in ops]})

    return Solution(f"Amplificación de escritura: {num(wa)}.", {"write_amplification": wa}, figure)


FTL = Simulator(
    "ftl", _ftl_args, _ftl_problem, _ftl_describe, _ftl_solve, _ftl_cost,
    Example(
        "64 bloques de 32 páginas con un 28 % de sobreaprovisionamiento y limpieza de la FTL",
        "--blocks 64 --pages-per-block 32 --op 0.28 --writes 20000 --no-zoned -c",
    ),
    max_steps=1_200_000,
)  # fmt: skip

SIMULATORS = (ZNS, NVME, FTL)

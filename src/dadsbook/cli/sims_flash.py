"""Simuladores de SSD del capítulo del disco para la línea de órdenes.

``zns`` (zonas NVMe), ``nvme`` (profundidad de cola y ley de Little) y ``ftl``
(amplificación de escritura).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re

from matplotlib.figure import Figure

from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import bounded, limit_steps, subseed, token_list
from dadsbook.cli.spanish import int_at_least, number
from dadsbook.hardware.disk import ftl, nvme, zns
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]

# --- Zonas NVMe (ZNS) -------------------------------------------------------------------
_ZONE_OP = re.compile(r"([awfr])(\d+)(?::(\d+))?$")
_ZONE_NAMES = {"a": "append", "w": "write", "f": "finish", "r": "reset"}


def _zns_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--zones", type=int_at_least(1, 1024), help="zonas del dispositivo")
    parser.add_argument("--zone-size", type=int_at_least(1, 10**6), help="páginas por zona")
    parser.add_argument("--max-open", type=int_at_least(1, 1024), help="zonas abiertas a la vez")
    parser.add_argument(
        "--ops",
        type=token_list,
        metavar="a0,a0,w1:0,r0",
        help="órdenes: aZ (append), wZ:LBA (write), fZ (finish), rZ (reset)",
    )


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
                raise ValueError(f"--ops: orden {token!r} no válida; usa aZ, wZ:LBA, fZ o rZ")
            zone = int(found.group(2))
            if zone >= zones:
                raise ValueError(f"--ops: la zona {zone} no existe con --zones {zones}")
            lba = int(found.group(3)) if found.group(3) is not None else None
            ops.append({"op": _ZONE_NAMES[found.group(1)], "zone": zone, "lba": lba})
    else:
        ops = []
        for _ in range(rng.randint(6, 10)):
            op = rng.choice(["append", "append", "append", "write", "finish", "reset"])
            lba = rng.randrange(size) if op == "write" else None
            ops.append({"op": op, "zone": rng.randrange(zones), "lba": lba})
    return {"zones": zones, "zone_size": size, "max_open": max_open, "ops": ops}


def _zns_text(op: dict[str, object]) -> str:
    return f"{op['op']} zona {op['zone']}" + (f" en {op['lba']}" if op["lba"] is not None else "")


def _zns_describe(problem: Problem) -> str:
    ops = "; ".join(_zns_text(op) for op in problem["ops"])
    return (
        f"Dispositivo ZNS con {problem['zones']} zonas de {problem['zone_size']} páginas; como "
        f"mucho {problem['max_open']} abiertas a la vez.\nÓrdenes: {ops}.\n"
        "¿Qué devuelve cada orden (o por qué la rechaza el dispositivo) y cómo quedan las zonas?"
    )


def _zns_solve(problem: Problem) -> Solution:
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
            outcome = f"rechazada: {error}"
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
            f"Páginas escritas: {device.media_writes}; reinicios: {device.resets}.",
        ]
    )
    data = {
        "steps": steps,
        "zones": zones,
        "media_writes": device.media_writes,
        "resets": device.resets,
    }
    return Solution(text, data)


ZNS = Simulator(
    "zns",
    "zonas NVMe (ZNS): puntero de escritura, append y reinicio (capítulo Disco)",
    _zns_args,
    _zns_problem,
    _zns_describe,
    _zns_solve,
    "hardware/disco",
)


# --- Colas NVMe ---------------------------------------------------------------------------
def _nvme_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--depth", type=int_at_least(1, 4096), help="peticiones pendientes")
    parser.add_argument("--channels", type=int_at_least(1, 1024), help="canales del SSD")
    parser.add_argument("--service-us", type=number(0), help="servicio de un canal (µs)")
    parser.add_argument("--overhead-us", type=number(0, strict=False), help="anfitrión y bus (µs)")
    parser.add_argument("--completions", type=int_at_least(1, 10**6), help="peticiones simuladas")


def _nvme_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = nvme.random_queue(subseed(rng))
    return {
        "depth": args.depth or base.depth,
        "channels": args.channels or base.channels,
        "service_us": args.service_us or base.service_us,
        "overhead_us": args.overhead_us if args.overhead_us is not None else base.overhead_us,
        "completions": args.completions or base.completions,
        "seed": base.seed,
    }


def _nvme_describe(problem: Problem) -> str:
    return (
        f"SSD con {problem['channels']} canales de {problem['service_us']:g} µs por petición, "
        f"{problem['depth']} peticiones siempre pendientes y {problem['overhead_us']:g} µs de "
        "anfitrión por petición.\n¿Cuántas IOPS da la ley de Little y cuántas la simulación?"
    )


def _nvme_solve(problem: Problem) -> Solution:
    spec = nvme.QueueProblem(**problem)
    bound = nvme.little_iops(spec.depth, spec.channels, spec.service_us, spec.overhead_us)
    simulated = nvme.simulate_queue(spec)
    text = (
        f"Ley de Little: {bound:,.0f} IOPS como mucho; simulación (canal al azar): "
        f"{simulated:,.0f} IOPS ({100 * simulated / bound:.0f} % de la cota)."
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
    "nvme",
    "colas NVMe: profundidad de cola, canales y ley de Little (capítulo Disco)",
    _nvme_args,
    _nvme_problem,
    _nvme_describe,
    _nvme_solve,
    "hardware/disco",
)


# --- Amplificación de escritura (FTL) ------------------------------------------------------
def _ftl_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--op",
        type=bounded(0.02, 4),
        help="sobreaprovisionamiento: espacio extra / espacio útil (0.02 a 4)",
    )
    parser.add_argument("--blocks", type=int_at_least(8, 4096), help="bloques de borrado")
    parser.add_argument("--pages-per-block", type=int_at_least(2, 1024), help="páginas por bloque")
    parser.add_argument("--writes", type=int_at_least(1, 100_000), help="sobrescrituras medidas")
    parser.add_argument(
        "--zoned",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="limpieza hecha por el anfitrión sobre zonas (ZNS)",
    )


def _ftl_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = ftl.random_wa(subseed(rng))
    pages = (args.blocks or base.blocks) * (args.pages_per_block or base.pages_per_block)
    limit_steps("--blocks × --pages-per-block", 4 * pages)
    return {
        "op": args.op or base.op,
        "blocks": args.blocks or base.blocks,
        "pages_per_block": args.pages_per_block or base.pages_per_block,
        "writes": args.writes or base.writes,
        "seed": base.seed,
        "zoned": args.zoned if args.zoned is not None else base.zoned,
    }


def _ftl_describe(problem: Problem) -> str:
    who = "el anfitrión sobre zonas" if problem["zoned"] else "la FTL del SSD"
    return (
        f"{problem['blocks']} bloques de {problem['pages_per_block']} páginas, "
        f"{100 * problem['op']:.0f} % de sobreaprovisionamiento; limpia {who} con el algoritmo "
        f"voraz. Tras llenarlo, {problem['writes']} sobrescrituras aleatorias.\n"
        "¿Cuántas páginas se escriben en la flash por cada página que escribe el usuario?"
    )


def _ftl_solve(problem: Problem) -> Solution:
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

    return Solution(f"Amplificación de escritura: {wa:.3g}.", {"write_amplification": wa}, figure)


FTL = Simulator(
    "ftl",
    "amplificación de escritura de una FTL y de ZNS (capítulo Disco)",
    _ftl_args,
    _ftl_problem,
    _ftl_describe,
    _ftl_solve,
    "hardware/disco",
)

SIMULATORS = (ZNS, NVME, FTL)

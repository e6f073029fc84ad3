"""Simuladores del capítulo de la memoria para la línea de órdenes.

``tlb`` (traducción de direcciones con tabla de páginas y TLB), ``paging`` (reemplazo
de páginas FIFO, LRU, OPT y CLOCK) y ``numa`` (el modelo de colocación de memoria).
"""

from __future__ import annotations

import argparse
import random
from typing import cast

from dadsbook.cli.registry import Problem, Simulator, Solution
from dadsbook.cli.sims_common import limit_steps, subseed, token_list
from dadsbook.cli.spanish import int_at_least, int_list, number
from dadsbook.hardware.memory import numa, paging, replacement
from dadsbook.tables import Table

__all__ = ["SIMULATORS"]


# --- Traducción con TLB -----------------------------------------------------------
def _tlb_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addresses", type=int_list(0), help="direcciones virtuales (decimal)")
    parser.add_argument(
        "--page-size", type=int_at_least(1, 2**30), help="bytes por página (potencia de dos)"
    )
    parser.add_argument(
        "--page-table",
        type=token_list,
        metavar="0:7,1:3",
        help="entradas VPN:PFN de la tabla de páginas",
    )
    parser.add_argument("--tlb-size", type=int_at_least(1, 4096), help="entradas de la TLB (LRU)")


def _parse_page_table(tokens: list[str]) -> list[list[int]]:
    pairs: dict[int, int] = {}
    for token in tokens:
        vpn, _, pfn = token.partition(":")
        if not (vpn.strip().isdigit() and pfn.strip().isdigit()):
            raise ValueError(f"--page-table: entrada {token!r} no válida; usa VPN:PFN, p. ej. 0:7")
        pairs[int(vpn)] = int(pfn)
    return [[v, p] for v, p in sorted(pairs.items())]


def _tlb_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    size = args.page_size or 4096
    if size & (size - 1):
        raise ValueError(f"--page-size debe ser una potencia de dos; se recibió {size}")
    tlb_size = args.tlb_size or rng.choice([2, 4])
    if args.addresses is not None or args.page_table is not None:
        if args.addresses is None or args.page_table is None:
            raise ValueError("--addresses y --page-table van juntas")
        return {
            "page_size": size,
            "tlb_size": tlb_size,
            "addresses": args.addresses,
            "page_table": _parse_page_table(args.page_table),
        }
    seed = subseed(rng)
    solved = paging.random_translation(seed, rng.randint(8, 12), page_size=size, tlb_size=tlb_size)
    table = paging.random_page_table(seed, 16, 64)  # la misma que usa random_translation
    return {
        "page_size": size,
        "tlb_size": tlb_size,
        "addresses": [a.virtual for a in solved.accesses],
        "page_table": [[v, p] for v, p in sorted(table.items())],
    }


def _tlb_describe(problem: Problem) -> str:
    entries = ", ".join(f"{v}→{p}" for v, p in problem["page_table"])
    addresses = ", ".join(str(a) for a in problem["addresses"])
    return (
        f"Páginas de {problem['page_size']} bytes y una TLB de {problem['tlb_size']} entradas "
        f"(LRU). Tabla de páginas (VPN→PFN): {entries}.\nDirecciones virtuales: {addresses}.\n"
        "¿Qué dirección física corresponde a cada una? ¿Acierta la TLB? ¿Hay fallos de página?"
    )


def _tlb_solve(problem: Problem) -> Solution:
    result = paging.translate(
        problem["addresses"],
        page_size=problem["page_size"],
        page_table={v: p for v, p in problem["page_table"]},
        tlb_size=problem["tlb_size"],
    )
    text = (
        f"{result.table(limit=len(result.accesses))}\n\nTLB: {result.tlb_hits} aciertos, "
        f"{result.tlb_misses} fallos (tasa de aciertos {100 * result.tlb_hit_rate:.1f} %); "
        f"fallos de página: {result.faults}."
    )
    return Solution(text, {**result.as_dict(), "tlb_hit_rate": result.tlb_hit_rate})


TLB = Simulator(
    "tlb",
    "traducción de direcciones: tabla de páginas y TLB (capítulo Memoria)",
    _tlb_args,
    _tlb_problem,
    _tlb_describe,
    _tlb_solve,
    "hardware/memoria",
)


# --- Reemplazo de páginas -----------------------------------------------------------
def _paging_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--refs",
        type=int_list(0),
        metavar="1,2,3,4,1,2,5",
        help="cadena de referencias (números de página)",
    )
    parser.add_argument("--frames", type=int_at_least(1, 10_000), help="marcos de página")
    parser.add_argument(
        "--policy", choices=replacement.POLICIES, help="una política (todas si no se indica)"
    )


def _paging_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    if args.refs is not None:
        refs = args.refs
    else:
        refs = replacement.random_references(subseed(rng), rng.randint(10, 16), rng.randint(4, 7))
    frames = args.frames or rng.randint(2, 4)
    policies = [args.policy] if args.policy else list(replacement.POLICIES)
    return {"refs": refs, "frames": frames, "policies": policies}


def _paging_describe(problem: Problem) -> str:
    names = ", ".join(p.upper() for p in problem["policies"])
    refs = ", ".join(str(r) for r in problem["refs"])
    return (
        f"Memoria con {problem['frames']} marcos; políticas: {names}.\nReferencias: {refs}.\n"
        "¿Cuántos aciertos y fallos tiene cada política? ¿Y con más o menos marcos?"
    )


def _paging_solve(problem: Problem) -> Solution:
    refs, frames, policies = problem["refs"], problem["frames"], problem["policies"]
    results = {p: replacement.simulate(refs, frames, p) for p in policies}
    rows = [
        (p.upper(), r.hits, r.misses, r.compulsory, f"{100 * r.hit_rate:.1f} %")
        for p, r in results.items()
    ]
    table = Table(
        ("política", "aciertos", "fallos", "obligatorios", "tasa de aciertos"),
        rows,
        caption=f"{len(refs)} referencias con {frames} marcos",
    )
    top = min(max(frames + 3, len(set(refs)) + 1), 12)
    sizes = sorted({*range(1, top + 1), frames})
    curve = replacement.fault_curve(refs, sizes, policies)
    curve_rows = [(p.upper(), *m) for p, m in curve.misses.items()]
    curve_table = Table(("fallos con N marcos", *(str(n) for n in sizes)), curve_rows)
    data = {"results": {p: r.as_dict() for p, r in results.items()}, "curve": curve.as_dict()}
    text = f"{table}\n\n{curve_table}"
    return Solution(text, data, lambda: curve.plot("Fallos de página frente a marcos"))


PAGING = Simulator(
    "paging",
    "reemplazo de páginas: FIFO, LRU, OPT y CLOCK (capítulo Memoria)",
    _paging_args,
    _paging_problem,
    _paging_describe,
    _paging_solve,
    "hardware/memoria",
)


# --- NUMA (modelo) ---------------------------------------------------------------------
def _numa_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nodes", type=int_at_least(1, 64), help="nodos NUMA")
    parser.add_argument(
        "--threads", type=int_at_least(1, 4096), help="hilos, repartidos por turno entre los nodos"
    )
    parser.add_argument("--pages", type=int_at_least(1, 1_000_000), help="páginas por hilo")
    parser.add_argument("--local-ns", type=number(0), help="latencia de un acceso local (ns)")
    parser.add_argument(
        "--remote-ratio",
        type=number(1, strict=False),
        help="cuántas veces más tarda un acceso remoto (≥ 1)",
    )
    parser.add_argument("--controller-gbs", type=number(0), help="GB/s de cada controlador")
    parser.add_argument("--link-gbs", type=number(0), help="GB/s de la interconexión")


def _numa_problem(args: argparse.Namespace, rng: random.Random) -> Problem:
    base = numa.random_numa_problem(subseed(rng))
    model = base["model"]
    assert isinstance(model, numa.NumaModel)
    nodes = args.nodes or model.nodes
    threads = args.threads or nodes * rng.randint(1, 4)
    pages = args.pages or cast(int, base["pages_per_thread"])
    limit_steps("--threads × --pages", threads * pages)
    return {
        "nodes": nodes,
        "threads": threads,
        "pages_per_thread": pages,
        "local_ns": args.local_ns or model.local_ns,
        "remote_ratio": args.remote_ratio or model.remote_ratio,
        "controller_gb_s": args.controller_gbs or model.controller_gb_s,
        "link_gb_s": args.link_gbs or model.link_gb_s,
        "seed": subseed(rng),
    }


def _numa_describe(problem: Problem) -> str:
    return (
        f"{problem['nodes']} nodos NUMA; acceso local {problem['local_ns']:g} ns, remoto "
        f"{problem['remote_ratio']:g} veces más; controladores de {problem['controller_gb_s']:g} "
        f"GB/s e interconexión de {problem['link_gb_s']:g} GB/s. {problem['threads']} hilos "
        f"recorren {problem['pages_per_thread']} páginas cada uno.\n"
        "¿Qué fracción de accesos es remota, qué latencia media y cuánto tarda el recorrido "
        "con cada colocación (first-touch, interleave, remote)?"
    )


def _numa_solve(problem: Problem) -> Solution:
    model = numa.NumaModel(
        nodes=problem["nodes"],
        local_ns=problem["local_ns"],
        remote_ratio=problem["remote_ratio"],
        controller_gb_s=problem["controller_gb_s"],
        link_gb_s=problem["link_gb_s"],
    )
    results = numa.compare_placements(
        model,
        threads=problem["threads"],
        pages_per_thread=problem["pages_per_thread"],
        accesses_per_thread=1000,
        seed=problem["seed"],
    )
    data = {"placements": {p: r.as_dict() for p, r in results.items()}}
    return Solution(str(numa.placements_table(results)), data)


NUMA = Simulator(
    "numa",
    "modelo NUMA: colocación de memoria first-touch, interleave y remota (capítulo Memoria)",
    _numa_args,
    _numa_problem,
    _numa_describe,
    _numa_solve,
    "hardware/memoria",
)

SIMULATORS = (TLB, PAGING, NUMA)

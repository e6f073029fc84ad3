"""Los simuladores del capítulo «Memoria» para la línea de órdenes.

``tlb`` (traducción de direcciones con tabla de páginas y TLB), ``paging`` (reemplazo
de páginas FIFO, LRU, OPT y CLOCK, con las opciones de ``paging-policy.py`` de OSTEP:
``-a``, ``-p``, ``-C``, ``-n``, ``-m``), ``numa`` (el modelo de colocación de memoria),
``pagewalk`` (el recorrido de una tabla de páginas de varios niveles) y ``workingset``
(el conjunto de trabajo de Denning).

Sigue la convención de :mod:`dadsbook.cli.sims_common`: importarlo no carga el núcleo.
"""

from __future__ import annotations

import argparse
import random
import re
from typing import TYPE_CHECKING, cast

from dadsbook.cli.registry import Cost, Example, ProblemData, Simulator, Solution
from dadsbook.cli.sims_common import Figures, listing, num, option, pct, plural, subseed
from dadsbook.cli.spanish import choice, int_list, integer, number, token_list
from dadsbook.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dadsbook.hardware.memory import workingset

__all__ = ["CHAPTER", "NUMA", "PAGEWALK", "PAGING", "TLB", "WORKINGSET"]

#: Una figura del capítulo, que importa su módulo de figuras solo al dibujar.
_figure = Figures("dadsbook.hardware.memory.figures")

#: La página del libro de estos simuladores.
CHAPTER = "hardware/memoria"

#: Direcciones o referencias que se pueden dar en una lista.
LIST_MAX = 10_000
#: Direcciones virtuales de hasta 48 bits, como en x86-64.
ADDRESS_MAX = 2**48 - 1


# --- Traducción con TLB -----------------------------------------------------------
_ENTRY = re.compile(r"([0-9]{1,12})\s*:\s*([0-9]{1,12})$")


def _tlb_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--addresses", type=int_list(0, ADDRESS_MAX, max_items=LIST_MAX),
        metavar="DIRECCIONES",
        help="direcciones virtuales en decimal, separados por comas; necesita --page-table",
    )  # fmt: skip
    option(
        parser, "--page-size", type=integer(1, 2**30), metavar="BYTES", omitted="4096",
        help="bytes por página (potencia de dos)",
    )  # fmt: skip
    option(
        parser, "--page-table", type=token_list(LIST_MAX), metavar="0:7,1:3",
        help="entradas VPN:PFN de la tabla de páginas, separadas por comas",
    )  # fmt: skip
    option(
        parser, "--tlb-size", type=integer(1, 4096), metavar="N",
        omitted="al azar entre 2 y 4", help="entradas de la TLB (reemplazo LRU)",
    )  # fmt: skip


def _parse_page_table(tokens: list[str]) -> list[list[int]]:
    pairs: dict[int, int] = {}
    for token in tokens:
        found = _ENTRY.match(token.strip())
        if found is None:
            raise ValueError(
                f"--page-table: entrada {token[:20]!r} no válida; usa VPN:PFN, p. ej. 0:7"
            )
        pairs[int(found.group(1))] = int(found.group(2))
    return [[v, p] for v, p in sorted(pairs.items())]


def _tlb_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.memory import paging

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


def _tlb_cost(problem: ProblemData) -> Cost:
    count = len(problem["addresses"]) + len(problem["page_table"])
    return Cost(count, "--addresses", count / 100)


def _tlb_describe(problem: ProblemData) -> str:
    entries = ", ".join(f"{v}→{p}" for v, p in problem["page_table"])
    addresses = listing(problem["addresses"])
    return (
        f"Páginas de {num(problem['page_size'])} bytes y una TLB de {num(problem['tlb_size'])} "
        "entradas "
        f"(LRU). Tabla de páginas (VPN→PFN): {entries}.\nDirecciones virtuales: {addresses}.\n"
        "¿Qué dirección física corresponde a cada una? ¿Acierta la TLB? ¿Hay fallos de página?"
    )


def _tlb_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.memory import paging

    result = paging.translate(
        problem["addresses"],
        page_size=problem["page_size"],
        page_table={v: p for v, p in problem["page_table"]},
        tlb_size=problem["tlb_size"],
    )
    text = (
        f"{result.table(limit=len(result.accesses))}\n\nTLB: {plural(result.tlb_hits, 'acierto')}, "
        f"{plural(result.tlb_misses, 'fallo')} (tasa de aciertos {pct(result.tlb_hit_rate)}); "
        f"fallos de página: {num(result.faults)}."
    )

    return Solution(
        text,
        {**result.as_dict(), "tlb_hit_rate": result.tlb_hit_rate},
        _figure("translation_figure", result),
    )


TLB = Simulator(
    name="tlb",
    chapter=CHAPTER,
    help="traducción de direcciones: tabla de páginas y TLB",
    add_arguments=_tlb_args,
    make_problem=_tlb_problem,
    describe=_tlb_describe,
    solve=_tlb_solve,
    cost=_tlb_cost,
    example=Example(
        "páginas de 4096 bytes, una TLB de 2 entradas y cuatro accesos a dos páginas; la "
        "página 2 no está en memoria",
        "--page-size 4096 --tlb-size 2 --page-table 0:7,1:3 --addresses 100,4200,150,9000 -c",
    ),
    max_steps=2 * LIST_MAX,
)


# --- Reemplazo de páginas -----------------------------------------------------------
_PAGING_POLICIES = ("fifo", "lru", "opt", "clock")


def _paging_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "-a", "--refs", "--addresses", dest="refs",
        type=int_list(0, 10**9, max_items=LIST_MAX), metavar="1,2,3,4,1,2,5",
        help="cadena de referencias (números de página), separados por comas (-a de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-C", "--frames", "--cachesize", dest="frames", type=integer(1, 10_000),
        metavar="N", omitted="al azar entre 2 y 4", help="marcos de página (-C de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-p", "--policy", type=choice(_PAGING_POLICIES), metavar="POLÍTICA",
        omitted="todas",
        help="fifo, lru, opt o clock, sin distinguir mayúsculas (-p de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-n", "--numaddrs", type=integer(1, LIST_MAX), metavar="N",
        omitted="al azar entre 10 y 16", help="referencias del problema aleatorio (-n de OSTEP)",
    )  # fmt: skip
    option(
        parser, "-m", "--maxpage", type=integer(0, 10_000), metavar="PÁGINA",
        omitted="al azar entre 3 y 6",
        help="página más alta del problema aleatorio (-m de OSTEP)",
    )  # fmt: skip


def _paging_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.memory import replacement

    if args.refs is not None:
        if args.numaddrs is not None or args.maxpage is not None:
            raise ValueError(
                "-n/--numaddrs y -m/--maxpage son para el problema aleatorio; "
                "no se usan con --refs (-a)"
            )
        refs = args.refs
    else:
        seed, length, pages = subseed(rng), rng.randint(10, 16), rng.randint(4, 7)
        if args.numaddrs is not None:
            length = args.numaddrs
        if args.maxpage is not None:
            pages = args.maxpage + 1
        refs = replacement.random_references(seed, length, pages)
    frames = args.frames or rng.randint(2, 4)
    policies = [args.policy] if args.policy else list(replacement.POLICIES)
    return {"refs": refs, "frames": frames, "policies": policies}


def _curve_sizes(refs: list[int], frames: int) -> list[int]:
    top = min(max(frames + 3, len(set(refs)) + 1), 12)
    return sorted({*range(1, top + 1), frames})


def _paging_cost(problem: ProblemData) -> Cost:
    sizes = _curve_sizes(problem["refs"], problem["frames"])
    steps = len(problem["refs"]) * len(problem["policies"]) * (len(sizes) + 1)
    return Cost(steps, "--refs", len(sizes) * len(problem["policies"]))


def _paging_describe(problem: ProblemData) -> str:
    names = ", ".join(p.upper() for p in problem["policies"])
    refs = ", ".join(str(r) for r in problem["refs"])
    return (
        f"Memoria con {num(problem['frames'])} marcos; políticas: {names}.\nReferencias: {refs}.\n"
        "¿Cuántos aciertos y fallos tiene cada política? ¿Y con más o menos marcos?"
    )


def _paging_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.memory import replacement

    refs, frames, policies = problem["refs"], problem["frames"], problem["policies"]
    results = {p: replacement.simulate(refs, frames, p) for p in policies}
    rows = [
        (p.upper(), r.hits, r.misses, r.compulsory, f"{pct(r.hit_rate)}")
        for p, r in results.items()
    ]
    table = Table(
        ("política", "aciertos", "fallos", "obligatorios", "tasa de aciertos"),
        rows,
        caption=f"{len(refs)} referencias con {frames} marcos",
    )
    sizes = _curve_sizes(refs, frames)
    curve = replacement.fault_curve(refs, sizes, policies)
    curve_rows = [(p.upper(), *m) for p, m in curve.misses.items()]
    curve_table = Table(("fallos con N marcos", *(str(n) for n in sizes)), curve_rows)
    data = {"results": {p: r.as_dict() for p, r in results.items()}, "curve": curve.as_dict()}
    text = f"{table}\n\n{curve_table}"
    return Solution(text, data, _figure("faults_figure", curve, "Fallos de página frente a marcos"))


PAGING = Simulator(
    name="paging",
    chapter=CHAPTER,
    help="reemplazo de páginas: FIFO, LRU, OPT y CLOCK",
    add_arguments=_paging_args,
    make_problem=_paging_problem,
    describe=_paging_describe,
    solve=_paging_solve,
    cost=_paging_cost,
    example=Example(
        "la cadena de la anomalía de Belady con FIFO y 3 marcos (la forma de OSTEP: "
        "-p FIFO -a 1,2,3,4,1,2,5,1,2,3,4,5 -C 3)",
        "--policy fifo --refs 1,2,3,4,1,2,5,1,2,3,4,5 --frames 3 -c",
    ),
    max_steps=600_000,
)


# --- NUMA (modelo) ---------------------------------------------------------------------
ACCESSES_PER_THREAD = 1000


def _numa_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--nodes", type=integer(1, 64), metavar="N", omitted="al azar entre 2, 4 y 8",
        help="nodos NUMA",
    )  # fmt: skip
    option(
        parser, "--threads", type=integer(1, 4096), metavar="N",
        omitted="de 1 a 4 por nodo, al azar",
        help="hilos, repartidos por turno entre los nodos",
    )  # fmt: skip
    option(
        parser, "--pages", type=integer(1, 1_000_000), metavar="N",
        omitted="al azar entre 64 y 4095", help="páginas por hilo",
    )  # fmt: skip
    option(
        parser, "--local-ns", type=number(0, 1e6), metavar="NS",
        help="latencia de un acceso local (ns)",
    )  # fmt: skip
    option(
        parser, "--remote-ratio", type=number(1, 100, strict=False), metavar="VECES",
        help="cuántas veces más tarda un acceso remoto (de 1 a 100)",
    )  # fmt: skip
    option(
        parser, "--controller-gbs", type=number(0, 1e6), metavar="GBS",
        help="GB/s de cada controlador de memoria",
    )  # fmt: skip
    option(
        parser, "--link-gbs", type=number(0, 1e6), metavar="GBS",
        help="GB/s de la interconexión entre nodos",
    )  # fmt: skip


def _numa_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.memory import numa

    base = numa.random_numa_problem(subseed(rng))
    model = base["model"]
    assert isinstance(model, numa.NumaModel)
    nodes = args.nodes or model.nodes
    threads = args.threads or nodes * rng.randint(1, 4)
    pages = args.pages or cast(int, base["pages_per_thread"])
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


def _numa_cost(problem: ProblemData) -> Cost:
    steps = problem["threads"] * (problem["pages_per_thread"] + ACCESSES_PER_THREAD)
    return Cost(steps, "--threads × --pages", 3)


def _numa_describe(problem: ProblemData) -> str:
    return (
        f"{num(problem['nodes'])} nodos NUMA; acceso local {num(problem['local_ns'])} ns, remoto "
        f"{num(problem['remote_ratio'])} veces más; controladores de "
        f"{num(problem['controller_gb_s'])} "
        f"GB/s e interconexión de {num(problem['link_gb_s'])} GB/s. {num(problem['threads'])} "
        "hilos "
        f"recorren {num(problem['pages_per_thread'])} páginas cada uno.\n"
        "¿Qué fracción de accesos es remota, qué latencia media y cuánto tarda el recorrido "
        "con cada colocación (first-touch, interleave, remote)?"
    )


def _numa_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.memory import numa

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
        accesses_per_thread=ACCESSES_PER_THREAD,
        seed=problem["seed"],
    )
    data = {"placements": {p: r.as_dict() for p, r in results.items()}}

    return Solution(
        str(numa.placements_table(results)),
        data,
        _figure("placements_figure", results, title=f"{num(problem['nodes'])} nodos NUMA"),
    )


NUMA = Simulator(
    name="numa",
    chapter=CHAPTER,
    help="modelo NUMA: colocación de memoria first-touch, interleave y remota",
    add_arguments=_numa_args,
    make_problem=_numa_problem,
    describe=_numa_describe,
    solve=_numa_solve,
    cost=_numa_cost,
    example=Example(
        "dos nodos, ocho hilos que recorren 1000 páginas cada uno y accesos remotos 1,6 "
        "veces más lentos",
        "--nodes 2 --threads 8 --pages 1000 --local-ns 90 --remote-ratio 1.6 -c",
    ),
    max_steps=4_000_000,
)


# --- Recorrido de la tabla de páginas ---------------------------------------------------
_LEVELS_SHAPES = {"2": "X86_32", "4": "X86_64"}
#: ``random_walk`` da tres direcciones y como mucho cuatro páginas: 3 × 4 lecturas de
#: tabla y 4 entradas que colocar en el árbol de cuatro niveles.
PAGEWALK_STEPS_MAX = 3 * 4 + 4


def _pagewalk_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--levels", type=choice(tuple(_LEVELS_SHAPES)), metavar="NIVELES",
        help="niveles del árbol: 2 (x86 de 32 bits) o 4 (x86-64)",
    )  # fmt: skip


def _pagewalk_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.memory import pagetable

    shape = None if args.levels is None else getattr(pagetable, _LEVELS_SHAPES[args.levels])
    return pagetable.random_walk(subseed(rng), shape=shape).problem()


def _pagewalk_cost(problem: ProblemData) -> Cost:
    steps = len(problem["addresses"]) * len(problem["index_bits"]) + len(problem["mappings"])
    return Cost(steps, "--levels", steps)


def _pagewalk_describe(problem: ProblemData) -> str:
    from dadsbook.hardware.memory import pagetable

    return pagetable.WalkProblem.from_problem(problem).describe()


def _pagewalk_solve(problem: ProblemData) -> Solution:
    from dadsbook.hardware.memory import pagetable

    spec = pagetable.WalkProblem.from_problem(problem)
    walks = spec.solve()
    faults = sum(w.physical is None for w in walks)
    reads = sum(len(w.steps) for w in walks)
    text = (
        f"{spec.solution_table()}\n\n{plural(len(walks), 'dirección', 'direcciones')}: "
        f"{plural(reads, 'lectura')} de la tabla de páginas y "
        f"{plural(faults, 'fallo')} de página."
    )
    data = {"walks": spec.as_dict()["walks"]}

    def figure() -> Figure:
        from dadsbook import plotting

        bars = []
        for walk in walks:
            row = f"0x{walk.address:x}"
            for k, step in enumerate(walk.steps):
                missing = step.next_frame is None
                group = "entrada vacía: fallo de página" if missing else f"nivel {step.level}"
                bars.append(plotting.GanttBar(row, k, k + 1, group, str(step.index)))
            if walk.physical is not None:
                end = len(walk.steps)
                bars.append(plotting.GanttBar(row, end, end + 1, "el dato", f"0x{walk.offset:x}"))
        return plotting.gantt(bars, xlabel="accesos a memoria (uno por nivel y el del dato)")

    return Solution(text, data, figure)


PAGEWALK = Simulator(
    name="pagewalk",
    chapter=CHAPTER,
    help="recorrido de una tabla de páginas de 2 o 4 niveles",
    add_arguments=_pagewalk_args,
    make_problem=_pagewalk_problem,
    describe=_pagewalk_describe,
    solve=_pagewalk_solve,
    cost=_pagewalk_cost,
    example=Example(
        "un árbol de x86-64 con cuatro niveles: qué índices salen de cada dirección y qué "
        "entradas se leen",
        "-s 2 --levels 4 -c",
    ),
    max_steps=PAGEWALK_STEPS_MAX,
)


# --- Conjunto de trabajo ---------------------------------------------------------------
#: Referencias como mucho en ``--refs``: una fila de la tabla por referencia.
WS_REFS_MAX = 1000
WS_WINDOW_MAX = 1000


def _workingset_args(parser: argparse.ArgumentParser) -> None:
    option(
        parser, "--refs", type=int_list(0, 10**9, max_items=WS_REFS_MAX), metavar="PÁGINAS",
        help=f"cadena de referencias a páginas, separadas por comas (hasta {WS_REFS_MAX})",
    )  # fmt: skip
    option(
        parser, "--window", type=integer(1, WS_WINDOW_MAX), metavar="Δ",
        help="ventana Δ del conjunto de trabajo, en referencias",
    )  # fmt: skip


def _workingset_problem(args: argparse.Namespace, rng: random.Random) -> ProblemData:
    from dadsbook.hardware.memory import workingset

    base = workingset.random_working_set(subseed(rng))
    refs = tuple(args.refs) if args.refs is not None else base.references
    window = args.window if args.window is not None else base.window
    return workingset.WorkingSetProblem(refs, window).problem()


def _workingset_cost(problem: ProblemData) -> Cost:
    refs = len(problem["references"])
    return Cost(refs * min(problem["window"], refs), "--refs × --window", 2)


def _workingset_spec(problem: ProblemData) -> workingset.WorkingSetProblem:
    from dadsbook.hardware.memory import workingset

    return workingset.WorkingSetProblem.from_problem(problem)


def _workingset_describe(problem: ProblemData) -> str:
    spec = _workingset_spec(problem)
    return (
        f"Cadena de referencias: {', '.join(num(r) for r in spec.references)}.\n"
        f"Ventana Δ = {plural(spec.window, 'referencia')}.\n"
        "¿Qué páginas forman el conjunto de trabajo W(t, Δ) tras cada referencia, y cuántas "
        "son como mucho?"
    )


def _workingset_solve(problem: ProblemData) -> Solution:
    spec = _workingset_spec(problem)
    data = {k: v for k, v in spec.as_dict().items() if k not in ("references", "window")}
    sets = spec.solve()
    rows = [
        (t, num(ref), listing(sorted(w)) or "—", len(w))
        for t, (ref, w) in enumerate(zip(spec.references, sets, strict=True))
    ]
    table = Table(("t", "página", "W(t, Δ)", "|W|"), rows, caption=f"Δ = {num(spec.window)}")
    text = (
        f"{table}\n\nEl conjunto de trabajo llega a "
        f"{plural(max(len(w) for w in sets), 'página')}; "
        f"de media, {num(sum(len(w) for w in sets) / len(sets), 2)}."
    )

    return Solution(text, data, _figure("working_set_figure", list(spec.references), [spec.window]))


WORKINGSET = Simulator(
    name="workingset",
    chapter=CHAPTER,
    help="conjunto de trabajo W(t, Δ) de una cadena de referencias",
    add_arguments=_workingset_args,
    make_problem=_workingset_problem,
    describe=_workingset_describe,
    solve=_workingset_solve,
    cost=_workingset_cost,
    example=Example(
        "dos fases con localidades distintas y una ventana de tres referencias",
        "--refs 1,2,1,3,1,2,5,6,5,7,6,5 --window 3 -c",
    ),
    max_steps=WS_REFS_MAX * 100,
)

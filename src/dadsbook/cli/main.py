"""``dadsbook``: la línea de órdenes del libro.

- ``dadsbook sim NOMBRE``: cada simulador del libro con otros números.
- ``dadsbook bench``: las mediciones reales del libro en tu máquina.
- ``dadsbook compare``: tus resultados frente a los del libro publicado.
- ``dadsbook youtube``: capítulos de YouTube a partir de etiquetas de sección.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from dadsbook import __version__
from dadsbook.cli.registry import Simulator
from dadsbook.cli.spanish import SpanishParser, int_at_least

__all__ = ["build_parser", "main", "simulators"]

EPILOG_SIM = (
    "Sin -c, el simulador plantea el problema y se detiene; con -c, imprime la solución "
    "paso a paso. -s elige la semilla del problema aleatorio (0 por defecto); las "
    "opciones explícitas lo sustituyen."
)


def simulators() -> dict[str, Simulator]:
    """Todos los simuladores del libro, por nombre."""
    from dadsbook.cli import (
        sims_cloud,
        sims_cluster,
        sims_cpu,
        sims_disk,
        sims_flash,
        sims_memory,
        sims_multicore,
        sims_os,
        sims_software,
        sims_systems,
        sims_web,
    )

    found: dict[str, Simulator] = {}
    for module in (
        *(sims_cloud, sims_cpu, sims_multicore, sims_memory, sims_disk, sims_flash),
        *(sims_web, sims_systems, sims_cluster, sims_os, sims_software),
    ):
        for sim in module.SIMULATORS:
            found[sim.name] = sim
    return dict(sorted(found.items()))


def build_parser() -> SpanishParser:
    """El analizador de argumentos completo, con ayuda en español."""
    parser = SpanishParser(
        prog="dadsbook",
        description="Vuelve a ejecutar las simulaciones y mediciones del libro "
        "«Concurrencia y paralelismo» con tus números y en tu máquina.",
    )
    parser.add_argument(
        "--version", action="version", version=f"dadsbook {__version__}",
        help="muestra la versión y termina",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="ORDEN", parser_class=SpanishParser)
    commands.required = True

    sim = commands.add_parser("sim", help="ejecuta un simulador del libro", epilog=EPILOG_SIM)
    sims = sim.add_subparsers(dest="simulator", metavar="SIMULADOR", parser_class=SpanishParser)
    sims.required = True
    for item in simulators().values():
        sub = sims.add_parser(item.name, help=item.help, description=item.help, epilog=EPILOG_SIM)
        sub.add_argument(
            "-s", "--seed", type=int_at_least(0), default=0, help="semilla del problema"
        )
        sub.add_argument("-c", "--compute", action="store_true", help="muestra la solución")
        sub.add_argument("--json", action="store_true", help="imprime el resultado en JSON")
        sub.add_argument(
            "--plot", type=Path, metavar="FICHERO", help="guarda la figura (.svg o .png)"
        )
        item.add_arguments(sub)

    bench = commands.add_parser("bench", help="mide en esta máquina (páginas del libro)")
    bench.add_argument(
        "pages", nargs="*", metavar="PÁGINA", help="páginas a medir (todas si no se indica)"
    )
    bench.add_argument(
        "--profile", choices=("quick", "full"), default="quick", help="tamaño de las mediciones"
    )
    bench.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("dadsbook-bench.json"),
        help="fichero JSON de salida",
    )
    bench.add_argument("--docs", type=Path, default=None, help="carpeta docs/ del libro")

    compare = commands.add_parser("compare", help="compara tus resultados con los del libro")
    compare.add_argument(
        "mine", type=Path, metavar="MIOS.json", help="resultados de dadsbook bench"
    )
    compare.add_argument("--book", type=Path, default=Path("_build/html/benchmarks.json"),
                         help="resultados del libro (benchmarks.json junto al sitio)")  # fmt: skip

    youtube = commands.add_parser("youtube", help="capítulos de YouTube desde etiquetas de sección")
    youtube.add_argument(
        "file",
        type=Path,
        metavar="FICHERO",
        help="líneas «HH:MM:SS etiqueta» (- para la entrada estándar)",
    )
    youtube.add_argument("--docs", type=Path, default=Path("docs"), help="carpeta docs/ del libro")
    youtube.add_argument("--base-url", default=None, help="dirección pública del libro")
    return parser


def _run_sim(args: argparse.Namespace) -> int:
    sim = simulators()[args.simulator]
    problem = sim.make_problem(args, random.Random(args.seed))
    if args.plot is not None and args.plot.suffix.lower() not in (".svg", ".png"):
        raise ValueError(f"--plot debe terminar en .svg o .png; se recibió {args.plot.name!r}")
    if not args.compute:
        if args.json:
            print(json.dumps({"simulator": sim.name, "seed": args.seed, "problem": problem},
                             ensure_ascii=False, indent=2))  # fmt: skip
        else:
            print(sim.describe(problem))
            print("\nUsa -c para ver la solución.")
        return 0
    solution = sim.solve(problem)
    if args.json:
        payload = {
            "simulator": sim.name,
            "seed": args.seed,
            "problem": problem,
            "solution": solution.data,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=float))
    else:
        print(sim.describe(problem))
        print()
        print(solution.text)
    if args.plot is not None:
        if solution.figure is None:
            raise ValueError(f"el simulador {sim.name} no dibuja figura")
        solution.figure().savefig(args.plot)
    return 0


def _run_youtube(args: argparse.Namespace) -> int:
    from dadsbook import citation

    text = sys.stdin.read() if str(args.file) == "-" else _read(args.file)
    base = args.base_url or citation.DEFAULT_BASE_URL
    print(citation.youtube_chapters(text, citation.sections_from_sources(args.docs, base)))
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"no se puede leer {path}: {error.strerror}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Punto de entrada: errores de uso en una línea en español y estado 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "sim":
            return _run_sim(args)
        if args.command == "youtube":
            return _run_youtube(args)
        from dadsbook.cli import bench

        if args.command == "bench":
            return bench.run(args)
        return bench.compare(args)
    except ValueError as error:
        parser.error(str(error))

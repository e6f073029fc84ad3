"""``dadsbook``: la línea de órdenes del libro.

- ``dadsbook sim NOMBRE``: cada simulador del libro con otros números.
- ``dadsbook bench``: las mediciones reales del libro en tu máquina.
- ``dadsbook scaling``: la aceleración con 1…N núcleos de esta máquina (capítulo de CPU).
- ``dadsbook compare``: tus resultados frente a los del libro publicado.
- ``dadsbook youtube``: capítulos de YouTube a partir de etiquetas de sección.

Nada de lo que escriba quien la usa termina en una traza: un error de uso es una
línea en español con estado 2; Ctrl-C, una línea con estado 130; una tubería cerrada
(``| head -1``), silencio. Los módulos de los simuladores (y matplotlib) se importan
solo cuando hacen falta: ``dadsbook --version`` no carga ninguno y ``dadsbook sim
NOMBRE`` carga solo el suyo.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import sys
import tempfile
import textwrap
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from dadsbook import __version__
from dadsbook.cli.registry import Simulator, Solution
from dadsbook.cli.spanish import SpanishParser, choice, integer

__all__ = ["build_parser", "load", "main", "simulator_parser", "simulators"]

EPILOG_SIM = (
    "Sin -c, el simulador plantea el problema y se detiene; con -c, imprime la solución "
    "paso a paso. -s elige la semilla del problema aleatorio (0 por omisión); las "
    "opciones explícitas lo sustituyen. --plot guarda la figura e implica -c. Un "
    "problema demasiado grande se rechaza antes de resolverlo, nombrando la opción."
)

#: Semillas válidas para ``-s``: las de un entero sin signo de 32 bits.
MAX_SEED = 2**32 - 1

#: Estado de salida cuando quien lee la salida cierra la tubería (``| head -1``), como
#: el de una orden de Unix que termina por SIGPIPE.
BROKEN_PIPE = 141


def load(name: str) -> Simulator:
    """El simulador ``name``, importando solo el ``sims.py`` de su capítulo."""
    from dadsbook.cli.catalog import CATALOG

    module = importlib.import_module(CATALOG[name].module)
    found = [sim for sim in vars(module).values() if isinstance(sim, Simulator)]
    return next(sim for sim in found if sim.name == name)


def simulators() -> dict[str, Simulator]:
    """Todos los simuladores del libro, por nombre (importa todos sus módulos)."""
    from dadsbook.cli.catalog import CATALOG

    return {name: load(name) for name in CATALOG}


def _add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-s", "--seed", type=integer(0, MAX_SEED), default=0, metavar="SEMILLA",
        help=f"semilla del problema aleatorio, de 0 a {MAX_SEED} (por omisión: 0)",
    )  # fmt: skip
    sub.add_argument("-c", "--compute", action="store_true", help="muestra la solución")
    sub.add_argument(
        "--json", action="store_true", help="imprime el problema (y la solución) en JSON"
    )
    sub.add_argument(
        "--plot", metavar="FICHERO",
        help="guarda la figura en FICHERO (.svg o .png) e implica -c; la carpeta debe existir",
    )  # fmt: skip


def _populate(sub: argparse.ArgumentParser, sim: Simulator) -> None:
    """Añade las opciones de ``sim`` a su subanalizador (una sola vez)."""
    if getattr(sub, "_dadsbook_ready", False):
        return
    _add_common(sub)
    sim.add_arguments(sub)
    sub.epilog = "\n".join(
        [
            textwrap.fill(EPILOG_SIM, 78),
            "",
            textwrap.fill(f"Ejemplo: {sim.example.text}:", 78, break_on_hyphens=False),
            f"  dadsbook sim {sim.name} {sim.example.args}",
        ]
    )
    sub._dadsbook_ready = True  # type: ignore[attr-defined]


class _Lazy(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subórdenes que completan su analizador (:meth:`prepare`) solo cuando se eligen."""

    def prepare(self, name: str, sub: argparse.ArgumentParser) -> None:
        """Completa el analizador de la suborden ``name`` antes de analizar el resto."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        name = values[0] if isinstance(values, list | tuple) and values else None
        if isinstance(name, str) and name in self._name_parser_map:
            self.prepare(name, self._name_parser_map[name])
        super().__call__(parser, namespace, values, option_string)


class _LazySimulators(_Lazy):
    """Subórdenes ``sim NOMBRE`` que importan el ``sims.py`` de NOMBRE solo al elegirlo."""

    def prepare(self, name: str, sub: argparse.ArgumentParser) -> None:
        _populate(sub, load(name))


class _OnDemand(dict[str, argparse.ArgumentParser]):
    """Los analizadores de ``sim NOMBRE``, creados la primera vez que se pide cada uno.

    argparse solo pregunta si un nombre es válido (``in``), recorre los nombres para el
    mensaje de error y toma el analizador del elegido: crearlos todos en cada orden
    costaba más que analizar la orden.
    """

    def __init__(self, sims: _LazySimulators) -> None:
        super().__init__()
        self._sims = sims

    def __contains__(self, name: object) -> bool:
        from dadsbook.cli.catalog import CATALOG

        return name in CATALOG

    def __iter__(self) -> Iterator[str]:
        from dadsbook.cli.catalog import CATALOG

        return iter(CATALOG)

    def __missing__(self, name: str) -> argparse.ArgumentParser:
        from dadsbook.cli.catalog import CATALOG

        if name not in CATALOG:
            raise KeyError(name)
        entry = CATALOG[name]
        parser = SpanishParser(
            prog=f"{self._sims._prog_prefix} {name}",
            description=f"{entry.help} (capítulo {entry.title})",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        self[name] = parser
        return parser


def _populate_sim(sim: argparse.ArgumentParser) -> None:
    """Añade a ``dadsbook sim`` la lista de simuladores por capítulo y sus subórdenes."""
    if getattr(sim, "_dadsbook_ready", False):
        return
    sim.description = _listing()
    sims = sim.add_subparsers(
        dest="simulator", metavar="SIMULADOR", parser_class=SpanishParser,
        action=_LazySimulators, help="uno de la lista de arriba",
    )  # fmt: skip
    sims.required = True
    assert isinstance(sims, _LazySimulators)
    sims._name_parser_map = sims.choices = _OnDemand(sims)
    sim._dadsbook_ready = True  # type: ignore[attr-defined]


class _LazyCommands(_Lazy):
    """Órdenes que completan su analizador solo al elegirlas.

    ``dadsbook sim`` descubre los simuladores (:mod:`dadsbook.cli.catalog`) y ``dadsbook
    scaling`` añade sus opciones solo cuando se piden: ``dadsbook --version``,
    ``bench``, ``compare`` y ``youtube`` no pagan ni lo uno ni lo otro.
    """

    def prepare(self, name: str, sub: argparse.ArgumentParser) -> None:
        if name == "sim":
            _populate_sim(sub)
        elif name == "scaling":
            _add_scaling(sub)


def _listing() -> str:
    """Los simuladores por capítulo, en el orden del libro, para ``dadsbook sim --help``."""
    from dadsbook.cli.catalog import CATALOG, by_chapter

    lines = ["Los simuladores del libro, por capítulo:"]
    for chapter, names in by_chapter():
        lines += ["", f"  {chapter.title}"]
        for name in names:
            lines += textwrap.wrap(
                CATALOG[name].help, 78, initial_indent=f"    {name:<13} ",
                subsequent_indent=" " * 18, break_on_hyphens=False,
            )  # fmt: skip
    return "\n".join(lines)


def _docs_option(parser: argparse.ArgumentParser) -> None:
    """``--docs CARPETA``: dónde están las páginas del libro (``bench`` y ``youtube``)."""
    parser.add_argument(
        "--docs", type=Path, default=None, metavar="CARPETA",
        help="carpeta docs/ del libro (por omisión: ./docs o la del clon instalado)",
    )  # fmt: skip


def build_parser() -> SpanishParser:
    """El analizador de argumentos completo, con ayuda en español."""
    parser = SpanishParser(
        prog="dadsbook",
        description="Vuelve a ejecutar las simulaciones y mediciones del libro "
        "«Concurrencia y paralelismo» con tus números y en tu máquina.",
        epilog="Estados de salida: 0, bien; 2, orden no válida (una línea en español que "
        "nombra la opción); 130, interrumpida con Ctrl-C; 141, quien leía la salida cerró "
        "la tubería (| head); 1, un fallo de dadsbook (avísanos). «dadsbook ORDEN --help» "
        "explica cada orden.",
    )
    parser.add_argument(
        "--version", action="version", version=f"dadsbook {__version__}",
        help="muestra la versión y termina",
    )  # fmt: skip
    commands = parser.add_subparsers(
        dest="command", metavar="ORDEN", parser_class=SpanishParser, action=_LazyCommands
    )
    commands.required = True

    commands.add_parser(
        "sim", help="ejecuta un simulador del libro", epilog=textwrap.fill(EPILOG_SIM, 78),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip

    bench = commands.add_parser(
        "bench",
        help="mide en esta máquina (páginas del libro)",
        epilog="Necesita el extra docs (pip install 'dadsbook[docs]') y las páginas del "
        "libro: las de la carpeta docs/ actual o las del clon del que se instaló el paquete.",
    )
    bench.add_argument(
        "pages", nargs="*", metavar="PÁGINA",
        help="páginas a medir, p. ej. conceptos hardware/cpu (por omisión: todas)",
    )  # fmt: skip
    bench.add_argument(
        "--profile", choices=("quick", "full"), default="quick", metavar="PERFIL",
        help="tamaño de las mediciones: quick o full (por omisión: quick)",
    )  # fmt: skip
    bench.add_argument(
        "-o", "--output", type=Path, default=Path("dadsbook-bench.json"), metavar="FICHERO",
        help="JSON de salida; se comprueba antes de medir y se escribe de una vez al "
        "terminar (por omisión: dadsbook-bench.json)",
    )  # fmt: skip
    _docs_option(bench)

    commands.add_parser(
        "scaling", help="mide el escalado con 1, 2… hasta todos los núcleos de esta máquina",
        description="Aceleración ideal, techo del hardware y pool de procesos en esta máquina, "
        "con 1, 2… hasta todos los núcleos usables (más allá de 8, potencias de dos y el "
        "máximo); con --workload numpy, los pools de procesos y de hilos con NumPy.",
        epilog="Es la medición del capítulo de CPU, para repetirla en una máquina con más "
        "núcleos; necesita NumPy. Reduce --iterations y --repeats para una prueba rápida.",
    )  # fmt: skip

    compare = commands.add_parser("compare", help="compara tus resultados con los del libro")
    compare.add_argument(
        "mine", type=Path, metavar="MIOS.json", help="resultados de dadsbook bench"
    )
    compare.add_argument(
        "--book", default=None, metavar="FICHERO",
        help="benchmarks.json del libro, un fichero local: descárgalo junto al sitio "
        "publicado (no se aceptan direcciones web) (por omisión: "
        "_build/html/benchmarks.json de la carpeta actual o del clon instalado)",
    )  # fmt: skip

    youtube = commands.add_parser("youtube", help="capítulos de YouTube desde etiquetas de sección")
    youtube.add_argument(
        "file", metavar="FICHERO",
        help="líneas «HH:MM:SS etiqueta», en UTF-8 (- para la entrada estándar)",
    )  # fmt: skip
    _docs_option(youtube)
    youtube.add_argument(
        "--base-url", default=None, metavar="URL", help="dirección pública del libro"
    )
    return parser


def _add_scaling(parser: argparse.ArgumentParser) -> None:
    """Las opciones de ``dadsbook scaling`` (:func:`dadsbook.hardware.cpu.scaling.report`)."""
    from dadsbook.cli.sims_common import option
    from dadsbook.machine import usable_cores

    if getattr(parser, "_dadsbook_ready", False):
        return
    parser._dadsbook_ready = True  # type: ignore[attr-defined]
    cpus = usable_cores()
    option(
        parser, "--workload", type=choice(("python", "numpy")), default="python",
        metavar="CARGA", omitted="python",
        help="python: techo y pool de procesos; numpy: pools de procesos y de hilos",
    )  # fmt: skip
    option(
        parser, "--iterations", type=integer(1, 100_000_000), default=6_000_000,
        metavar="VUELTAS", omitted="6000000", help="vueltas de python_spin por porción",
    )  # fmt: skip
    option(
        parser, "--repeats", type=integer(1, 100), default=5, metavar="N", omitted="5",
        help="repeticiones medidas por punto",
    )  # fmt: skip
    option(
        parser, "--warmup", type=integer(1, 10), default=1, metavar="N", omitted="1",
        help="rondas de calentamiento (arrancan los pools)",
    )  # fmt: skip
    option(
        parser, "--max-workers", type=integer(1, cpus), default=None, metavar="N",
        omitted=f"los {cpus} núcleos usables", help="trabajadores como mucho",
    )  # fmt: skip
    option(
        parser, "--numpy-size", type=integer(1, 4096), default=256, metavar="LADO",
        omitted="256", help="lado de las matrices (con --workload numpy)",
    )  # fmt: skip
    option(
        parser, "--numpy-repeats", type=integer(1, 1000), default=16, metavar="N",
        omitted="16", help="productos de matrices por porción (con --workload numpy)",
    )  # fmt: skip


def _run_scaling(args: argparse.Namespace) -> int:
    from dadsbook.hardware.cpu import scaling

    print(
        scaling.report(
            workload=args.workload, iterations=args.iterations, repeats=args.repeats,
            warmup=args.warmup, max_workers=args.max_workers, numpy_size=args.numpy_size,
            numpy_repeats=args.numpy_repeats,
        )
    )  # fmt: skip
    return 0


def _subcommands(parser: argparse.ArgumentParser) -> Mapping[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    raise LookupError("el analizador no tiene subórdenes")


def simulator_parser(name: str) -> argparse.ArgumentParser:
    """El analizador de ``dadsbook sim NOMBRE`` con todas sus opciones (ayuda y pruebas)."""
    sim = _subcommands(build_parser())["sim"]
    _populate_sim(sim)
    sub = _subcommands(sim)[name]
    _populate(sub, load(name))
    return sub


def _plot_target(text: str | None) -> Path | None:
    """Comprueba ``--plot`` antes de resolver: extensión y carpeta donde escribir."""
    if text is None:
        return None
    path = Path(text)
    if path.suffix.lower() not in (".svg", ".png"):
        raise ValueError(f"--plot debe terminar en .svg o .png; se recibió {path.name!r}")
    folder = path.parent
    if not folder.is_dir():
        raise ValueError(f"--plot: no existe la carpeta {folder}; créala antes")
    if path.is_dir():
        raise ValueError(f"--plot: {text} es una carpeta, no un fichero")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"--plot: no se puede escribir en la carpeta {folder}")
    return path


def _save_figure(sim: Simulator, solution: Solution, path: Path) -> None:
    """Dibuja la figura y la escribe de una vez (un fichero temporal que se renombra)."""
    if solution.figure is None:
        raise ValueError(f"--plot: el simulador {sim.name} no dibuja figura para este problema")
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix
    )
    os.close(handle)
    try:
        with warnings.catch_warnings():  # avisos de maquetación de matplotlib, en inglés
            warnings.simplefilter("ignore")
            solution.figure().savefig(temporary, format=path.suffix.lower()[1:])
        Path(temporary).replace(path)
    except OSError as error:
        raise ValueError(f"--plot: no se pudo escribir {path}: {error.strerror}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _run_sim(args: argparse.Namespace) -> int:
    sim = load(args.simulator)
    plot = _plot_target(args.plot)
    problem = sim.problem(args, random.Random(args.seed))
    problem.check(plot=plot is not None)
    if not (args.compute or plot is not None):
        if args.json:
            print(json.dumps({"simulator": sim.name, "seed": args.seed, "problem": problem.data},
                             ensure_ascii=False, indent=2))  # fmt: skip
        else:
            print(problem.describe())
            print("\nUsa -c para ver la solución.")
        return 0
    solution = problem.solve(plot=plot is not None)
    if plot is not None:
        _save_figure(sim, solution, plot)
    if args.json:
        payload = {
            "simulator": sim.name,
            "seed": args.seed,
            "problem": problem.data,
            "solution": solution.data,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=float))
    else:
        print(problem.describe())
        print()
        print(solution.text)
    if plot is not None:
        print(f"Figura guardada en {plot}", file=sys.stderr)
    return 0


def _run_youtube(args: argparse.Namespace) -> int:
    from dadsbook import citation
    from dadsbook.cli import paths

    if args.file == "-":
        text = sys.stdin.read().removeprefix("\ufeff")
    else:
        text = paths.read_text(Path(args.file), "el fichero de capítulos")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise ValueError(f"{args.file} no contiene ningún capítulo («HH:MM:SS etiqueta»)")
    docs = paths.docs_folder(args.docs)
    base = args.base_url or citation.DEFAULT_BASE_URL
    print(citation.youtube_chapters(text, citation.sections_from_sources(docs, base)))
    return 0


def _dispatch(parser: SpanishParser, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(argv)
    try:
        if args.command == "sim":
            status = _run_sim(args)
        elif args.command == "youtube":
            status = _run_youtube(args)
        elif args.command == "scaling":
            status = _run_scaling(args)
        else:
            from dadsbook.cli import bench

            status = bench.run(args) if args.command == "bench" else bench.compare(args)
        sys.stdout.flush()
    except ValueError as error:
        if args.command in ("sim", "scaling"):  # el mismo prefijo que los errores de argparse
            name = f"sim {args.simulator}" if args.command == "sim" else args.command
            parser = SpanishParser(prog=f"dadsbook {name}")
        parser.error(str(error))
    return status


def _quiet_stdout() -> None:
    """Tras una tubería cerrada, lo que quede por escribir va a /dev/null, sin avisos."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Punto de entrada: devuelve el estado de salida.

    Un error de uso imprime una línea en español y lanza ``SystemExit(2)`` (lo mismo
    que ``--help`` con ``SystemExit(0)``): se puede capturar al llamar a ``main``
    dentro de otro programa. Ctrl-C devuelve 130 con una línea; una tubería cerrada,
    141 en silencio; un fallo interno (un error de dadsbook, no de quien lo usa), 1
    con una línea que lo dice (``DADSBOOK_TRACEBACK=1`` muestra la traza).
    """
    parser = build_parser()
    try:
        return _dispatch(parser, argv)
    except KeyboardInterrupt:
        sys.stderr.write("\ndadsbook: interrumpido con Ctrl-C\n")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except Exception as error:
        if os.environ.get("DADSBOOK_TRACEBACK"):
            raise
        detail = " ".join(str(error).split())[:300]
        sys.stderr.write(
            f"dadsbook: error interno ({type(error).__name__}: {detail}); es un fallo de "
            "dadsbook, no de tu orden: avísanos con la orden completa\n"
        )
        return 1

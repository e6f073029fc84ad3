"""Regenera la tabla de simuladores del README: ``python -m dadsbook.cli.readme``.

La tabla sale de :func:`dadsbook.cli.catalog.markdown_table` (los simuladores de los
``sims.py``, por capítulo y en el orden del libro); una prueba falla si la del README
no es esa. ``--print`` la imprime sin tocar nada.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from dadsbook.cli import catalog, paths
from dadsbook.cli.spanish import SpanishParser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Reescribe la tabla en el README (o en FICHERO) y dice si cambió."""
    parser = SpanishParser(
        prog="python -m dadsbook.cli.readme",
        description="Regenera la tabla de simuladores por capítulo del README.",
    )
    root = paths.repository()
    parser.add_argument(
        "file", nargs="?", type=Path, metavar="FICHERO",
        default=(root or Path()) / "README.md",
        help="el fichero con la tabla (por omisión: el README.md del clon)",
    )  # fmt: skip
    parser.add_argument("--print", action="store_true", help="solo imprime la tabla")
    args = parser.parse_args(argv)
    if args.print:
        print(catalog.markdown_table())
        return 0
    try:
        changed = catalog.write_table(args.file)
    except ValueError as error:
        parser.error(str(error))
    print(f"{args.file}: {'tabla de simuladores actualizada' if changed else 'ya estaba al día'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

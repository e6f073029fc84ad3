"""Registro de etiquetas publicadas (``conf/labels.txt``).

Las etiquetas ``sec-…`` son las direcciones que se citan desde fuera (vídeos, artículos).
El registro guarda todas las que se han publicado; las pruebas fallan si una etiqueta
del registro desaparece del libro sin una redirección en ``conf/redirects.toml``.

``python conf/labels.py --update`` añade al registro las etiquetas nuevas del libro
(nunca quita ninguna). ``make labels`` hace lo mismo.
"""

from __future__ import annotations

import sys
from pathlib import Path

CONF = Path(__file__).resolve().parent
ROOT = CONF.parent
REGISTRY = CONF / "labels.txt"
sys.path.insert(0, str(ROOT / "src"))

from dadsbook.citation import sections_from_sources  # noqa: E402

HEADER = (
    "# Etiquetas publicadas del libro: una por línea. Solo se añaden (make labels).\n"
    "# Quitar o renombrar una exige una redirección en conf/redirects.toml.\n"
)


def registered(path: Path = REGISTRY) -> list[str]:
    """Etiquetas del registro, en orden."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def book_labels(docs: Path = ROOT / "docs") -> list[str]:
    """Etiquetas de sección presentes hoy en las páginas del libro."""
    return list(sections_from_sources(docs))


def update(path: Path = REGISTRY) -> list[str]:
    """Añade al registro las etiquetas nuevas; devuelve las añadidas."""
    known = registered(path)
    new = [label for label in book_labels() if label not in known]
    path.write_text(HEADER + "".join(f"{label}\n" for label in known + new), encoding="utf-8")
    return new


def main() -> None:
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(description="Registro de etiquetas publicadas.")
    parser.add_argument("--update", action="store_true", help="añade las etiquetas nuevas")
    args = parser.parse_args()
    if args.update:
        added = update()
        print(
            f"{len(added)} etiquetas nuevas en {REGISTRY.name}" + "".join(f"\n  {a}" for a in added)
        )
    else:
        missing = [label for label in book_labels() if label not in registered()]
        print(f"{len(missing)} etiquetas sin registrar" + "".join(f"\n  {m}" for m in missing))


if __name__ == "__main__":
    main()

"""Los simuladores de la línea de órdenes sin importarlos: nombre, módulo, capítulo y ayuda.

Cada simulador vive en el ``sims.py`` del paquete de su capítulo, junto a su núcleo
(``dadsbook/hardware/memory/sims.py`` junto a ``dadsbook/hardware/memory/paging.py``).
Este módulo los **descubre**: busca los ``sims.py`` del paquete y, sin importarlos,
lee con :mod:`ast` cada declaración ``X = Simulator(name=…, chapter=…, help=…)`` para
sacar su nombre, su capítulo y su ayuda. No hay lista de módulos que mantener: añadir un
simulador es declararlo en el ``sims.py`` de su capítulo (y escribir su prueba).

Leer sin importar es lo que deja arrancar deprisa: ``dadsbook sim --help`` lista
todos los simuladores, pero ``dadsbook sim NOMBRE`` solo importa el ``sims.py`` de
NOMBRE (y este, el núcleo del capítulo cuando lo resuelve). Importar todos los
``sims.py`` costaría más, porque algunos paquetes de capítulo importan todos sus
módulos al cargarse.

La tabla de simuladores por capítulo del README y de «Ejecuta el libro» sale de aquí
(:func:`markdown_table`); ``python -m dadsbook.cli.readme`` reescribe la del README.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from dadsbook.chapters import CHAPTERS, Chapter

__all__ = [
    "CATALOG",
    "PACKAGE",
    "Entry",
    "by_chapter",
    "discover",
    "markdown_table",
    "read_simulators",
    "write_table",
]

#: La carpeta del paquete ``dadsbook``, donde se buscan los ``sims.py``.
PACKAGE = Path(__file__).resolve().parents[1]


_CHAPTER_BY_PAGE = {chapter.page: chapter for chapter in CHAPTERS}


@dataclass(frozen=True)
class Entry:
    """Dónde vive un simulador y qué dice de él la ayuda."""

    module: str
    chapter: str
    help: str

    @property
    def title(self) -> str:
        """El nombre corto del capítulo (``Memoria``)."""
        return _CHAPTER_BY_PAGE[self.chapter].title


#: Lo que precede a ``Simulator(`` en una declaración de nivel superior: ``X = `` o ``X: T = ``.
_TARGET = re.compile(r"\w+\s*(?::[^=]*)?=\s*")


def _text(node: ast.expr, text: str, constants: dict[str, str], where: str) -> str:
    """Un texto literal, o el de una constante de texto de una línea del módulo."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id not in constants:
        found = re.search(rf'^{node.id}\s*(?::\s*str\s*)?=\s*("(?:[^"\\\n]|\\.)*")\s*$', text, re.M)
        value = None if found is None else ast.literal_eval(found.group(1))
        if isinstance(value, str):
            constants[node.id] = value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    raise ValueError(f"{where}: se espera un texto literal o una constante de texto del módulo")


def read_simulators(path: Path, module: str) -> dict[str, Entry]:
    """Los simuladores que declara el fichero ``path`` (``X = Simulator(...)``), sin importarlo.

    Cada declaración empieza al principio de una línea (``X = Simulator(``) y su ``)``
    cierra al principio de otra, como la deja ``ruff format``. ``name``, ``chapter`` y
    ``help`` han de ser textos literales o nombres de constantes de texto de una línea
    del módulo (``CHAPTER = "hardware/cpu"``); si no, ``ValueError``. Solo se analiza
    con :mod:`ast` cada declaración, no el módulo entero: leer así todos los ``sims.py``
    cuesta pocos milisegundos y no las decenas del árbol completo (y ``dadsbook
    --version`` también lo paga).
    """
    text = path.read_text(encoding="utf-8")
    found: dict[str, Entry] = {}
    constants: dict[str, str] = {}
    at = text.find("Simulator(")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n)", at)
        where = f"{path}:{text.count(chr(10), 0, start) + 1}"
        if _TARGET.fullmatch(text, start, at) is None:
            at = text.find("Simulator(", at + 1)
            continue
        if end == -1:
            raise ValueError(f"{where}: Simulator(...) debe cerrarse con «)» al principio de línea")
        try:
            statement = ast.parse(text[start : end + 2]).body[0]
        except SyntaxError:
            raise ValueError(f"{where}: Simulator(...) no se puede leer") from None
        call = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
        if not isinstance(call, ast.Call):  # pragma: no cover - lo garantiza _TARGET
            raise ValueError(f"{where}: se esperaba X = Simulator(...)")
        given = {keyword.arg: keyword.value for keyword in call.keywords}
        if call.args or any(key not in given for key in ("name", "chapter", "help")):
            raise ValueError(f"{where}: Simulator(...) necesita name=, chapter= y help= con nombre")
        name, chapter, help_text = (
            _text(given[key], text, constants, where) for key in ("name", "chapter", "help")
        )
        if chapter not in _CHAPTER_BY_PAGE:
            raise ValueError(
                f"{where}: capítulo {chapter!r} desconocido; añádelo a dadsbook.chapters.CHAPTERS"
            )
        if name in found:
            raise ValueError(f"{where}: el simulador {name!r} está declarado dos veces")
        found[name] = Entry(module, chapter, help_text)
        at = text.find("Simulator(", end)
    return found


def discover(package: Path = PACKAGE) -> dict[str, Entry]:
    """Todos los simuladores de los ``sims.py`` de ``package``: capítulo a capítulo, en el
    orden del libro, y dentro de cada capítulo en el orden en que se declaran."""
    entries: dict[str, Entry] = {}
    for path in sorted(package.glob("**/sims.py")):
        module = ".".join(("dadsbook", *path.relative_to(package).with_suffix("").parts))
        for name, entry in read_simulators(path, module).items():
            if name in entries:
                raise ValueError(
                    f"el simulador {name!r} está en {entries[name].module} y en {module}"
                )
            entries[name] = entry
    order = {chapter.page: k for k, chapter in enumerate(CHAPTERS)}
    ranked = sorted(
        enumerate(entries.items()), key=lambda item: (order[item[1][1].chapter], item[0])
    )
    return dict(item for _, item in ranked)


#: Todos los simuladores, por nombre: por capítulo, en el orden del libro.
CATALOG: dict[str, Entry] = discover()


def by_chapter(catalog: dict[str, Entry] = CATALOG) -> list[tuple[Chapter, list[str]]]:
    """Los capítulos con simuladores, en el orden del libro, con sus nombres."""
    return [
        (chapter, names)
        for chapter in CHAPTERS
        if (names := [name for name, entry in catalog.items() if entry.chapter == chapter.page])
    ]


def markdown_table(*, links: bool = False, catalog: dict[str, Entry] = CATALOG) -> str:
    """La tabla de simuladores por capítulo, en Markdown.

    Con ``links``, cada capítulo enlaza a su página con una referencia de MyST, como en
    «Ejecuta el libro»; sin ella es su nombre corto, como en el README.
    """
    rows = ["| capítulo | simuladores |", "|----------|-------------|"]
    for chapter, names in by_chapter(catalog):
        title = f"{{ref}}`{chapter.title} <{chapter.label}>`" if links else chapter.title
        rows.append(f"| {title} | {', '.join(f'`{name}`' for name in names)} |")
    return "\n".join(rows)


def write_table(path: Path, table: str | None = None) -> bool:
    """Sustituye en ``path`` la tabla que empieza por ``| capítulo | simuladores |``.

    La tabla termina en la primera línea que no empieza por ``|``. Devuelve si cambió algo.
    """
    from dadsbook.cli.paths import read_text

    table = markdown_table() if table is None else table
    lines = read_text(path, "el fichero").splitlines(keepends=True)
    header = table.splitlines()[0]
    starts = [k for k, line in enumerate(lines) if line.rstrip("\n") == header]
    if len(starts) != 1:
        raise ValueError(f"{path}: se esperaba una línea «{header}»; hay {len(starts)}")
    end = starts[0]
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    new = "".join([*lines[: starts[0]], table + "\n", *lines[end:]])
    if new == "".join(lines):
        return False
    path.write_text(new, encoding="utf-8")
    return True

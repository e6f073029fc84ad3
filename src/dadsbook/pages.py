"""Una página del libro leída como la lee Sphinx: títulos, etiquetas, celdas y valores pegados.

Un solo lector para todo lo que necesita saber qué hay en una página ``.md``: las
secciones citables (:mod:`dadsbook.citation`), el registro de etiquetas publicadas
(``conf/labels.py``) y las comprobaciones de la construcción (``tests/test_build.py``).
``tests/snippets.py`` cuenta los fragmentos por su cuenta, a propósito, como contraste.

Reglas (las de MyST): la cabecera YAML inicial (``---`` … ``---``) no es texto; dentro
de un bloque cercado (````` ``` ````` o ``~~~``, que se cierra con la misma valla) no hay
títulos ni etiquetas; la etiqueta de un título es la línea ``(etiqueta)=`` no vacía
inmediatamente anterior.

>>> page = Page.parse(
...     "---\\ntitle: x\\n---\\n(sec-a)=\\n# Uno\\n\\n```{code-cell} ipython3\\n"
...     ":tags: [remove-cell]\\nglue('n', 1)\\n```\\n\\nVale {glue:text}`n`.\\n## Dos\\n",
...     docname="prueba",
... )
>>> [(h.level, h.title, h.label) for h in page.headings]
[(1, 'Uno', 'sec-a'), (2, 'Dos', None)]
>>> page.cells[0].tags, page.cells[0].source, page.glue_keys
(('remove-cell',), "glue('n', 1)", ('n',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CodeCell", "Heading", "Page", "book_pages"]

LABEL = re.compile(r"^\((?P<label>[a-z0-9][a-z0-9-]*)\)=$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>\S.*)?$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`(?P<key>[^`:]+)(?::[^`]*)?`")


@dataclass(frozen=True)
class Heading:
    """Un título: línea (desde 1), nivel, texto y la etiqueta que lleva encima (o ``None``)."""

    line: int
    level: int
    title: str
    label: str | None


@dataclass(frozen=True)
class CodeCell:
    """Una celda ``{code-cell}``: línea de su valla, argumento, etiquetas y código."""

    line: int
    argument: str
    tags: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Page:
    """Lo que hay en una página del libro."""

    docname: str
    headings: tuple[Heading, ...]
    cells: tuple[CodeCell, ...]
    glue_keys: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        """Las etiquetas de sus títulos, en orden."""
        return [h.label for h in self.headings if h.label is not None]

    @classmethod
    def read(cls, path: Path, docs: Path) -> Page:
        """Lee ``path``, una página de la carpeta ``docs``."""
        docname = path.relative_to(docs).with_suffix("").as_posix()
        return cls.parse(path.read_text(encoding="utf-8"), docname=docname)

    @classmethod
    def parse(cls, text: str, *, docname: str) -> Page:
        """Lee el texto de una página."""
        headings: list[Heading] = []
        cells: list[CodeCell] = []
        glue: list[str] = []
        lines = text.splitlines()
        start = _after_front_matter(lines)
        previous = ""
        index = start
        while index < len(lines):
            line = lines[index].strip()
            fence = FENCE.match(line)
            if fence is not None:
                end = _closing(lines, index, fence["fence"])
                info = (fence["info"] or "").strip()
                if info.startswith("{code-cell}"):
                    cells.append(_cell(index + 1, info, lines[index + 1 : end]))
                else:
                    glue += GLUE_IN_DIRECTIVE.findall("\n".join(lines[index : end + 1]))
                index = end + 1
                previous = line
                continue
            heading = HEADING.match(line)
            if heading is not None and not line.startswith("#!"):
                label = LABEL.match(previous)
                headings.append(
                    Heading(
                        line=index + 1,
                        level=len(heading["hashes"]),
                        title=heading["title"],
                        label=label["label"] if label else None,
                    )
                )
            glue += [m["key"] for m in GLUE.finditer(line)]
            glue += GLUE_IN_DIRECTIVE.findall(line)
            if line:
                previous = line
            index += 1
        return cls(docname, tuple(headings), tuple(cells), tuple(glue))


#: ``{glue:figure} clave`` y demás directivas de glue dentro de un bloque cercado.
GLUE_IN_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\{glue(?::[a-z]+)?\}\s+(\S+)", re.M)


def _after_front_matter(lines: list[str]) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return index + 1
    return len(lines)


def _closing(lines: list[str], opening: int, fence: str) -> int:
    """La línea que cierra la valla abierta en ``opening`` (o la última del texto)."""
    for index in range(opening + 1, len(lines)):
        if lines[index].strip() == fence:
            return index
    return len(lines) - 1


def _cell(line: int, info: str, body: list[str]) -> CodeCell:
    tags: tuple[str, ...] = ()
    code: list[str] = []
    in_options = True
    for raw in body:
        option = OPTION.match(raw) if in_options else None
        if option is not None:
            if option["key"] == "tags":
                raw_tags = option["value"].strip().strip("[]")
                tags = tuple(t.strip() for t in raw_tags.split(",") if t.strip())
            continue
        in_options = False
        code.append(raw)
    argument = info.removeprefix("{code-cell}").strip()
    return CodeCell(line=line, argument=argument, tags=tags, source="\n".join(code).strip("\n"))


def book_pages(docs: Path) -> list[Page]:
    """Las páginas del libro en ``docs`` (sin ``_build`` ni las que empiezan por ``_``)."""
    if not docs.is_dir():
        raise ValueError(f"docs debe ser la carpeta de las páginas del libro; no existe {docs}")
    paths = sorted(docs.rglob("*.md"))
    return [
        Page.read(path, docs)
        for path in paths
        if "_build" not in path.parts and not path.name.startswith("_")
    ]

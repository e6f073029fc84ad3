"""Cuenta los fragmentos de código del libro sin pasar por sybil.

Sirve de contraste: si sybil recoge menos fragmentos de los que hay, alguno se
quedaría sin comprobar en silencio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>\S.*)?$")


@dataclass(frozen=True)
class Snippet:
    """Un fragmento: fichero, líneas (1-based, ambas incluidas), tipo y etiquetas."""

    path: Path
    first: int
    last: int
    kind: str
    body: str
    tags: tuple[str, ...]


def find_snippets(path: Path) -> list[Snippet]:
    """Celdas ``{code-cell}`` (con cualquier argumento) y bloques ``python`` de una página."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Snippet] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i].strip())
        if not match:
            i += 1
            continue
        fence, info = match["fence"], (match["info"] or "").strip()
        end = i + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        body = lines[i + 1 : end]
        kind = ""
        if info.startswith("{code-cell}"):
            kind = "code-cell"
        elif info.split() and info.split()[0] in ("python", "python3", "py"):
            kind = "python"
        if kind:
            tags: tuple[str, ...] = ()
            for line in body:
                if line.startswith(":tags:"):
                    raw = line.partition(":tags:")[2].strip().strip("[]")
                    tags = tuple(t.strip() for t in raw.split(",") if t.strip())
            code = "\n".join(line for line in body if not re.match(r"^:[\w-]+:", line))
            found.append(Snippet(path, i + 1, end + 1, kind, code, tags))
        i = end + 1
    return found


def book_pages(docs: Path) -> list[Path]:
    """Las páginas del libro (``.md`` fuera de ``_build``)."""
    return sorted(p for p in docs.rglob("*.md") if "_build" not in p.parts)

"""Citar el libro: secciones estables, referencias bibliográficas y capítulos de YouTube.

Cada título del libro lleva una etiqueta explícita (``sec-…``); la URL estable de una
sección es ``<base>/<página>.html#<etiqueta>``. Este módulo:

- lee las secciones de las fuentes del libro (:func:`sections_from_sources`) o del
  mapa ``sections.json`` que publica la construcción (:func:`sections_from_json`);
- genera entradas BibTeX y APA del libro, de cada capítulo y de su fuente, el artículo
  «DADS #03: Concurrencia y Paralelismo» de Juan G. Carmona (:data:`SOURCE`);
- convierte líneas ``HH:MM:SS etiqueta`` en la lista de capítulos que YouTube lee en la
  descripción de un vídeo (:func:`youtube_chapters`).

>>> s = {"sec-conceptos": Section("sec-conceptos", "Concurrencia y paralelismo",
...      "conceptos", "https://ejemplo.org/libro/conceptos.html#sec-conceptos")}
>>> print(youtube_chapters("0:00 sec-conceptos", s))
00:00 Concurrencia y paralelismo — https://ejemplo.org/libro/conceptos.html#sec-conceptos
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dadsbook.pages import book_pages
from dadsbook.records import Record

__all__ = [
    "BOOK",
    "DEFAULT_BASE_URL",
    "SOURCE",
    "Section",
    "apa",
    "bibtex",
    "chapters",
    "sections_from_json",
    "sections_from_sources",
    "source_apa",
    "source_bibtex",
    "youtube_chapters",
]

DEFAULT_BASE_URL = "https://dadsbook.github.io/dadsbook/"

#: Metadatos del libro para las citas (los mismos que CITATION.cff).
BOOK = {
    "title": "Concurrencia y paralelismo",
    "series": "DADS: Diseño, Arquitectura y Desarrollo de Software",
    "author": "dadsbook",
    "year": "2026",
    "publisher": "dadsbook",
}

#: La fuente del libro: el artículo de la serie DADS del que sale, su autor, su fecha y
#: dónde leerlo y verlo (los mismos datos que ``references`` en CITATION.cff).
SOURCE = {
    "title": "DADS #03: Concurrencia y Paralelismo",
    "author": "Juan G. Carmona",
    "family": "Carmona",
    "given": "Juan G.",
    "date": "2024-09-20",
    "series": BOOK["series"],
    "url": "https://jgcarmona.com/category/dads/",
    "playlist": "https://www.youtube.com/playlist?list=PLquujPA7EWzNBPpN8vcN4XkvuGxIxYyu2",
}

_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
_BIBTEX_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip

TIME = re.compile(r"^(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})$")


@dataclass(frozen=True)
class Section(Record):
    """Una sección citable: etiqueta, título, página (sin extensión) y URL completa."""

    label: str
    title: str
    page: str
    url: str


def _join(base_url: str, page: str, label: str | None = None) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}{page}.html" + (f"#{label}" if label else "")


def sections_from_sources(docs: Path, base_url: str = DEFAULT_BASE_URL) -> dict[str, Section]:
    """Secciones leídas de las páginas ``.md`` de ``docs`` (etiqueta → sección)."""
    found: dict[str, Section] = {}
    for page in book_pages(docs):
        for heading in page.headings:
            if heading.label is not None:
                title = re.sub(r"[*_`]", "", heading.title)
                url = _join(base_url, page.docname, heading.label)
                found[heading.label] = Section(heading.label, title, page.docname, url)
    return found


def chapters(sections: Mapping[str, Section]) -> list[Section]:
    """La primera sección de cada página (el título del capítulo), en orden."""
    seen: dict[str, Section] = {}
    for section in sections.values():
        seen.setdefault(section.page, section)
    return list(seen.values())


def sections_from_json(path: Path) -> dict[str, Section]:
    """Secciones del mapa ``sections.json`` que publica la construcción del libro."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"no existe el mapa de secciones {path}; construye el libro antes"
        ) from None
    return {item["label"]: Section(**item) for item in data["sections"]}


def _seconds(stamp: str) -> int:
    match = TIME.match(stamp)
    if not match:
        raise ValueError(f"marca de tiempo no válida {stamp!r}: usa HH:MM:SS o MM:SS")
    hours, minutes, seconds = int(match["h"] or 0), int(match["m"]), int(match["s"])
    if seconds >= 60 or (match["h"] and minutes >= 60):
        raise ValueError(f"marca de tiempo no válida {stamp!r}: minutos y segundos van de 00 a 59")
    return hours * 3600 + minutes * 60 + seconds


def _format(total: int, with_hours: bool) -> str:
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if with_hours else f"{minutes:02d}:{seconds:02d}"


def youtube_chapters(lines: str, sections: Mapping[str, Section]) -> str:
    """Convierte líneas ``HH:MM:SS etiqueta`` en capítulos de YouTube con título y URL.

    YouTube exige que el primer capítulo empiece en 00:00 y que los tiempos crezcan; se
    comprueba aquí con mensajes en español, igual que las etiquetas desconocidas.
    """
    entries: list[tuple[int, Section]] = []
    for number, raw in enumerate(lines.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split()
        if len(parts) != 2:
            raise ValueError(f"línea {number}: se esperaba «HH:MM:SS etiqueta»; se leyó {raw!r}")
        stamp, label = parts
        if label not in sections:
            close = [k for k in sections if label.split("-")[-1] in k][:3]
            hint = f" (¿quizá {', '.join(close)}?)" if close else ""
            raise ValueError(f"línea {number}: la etiqueta {label!r} no existe en el libro{hint}")
        entries.append((_seconds(stamp), sections[label]))
    if not entries:
        raise ValueError("lines no contiene ningún capítulo")
    if entries[0][0] != 0:
        raise ValueError("el primer capítulo debe empezar en 00:00 (YouTube lo exige)")
    times = [t for t, _ in entries]
    if any(b <= a for a, b in itertools.pairwise(times)):
        raise ValueError("los tiempos deben ir en orden creciente, sin repetirse")
    with_hours = times[-1] >= 3600
    return "\n".join(f"{_format(t, with_hours)} {s.title} — {s.url}" for t, s in entries)


def _latex(text: str) -> str:
    """Escapa para BibTeX los caracteres que LaTeX trata aparte (``#``, ``%``, ``&``, ``_``)."""
    for char in "#%&_":
        text = text.replace(char, "\\" + char)
    return text


def _source_year_month_day() -> tuple[int, int, int]:
    year, month, day = (int(part) for part in SOURCE["date"].split("-"))
    return year, month, day


def bibtex(section: Section | None = None, base_url: str = DEFAULT_BASE_URL) -> str:
    """Entrada BibTeX del libro o, con ``section``, de un capítulo o sección.

    La del libro nombra su fuente en ``note``:

    >>> "Carmona" in bibtex()
    True
    """
    if section is None:
        return (
            "@book{dadsbook_concurrencia,\n"
            f"  title     = {{{BOOK['title']}}},\n"
            f"  series    = {{{BOOK['series']}}},\n"
            f"  author    = {{{BOOK['author']}}},\n"
            f"  publisher = {{{BOOK['publisher']}}},\n"
            f"  year      = {{{BOOK['year']}}},\n"
            f"  url       = {{{base_url}}},\n"
            f"  note      = {{Basado en «{_latex(SOURCE['title'])}», de {SOURCE['author']} "
            f"({_source_year_month_day()[0]})}},\n"
            "  language  = {spanish}\n}"
        )
    key = "dadsbook_" + re.sub(r"[^a-z0-9]+", "_", section.label.removeprefix("sec-"))
    return (
        f"@incollection{{{key},\n"
        f"  title     = {{{section.title}}},\n"
        f"  booktitle = {{{BOOK['title']}}},\n"
        f"  series    = {{{BOOK['series']}}},\n"
        f"  author    = {{{BOOK['author']}}},\n"
        f"  publisher = {{{BOOK['publisher']}}},\n"
        f"  year      = {{{BOOK['year']}}},\n"
        f"  url       = {{{section.url}}},\n"
        "  language  = {spanish}\n}"
    )


def apa(section: Section | None = None, base_url: str = DEFAULT_BASE_URL) -> str:
    """Referencia en estilo APA (7.ª ed.) del libro o de una sección.

    La cursiva que pide APA va marcada con asteriscos, como en Markdown: el libro la
    muestra como Markdown (ya en cursiva); para pegarla en otro sitio, pon en cursiva
    lo que va entre asteriscos.
    """
    book = f"{BOOK['author']}. ({BOOK['year']}). *{BOOK['title']}*. {BOOK['publisher']}."
    if section is None:
        return f"{book} {base_url}"
    return (
        f"{BOOK['author']}. ({BOOK['year']}). {section.title}. En *{BOOK['title']}*. "
        f"{BOOK['publisher']}. {section.url}"
    )


def source_bibtex() -> str:
    """Entrada BibTeX de la fuente del libro: el artículo de Juan G. Carmona.

    >>> print(source_bibtex().splitlines()[1])
      title        = {DADS \\#03: Concurrencia y Paralelismo},
    """
    year, month, _ = _source_year_month_day()
    return (
        "@misc{carmona_dads03,\n"
        f"  title        = {{{_latex(SOURCE['title'])}}},\n"
        f"  author       = {{{SOURCE['family']}, {SOURCE['given']}}},\n"
        f"  year         = {{{year}}},\n"
        f"  month        = {_BIBTEX_MONTHS[month - 1]},\n"
        f"  date         = {{{SOURCE['date']}}},\n"
        f"  howpublished = {{Serie {SOURCE['series']}}},\n"
        f"  url          = {{{SOURCE['url']}}},\n"
        f"  note         = {{Serie en vídeo: \\url{{{SOURCE['playlist']}}}}},\n"
        "  language     = {spanish}\n}"
    )


def source_apa() -> str:
    """Referencia APA (7.ª ed.) de la fuente, como una entrada de blog.

    Como :func:`apa`, marca la cursiva con asteriscos (Markdown): el libro la muestra
    ya en cursiva.

    >>> source_apa()[:49]
    'Carmona, J. G. (2024, 20 de septiembre). DADS #03'
    """
    year, month, day = _source_year_month_day()
    initials = " ".join(f"{name[0]}." for name in SOURCE["given"].replace(".", " ").split())
    return (
        f"{SOURCE['family']}, {initials} ({year}, {day} de {_MONTHS[month - 1]}). "
        f"{SOURCE['title']}. *{SOURCE['series']}*. {SOURCE['url']}"
    )

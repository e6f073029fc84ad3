"""Cada capítulo que cita obras termina con su lista de referencias, y sus citas llevan a ella.

Las páginas citan con ``{cite:t}``/``{cite:p}``/``{cite:alp}`` las entradas de
``docs/referencias.bib`` y terminan en una sección «Referencias» (etiqueta
``sec-…-referencias``) con la directiva ``{bibliography}``. Se comprueba en el HTML del
libro de las pruebas que la lista de cada página tiene exactamente lo que esa página
cita (ni lo de otras páginas ni menos), que cada cita enlaza con una entrada de la
misma página, que las citas salen en español («y», paréntesis) y que ninguna
dirección de la bibliografía apunta a una que su dueño ya no sirve sin la copia
archivada.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from snippets import book_pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BIB = DOCS / "referencias.bib"
CITE = re.compile(r"\{cite(?::\w+)?\}`(?P<keys>[^`]+)`")
ENTRY = re.compile(r"^@\w+\{(?P<key>[^,\s]+),", re.MULTILINE)
REFERENCES = re.compile(r"^\((?P<label>sec-[a-z0-9-]+-referencias)\)=\n## Referencias$", re.M)
CITATION_ID = re.compile(r'<div class="citation" id="(?P<id>[^"]+)"')
CITE_LINK = re.compile(r'<a class="reference internal" href="(?P<href>[^"]*#[^"]+)"[^>]*>')
# Dueños que ya no sirven lo que se cita: solo vale la copia de web.archive.org.
GONE = re.compile(r"https?://software\.intel\.com/")


def cited_keys(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    return {key.strip() for m in CITE.finditer(text) for key in m["keys"].split(",")}


CITING = [page for page in book_pages(DOCS) if cited_keys(page)]


def test_every_cited_key_is_in_the_bib_file() -> None:
    entries = set(ENTRY.findall(BIB.read_text(encoding="utf-8")))
    missing = {
        str(page.relative_to(DOCS)): sorted(cited_keys(page) - entries)
        for page in CITING
        if cited_keys(page) - entries
    }
    assert not missing, f"claves citadas que no están en referencias.bib: {missing}"


def test_dead_links_only_through_an_archived_copy() -> None:
    sources = [BIB, *book_pages(DOCS)]
    dead = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if "web.archive.org" not in line
        for m in GONE.finditer(line)
    ]
    assert not dead, "direcciones que ya no existen, sin copia archivada:\n" + "\n".join(dead)


@pytest.mark.parametrize("page", CITING, ids=lambda p: str(p.relative_to(DOCS)))
def test_chapter_ends_with_its_own_references(built_book: Path, page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    label = REFERENCES.search(source)
    assert label, (
        f"{page.name} cita obras pero no tiene la sección «Referencias» (sec-…-referencias)"
    )
    assert "{bibliography}" in source[label.end() :], "la lista va en la sección «Referencias»"
    html = (built_book / page.relative_to(DOCS).with_suffix(".html")).read_text(encoding="utf-8")
    assert f'id="{label["label"]}"' in html
    listed = CITATION_ID.findall(html)
    assert len(listed) == len(cited_keys(page)), (
        f"{page.name}: la lista tiene {len(listed)} entradas y la página cita "
        f"{len(cited_keys(page))} obras"
    )
    links = [m["href"] for m in CITE_LINK.finditer(html) if m["href"].split("#")[1] in listed]
    assert links, f"{page.name}: ninguna cita enlaza con su lista"
    elsewhere = [href for href in links if not href.startswith("#")]
    assert not elsewhere, f"{page.name}: citas que llevan a la lista de otra página: {elsewhere}"


def test_citations_read_in_spanish(built_book: Path) -> None:
    """«Papamarcos y Patel, 1984» entre paréntesis, no «Papamarcos and Patel [PP84]»."""
    html = (built_book / "hardware" / "cpu.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "(Papamarcos y Patel, 1984)" in text
    assert "Schrage (1968)" in text
    assert " and " not in " ".join(re.findall(r"\((?:[^()]*?), \d{4}\)", text))

"""El libro entero se construye con el perfil quick y el resultado es correcto.

Construye en una carpeta temporal, con ``-W -n`` (un aviso o una referencia rota
hacen fallar) y una caché de ejecución nueva, y revisa el HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import book
import pytest
from snippets import book_pages

from dadsbook import profile
from dadsbook.pages import Page

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LABEL = re.compile(r"^\((?P<label>[a-z0-9][a-z0-9-]*)\)=$")
GLUE_INLINE = re.compile(r"\{glue(?::text)?\}`")


def headings(page: Path) -> list[tuple[int, str, str | None]]:
    """Títulos fuera de bloques de código: (línea, título, etiqueta justo encima)."""
    return [(h.line, h.title, h.label) for h in Page.read(page, DOCS).headings]


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_heading_has_an_explicit_label(page: Path) -> None:
    missing = [f"línea {n}: {title}" for n, title, label in headings(page) if label is None]
    assert not missing, f"títulos sin etiqueta (sec-…) encima en {page.name}: {missing}"
    assert all(label.startswith("sec-") for _, _, label in headings(page) if label)


def test_labels_are_unique_across_the_book() -> None:
    labels = [label for page in book_pages(DOCS) for _, _, label in headings(page) if label]
    duplicated = {label for label in labels if labels.count(label) > 1}
    assert not duplicated, f"etiquetas repetidas: {sorted(duplicated)}"


def test_every_page_is_built(built_book: Path) -> None:
    for page in book_pages(DOCS):
        html = built_book / page.relative_to(DOCS).with_suffix(".html")
        assert html.is_file(), f"falta {html.name}"


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_is_spanish_clean_and_fully_glued(built_book: Path, page: Path) -> None:
    html = (built_book / page.relative_to(DOCS).with_suffix(".html")).read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    for marker in ("Traceback", "output stderr", "output traceback", "{glue"):
        assert marker not in html, f"{page.name}: aparece {marker!r}"
    source = page.read_text(encoding="utf-8")
    expected = len(GLUE_INLINE.findall(source))
    assert html.count('class="pasted-text"') == expected, "algún valor pegado no se mostró"
    assert html.count("<figure") >= source.count("{glue:figure}")


def test_the_build_is_quiet(built_book: Path) -> None:
    """Nada en la salida de error y ningún volcado de configuración ni aviso del núcleo."""
    built = book.build_of(built_book)
    assert built.stderr == "", built.stderr[-4000:]
    assert "Kernel is running over TCP" not in built.stdout
    long_lines = [line[:120] for line in built.stdout.splitlines() if len(line) > 300]
    assert not long_lines, f"líneas de registro que no son progreso: {long_lines}"


def test_benchmarks_json_holds_what_the_pages_recorded(built_book: Path) -> None:
    """``benchmarks.json`` sale de lo que el paquete anotó en cada página, no de myst-nb."""
    import json

    from dadsbook.cli.bench import FORMAT, validate

    data = validate(json.loads((built_book / "benchmarks.json").read_text(encoding="utf-8")))
    assert data["format"] == FORMAT and data["profile"] == "quick"
    pages = data["pages"]
    assert {"conceptos", "hardware/cpu", "software/programacion"} <= set(pages)
    rounds = profile.load("quick").get("cpu_context_switch", "rounds")
    assert pages["hardware/cpu"]["cpu_cs_rounds"] == rounds
    for name, values in pages.items():
        source = (DOCS / f"{name}.md").read_text(encoding="utf-8")
        assert values and all(isinstance(v, float) for v in values.values())
        literal = [key for key in values if f'"{key}"' in source or f"{key}=" in source]
        assert literal, f"{name}: ningún valor anotado es de la página"


def test_search_index_is_spanish(built_book: Path) -> None:
    text = (built_book / "searchindex.js").read_text(encoding="utf-8")
    assert "conceptos" in text
    language = (built_book / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "SpanishStemmer" in language or "spanish" in language.lower()


# --- Portada, índice, figuras numeradas y glosario ------------------------------------

TITLE = re.compile(r"<title>(?P<title>.*?)</title>", re.DOTALL)
CAPTION_NUMBER = re.compile(r'<span class="caption-number">(?P<kind>Figura|Tabla) (?P<n>\d+) ')


def page_title(built: Path, page: str) -> str:
    match = TITLE.search((built / page).read_text(encoding="utf-8"))
    assert match, f"{page} no tiene <title>"
    return html.unescape(match["title"]).strip()


def test_front_page_has_its_own_title_and_says_who_it_is_for(built_book: Path) -> None:
    front = page_title(built_book, "index.html")
    first_chapter = page_title(built_book, "conceptos.html")
    assert front != first_chapter
    words = front.split(" — ")
    assert len(words) == len(set(words)), f"título repetido: {front!r}"
    text = (built_book / "index.html").read_text(encoding="utf-8")
    for label in ("sec-inicio-para-quien", "sec-inicio-antes"):
        assert f'id="{label}"' in text, f"a la portada le falta la sección {label}"


def test_no_untranslated_general_index(built_book: Path) -> None:
    """``genindex`` no se construye (el glosario hace ese papel) ni se enlaza."""
    assert not (built_book / "genindex.html").exists()
    pages = built_book.rglob("*.html")
    linking = [p.name for p in pages if "genindex.html" in p.read_text(encoding="utf-8")]
    assert not linking, f"páginas que enlazan genindex.html: {linking}"


def test_figures_and_tables_are_numbered_once_across_the_book(built_book: Path) -> None:
    """«Figura N» y «Tabla N» seguidos en todo el libro (los mismos números en el PDF)."""
    numbers: dict[str, list[int]] = {"Figura": [], "Tabla": []}
    for page in book_pages(DOCS):
        text = (built_book / page.relative_to(DOCS).with_suffix(".html")).read_text("utf-8")
        captions = text.count("<figcaption>")
        found = [(m["kind"], int(m["n"])) for m in CAPTION_NUMBER.finditer(text)]
        figures = [n for kind, n in found if kind == "Figura"]
        assert len(figures) == captions, f"{page.name}: figuras con pie sin número"
        assert figures == sorted(figures), f"{page.name}: números fuera de orden {figures}"
        for kind, n in found:
            numbers[kind].append(n)
    assert numbers["Figura"], "el libro debería tener figuras numeradas"
    for kind, found_numbers in numbers.items():
        assert sorted(found_numbers) == list(range(1, len(found_numbers) + 1)), (
            f"{kind}: la numeración debe ir de 1 a N sin huecos ni repeticiones"
        )


def test_glossary_jump_bar_links_to_the_first_term_of_each_letter(built_book: Path) -> None:
    text = (built_book / "glosario.html").read_text(encoding="utf-8")
    bar = re.search(r'<nav class="dadsbook-az"[^>]*>(?P<body>.*?)</nav>', text, re.DOTALL)
    assert bar, "el glosario no tiene barra de salto A–Z"
    links = re.findall(r'<a href="#(glosario-[a-z]+)">([A-Z#])</a>', bar["body"])
    dimmed = re.findall(r'dadsbook-az-empty"[^>]*>([A-Z])<', bar["body"])
    assert len(links) > 10
    assert sorted([letter for _, letter in links] + dimmed) == sorted(
        [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", *(["#"] if "glosario-otros" in text else [])]
    )
    terms = re.findall(r'<dt id="term-[^"]*"><span id="(glosario-[a-z]+)"></span>([^<]+)<', text)
    assert [anchor for anchor, _ in links] == [anchor for anchor, _ in terms]
    for (_, letter), (_, term) in zip(links, terms, strict=True):
        first = unicodedata.normalize("NFD", term.strip())[0].upper()
        assert first == letter or letter == "#", f"{term!r} no empieza por {letter}"

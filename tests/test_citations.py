"""Las etiquetas publicadas nunca se rompen; las citas y el mapa de secciones son correctos."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from dadsbook import citation

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def load_labels_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dadsbook_labels", ROOT / "conf" / "labels.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LABELS = load_labels_module()
REDIRECTS = tomllib.loads((ROOT / "conf" / "redirects.toml").read_text(encoding="utf-8"))


def test_every_label_of_the_book_is_registered() -> None:
    """Una etiqueta nueva se registra (make labels) al publicarse."""
    missing = [label for label in LABELS.book_labels() if label not in LABELS.registered()]
    assert not missing, f"etiquetas sin registrar (ejecuta make labels): {missing}"


def test_no_published_label_disappears_without_a_redirect() -> None:
    present = set(LABELS.book_labels())
    redirected = REDIRECTS.get("labels", {})
    for label in LABELS.registered():
        if label in present:
            continue
        assert label in redirected, f"la etiqueta publicada {label!r} desapareció sin redirección"
        assert redirected[label] in present, (
            f"{label!r} redirige a {redirected[label]!r}, que no existe"
        )


def test_page_redirects_point_to_pages() -> None:
    for old, new in REDIRECTS.get("pages", {}).items():
        assert not (DOCS / f"{old}.md").exists(), f"{old} sigue existiendo: no hace falta redirigir"
        assert (DOCS / f"{new}.md").exists(), (
            f"la redirección de {old} apunta a {new}, que no existe"
        )


def test_the_registry_check_fails_when_a_label_vanishes(tmp_path: Path) -> None:
    """El registro detecta de verdad una etiqueta que desaparece."""
    registry = tmp_path / "labels.txt"
    registry.write_text("sec-que-ya-no-existe\n", encoding="utf-8")
    assert "sec-que-ya-no-existe" not in set(LABELS.book_labels())
    assert LABELS.registered(registry) == ["sec-que-ya-no-existe"]


def test_sections_from_sources_read_titles_and_urls() -> None:
    sections = citation.sections_from_sources(DOCS, "https://ejemplo.org/libro")
    cocina = sections["sec-conceptos-cocina"]
    assert cocina.title == "La cocina, como simulación"
    assert cocina.url == "https://ejemplo.org/libro/conceptos.html#sec-conceptos-cocina"
    assert {"sec-inicio", "sec-conceptos"} <= {s.label for s in citation.chapters(sections)}


def test_youtube_chapters() -> None:
    sections = citation.sections_from_sources(DOCS)
    text = citation.youtube_chapters("0:00 sec-conceptos\n1:02:03 sec-conceptos-cocina", sections)
    first, second = text.splitlines()
    assert first.startswith("0:00:00 Concurrencia y paralelismo — https://")
    assert second.startswith("1:02:03 La cocina, como simulación — ")


@pytest.mark.parametrize(
    ("lines", "match"),
    [
        ("0:10 sec-conceptos", "00:00"),
        ("0:00 sec-no-existe", "no existe"),
        ("0:00 sec-conceptos\n0:00 sec-conceptos-cocina", "creciente"),
        ("0:00", "HH:MM:SS etiqueta"),
        ("0:99 sec-conceptos", "00 a 59"),
        ("ayer sec-conceptos", "marca de tiempo"),
        ("", "ningún capítulo"),
    ],
)
def test_youtube_errors_in_spanish(lines: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        citation.youtube_chapters(lines, citation.sections_from_sources(DOCS))


def test_bibtex_and_apa() -> None:
    section = citation.sections_from_sources(DOCS)["sec-conceptos"]
    assert citation.bibtex().startswith("@book{dadsbook_concurrencia,")
    entry = citation.bibtex(section)
    assert entry.startswith("@incollection{dadsbook_conceptos,") and section.url in entry
    assert section.title in citation.apa(section)


def test_citation_cff_matches_the_package() -> None:
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'title: "{citation.BOOK["title"]}"' in cff
    assert citation.DEFAULT_BASE_URL in cff


def test_bad_sources() -> None:
    with pytest.raises(ValueError, match="docs"):
        citation.sections_from_sources(ROOT / "no-existe")
    with pytest.raises(ValueError, match="construye el libro"):
        citation.sections_from_json(ROOT / "no-existe.json")


def _spanish_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    months = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip
    return f"{day} de {months[month - 1]} de {year}"


def _flat(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


SOURCE = citation.SOURCE


@pytest.mark.parametrize("page", ["index.md", "como-citar.md"])
def test_the_front_page_and_how_to_cite_name_the_source(page: str) -> None:
    """Incidencia 12 §3: título, autor, fecha, serie y lista de YouTube de la fuente."""
    text = _flat(DOCS / page)
    for fact in (SOURCE["title"], SOURCE["author"], _spanish_date(SOURCE["date"])):
        assert fact in text, f"{page}: falta {fact!r}"
    assert f"]({SOURCE['url']})" in text and f"]({SOURCE['playlist']})" in text


MY_PAGES = ["index.md", "como-citar.md", "conceptos.md", "conclusion.md", "glosario.md",
            "ejecuta-el-libro.md"]  # fmt: skip


@pytest.mark.parametrize("page", MY_PAGES)
def test_the_original_article_is_always_a_link_to_the_series(page: str) -> None:
    """Cada «el artículo original» de la prosa (no los títulos) enlaza con la serie DADS."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    text = " ".join(" ".join(line for line in lines if not line.startswith("#")).split())
    mentions = len(re.findall(r"el artículo original", text, re.IGNORECASE))
    links = text.count(f"[el artículo original]({SOURCE['url']})")
    assert links == mentions, f"{page}: {mentions - links} menciones sin enlace"


def test_citation_cff_names_the_source() -> None:
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "references:" in cff
    for value in (SOURCE["title"], SOURCE["family"], SOURCE["given"], SOURCE["date"],
                  SOURCE["url"], SOURCE["playlist"]):  # fmt: skip
        assert f'"{value}"' in cff, value


def test_citation_cff_matches_its_schema() -> None:
    """CITATION.cff es válido según el esquema oficial (el que trae check-jsonschema)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.citation-file-format", str(ROOT / "CITATION.cff")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_source_references() -> None:
    entry = citation.source_bibtex()
    assert entry.startswith("@misc{carmona_dads03,")
    assert "{DADS \\#03: Concurrencia y Paralelismo}" in entry  # «#» escapado para LaTeX
    assert "author       = {Carmona, Juan G.}" in entry and "month        = sep" in entry
    assert citation.source_apa() == (
        "Carmona, J. G. (2024, 20 de septiembre). DADS #03: Concurrencia y Paralelismo. "
        f"*{citation.BOOK['series']}*. {SOURCE['url']}"
    )
    assert "Basado en «DADS \\#03: Concurrencia y Paralelismo», de Juan G. Carmona (2024)" in (
        citation.bibtex()
    )

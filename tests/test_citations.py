"""Las etiquetas publicadas nunca se rompen; las citas y el mapa de secciones son correctos."""

from __future__ import annotations

import importlib.util
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

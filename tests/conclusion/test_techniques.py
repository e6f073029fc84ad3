"""El mapa de técnicas de la conclusión (dadsbook.conclusion.techniques)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook import citation
from dadsbook.conclusion import figures, techniques

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_every_technique_links_to_an_existing_section() -> None:
    labels = set(citation.sections_from_sources(DOCS))
    missing = [t.label for t in techniques.TECHNIQUES if t.label not in labels]
    missing += [layer.label for layer in techniques.LAYERS if layer.label not in labels]
    assert not missing, f"etiquetas inexistentes en el mapa: {missing}"


def test_layers_follow_the_source_order() -> None:
    assert [layer.name for layer in techniques.LAYERS] == [
        "CPU", "Memoria", "Disco", "Programación", "Sistemas operativos",
        "Servidores web", "Contenedores", "Nube",
    ]  # fmt: skip


def test_every_layer_has_both_axes() -> None:
    for layer in techniques.LAYERS:
        axes = {t.axis for t in techniques.TECHNIQUES if t.layer == layer.name}
        assert axes == set(techniques.AXES), layer.name


def test_figure_and_grid_come_from_the_table() -> None:
    """Añadir una técnica la añade a la figura y a la rejilla."""
    extra = techniques.Technique("Nube", "paralelismo", "Técnica nueva", "new", "sec-sistemas-nube")
    table = (*techniques.TECHNIQUES, extra)
    grid = techniques.grid_markdown(table)
    assert "Técnica nueva" in grid and grid.count("{ref}") == len(table) + len(techniques.LAYERS)
    texts = " ".join(t.get_text() for t in figures.map_figure(table).axes[0].texts)
    assert "Técnica nueva" in texts


def test_bad_technique() -> None:
    with pytest.raises(ValueError, match="axis"):
        techniques.Technique("CPU", "ambos", "x", "x", "sec-x")
    with pytest.raises(ValueError, match="layer"):
        techniques.Technique("GPU", "paralelismo", "x", "x", "sec-x")


def _glossary_entry(term: str) -> str:
    """La definición de ``term`` en el glosario, en una sola línea."""
    lines = (DOCS / "glosario.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(term)
    body = []
    for line in lines[start + 1 :]:
        if line and not line.startswith(" "):
            if body:
                break
            continue
        body.append(line.strip())
    return " ".join(" ".join(body).split())


def test_axis_definitions_are_the_glossary_ones() -> None:
    """El mapa y el glosario definen los dos ejes con las mismas palabras."""
    for axis, definition in techniques.DEFINITIONS.items():
        assert definition in _glossary_entry(axis), axis


def test_concurrency_is_not_defined_as_one_task_at_a_time() -> None:
    """Incidencia 11 §4.1: «en cada instante solo avanza una» excluye «concurrente y paralelo»."""
    assert "no necesariamente" in techniques.DEFINITIONS["concurrencia"]
    wrong = re.compile(r"solo\s+avan(?:ce|za)\s+una|avan(?:ce|za)\s+solo\s+una", re.IGNORECASE)
    sources = [
        DOCS / "conceptos.md",
        DOCS / "glosario.md",
        ROOT / "src/dadsbook/conclusion/techniques.py",
    ]
    for path in sources:
        assert not wrong.search(path.read_text(encoding="utf-8")), path.name


def test_kestrel_is_not_listed_as_an_event_loop() -> None:
    """Incidencia 11 §4.2: Kestrel hace E/S asíncrona sobre el thread pool de .NET."""
    kestrel = [t for t in techniques.TECHNIQUES if "Kestrel" in t.name]
    assert kestrel and all("bucle de eventos" not in t.name.lower() for t in kestrel)

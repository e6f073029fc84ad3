"""El mapa de técnicas de la conclusión (dadsbook.techniques)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadsbook import citation, techniques

DOCS = Path(__file__).resolve().parents[1] / "docs"


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
    texts = " ".join(t.get_text() for t in techniques.infographic(table).axes[0].texts)
    assert "Técnica nueva" in texts


def test_bad_technique() -> None:
    with pytest.raises(ValueError, match="axis"):
        techniques.Technique("CPU", "ambos", "x", "x", "sec-x")
    with pytest.raises(ValueError, match="layer"):
        techniques.Technique("GPU", "paralelismo", "x", "x", "sec-x")

"""La figura «mapa» de la conclusión y su versión para pantallas estrechas."""

from __future__ import annotations

import re
from pathlib import Path

from dadsbook.conclusion import figures, techniques

ROOT = Path(__file__).resolve().parents[2]


def test_map_figure_names_every_technique_in_readable_type() -> None:
    ax = figures.map_figure().axes[0]
    cells = [t for t in ax.texts if t.get_fontsize() < 10]
    written = "\n".join(t.get_text() for t in cells)
    assert all(t.name in written for t in techniques.TECHNIQUES)
    assert min(t.get_fontsize() for t in ax.texts) >= 9


def test_narrow_screens_get_the_cards_instead_of_the_map() -> None:
    """En un teléfono la figura se oculta (la hoja de estilos) y quedan las tarjetas."""
    page = (ROOT / "docs" / "conclusion.md").read_text(encoding="utf-8")
    assert ":name: fig-conclusion-mapa" in page and "grid_markdown()" in page
    css = (ROOT / "conf" / "_static" / "dadsbook.css").read_text(encoding="utf-8")
    rule = re.search(
        r"@media \(max-width: ([\d.]+)px\) \{\s*figure#fig-conclusion-mapa \{\s*display: none;", css
    )
    assert rule is not None and float(rule.group(1)) >= 390

"""Las figuras de los errores de concurrencia y el bloque de texto de las soluciones."""

from __future__ import annotations

import pytest

from dadsbook.software.programming import deadlock, figures
from dadsbook.software.programming import interleavings as il
from dadsbook.software.programming._text import TextBlock


def test_outcomes_figure_has_one_bar_per_program_with_its_counts() -> None:
    found = [il.explore(il.PROGRAMS[n]) for n in ("bufer-if", "bufer-while")]
    fig = figures.outcomes_figure(found)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{e.program.name} ({e.interleavings})" for e in found]
    counts = sorted(int(t.get_text()) for t in ax.texts)
    assert counts == sorted(c for e in found for c in e.outcomes.values())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["bien", "comprobación fallida", "todos duermen"]


def test_deadlock_figure_draws_the_waits_hatched() -> None:
    results = [deadlock.transfer("opuesto", timeout_s=0.02), deadlock.transfer("global")]
    fig = figures.deadlock_figure(results)
    assert [ax.get_title() for ax in fig.axes] == ["orden opuesto", "orden global"]
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == sum(s.kind == "espera" for s in results[0].spans)


def test_figures_need_data() -> None:
    with pytest.raises(ValueError, match="explorations debe contener"):
        figures.outcomes_figure([])
    with pytest.raises(ValueError, match="results debe contener"):
        figures.deadlock_figure([])


def test_text_block_shows_text_as_is() -> None:
    block = TextBlock("a < b\n  c")
    assert repr(block) == "a < b\n  c"
    assert block._repr_html_() == '<pre class="dadsbook-output">a &lt; b\n  c</pre>'
    with pytest.raises(TypeError, match="text debe ser una cadena"):
        TextBlock(3)  # type: ignore[arg-type]

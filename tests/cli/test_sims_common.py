"""Las piezas comunes de los adaptadores: figuras diferidas y opciones por omisión."""

from __future__ import annotations

import argparse

import pytest

from dadsbook.cli.sims_common import RANDOM, Figures, option, switch, trace_report
from dadsbook.tables import Table


def test_a_figure_imports_its_module_only_when_drawn() -> None:
    """Crear la figura no importa nada; dibujarla llama a la función con sus argumentos."""
    missing = Figures("dadsbook.no_such_figures_module")("drawing", 1)
    with pytest.raises(ModuleNotFoundError):
        missing()
    draw = Figures("textwrap")("shorten", "uno dos tres", width=8, placeholder="…")
    assert draw() == "uno dos…"


def _help(parser: argparse.ArgumentParser, dest: str) -> str:
    (action,) = [a for a in parser._actions if a.dest == dest]
    return str(action.help)


def test_an_option_without_omitted_comes_from_the_random_problem() -> None:
    parser = argparse.ArgumentParser()
    option(parser, "--rate", type=float, help="tasa (≤ 5%)")
    option(parser, "--size", type=int, omitted="10", help="tamaño")
    assert _help(parser, "rate") == f"tasa (≤ 5%%) (por omisión: {RANDOM})"
    assert _help(parser, "size") == "tamaño (por omisión: 10)"


@pytest.mark.parametrize(
    ("argv", "expected"), [([], None), (["--nesting"], True), (["--no-nesting"], False)]
)
def test_a_switch_is_yes_no_or_left_to_the_problem(argv: list[str], expected: bool | None) -> None:
    parser = argparse.ArgumentParser()
    switch(parser, "--nesting", help="anidar; --no-nesting, no")
    assert parser.parse_args(argv).nesting is expected
    assert _help(parser, "nesting") == f"anidar; --no-nesting, no (por omisión: {RANDOM})"


def test_a_trace_report_is_trace_table_and_summary_between_blank_lines() -> None:
    table = Table(("trabajo", "fin"), [("A", 3), ("B", 5)])
    text = trace_report("Traza:", ["  [0; 3) A", "  [3; 5) B"], table, "Fin en 5.")
    trace = ["Traza:", "  [0; 3) A", "  [3; 5) B"]
    assert text.splitlines() == [*trace, "", *str(table).splitlines(), "", "Fin en 5."]


def test_a_trace_report_without_slices_keeps_its_layout() -> None:
    table = Table(("trabajo",), [])
    assert trace_report("Traza:", [], table, "Nada.") == f"Traza:\n\n{table}\n\nNada."

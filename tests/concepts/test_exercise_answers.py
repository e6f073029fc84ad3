"""Pruebas de las soluciones de los ejercicios de conceptos (exercise_answers).

Las órdenes son simulaciones deterministas de la cocina (nada se mide): los totales de
los menús sin esperas y del menú del libro se calculan a mano.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook import exercises
from dadsbook.concepts import exercise_answers
from dadsbook.tables import Table

PAGE = Path(__file__).resolve().parents[2] / "docs" / "conceptos.md"


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    return exercise_answers.exercise_values()


def test_menus_without_waits_and_the_book_menu_match_the_hand_sums(
    values: dict[str, object],
) -> None:
    # Sin esperas, un chef que intercala hace todo: 5 + 8 + 4 + 6 + 2 = 25 minutos.
    assert values["conceptos_ex_3a_total"] == 25.0
    # Dos chefs sin intercalar, una receta cada uno: manda la tortilla, 5 + 8 = 13.
    assert values["conceptos_ex_3b_total"] == 13.0
    # Tres chefs, una receta cada uno: manda la sopa, 5 + 20 + 2 = 27.
    assert values["conceptos_ex_4_total"] == 27.0


def test_a_chef_who_does_not_interleave_takes_the_sum_of_all_steps(
    values: dict[str, object],
) -> None:
    assert values["conceptos_ex_1_total"] == values["conceptos_ex_1_sum"]
    total, longest = values["conceptos_ex_2_total"], values["conceptos_ex_2_longest"]
    assert isinstance(total, float)
    assert isinstance(longest, float)
    assert total >= longest


def test_outputs_and_table(values: dict[str, object]) -> None:
    out = values["conceptos_ex_4"]
    assert isinstance(out, exercises.CommandOutput)
    assert out.command.endswith(f"--chefs 3 --interleave {exercise_answers.BOOK_MENU} -c")
    assert isinstance(values["conceptos_ex_5"], Table)


def test_step_minutes_keeps_only_the_kinds_asked_for() -> None:
    data = {
        "problem": {
            "recipes": [
                {"steps": [{"minutes": 5, "kind": "active"}, {"minutes": 20, "kind": "wait"}]}
            ]
        }
    }
    assert exercise_answers.step_minutes(data) == [5, 20]
    assert exercise_answers.step_minutes(data, ("active",)) == [5]


def test_every_key_is_used_by_the_page(values: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(conceptos_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue\}\s+(conceptos_ex_[a-z0-9_]+)", text))
    assert set(values) == used

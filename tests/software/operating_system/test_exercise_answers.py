"""Las respuestas de los ejercicios del capítulo de sistemas operativos."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.exercises import CommandOutput
from dadsbook.software.operating_system.exercise_answers import exercise_answers, solved
from dadsbook.software.operating_system.mlfq import Job, MLFQConfig
from dadsbook.tables import Table

ALONE = [Job("A", 0, 12)]
"""Un trabajo solo: 12 *ticks* sin nadie con quien compartir."""

PAGE = Path(__file__).resolve().parents[3] / "docs" / "software/sistemas-operativos.md"


@pytest.fixture(scope="module")
def answers() -> dict[str, object]:
    return exercise_answers(ALONE, MLFQConfig(levels=3, quanta=(2, 4, 8), boost=50))


def test_the_commands_are_shown_and_their_numbers_read(answers: dict[str, object]) -> None:
    for key in ("so_ex_1", "so_ex_2", "so_ex_3", "so_ex_4", "so_ex_5"):
        out = answers[key]
        assert isinstance(out, CommandOutput) and out.command.endswith(" -c") and out.text
    # Con expulsión, la peor respuesta no puede ser peor que sin ella.
    cooperative, preemptive = answers["so_ex_1_cooperative"], answers["so_ex_1_preemptive"]
    assert isinstance(cooperative, (int, float)) and isinstance(preemptive, (int, float))
    assert preemptive <= cooperative
    # t1 necesita 30 ticks y t2, que llega en el 10, 3: t1 acaba en el 33.
    assert answers["so_ex_2_t1_turn"] == 33


def test_stealing_and_nice_weights(answers: dict[str, object]) -> None:
    # Sin robo, el núcleo 0 hace sus 8 + 6 + 4 unidades solo.
    assert answers["so_ex_4_alone"] == pytest.approx(18)
    steal = answers["so_ex_4_steal"]
    assert isinstance(steal, (int, float)) and steal < 18
    assert answers["so_ex_5_weights"] == "1024 + 335 + 110"
    assert answers["so_ex_5_total"] == 1469


def test_boost_table_has_one_row_per_job(answers: dict[str, object]) -> None:
    table = answers["so_ex_6_table"]
    assert isinstance(table, Table)
    # Solo, sin nadie más: retorno = trabajo; 2 + 4 ticks en los niveles 0 y 1, acaba en el 2.
    assert [tuple(r) for r in table.rows] == [("A", 12, 12, 2, 2)]


def test_solved_reads_the_json_solution() -> None:
    assert solved("dadsbook sim nice --nice=0,5")  # la solución no está vacía
    with pytest.raises(ValueError):
        solved("python -c 1")


def test_every_key_is_used_by_the_page(answers: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(so_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(so_ex_[a-z0-9_]+)", text))
    assert set(answers) == used

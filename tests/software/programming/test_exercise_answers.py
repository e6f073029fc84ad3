"""Las respuestas de los ejercicios del capítulo de programación."""

from __future__ import annotations

import asyncio
import re
from math import factorial
from pathlib import Path

import pytest

from dadsbook.exercises import CommandOutput
from dadsbook.software.programming._text import TextBlock
from dadsbook.software.programming.exercise_answers import (
    COUNTER_INCREMENTS,
    COUNTER_TASKS,
    exercise_answers,
)

PAGE = Path(__file__).resolve().parents[3] / "docs" / "software/programacion.md"


@pytest.fixture(scope="module")
def answers() -> dict[str, object]:
    return asyncio.run(exercise_answers(requests=10, threads=4, delay_s=0.05))


def test_the_commands_are_run_and_shown(answers: dict[str, object]) -> None:
    first, second = answers["prog_ex_1"], answers["prog_ex_2"]
    assert isinstance(first, CommandOutput) and isinstance(second, CommandOutput)
    assert first.command == "dadsbook sim coroutines -s 3 -c"
    assert "--steps 3,1" in second.command and second.text
    assert str(answers["prog_ex_2_jumps"]).startswith("del turno ")
    assert isinstance(answers["prog_ex_2_last"], int)


def test_pool_waves_and_the_two_laws(answers: dict[str, object]) -> None:
    # 10 peticiones con 4 hilos: 3 tandas; con 10 hilos, una sola de 50 ms.
    assert answers["prog_ex_4_threads"] == 10
    assert answers["prog_ex_4_waves_now"] == 3
    assert answers["prog_ex_4_waves_new"] == 1
    assert answers["prog_ex_4_pool_new_ms"] == pytest.approx(50.0)
    assert answers["prog_ex_5_amdahl"] == pytest.approx(1 / (0.05 + 0.95 / 16))
    assert answers["prog_ex_5_ceiling"] == pytest.approx(20.0)
    assert answers["prog_ex_5_wrong"] == pytest.approx(16 - 15 * 0.05)


def test_three_threads_and_the_lock_cycle(answers: dict[str, object]) -> None:
    # Tres hilos de tres instrucciones: 9! / (3!)³ órdenes; solo los 3! en serie aciertan.
    assert answers["prog_ex_6_total"] == factorial(9) // factorial(3) ** 3
    assert answers["prog_ex_6_correct"] == factorial(3)
    assert answers["prog_ex_6_share_pct"] == pytest.approx(100 * 6 / 1680)
    assert isinstance(answers["prog_ex_6"], TextBlock)
    stuck, total = answers["prog_ex_7_stuck"], answers["prog_ex_7_total"]
    assert isinstance(stuck, int) and isinstance(total, int) and 0 < stuck < total
    assert "colgado" in repr(answers["prog_ex_7"]) or "INTERBLOQUEO" in repr(answers["prog_ex_7"])


def test_async_counter_loses_without_a_lock(answers: dict[str, object]) -> None:
    expected = COUNTER_TASKS * COUNTER_INCREMENTS
    assert answers["prog_ex_8_locked"] == expected
    observed, lost = answers["prog_ex_8_observed"], answers["prog_ex_8_lost"]
    assert isinstance(observed, int) and observed < expected
    assert lost == expected - observed


def test_bad_sizes_are_rejected_in_spanish() -> None:
    with pytest.raises(ValueError, match="threads"):
        asyncio.run(exercise_answers(requests=10, threads=0, delay_s=0.05))


def test_every_key_is_used_by_the_page(answers: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(prog_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(prog_ex_[a-z0-9_]+)", text))
    assert set(answers) == used

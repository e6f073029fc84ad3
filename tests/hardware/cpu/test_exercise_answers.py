"""Pruebas de las soluciones de los ejercicios de la CPU (exercise_answers).

Las órdenes son simulaciones deterministas (nada se mide): los retornos del efecto
convoy se calculan a mano y las claves se cruzan con las que cita la página.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook import exercises
from dadsbook.hardware.cpu import exercise_answers, scheduler, scheduler_report

PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "cpu.md"


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    jobs = scheduler.random_jobs(4, seed=3, max_run=5)
    before = scheduler_report.sweep_quantum(jobs, [1, 2])
    return exercise_answers.exercise_values(jobs, [1, 2], before)


def test_convoy_turnarounds_match_the_hand_computation(values: dict[str, object]) -> None:
    # FIFO: A(8) termina en 8, B(3) en 11, C(2) en 13, D(4) en 17; llegan en 0, 1, 2, 3.
    assert values["cpu_ex_1a_turnaround"] == pytest.approx((8 + 10 + 11 + 14) / 4)
    # STCF: B y C (los cortos) terminan en 4 y 6, D en 10 y A, expulsada, en 17.
    assert values["cpu_ex_1b_turnaround"] == pytest.approx((3 + 4 + 7 + 17) / 4)


def test_solutions_are_the_outputs_of_the_commands_with_c(values: dict[str, object]) -> None:
    out = values["cpu_ex_1a"]
    assert isinstance(out, exercises.CommandOutput)
    assert out.command == f"dadsbook sim scheduler {exercise_answers.JOBS_A_D} -p fifo -c"
    eight = values["cpu_ex_6_eight"]
    assert isinstance(eight, float | int)
    assert values["cpu_ex_6_per_thread"] == pytest.approx(eight / 8)
    assert values["cpu_ex_4_instructions"] == 3


def test_last_exercise_compares_with_the_sweep_it_is_given(values: dict[str, object]) -> None:
    jobs = scheduler.random_jobs(4, seed=3, max_run=5)
    before = scheduler_report.sweep_quantum(jobs, [1, 2])
    with_cost = scheduler_report.sweep_quantum(jobs, [1, 2], switch_cost=1)
    assert values["cpu_ex_8_turn_before"] == before.turnaround[0]
    assert values["cpu_ex_8_turn_small"] == with_cost.turnaround[0]
    assert values["cpu_ex_8_cost"] == 1


def test_every_key_is_used_by_the_page(values: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(cpu_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue\}\s+(cpu_ex_[a-z0-9_]+)", text))
    assert set(values) == used


def test_a_failing_command_stops_the_solutions() -> None:
    def broken(command: str) -> exercises.CommandOutput:
        raise RuntimeError(f"la orden «{command}» terminó con estado 2")

    jobs = scheduler.random_jobs(2, seed=1)
    before = scheduler_report.sweep_quantum(jobs, [1])
    with pytest.raises(RuntimeError, match="dadsbook sim scheduler"):
        exercise_answers.exercise_values(jobs, [1], before, broken)

"""Pruebas de las soluciones de los ejercicios del disco (exercise_answers).

Las órdenes son simulaciones sembradas (nada se mide): se cruzan las claves con las que
cita la página y los números con la misma simulación hecha aquí.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dadsbook import exercises
from dadsbook.hardware.disk import exercise_answers, writeback

PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "disco.md"
WRITES = writeback.random_writes(seed=4, count=10, blocks=4, horizon=20.0)
OPTIONS: dict[str, Any] = {"flush_interval": 5.0, "capacity": 3, "crash_time": 17.0}


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    return exercise_answers.exercise_values(WRITES, OPTIONS)


def test_every_key_is_used_by_the_page(values: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(disk_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue\}\s+(disk_ex_[a-z0-9_]+)", text))
    assert set(values) == used


def test_faster_flush_is_the_same_simulation_with_two_seconds(values: dict[str, object]) -> None:
    faster = writeback.simulate(WRITES, "write-back", **{**OPTIONS, "flush_interval": 2.0})
    assert values["disk_ex_4_flush"] == 2.0
    assert values["disk_ex_4_flush_lost"] == faster.lost
    assert values["disk_ex_4_flush_disk"] == faster.disk_writes


def test_outputs_are_the_commands_with_c(values: dict[str, object]) -> None:
    out = values["disk_ex_7"]
    assert isinstance(out, exercises.CommandOutput)
    assert out.command == "dadsbook sim nvme -s 2 -c"
    rpm = values["disk_ex_3_rpm"]
    assert isinstance(rpm, str)
    assert rpm.replace("\u202f", "").isdigit()  # fmt.number: miles con espacio fino


def test_the_solution_is_read_from_the_json_of_the_same_command() -> None:
    seen: list[str] = []

    def fake(command: str) -> exercises.CommandOutput:
        seen.append(command)
        return exercises.CommandOutput(command, '{"solution": {"answer": 42}}')

    assert exercise_answers.solution("dadsbook sim raid -s 7 -c", fake) == {"answer": 42}
    assert seen == ["dadsbook sim raid -s 7 -c --json"]

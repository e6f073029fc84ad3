"""Pruebas de las soluciones de los ejercicios de la memoria (exercise_answers).

Las órdenes son simulaciones deterministas (nada se mide): los fallos de la cadena del
segundo ejercicio se cuentan a mano y las claves se cruzan con las que cita la página.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dadsbook import exercises
from dadsbook.hardware.memory import exercise_answers

PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "memoria.md"
NUMA: dict[str, Any] = {"threads": 2, "pages_per_thread": 8, "accesses_per_thread": 200}
THRASHING: dict[str, Any] = {"horizon": 2000, "warmup": 200, "processes": [2, 4]}


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    return exercise_answers.exercise_values(NUMA, THRASHING)


def test_paging_misses_match_the_hand_count(values: dict[str, object]) -> None:
    # 0,1,2,0,3,0,4,2,3,0,3,2 con 3 marcos. OPT: 0,1,2 obligatorios; 3 expulsa 1; 4 expulsa
    # 0 (el más lejano); 0 expulsa 4 → 6 fallos, 5 de ellos obligatorios (0,1,2,3,4).
    assert values["mem_ex_2_opt"] == 6
    assert values["mem_ex_2_compulsory"] == 5
    # FIFO: 0,1,2 | 3 (fuera 0) | 0 (fuera 1) | 4 (fuera 2) | 2 (fuera 3) | 3 (fuera 0)
    # | 0 (fuera 4) → 9 fallos.
    assert values["mem_ex_2_fifo"] == 9


def test_numa_values_are_spanish_text(values: dict[str, object]) -> None:
    assert str(values["mem_ex_4_bad"]).endswith(" %")
    assert values["mem_ex_5_ratio"] == 2.5


def test_outputs_are_the_commands_with_c(values: dict[str, object]) -> None:
    out = values["mem_ex_2"]
    assert isinstance(out, exercises.CommandOutput)
    assert out.command == f"{exercise_answers.PAGING_EXAMPLE} -c"
    assert values["mem_ex_8_last_n"] == THRASHING["processes"][-1]


def test_every_key_is_used_by_the_page(values: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(mem_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue\}\s+(mem_ex_[a-z0-9_]+)", text))
    assert used <= set(values)
    # El bucle de colocaciones pega las cuatro cifras de cada una; la prosa no cita tres
    # de la primera, pero quedan en lo registrado de la construcción.
    assert set(values) - used == {"mem_ex_4_ft", "mem_ex_4_ft_ns", "mem_ex_4_ft_share"}

"""Las respuestas de los ejercicios del capítulo de contenedores."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.exercises import CommandOutput
from dadsbook.systems.containers import contention, failover, placement
from dadsbook.systems.containers.exercise_answers import exercise_answers
from dadsbook.systems.containers.memory_limit import ChildRun
from dadsbook.tables import Table

MIB = 1024**2
CHILD = ChildRun("catch", 32 * MIB, 8 * MIB, 0, 200 * MIB, "MemoryError", "")

PAGE = Path(__file__).resolve().parents[3] / "docs" / "sistemas/contenedores.md"


@pytest.fixture(scope="module")
def answers() -> dict[str, object]:
    nodes, pods = failover.example_cluster()
    placed = placement.schedule(nodes, pods, seed=3)
    return exercise_answers(placed, contention.plan((1000, 250)), CHILD)


def test_the_simulator_commands_are_run(answers: dict[str, object]) -> None:
    outputs = [answers[f"cont_ex_{i}"] for i in range(1, 6)]
    assert all(isinstance(o, CommandOutput) and o.text for o in outputs)
    assert [o.command.split()[2] for o in outputs if isinstance(o, CommandOutput)] == [
        "hpa", "keda", "replicaset", "cfs", "cluster",
    ]  # fmt: skip


def test_a_shorter_window_drops_sooner(answers: dict[str, object]) -> None:
    assert answers["cont_ex_short_window_s"] == 60
    drop = answers["cont_ex_short_drop_s"]
    assert isinstance(drop, (int, float)) and 60 <= drop < 300  # la de la página es de 300 s


def test_losing_the_gpu_node(answers: dict[str, object]) -> None:
    assert answers["cont_ex_gpu_evicted"] == "train-1"  # solo el entrenamiento vivía allí
    # Su repuesto (train-2) no cabe en ningún otro nodo: ninguno tiene GPU.
    assert answers["cont_ex_gpu_pending"] == "train-2"
    assert str(answers["cont_ex_gpu_reason"]).startswith("0/")


def test_doubling_both_requests_keeps_the_linear_share(answers: dict[str, object]) -> None:
    assert isinstance(answers["cont_ex_double_table"], Table)
    assert answers["cont_ex_double_lin"] == pytest.approx(answers["cont_ex_single_lin"], abs=0.5)
    assert answers["cont_ex_single_lin"] == pytest.approx(
        100 * contention.plan((1000, 250)).predicted()["cgroup v2, fórmula lineal"]
    )


def test_child_sizes_in_mib(answers: dict[str, object]) -> None:
    assert answers["cont_ex_child_reserved_mib"] == pytest.approx(200.0)
    assert answers["cont_ex_child_chunk_mib"] == pytest.approx(8.0)
    nodes, pods = failover.example_cluster()
    with pytest.raises(ValueError, match="reserved_bytes"):
        exercise_answers(
            placement.schedule(nodes, pods, seed=3),
            contention.plan((1000, 250)),
            ChildRun("crash", 32 * MIB, 8 * MIB, -9, None, "", ""),
        )


def test_every_key_is_used_by_the_page(answers: dict[str, object]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(cont_ex_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(cont_ex_[a-z0-9_]+)", text))
    assert set(answers) == used

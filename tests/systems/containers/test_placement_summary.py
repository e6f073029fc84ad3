"""Las decisiones del planificador que cita la página, sobre un clúster hecho a mano."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.systems.containers import placement
from dadsbook.systems.containers.placement import Decision, Node, NodeScore, Placement, Pod
from dadsbook.systems.containers.placement_summary import placement_numbers

NODES = (
    Node("a", "z1", 4000, 8192),
    Node("b", "z2", 4000, 8192),
    Node("gpu-1", "z1", 8000, 16384),
)

PAGE = Path(__file__).resolve().parents[3] / "docs" / "sistemas/contenedores.md"


def _decision(
    name: str,
    app: str,
    node: str | None,
    scores: tuple[NodeScore, ...] = (),
    rejected: tuple[tuple[str, str], ...] = (),
) -> Decision:
    return Decision(Pod(name, app, 100, 100), node, scores, rejected)


def _placed() -> Placement:
    tie = NodeScore("a", 50, 50, 100, 100)  # total 1·50 + 1·50 + 2·100 + 3·100 = 600
    other = NodeScore("b", 50, 50, 100, 100)
    worse = NodeScore("c", 10, 10, 0, 100)
    decisions = (
        _decision("web-1", "web", "a"),
        _decision("web-2", "web", "b", (tie, other, worse), (("gpu-1", "taint sin tolerar"),)),
        _decision("web-3", "web", "b"),
        _decision("train-1", "train", "gpu-1", (),
                  (("a", "poca CPU"), ("b", "poca memoria"), ("c", "poca CPU"))),
    )  # fmt: skip
    return Placement(NODES, (), decisions)


def test_web2_decision_ties_and_spread() -> None:
    values = placement_numbers(_placed())
    assert values["cont_sched_web2_node"] == "b"
    assert values["cont_sched_web2_total"] == 600
    assert values["cont_sched_web2_ties"] == 2
    assert values["cont_sched_web2_rejected"] == "taint sin tolerar"
    assert values["cont_sched_web_spread"] == "1 + 2"  # en el orden de los nodos; gpu-1, fuera
    assert values["cont_sched_train_node"] == "gpu-1"
    assert values["cont_sched_train_rejected"] == "poca CPU"  # el primero en orden alfabético


def test_weights_and_defaults_are_the_scheduler_ones() -> None:
    values = placement_numbers(_placed())
    assert values["cont_sched_w_taint"] == placement.PLUGIN_WEIGHTS["TaintToleration"] == 3
    assert values["cont_sched_w_spread"] == 2
    assert (values["cont_sched_skew_host"], values["cont_sched_skew_zone"]) == (3, 5)
    assert values["cont_sched_default_cpu"] == 100
    assert values["cont_sched_default_mem"] == 200
    assert next(iter(values)) == "cont_sched_web2_node"


def test_a_cluster_without_the_example_pods_is_an_error() -> None:
    with pytest.raises(ValueError, match="web-2"):
        placement_numbers(Placement(NODES, (), (_decision("web-1", "web", "a"),)))


def test_every_key_is_used_by_the_page() -> None:
    values = placement_numbers(_placed())
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(cont_sched_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(cont_sched_[a-z0-9_]+)", text))
    assert set(values) == used

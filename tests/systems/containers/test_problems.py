"""Pruebas de los problemas aleatorios (dadsbook.systems.containers.problems)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import problems, replicaset


@settings(max_examples=40)
@given(seed=st.integers(0, 10_000))
def test_hpa_problem_is_seeded_and_bounded(seed: int) -> None:
    p = problems.random_hpa_problem(seed)
    assert p == problems.random_hpa_problem(seed)
    low, high = p.spec.min_replicas, p.spec.max_replicas
    assert all(low <= n <= high for n in p.solve())
    json.dumps(p.as_dict())


@settings(max_examples=40)
@given(seed=st.integers(0, 10_000))
def test_keda_problem_activates_above_threshold(seed: int) -> None:
    p = problems.random_keda_problem(seed)
    for metric, replicas in zip(p.metrics, p.solve(), strict=True):
        if metric > p.spec.activation_value:
            assert replicas >= 1
    json.dumps(p.as_dict())


def test_self_healing_problem() -> None:
    p = replicaset.random_self_healing(3)
    assert p == replicaset.random_self_healing(3)
    json.dumps(p.as_dict())


def test_bad_sizes() -> None:
    with pytest.raises(ValueError, match="cycles"):
        problems.random_hpa_problem(1, cycles=0)
    with pytest.raises(ValueError, match="polls"):
        problems.random_keda_problem(1, polls=0)

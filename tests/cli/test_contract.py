"""El contrato único de los simuladores: ``random_problem(rng) → Problem``,
``Problem.cost()``, ``Problem.solve()``, y el tope comprobado en un solo sitio."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from dadsbook.cli.main import load, simulators
from dadsbook.cli.registry import Cost, Problem, Solution

NAMES = sorted(simulators())


@pytest.mark.parametrize("name", NAMES)
def test_random_problems_keep_the_contract(name: str) -> None:
    """Cada simulador plantea, con cualquier semilla, un problema que cabe y se resuelve."""
    sim = load(name)
    for seed in range(2):
        problem = sim.random_problem(random.Random(seed))
        assert isinstance(problem, Problem) and problem.simulator is sim
        assert problem == sim.random_problem(random.Random(seed)), "la semilla no lo fija"
        json.dumps(problem.data)  # los datos son el JSON estable de --json
        cost = problem.cost()
        assert isinstance(cost, Cost) and 0 <= cost.steps <= sim.max_steps, (name, seed, cost)
        assert problem.describe().strip()
        solution = problem.solve()
        assert isinstance(solution, Solution) and solution.text.strip()
        json.dumps(solution.data, default=float)


def test_solve_checks_the_cap_before_solving() -> None:
    """Un problema por encima del tope no llega a resolverse, venga de donde venga."""
    calls: list[object] = []

    def solve(data: dict[str, object]) -> Solution:
        calls.append(data)
        return Solution("resuelto", {})

    tight = dataclasses.replace(load("scheduler"), max_steps=1, solve=solve)
    problem = tight.random_problem(random.Random(1))
    with pytest.raises(ValueError, match=r"pasos de simulación; como mucho 1$"):
        problem.solve()
    assert calls == []


def test_a_figure_over_its_limit_is_refused_only_when_plotting() -> None:
    real = load("scheduler")
    huge = dataclasses.replace(real, cost=lambda data: Cost(1, "--jobs", figure=10**6))
    problem = huge.random_problem(random.Random(2))
    assert problem.check().figure == 10**6
    with pytest.raises(ValueError, match="--plot: la figura tendría"):
        problem.solve(plot=True)

"""Cada simulador de contenedores dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import random

import pytest
from matplotlib.figure import Figure

from dadsbook.cli.registry import Simulator
from dadsbook.systems.containers import sims


@pytest.mark.parametrize(
    "sim",
    [sims.HPA, sims.KEDA, sims.REPLICASET, sims.CFS, sims.PLACEMENT, sims.CLUSTER],
    ids=lambda s: s.name,
)
def test_each_simulator_draws_its_figure(sim: Simulator) -> None:
    solution = sim.random_problem(random.Random(1)).solve(plot=True)
    assert solution.figure is not None
    figure = solution.figure()
    assert isinstance(figure, Figure) and figure.axes

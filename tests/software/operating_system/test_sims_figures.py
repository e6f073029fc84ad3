"""Cada simulador de sistemas operativos dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import random

import pytest
from matplotlib.figure import Figure

from dadsbook.cli.registry import Simulator
from dadsbook.software.operating_system import sims


@pytest.mark.parametrize(
    "sim",
    [sims.STEALING, sims.NICE, sims.MULTITASKING, sims.MLFQ, sims.POLICYMIX],
    ids=lambda s: s.name,
)
def test_each_simulator_draws_its_figure(sim: Simulator) -> None:
    solution = sim.random_problem(random.Random(1)).solve(plot=True)
    assert solution.figure is not None
    figure = solution.figure()
    assert isinstance(figure, Figure) and figure.axes

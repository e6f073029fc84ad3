"""Cada simulador de la nube dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import random

import pytest
from matplotlib.figure import Figure

from dadsbook.cli.registry import Simulator
from dadsbook.systems.cloud import sims


@pytest.mark.parametrize(
    "sim",
    [
        sims.BALANCER,
        sims.SERVERLESS,
        sims.SCALESET,
        sims.CHOICES,
        sims.APPSERVICE,
        sims.OVERPROVISION,
    ],
    ids=lambda s: s.name,
)
def test_each_simulator_draws_its_figure(sim: Simulator) -> None:
    solution = sim.random_problem(random.Random(1)).solve(plot=True)
    assert solution.figure is not None
    figure = solution.figure()
    assert isinstance(figure, Figure) and figure.axes


def test_dynamic_serverless_draws_the_concurrency() -> None:
    from dadsbook.cli.main import simulator_parser

    args = simulator_parser("serverless").parse_args(["--dynamic"])
    solution = sims.SERVERLESS.problem(args, random.Random(1)).solve(plot=True)
    assert solution.figure is not None and solution.figure().axes

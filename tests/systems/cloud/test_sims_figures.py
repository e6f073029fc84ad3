"""Cada simulador de la nube dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import random

import pytest
from figure_checks import simulator_figure

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
    simulator_figure(sim)


def test_dynamic_serverless_draws_the_concurrency() -> None:
    from dadsbook.cli.main import simulator_parser

    args = simulator_parser("serverless").parse_args(["--dynamic"])
    solution = sims.SERVERLESS.problem(args, random.Random(1)).solve(plot=True)
    assert solution.figure is not None and solution.figure().axes

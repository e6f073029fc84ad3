"""Cada simulador de sistemas operativos dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import pytest
from figure_checks import simulator_figure

from dadsbook.cli.registry import Simulator
from dadsbook.software.operating_system import sims


@pytest.mark.parametrize(
    "sim",
    [sims.STEALING, sims.NICE, sims.MULTITASKING, sims.MLFQ, sims.POLICYMIX],
    ids=lambda s: s.name,
)
def test_each_simulator_draws_its_figure(sim: Simulator) -> None:
    simulator_figure(sim)

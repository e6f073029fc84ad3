"""Cada simulador de contenedores dibuja su figura con ``--plot`` (la pide por su nombre)."""

from __future__ import annotations

import pytest
from figure_checks import simulator_figure

from dadsbook.cli.registry import Simulator
from dadsbook.systems.containers import sims


@pytest.mark.parametrize(
    "sim",
    [sims.HPA, sims.KEDA, sims.REPLICASET, sims.CFS, sims.PLACEMENT, sims.CLUSTER],
    ids=lambda s: s.name,
)
def test_each_simulator_draws_its_figure(sim: Simulator) -> None:
    simulator_figure(sim)

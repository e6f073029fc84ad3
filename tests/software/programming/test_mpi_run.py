"""Pruebas del programa MPI lanzado con mpiexec (mpi_run)."""

from __future__ import annotations

import math

import pytest

from dadsbook.machine import usable_cores
from dadsbook.software.programming import mpi_run

# Procesos o servidores reales durante segundos: fuera de make check.
pytestmark = pytest.mark.slow


def test_one_rank_computes_pi_and_the_ring_returns() -> None:
    run = mpi_run.run_mpi(1, intervals=100_000, repeats=1, laps=5)
    assert run.ranks == 1
    assert run.error < 1e-9
    assert run.pi == pytest.approx(math.pi)
    assert run.hop_s > 0
    assert run.as_dict()["laps"] == 5


def test_all_usable_ranks() -> None:
    ranks = usable_cores()
    runs = mpi_run.scaling([1, ranks], intervals=200_000, repeats=1, laps=3, payload=1000)
    assert [r.ranks for r in runs] == [1, ranks]
    assert all(r.error < 1e-9 for r in runs)
    assert all(r.load is not None and len(r.lap_seconds) == 3 for r in runs)
    assert "load" not in runs[0].as_dict() and runs[0].as_dict()["busy"] is runs[0].busy


def test_parse_detects_a_bad_result() -> None:
    good = (
        '{"kind": "pi", "ranks": 1, "intervals": 1000, "counted": 1000, '
        f'"pi": {math.pi}, "seconds": [0.1]}}\n'
        '{"kind": "ring", "ranks": 1, "laps": 2, "payload": 8, "laps_ok": 2, "seconds": 0.1, '
        '"lap_seconds": [0.04, 0.06]}\n'
    )
    assert mpi_run._parse(good, 1, 1000, 2).pi == math.pi
    with pytest.raises(RuntimeError, match="intacto"):
        mpi_run._parse(good.replace('"laps_ok": 2', '"laps_ok": 1'), 1, 1000, 2)
    with pytest.raises(RuntimeError, match="intervalos"):
        mpi_run._parse(good.replace('"counted": 1000', '"counted": 999'), 1, 1000, 2)
    with pytest.raises(RuntimeError, match="π"):
        mpi_run._parse(good.replace(f"{math.pi}", "3.2"), 1, 1000, 2)
    assert mpi_run._parse(good, 1, 1000, 2).hop_s == pytest.approx(0.05)
    with pytest.raises(RuntimeError, match="cada una de las 2 vueltas"):
        mpi_run._parse(good.replace("[0.04, 0.06]", "[0.04]"), 1, 1000, 2)
    with pytest.raises(RuntimeError, match="dos resultados"):
        mpi_run._parse("nada\n", 1, 1000, 2)


@pytest.mark.parametrize("ranks", [0, -2, True])
def test_ranks_below_one(ranks: int) -> None:
    with pytest.raises(ValueError, match="ranks debe ser un entero ≥ 1"):
        mpi_run.run_mpi(ranks)


def test_no_oversubscription_by_default() -> None:
    with pytest.raises(ValueError, match="núcleos"):
        mpi_run.run_mpi(usable_cores() + 1)


def test_scaling_needs_ranks() -> None:
    with pytest.raises(ValueError, match="ranks"):
        mpi_run.scaling([])

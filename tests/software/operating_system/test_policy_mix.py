"""Pruebas de la comparación de políticas sobre la mezcla interactiva y por lotes."""

from __future__ import annotations

import pytest

from dadsbook.software.operating_system import mlfq, policy_mix


def test_fifo_makes_interactive_jobs_wait_behind_batch() -> None:
    """Con dos lotes largos delante, FIFO da a los interactivos peor respuesta que RR y MLFQ."""
    rows = {r.policy: r for r in policy_mix.compare(mlfq.random_jobs(3, 8, 2, horizon=80))}
    assert set(rows) == {"FIFO", "SJF", "STCF", "RR (q=2)", "MLFQ"}
    assert rows["FIFO"].interactive_response > rows["RR (q=2)"].interactive_response
    assert rows["FIFO"].interactive_response > rows["MLFQ"].interactive_response


def test_table_has_one_row_per_policy() -> None:
    rows = policy_mix.compare(mlfq.random_jobs(1))
    assert len(policy_mix.table(rows).rows) == 5


def test_rejects_io_jobs() -> None:
    with pytest.raises(ValueError, match="E/S"):
        policy_mix.compare((mlfq.Job("x", 0, 5, io_every=1, io_time=1),))
    with pytest.raises(ValueError, match="quantum"):
        policy_mix.compare(mlfq.random_jobs(1), quantum=0)

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


def test_across_seeds_gives_one_sample_per_mix() -> None:
    mix = policy_mix.across_seeds([1, 2, 3])
    assert mix.seeds == (1, 2, 3)
    assert set(mix.samples) == {"FIFO", "SJF", "STCF", "RR (q=2)", "MLFQ"}
    assert all(len(v) == 3 for by in mix.samples.values() for v in by.values())
    first = {r.policy: r for r in policy_mix.compare(mlfq.random_jobs(1, 8, 2, horizon=80))}
    assert mix.samples["MLFQ"]["batch_turnaround"][0] == first["MLFQ"].batch_turnaround


def test_leaders_and_the_trade_off_come_from_the_verdict() -> None:
    """Veinte mezclas: STCF/MLFQ en cabeza de la respuesta, FIFO/SJF en la de los lotes."""
    mix = policy_mix.across_seeds(range(1, 21))
    inter = mix.leaders("interactive_response")
    batch = mix.leaders("batch_turnaround")
    assert set(inter.leaders) <= {"STCF", "MLFQ"} and set(batch.leaders) <= {"FIFO", "SJF"}
    assert mix.trade_off() == "ninguna política queda en cabeza en las dos cosas"
    assert mix.responsiveness_cost().startswith("en las 20 mezclas de esta página, RR (q=2) y MLFQ")


def test_too_few_mixes_do_not_decide() -> None:
    """Con tres mezclas el veredicto no decide: nadie queda solo en cabeza ni se afirma el coste."""
    mix = policy_mix.across_seeds([1, 2, 3])
    assert not mix.leaders("interactive_response").decided
    assert "no se vio del todo" in mix.responsiveness_cost()
    assert "RR (q=2) y MLFQ" not in mix.responsiveness_cost()


def test_samples_validation() -> None:
    mix = policy_mix.across_seeds([1])
    with pytest.raises(ValueError, match="metric"):
        mix.leaders("felicidad")
    with pytest.raises(ValueError, match="b debe ser uno de estos valores"):
        mix.verdict("batch_turnaround", "FIFO", "LIFO")
    with pytest.raises(ValueError, match="seeds"):
        policy_mix.across_seeds([])

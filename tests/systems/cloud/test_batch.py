"""Pruebas del lote real en Dask distributed (dadsbook.systems.cloud.batch)."""

from __future__ import annotations

import pytest

from dadsbook import hygiene
from dadsbook.systems.cloud import batch


def test_batch_runs_every_task_on_real_workers_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(batch.SCHEDULER_ENV, raising=False)
    before = hygiene.Snapshot.take()
    run = batch.run_batch(2, tasks=6, iterations=1000, repeats=1, warmup=0)
    assert sum(run.tasks_per_worker) == 6
    assert len(run.tasks_per_worker) <= 2 and not run.external
    assert run.as_dict()["tasks"] == 6
    assert hygiene.leftovers(before) == []


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="tasks"):
        batch.run_batch(1, tasks=0, iterations=10)
    with pytest.raises(ValueError, match="workers"):
        batch.run_batch(0, tasks=1, iterations=10)

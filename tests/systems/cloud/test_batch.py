"""Pruebas del lote real en Dask distributed (dadsbook.systems.cloud.batch)."""

from __future__ import annotations

import socket
import warnings

import pytest

from dadsbook import hygiene
from dadsbook.systems.cloud import batch

# Procesos o servidores reales durante segundos: fuera de make check.
pytestmark = pytest.mark.slow


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


def test_a_busy_port_8787_does_not_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    """El servidor HTTP del planificador no usa el 8787: si está ocupado, ni un aviso.

    Un aviso en stderr rompería la construcción del libro (``-W``).
    """
    monkeypatch.delenv(batch.SCHEDULER_ENV, raising=False)
    with socket.socket() as blocker:
        try:
            blocker.bind(("127.0.0.1", 8787))
            blocker.listen()
        except OSError:
            pass  # ya lo ocupa otro proceso: la prueba vale igual
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run = batch.run_batch(1, tasks=2, iterations=1000, repeats=1, warmup=0)
    assert sum(run.tasks_per_worker) == 2
    assert [str(w.message) for w in caught if "8787" in str(w.message)] == []


def test_batches_table_is_spanish() -> None:
    timing = batch.measure.Measurement("x", (1_500_000_000, 1_250_000_000, 1_750_000_000), 1)
    table = batch.batches_table([batch.BatchRun(2, 6, (3, 3), timing, external=False)])
    assert table.rows == [("2", "3 + 3", "1,5 s", "1,38 s – 1,62 s", "3")]

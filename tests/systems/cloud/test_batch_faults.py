"""Pruebas del job con un trabajador muerto de verdad (dadsbook.systems.cloud.batch_faults)."""

from __future__ import annotations

import psutil
import pytest

from dadsbook.systems.cloud import batch
from dadsbook.systems.cloud import batch_faults as bf

# Procesos o servidores reales durante segundos: fuera de make check.
pytestmark = pytest.mark.slow


def test_killed_worker_retries_and_idempotent_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(batch.SCHEDULER_ENV, raising=False)
    job = bf.run_faulty_job(tasks=6, seconds=0.2, flaky=(1,), kill_after=2)
    assert job.results_ok
    assert not psutil.pid_exists(job.killed_pid)
    # La tarea frágil falló una vez y el reintento la completó.
    first = [a for a in job.attempts if a.task == 1]
    assert first[0].outcome == "fallo transitorio"
    assert first[-1].outcome == "completado"
    # Al menos una vez: cada tarea empezó una vez o más; lo idempotente quedó exacto.
    assert all(n >= 1 for n in job.executions.values())
    assert job.output_files == 6 and job.output_sum == job.expected_sum
    # El registro no idempotente tiene una línea por cada ejecución que llegó a escribirla:
    # todas las completadas y, si el SIGKILL cayó entre esa línea y el final de la tarea,
    # también la interrumpida (la carrera que hace falsa la igualdad en una máquina cargada).
    completed = sum(a.outcome == "completado" for a in job.attempts)
    interrupted = sum(a.outcome == "interrumpido" for a in job.attempts)
    assert completed >= 6
    assert completed <= job.ledger_lines <= completed + interrupted
    assert "pasó por el nodo caído" in str(bf.attempts_table(job))


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="kill_after"):
        bf.run_faulty_job(tasks=3, seconds=0.1, kill_after=3)
    with pytest.raises(ValueError, match="flaky"):
        bf.run_faulty_job(tasks=5, seconds=0.1, flaky=(7,))
    with pytest.raises(ValueError, match="workers"):
        bf.run_faulty_job(tasks=5, seconds=0.1, workers=1)

"""Azure Batch sobre Dask: pool, job y tasks, con reintentos y un nodo que muere de verdad.

El vocabulario de Azure Batch se traduce así al ``LocalCluster`` de Dask:

- **pool** (el grupo de nodos de cálculo) → los procesos trabajadores del clúster;
- **job** (el trabajo, un conjunto de tareas) → un ``client.map`` sobre la lista;
- **task** (una orden en un nodo) → una llamada a :func:`job_task`, con
  ``retries`` reintentos si falla (en Batch, ``maxTaskRetryCount``).

Cuando un nodo desaparece, Batch vuelve a poner en cola sus tareas, y esos reintentos
**no cuentan** contra ``maxTaskRetryCount``; Dask hace lo mismo: el planificador
reasigna lo que estaba en el trabajador caído (y recalcula los resultados que solo
guardaba él). La consecuencia es la entrega **al menos una vez** (*at-least-once*):
una tarea puede ejecutarse más de una vez, así que debe ser **idempotente**.
:func:`run_faulty_job` lo muestra con dos salidas de la misma tarea: una línea añadida
a un registro compartido (no idempotente: cada ejecución repetida la duplica) y un
fichero por tarea escrito con un renombrado atómico (idempotente: repetirlo deja lo
mismo).

Todo ocurre en ``127.0.0.1``, sin panel, y el clúster se cierra al salir de la función.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dadsbook import fmt
from dadsbook.systems.cloud.batch import client
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = ["Attempt", "FaultyJob", "attempts_table", "job_task", "run_faulty_job"]


class TransientError(RuntimeError):
    """Un fallo pasajero (la red, un servicio ocupado): reintentar lo arregla."""


def job_task(index: int, workdir: str, seconds: float, flaky: bool) -> int:
    """Una tarea del job: deja constancia de cada intento, trabaja y escribe su salida.

    Si ``flaky`` es verdadero, el primer intento falla con :class:`TransientError`.
    Devuelve ``index²``, el resultado que el cliente comprueba.
    """
    root = Path(workdir)
    start = time.time_ns()
    stem = f"{index}-{os.getpid()}-{start}"
    (root / "attempts" / stem).touch()
    earlier = list((root / "attempts").glob(f"{index}-*"))
    if flaky and len(earlier) == 1:
        (root / "attempts" / f"{stem}.failed").write_text(str(time.time_ns()))
        raise TransientError(f"la tarea {index} falló en su primer intento")
    time.sleep(seconds)
    result = index * index
    with (root / "ledger.txt").open("a", encoding="utf-8") as ledger:  # no idempotente
        ledger.write(f"{index} {result}\n")
    tmp = root / "out" / f".{stem}.tmp"  # idempotente: escribir y renombrar
    tmp.write_text(str(result))
    tmp.replace(root / "out" / f"{index}.txt")
    (root / "attempts" / f"{stem}.done").write_text(str(time.time_ns()))
    return result


@dataclass(frozen=True)
class Attempt:
    """Un intento de una tarea: en qué proceso, cuándo y cómo acabó."""

    task: int
    pid: int
    start_s: float
    end_s: float | None
    outcome: str  # «completado», «fallo transitorio» o «interrumpido»


@dataclass(frozen=True)
class FaultyJob:
    """Lo que dejó un job con un nodo perdido y tareas que fallan una vez."""

    tasks: int
    attempts: tuple[Attempt, ...]
    killed_pid: int
    killed_at_s: float
    flaky: tuple[int, ...]
    results_ok: bool
    ledger_lines: int
    ledger_sum: int
    expected_sum: int
    output_files: int
    output_sum: int
    elapsed_s: float

    @property
    def executions(self) -> dict[int, int]:
        """Cuántas veces empezó cada tarea."""
        counts = dict.fromkeys(range(self.tasks), 0)
        for a in self.attempts:
            counts[a.task] += 1
        return counts

    @property
    def rerun(self) -> tuple[int, ...]:
        """Tareas que empezaron más de una vez."""
        return tuple(t for t, n in self.executions.items() if n > 1)

    @property
    def duplicated_in_ledger(self) -> int:
        """Líneas de más en el registro no idempotente."""
        return self.ledger_lines - self.tasks

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "tasks": self.tasks,
            "attempts": len(self.attempts),
            "rerun": list(self.rerun),
            "flaky": list(self.flaky),
            "results_ok": self.results_ok,
            "ledger_lines": self.ledger_lines,
            "ledger_sum": self.ledger_sum,
            "expected_sum": self.expected_sum,
            "output_files": self.output_files,
            "output_sum": self.output_sum,
        }


def _attempts(root: Path, origin_ns: int) -> tuple[Attempt, ...]:
    found = []
    for path in sorted((root / "attempts").iterdir()):
        if path.suffix:
            continue
        task, pid, start = (int(part) for part in path.name.split("-"))
        done, failed = path.with_suffix(".done"), path.with_suffix(".failed")
        end: float | None = None
        outcome = "interrumpido"
        for marker, label in ((done, "completado"), (failed, "fallo transitorio")):
            if marker.exists():
                end, outcome = (int(marker.read_text()) - origin_ns) / 1e9, label
        found.append(Attempt(task, pid, (start - origin_ns) / 1e9, end, outcome))
    return tuple(sorted(found, key=lambda a: a.start_s))


def run_faulty_job(
    *,
    tasks: int,
    seconds: float,
    workers: int = 2,
    flaky: Sequence[int] = (1,),
    retries: int = 2,
    kill_after: int = 3,
    timeout_s: float = 120.0,
) -> FaultyJob:
    """Ejecuta un job de ``tasks`` tareas y mata de verdad (``SIGKILL``) un trabajador.

    Cuando han terminado ``kill_after`` tareas, se elige un trabajador que esté
    ejecutando alguna y se mata su proceso; el *nanny* de Dask arranca otro y el
    planificador reasigna lo perdido. Lanza ``RuntimeError`` si no se pudo matar
    ningún trabajador o si algún resultado no es el esperado.
    """
    check_int("tasks", tasks, 2)
    check_number("seconds", seconds, positive=True)
    check_int("workers", workers, 2)
    check_int("kill_after", kill_after, 1)
    check_int("retries", retries, 0)
    if kill_after >= tasks:
        raise ValueError(f"kill_after debe ser menor que tasks ({tasks}); se recibió {kill_after}")
    if any(not 0 <= i < tasks for i in flaky):
        raise ValueError(f"flaky debe contener índices entre 0 y {tasks - 1}; se recibió {flaky}")
    from dask.distributed import as_completed, wait

    with tempfile.TemporaryDirectory(prefix="dadsbook-batch-") as tmp:
        root = Path(tmp)
        (root / "attempts").mkdir()
        (root / "out").mkdir()
        with client(workers) as dask_client:
            c = dask_client  # Dask no trae tipos
            origin = time.time_ns()
            futures = c.map(  # type: ignore[attr-defined]
                job_task, range(tasks), [tmp] * tasks, [seconds] * tasks,
                [i in flaky for i in range(tasks)], retries=retries, pure=False,
            )  # fmt: skip
            killed_pid, killed_at = 0, 0.0
            finished = as_completed(futures)  # type: ignore[no-untyped-call]
            for _ in range(kill_after):
                next(finished)
            deadline = time.monotonic() + timeout_s
            while not killed_pid and time.monotonic() < deadline:
                busy = [w for w, keys in c.processing().items() if keys]  # type: ignore[attr-defined]
                if busy:
                    pid = c.run(os.getpid, workers=busy[:1])[busy[0]]  # type: ignore[attr-defined]
                    os.kill(pid, signal.SIGKILL)
                    killed_pid, killed_at = pid, (time.time_ns() - origin) / 1e9
                else:
                    time.sleep(0.01)
            wait(futures, timeout=timeout_s)  # type: ignore[no-untyped-call]
            results = c.gather(futures)  # type: ignore[attr-defined]
            elapsed = (time.time_ns() - origin) / 1e9
        if not killed_pid:
            raise RuntimeError("no se encontró ningún trabajador ocupado al que matar")
        expected = [i * i for i in range(tasks)]
        ledger = (root / "ledger.txt").read_text(encoding="utf-8").split()
        outputs = sorted((root / "out").glob("*.txt"))
        return FaultyJob(
            tasks=tasks,
            attempts=_attempts(root, origin),
            killed_pid=killed_pid,
            killed_at_s=killed_at,
            flaky=tuple(flaky),
            results_ok=list(results) == expected,
            ledger_lines=len(ledger) // 2,
            ledger_sum=sum(int(v) for v in ledger[1::2]),
            expected_sum=sum(expected),
            output_files=len(outputs),
            output_sum=sum(int(p.read_text()) for p in outputs),
            elapsed_s=elapsed,
        )


def attempts_table(job: FaultyJob) -> Table:
    """Una fila por tarea: cuántas veces empezó y cómo acabó cada intento."""
    by_task: dict[int, list[Attempt]] = {}
    for a in job.attempts:
        by_task.setdefault(a.task, []).append(a)
    rows = [
        (
            fmt.number(task),
            fmt.number(len(tries)),
            " → ".join(a.outcome for a in tries),
            "sí" if any(a.pid == job.killed_pid for a in tries) else "no",
        )
        for task, tries in sorted(by_task.items())
    ]
    headers = ("tarea", "intentos", "resultado de cada intento", "pasó por el nodo caído")
    return Table(headers, rows, caption="Intentos de cada tarea del job")

"""Un trabajo por lotes real sobre Dask distributed.

Azure Batch, AWS Batch o un clúster de Slurm hacen lo mismo a gran escala: partir un
trabajo grande en tareas independientes y repartirlas entre nodos. Aquí el motor es
**Dask distributed**, real: un planificador y procesos trabajadores que se hablan por
TCP. En el libro el clúster es local (``LocalCluster`` con procesos en esta máquina);
con la variable de entorno ``DADSBOOK_DASK_SCHEDULER=tcp://host:8786`` el mismo código
usa un planificador externo, es decir, un clúster de verdad::

    # en el nodo planificador
    dask scheduler --port 8786
    # en cada nodo trabajador (con dadsbook instalado)
    dask worker tcp://planificador:8786 --nworkers 1 --nthreads 1

Las tareas son funciones del paquete (:func:`dadsbook.workloads.python_spin`): los
trabajadores deben poder importarlas.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.validation import check_int
from dadsbook.workloads import python_spin

__all__ = ["SCHEDULER_ENV", "BatchRun", "batches_table", "client", "run_batch", "spin_task"]

SCHEDULER_ENV = "DADSBOOK_DASK_SCHEDULER"


def spin_task(iterations: int) -> tuple[int, int]:
    """Una tarea del lote: cálculo puro; devuelve el PID del trabajador y el resultado."""
    return os.getpid(), python_spin(iterations)


@dataclass(frozen=True)
class BatchRun:
    """Un lote ejecutado: trabajadores, tareas por trabajador y tiempo medido."""

    workers: int
    tasks: int
    tasks_per_worker: tuple[int, ...]
    timing: measure.Measurement
    external: bool

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "workers": self.workers,
            "tasks": self.tasks,
            "tasks_per_worker": list(self.tasks_per_worker),
            "median_s": self.timing.median_s,
            "external": self.external,
        }


@contextmanager
def client(workers: int) -> Iterator[object]:
    """Un cliente de Dask: del planificador externo si ``DADSBOOK_DASK_SCHEDULER`` está
    definida; si no, de un ``LocalCluster`` con ``workers`` procesos de un hilo.

    Al salir se cierran el cliente y el clúster local: no queda ningún proceso.
    """
    check_int("workers", workers, 1)
    from dask.distributed import Client, LocalCluster

    # Al cerrar el clúster, un trabajador puede registrar un error de latido (*heartbeat*)
    # con el planificador ya cerrado: ruido inofensivo que iría a stderr y rompería la
    # construcción. Los fallos de verdad no se pierden: run_batch comprueba cada resultado.
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    address = os.environ.get(SCHEDULER_ENV)
    if address:
        with Client(address, timeout=30) as remote:  # type: ignore[no-untyped-call]
            yield remote
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # Sin panel, el planificador abre igualmente su servidor HTTP (salud,
            # métricas) en el puerto 8787; si está ocupado, avisa por stderr y eso rompe
            # la construcción. Un puerto libre de 127.0.0.1 no choca con nadie.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as local,  # type: ignore[no-untyped-call]
    ):
        yield local


def run_batch(
    workers: int,
    *,
    tasks: int,
    iterations: int,
    repeats: int | None = None,
    warmup: int | None = None,
) -> BatchRun:
    """Reparte ``tasks`` tareas de ``iterations`` vueltas entre ``workers`` trabajadores.

    El clúster se arranca fuera de la medición; se mide enviar el lote y recoger todos
    los resultados. Lanza ``RuntimeError`` si algún resultado falta o difiere.
    """
    check_int("tasks", tasks, 1)
    check_int("iterations", iterations, 1)
    expected = python_spin(iterations)
    counts: Counter[int] = Counter()
    with client(workers) as dask_client:
        submit_map = dask_client.map  # type: ignore[attr-defined]
        gather = dask_client.gather  # type: ignore[attr-defined]

        def one_batch() -> None:
            futures = submit_map(spin_task, [iterations] * tasks, pure=False)
            results = gather(futures)
            if len(results) != tasks or any(value != expected for _, value in results):
                raise RuntimeError("el lote devolvió resultados incompletos o distintos")
            counts.clear()
            counts.update(pid for pid, _ in results)

        timing = measure.measure(
            one_batch, repeats=repeats, warmup=warmup, label=f"{workers} trabajadores"
        )
    per_worker = tuple(sorted(counts.values(), reverse=True))
    return BatchRun(
        workers, tasks, per_worker, timing, external=bool(os.environ.get(SCHEDULER_ENV))
    )


def batches_table(runs: Sequence[BatchRun]) -> Table:
    """Un lote por fila: trabajadores, reparto de tareas y tiempo (mediana y RIC)."""
    rows = [
        (
            fmt.number(r.workers),
            " + ".join(fmt.number(n) for n in r.tasks_per_worker),
            fmt.seconds(r.timing.median_s),
            f"{fmt.seconds(r.timing.q1_s)} – {fmt.seconds(r.timing.q3_s)}",
            fmt.number(len(r.timing.samples_ns)),
        )
        for r in runs
    ]
    headers = ("trabajadores", "tareas por trabajador", "mediana", "RIC", "repeticiones")
    return Table(headers, rows, caption="El lote en Dask distributed")

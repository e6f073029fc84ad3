"""FIFO, SJF, STCF, turno rotatorio y MLFQ sobre una mezcla interactiva y por lotes.

FIFO, SJF, STCF y el turno rotatorio los simula el planificador del capítulo de la
CPU (:mod:`dadsbook.hardware.cpu.scheduler`); la MLFQ, :mod:`.mlfq`. Aquí solo se
traduce la mezcla de trabajos a los dos simuladores y se resumen las métricas por
clase de trabajo: las ráfagas **interactivas** quieren respuesta; los **lotes**,
terminar.

>>> rows = compare(random_jobs(1))
>>> [r.policy for r in rows][:2]
['FIFO', 'SJF']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from dadsbook.hardware.cpu import scheduler
from dadsbook.software.operating_system import mlfq
from dadsbook.software.operating_system._checks import check_int
from dadsbook.software.operating_system.mlfq import random_jobs
from dadsbook.tables import Table

__all__ = ["PolicyRow", "compare", "random_jobs", "table"]

_INTERACTIVE = "interactivo"


@dataclass(frozen=True)
class PolicyRow:
    """Medias de una política: respuesta y retorno de los interactivos, retorno de los lotes."""

    policy: str
    interactive_response: float
    interactive_turnaround: float
    batch_turnaround: float

    def as_dict(self) -> dict[str, object]:
        """La fila con tipos simples (para JSON)."""
        return asdict(self)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _row(policy: str, metrics: Sequence[tuple[str, float, float]]) -> PolicyRow:
    inter = [(r, t) for name, r, t in metrics if name.startswith(_INTERACTIVE)]
    batch = [t for name, _, t in metrics if not name.startswith(_INTERACTIVE)]
    return PolicyRow(
        policy,
        float(_mean([r for r, _ in inter])),
        float(_mean([t for _, t in inter])),
        float(_mean(batch)),
    )


def compare(
    jobs: Sequence[mlfq.Job],
    *,
    quantum: int = 2,
    config: mlfq.MLFQConfig | None = None,
) -> tuple[PolicyRow, ...]:
    """Las cinco políticas sobre ``jobs`` (sin E/S); los interactivos se llaman «interactivo…».

    ``quantum`` es el del turno rotatorio; ``config``, el de la MLFQ (por defecto
    tres niveles con *quanta* 2, 4 y 8 e impulso cada 50 *ticks*).
    """
    check_int("quantum", quantum, 1, 1_000_000)
    for job in jobs:
        if not isinstance(job, mlfq.Job):
            raise TypeError(f"jobs debe contener objetos mlfq.Job; se recibió {job!r}")
        if job.io_every is not None:
            raise ValueError(
                f"el trabajo {job.name!r} hace E/S: el planificador de la CPU no la modela"
            )
    cpu_jobs = [scheduler.Job(j.name, j.arrival, j.work) for j in jobs]
    rows = []
    for policy in ("fifo", "sjf", "stcf", "rr"):
        result = scheduler.schedule(cpu_jobs, policy, quantum=quantum)
        label = f"RR (q={quantum})" if policy == "rr" else policy.upper()
        rows.append(_row(label, [(r.name, r.response, r.turnaround) for r in result.results]))
    cfg = config if config is not None else mlfq.MLFQConfig(3, (2, 4, 8), boost=50)
    result_mlfq = mlfq.simulate(jobs, cfg)
    rows.append(
        _row("MLFQ", [(s.name, float(s.response), float(s.turnaround)) for s in result_mlfq.stats])
    )
    return tuple(rows)


def table(rows: Sequence[PolicyRow]) -> Table:
    """Tabla de :func:`compare`."""
    return Table(
        ("política", "respuesta interactivos", "retorno interactivos", "retorno lotes"),
        [
            (r.policy, r.interactive_response, r.interactive_turnaround, r.batch_turnaround)
            for r in rows
        ],
        caption="Medias por clase de trabajo (ticks)",
    )

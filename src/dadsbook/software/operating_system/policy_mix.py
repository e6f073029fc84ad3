"""FIFO, SJF, STCF, turno rotatorio y MLFQ sobre una mezcla interactiva y por lotes.

FIFO, SJF, STCF y el turno rotatorio los simula el planificador del capítulo de la
CPU (:mod:`dadsbook.hardware.cpu.scheduler`); la MLFQ, :mod:`.mlfq`. Aquí solo se
traduce la mezcla de trabajos a los dos simuladores y se resumen las métricas por
clase de trabajo: las ráfagas **interactivas** quieren respuesta; los **lotes**,
terminar.

Una sola mezcla sembrada es un ejemplo, no una regla: :func:`across_seeds` repite la
comparación con muchas mezclas del mismo tipo y da, por política, una muestra por
mezcla; :func:`leaders` dice qué políticas quedan en cabeza según el veredicto del
libro (:mod:`dadsbook.verdict`), en lugar de tomar el mínimo de una sola ejecución.

>>> rows = compare(random_jobs(1))
>>> [r.policy for r in rows][:2]
['FIFO', 'SJF']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from dadsbook import verdict
from dadsbook.hardware.cpu import scheduler
from dadsbook.software import ranking
from dadsbook.software.operating_system import mlfq
from dadsbook.software.operating_system.mlfq import random_jobs
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_sequence

__all__ = [
    "METRICS",
    "PolicyRow",
    "PolicySamples",
    "across_seeds",
    "compare",
    "random_jobs",
    "table",
]

#: Las métricas de :class:`PolicyRow`, con su nombre en una frase (todas en *ticks*:
#: cuanto menos, mejor).
METRICS = {
    "interactive_response": "la respuesta media de los interactivos",
    "interactive_turnaround": "el retorno medio de los interactivos",
    "batch_turnaround": "el retorno medio de los lotes",
}

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


@dataclass(frozen=True)
class PolicySamples:
    """Una muestra por mezcla sembrada de cada métrica de cada política."""

    seeds: tuple[int, ...]
    samples: dict[str, dict[str, tuple[float, ...]]]  # política → métrica → por semilla

    def _metric(self, metric: str) -> dict[str, tuple[float, ...]]:
        check_choice("metric", metric, METRICS)
        return {policy: by_metric[metric] for policy, by_metric in self.samples.items()}

    def leaders(self, metric: str) -> ranking.Ranking:
        """Las políticas en cabeza (el menor valor) de ``metric``, según el veredicto."""
        return ranking.best(self._metric(metric))

    def verdict(self, metric: str, a: str, b: str) -> verdict.Verdict:
        """Veredicto de ``metric`` con la política ``a`` frente a la ``b``."""
        values = self._metric(metric)
        for name, policy in (("a", a), ("b", b)):
            check_choice(name, policy, values)
        return verdict.compare(
            values[a],
            values[b],
            a_label=f"{METRICS[metric]} con {a}",
            b_label=f"con {b}",
            more="mayor",
            less="menor",
        )

    def trade_off(self) -> str:
        """Si alguna política queda en cabeza a la vez en respuesta interactiva y en lotes."""
        inter = self.leaders("interactive_response").leaders
        batch = self.leaders("batch_turnaround").leaders
        both = [p for p in inter if p in batch]
        if not both:
            return "ninguna política queda en cabeza en las dos cosas"
        names = ", ".join(f"«{p}»" for p in both)
        return f"{names} queda en cabeza en las dos cosas"

    def responsiveness_cost(
        self, policies: Sequence[str] = ("RR (q=2)", "MLFQ"), baseline: str = "FIFO"
    ) -> str:
        """Si ``policies`` mejoran la respuesta interactiva de ``baseline`` a costa de los lotes.

        Lo dice el veredicto de cada métrica sobre las mezclas; si alguna comparación
        no sale como dice la teoría, la frase lo reconoce en lugar de repetirla.
        """
        checks = [
            (self.verdict("interactive_response", p, baseline), "menor") for p in policies
        ] + [(self.verdict("batch_turnaround", p, baseline), "mayor") for p in policies]
        names = " y ".join(policies)
        if all(v.decision == expected for v, expected in checks):
            return (
                f"en las {len(self.seeds)} mezclas de esta página, {names} mejoraron la "
                f"respuesta interactiva de {baseline} y empeoraron el retorno de los lotes"
            )
        failed = "; ".join(v.phrase for v, expected in checks if v.decision != expected)
        return f"en las {len(self.seeds)} mezclas de esta página no se vio del todo: {failed}"


def across_seeds(
    seeds: Sequence[int],
    *,
    interactive: int = 8,
    batch: int = 2,
    horizon: int = 80,
    quantum: int = 2,
) -> PolicySamples:
    """:func:`compare` sobre una mezcla :func:`random_jobs` por semilla de ``seeds``."""
    check_sequence("seeds", seeds, check_int, max_items=1000, what="semillas")
    collected: dict[str, dict[str, list[float]]] = {}
    for seed in seeds:
        jobs = random_jobs(seed, interactive, batch, horizon=horizon)
        for row in compare(jobs, quantum=quantum):
            by_metric = collected.setdefault(row.policy, {m: [] for m in METRICS})
            for metric in METRICS:
                by_metric[metric].append(float(getattr(row, metric)))
    return PolicySamples(
        tuple(seeds),
        {p: {m: tuple(v) for m, v in by.items()} for p, by in collected.items()},
    )

"""Cola multinivel con realimentación (MLFQ), con las reglas de OSTEP (capítulo 8).

El planificador no sabe cuánto durará cada trabajo; lo **aprende** observándolo:

1. Si la prioridad de A es mayor que la de B, corre A.
2. Si son iguales, A y B se turnan (turno rotatorio) con el *quantum* de su nivel.
3. Un trabajo nuevo entra en la cola de prioridad más alta.
4. Cuando un trabajo agota su **asignación** (*allotment*) de tiempo en un nivel,
   ceda o no la CPU entretanto, baja un nivel. Así no se puede engañar al
   planificador cediendo justo antes de agotar el *quantum*.
5. Cada ``boost`` unidades de tiempo todos los trabajos suben a la cola más alta
   (**impulso periódico**): nadie se muere de hambre y un trabajo que se vuelve
   interactivo recupera la prioridad.

El tiempo avanza en pasos enteros (un *tick*), como en el simulador ``mlfq.py`` de
OSTEP; un trabajo de más prioridad que llega o vuelve de E/S expulsa al que corre
en el siguiente *tick*, y el expulsado conserva el *quantum* que le quedaba.

Arpaci-Dusseau y Arpaci-Dusseau, *Operating Systems: Three Easy Pieces*, cap. 8,
«Scheduling: The Multi-Level Feedback Queue».

>>> jobs = (Job("largo", 0, 20), Job("corto", 5, 2))
>>> result = simulate(jobs, MLFQConfig(levels=3, quanta=(1, 2, 4)))
>>> result.job("corto").response, result.job("corto").turnaround
(0, 2)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from dadsbook.tables import Table
from dadsbook.timeline import JobsSummary, JobTimes
from dadsbook.validation import check_int, check_named, check_text

__all__ = [
    "Job",
    "JobStats",
    "MLFQConfig",
    "MLFQResult",
    "Run",
    "jobs_table",
    "random_jobs",
    "simulate",
]

_MAX_TIME = 1_000_000


@dataclass(frozen=True)
class Job:
    """Un trabajo: llega en ``arrival``, necesita ``work`` *ticks* de CPU.

    Si ``io_every`` no es ``None``, tras cada ``io_every`` *ticks* de CPU hace una E/S
    de ``io_time`` *ticks* (así se modela un trabajo interactivo).
    """

    name: str
    arrival: int
    work: int
    io_every: int | None = None
    io_time: int = 0

    def __post_init__(self) -> None:
        check_text("name", self.name, what="el nombre del trabajo")
        check_int("arrival", self.arrival, 0, _MAX_TIME)
        check_int("work", self.work, 1, _MAX_TIME)
        if self.io_every is not None:
            check_int("io_every", self.io_every, 1, _MAX_TIME)
        check_int("io_time", self.io_time, 0, _MAX_TIME)


def _check_per_level(name: str, values: object, levels: int, what: str) -> None:
    """Exige una tupla con un entero de 1 a ``_MAX_TIME`` por nivel (``what``: «un quantum»)."""
    if not isinstance(values, tuple) or len(values) != levels:
        raise ValueError(
            f"{name} debe ser una tupla con {what} por nivel ({levels}); se recibió {values!r}"
        )
    for value in values:
        check_int(f"{name}[i]", value, 1, _MAX_TIME)


@dataclass(frozen=True)
class MLFQConfig:
    """Parámetros de la MLFQ.

    ``quanta[i]`` es el *quantum* del nivel ``i`` (0 es el más prioritario);
    ``allotments[i]`` la asignación en ese nivel (por defecto, un *quantum*);
    ``boost`` el periodo del impulso (``None``: sin impulso).
    """

    levels: int = 3
    quanta: tuple[int, ...] = (2, 4, 8)
    allotments: tuple[int, ...] | None = None
    boost: int | None = None

    def __post_init__(self) -> None:
        check_int("levels", self.levels, 1, 64)
        _check_per_level("quanta", self.quanta, self.levels, "un quantum")
        if self.allotments is not None:
            _check_per_level("allotments", self.allotments, self.levels, "una asignación")
        if self.boost is not None:
            check_int("boost", self.boost, 1, _MAX_TIME)

    def allotment(self, level: int) -> int:
        """Asignación del nivel ``level``."""
        return self.quanta[level] if self.allotments is None else self.allotments[level]


@dataclass(frozen=True)
class Run:
    """Un tramo de CPU: ``job`` corrió en el nivel ``level`` de ``start`` a ``end``."""

    job: str
    level: int
    start: int
    end: int


@dataclass(frozen=True)
class JobStats(JobTimes[int]):
    """Métricas de un trabajo en *ticks* (:class:`dadsbook.timeline.JobTimes`) y su nivel final."""

    final_level: int


@dataclass(frozen=True)
class MLFQResult(JobsSummary):
    """Resultado de :func:`simulate`."""

    config: MLFQConfig
    runs: tuple[Run, ...]
    stats: tuple[JobStats, ...]

    def job(self, name: str) -> JobStats:
        """Las métricas del trabajo ``name``."""
        for s in self.stats:
            if s.name == name:
                return s
        raise KeyError(f"no hay ningún trabajo llamado {name!r}")

    def table(self) -> Table:
        """Tabla por trabajo: llegada, respuesta, retorno y nivel final."""
        return Table(
            ("trabajo", "llegada", "respuesta", "retorno", "nivel final"),
            [(s.name, s.arrival, s.response, s.turnaround, s.final_level) for s in self.stats],
            caption="MLFQ",
        )

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "runs": [[r.job, r.level, r.start, r.end] for r in self.runs],
            "stats": [
                {
                    "name": s.name,
                    "response": s.response,
                    "turnaround": s.turnaround,
                    "final_level": s.final_level,
                }
                for s in self.stats
            ],
        }


@dataclass
class _State:
    job: Job
    level: int
    ticks_left: int
    allot_left: int
    remaining: int
    since_io: int = 0
    io_until: int | None = None
    first_run: int | None = None
    finish: int | None = None
    trace: list[int] = field(default_factory=list)


def _check_jobs(jobs: Sequence[Job]) -> None:
    check_named("jobs", jobs, Job, max_items=1000, what="trabajos")
    if sum(j.work + j.io_time * (j.work // (j.io_every or j.work + 1)) for j in jobs) > _MAX_TIME:
        raise ValueError(f"el trabajo total no puede superar {_MAX_TIME} ticks")


def simulate(jobs: Sequence[Job], config: MLFQConfig | None = None) -> MLFQResult:
    """Simula la MLFQ ``config`` sobre ``jobs``, *tick* a *tick*."""
    _check_jobs(jobs)
    cfg = MLFQConfig() if config is None else config
    if not isinstance(cfg, MLFQConfig):
        raise TypeError(f"config debe ser un MLFQConfig; se recibió {cfg!r}")
    states = [_State(j, 0, cfg.quanta[0], cfg.allotment(0), j.work) for j in jobs]
    queues: list[list[_State]] = [[] for _ in range(cfg.levels)]
    runs: list[Run] = []
    arrivals = sorted(states, key=lambda s: (s.job.arrival, s.job.name))
    done = 0
    now = 0

    def reset(state: _State, level: int) -> None:
        state.level = level
        state.ticks_left = cfg.quanta[level]
        state.allot_left = cfg.allotment(level)

    while done < len(states):
        while arrivals and arrivals[0].job.arrival <= now:
            queues[0].append(arrivals.pop(0))
        for s in states:
            if s.io_until is not None and s.io_until <= now:
                s.io_until = None
                queues[s.level].append(s)
        if cfg.boost is not None and now > 0 and now % cfg.boost == 0:
            boosted = [s for q in queues for s in q]
            queues = [boosted] + [[] for _ in range(cfg.levels - 1)]
            for s in states:
                if s.finish is None:
                    reset(s, 0)
        level = next((i for i, q in enumerate(queues) if q), None)
        if level is None:
            now += 1
            continue
        s = queues[level][0]
        if s.first_run is None:
            s.first_run = now
        if runs and runs[-1].job == s.job.name and runs[-1].end == now and runs[-1].level == level:
            runs[-1] = Run(s.job.name, level, runs[-1].start, now + 1)
        else:
            runs.append(Run(s.job.name, level, now, now + 1))
        now += 1
        s.remaining -= 1
        s.ticks_left -= 1
        s.allot_left -= 1
        s.since_io += 1
        queue = queues[level]
        if s.remaining == 0:
            queue.pop(0)
            s.finish = now
            done += 1
            continue
        demote = s.allot_left == 0
        if s.job.io_every is not None and s.since_io == s.job.io_every:
            queue.pop(0)
            s.since_io = 0
            if demote:
                reset(s, min(level + 1, cfg.levels - 1))
            else:  # conserva lo gastado de su asignación: ceder no la renueva (regla 4)
                s.ticks_left = cfg.quanta[level]
            if s.job.io_time == 0:
                queues[s.level].append(s)
            else:
                s.io_until = now + s.job.io_time
        elif demote:
            queue.pop(0)
            reset(s, min(level + 1, cfg.levels - 1))
            queues[s.level].append(s)
        elif s.ticks_left == 0:
            queue.append(queue.pop(0))
            s.ticks_left = cfg.quanta[level]
    stats = tuple(
        JobStats(s.job.name, s.job.arrival, int(s.first_run or 0), int(s.finish or 0), s.level)
        for s in states
    )
    return MLFQResult(cfg, tuple(runs), stats)


def random_jobs(
    seed: int, interactive: int = 4, batch: int = 2, *, horizon: int = 60
) -> tuple[Job, ...]:
    """Una mezcla sembrada: ``batch`` trabajos largos en el instante 0 e ``interactive``
    ráfagas cortas que llegan repartidas hasta ``horizon``.

    >>> random_jobs(3) == random_jobs(3)
    True
    """
    check_int("seed", seed, 0, 2**32 - 1)
    check_int("interactive", interactive, 0, 200)
    check_int("batch", batch, 0, 50)
    check_int("horizon", horizon, 1, 100_000)
    if interactive + batch == 0:
        raise ValueError("interactive + batch debe ser al menos 1")
    rng = random.Random(seed)
    jobs = [Job(f"lote {i + 1}", 0, rng.randint(30, 60)) for i in range(batch)]
    arrivals = sorted(rng.randint(0, horizon) for _ in range(interactive))
    jobs += [Job(f"interactivo {i + 1}", t, rng.randint(1, 4)) for i, t in enumerate(arrivals)]
    return tuple(jobs)


def jobs_table(jobs: Sequence[Job]) -> Table:
    """Tabla de los trabajos: nombre, llegada y *ticks* de CPU que necesitan."""
    _check_jobs(jobs)
    return Table(
        ("trabajo", "llegada", "duración"),
        [(j.name, j.arrival, j.work) for j in jobs],
        caption="Trabajos (ticks)",
    )

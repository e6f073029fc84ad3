"""Informes del simulador de planificación: tablas, diagramas de Gantt y *quantum*.

- :func:`compare_policies` corre las cuatro políticas sobre los mismos trabajos.
- :func:`policies_table` las pone lado a lado (la figura, en
  :func:`dadsbook.hardware.cpu.figures.policies_figure`).
- :func:`sweep_quantum` barre el *quantum* del turno rotatorio con un coste de cambio
  de contexto y muestra el compromiso: *quantum* corto, buena respuesta y mucho
  tiempo perdido en cambios; *quantum* largo, al revés.

>>> from dadsbook.hardware.cpu.scheduler import Job
>>> jobs = [Job("A", 0, 4), Job("B", 0, 4)]
>>> sweep = sweep_quantum(jobs, [1, 4], switch_cost=0.5)
>>> sweep.response
(0.75, 2.25)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.hardware.cpu.scheduler import POLICIES, Job, Schedule, schedule
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_number

__all__ = [
    "SWITCH_GROUP",
    "QuantumSweep",
    "compare_policies",
    "policies_table",
    "sweep_quantum",
]

#: Nombre con el que aparecen los cambios de contexto en los diagramas.
SWITCH_GROUP = "cambio de contexto"


def compare_policies(
    jobs: Sequence[Job], *, quantum: float = 1.0, switch_cost: float = 0.0
) -> dict[str, Schedule]:
    """Las cuatro políticas sobre los mismos trabajos, por nombre."""
    return {
        policy: schedule(jobs, policy, quantum=quantum, switch_cost=switch_cost)
        for policy in POLICIES
    }


def _check_schedules(schedules: Mapping[str, Schedule]) -> None:
    if not schedules:
        raise ValueError("schedules debe contener al menos una planificación")


def policies_table(schedules: Mapping[str, Schedule]) -> Table:
    """Tabla de medias por política: respuesta, retorno, espera y cambios."""
    _check_schedules(schedules)
    rows = [
        (s.label(), *(fmt.number(x, 2) for x in s.averages()), len(s.switches))
        for s in schedules.values()
    ]
    headers = ("política", "respuesta media", "retorno medio", "espera media", "cambios")
    return Table(headers, rows)


@dataclass(frozen=True)
class QuantumSweep(Record):
    """Métricas del turno rotatorio para cada *quantum* probado."""

    quanta: tuple[float, ...]
    switch_cost: float
    response: tuple[float, ...]
    turnaround: tuple[float, ...]
    overhead: tuple[float, ...]
    switches: tuple[int, ...]

    def table(self) -> Table:
        """Tabla: por *quantum*, respuesta y retorno medios y tiempo perdido en cambios."""
        rows = [
            (fmt.number(q), fmt.number(r, 1), fmt.number(t, 1), fmt.percent(o), fmt.number(n))
            for q, r, t, o, n in zip(
                self.quanta, self.response, self.turnaround, self.overhead, self.switches,
                strict=True,
            )
        ]  # fmt: skip
        return Table(
            ("quantum", "respuesta media", "retorno medio", "tiempo en cambios", "cambios"),
            rows,
            f"Turno rotatorio; cada cambio de contexto cuesta {fmt.number(self.switch_cost)}",
        )


def sweep_quantum(
    jobs: Sequence[Job], quanta: Sequence[float], *, switch_cost: float = 0.0
) -> QuantumSweep:
    """Simula el turno rotatorio con cada *quantum* de ``quanta``."""
    if not quanta:
        raise ValueError("quanta debe contener al menos un quantum")
    values = tuple(check_number("quanta", q, positive=True) for q in quanta)
    runs = [schedule(jobs, "rr", quantum=q, switch_cost=switch_cost) for q in values]
    return QuantumSweep(
        quanta=values,
        switch_cost=float(switch_cost),
        response=tuple(r.average_response for r in runs),
        turnaround=tuple(r.average_turnaround for r in runs),
        overhead=tuple(r.overhead for r in runs),
        switches=tuple(len(r.switches) for r in runs),
    )

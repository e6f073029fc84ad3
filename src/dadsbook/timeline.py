"""Tramos y métricas por trabajo, comunes a los simuladores de planificación.

Un simulador de planificación (la CPU de :mod:`dadsbook.hardware.cpu.scheduler`, la
multitarea de :mod:`dadsbook.software.operating_system.multitasking`, la MLFQ…)
produce dos cosas con la misma forma:

- **tramos** (:class:`Span`): quién ocupó el recurso, de cuándo a cuándo y, si hace
  falta, de qué tipo era el tramo; son los datos de un diagrama de Gantt;
- **tiempos de cada trabajo** (:class:`JobTimes`): llegada, primera ejecución y fin,
  de los que salen las métricas de *Operating Systems: Three Easy Pieces*
  (Arpaci-Dusseau, cap. 7): **respuesta** = primera ejecución − llegada y
  **retorno** (*turnaround*) = fin − llegada. Un simulador que conoce la duración
  de cada trabajo añade la **espera** = retorno − duración.

Cada módulo conserva sus nombres (``Slice.job``, ``Slice.task``…) como alias de
estos campos, para que páginas y pruebas no cambien.

>>> s = Span("A", 2.0, 5.0)
>>> s.duration
3.0
>>> jobs = [JobTimes("A", 0, 0, 10), JobTimes("B", 0, 10, 15)]
>>> [j.response for j in jobs], mean_of(j.turnaround for j in jobs)
([0, 10], 12.5)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

__all__ = ["JobTimes", "JobsSummary", "Slice", "Span", "mean_of"]

#: Las unidades de tiempo de un simulador: ``int`` (*ticks*) o ``float``.
Time = TypeVar("Time", int, float)


class Span(NamedTuple):
    """Un tramo: ``who`` ocupó el recurso de ``start`` a ``end``; ``kind`` lo clasifica."""

    who: str
    start: float
    end: float
    kind: str = ""

    @property
    def duration(self) -> float:
        """``end − start``."""
        return self.end - self.start


class Slice(Span):
    """Un tramo de CPU: ``who`` es el trabajo (``job``) o la tarea (``task``) que corrió.

    Los dos alias son los nombres que usan el planificador de CPU y la multitarea.
    """

    __slots__ = ()

    @property
    def job(self) -> str:
        """El trabajo que corre en el tramo (``who``)."""
        return self.who

    @property
    def task(self) -> str:
        """La tarea que corre en el tramo (``who``)."""
        return self.who


@dataclass(frozen=True)
class JobTimes(Generic[Time]):
    """Los tres instantes de un trabajo, y su respuesta y retorno."""

    name: str
    arrival: Time
    first_run: Time
    finish: Time

    @property
    def response(self) -> Time:
        """Tiempo de respuesta: de la llegada a la primera vez que corre."""
        return self.first_run - self.arrival

    @property
    def turnaround(self) -> Time:
        """Tiempo de retorno: de la llegada al final."""
        return self.finish - self.arrival


class JobsSummary:
    """Métricas de conjunto de un resultado con una :class:`JobTimes` por trabajo en ``stats``.

    Se hereda en el resultado de un simulador (una *dataclass* que declara ``stats``).
    """

    stats: tuple[JobTimes[Any], ...]

    @property
    def makespan(self) -> float:
        """Instante en que termina el último trabajo."""
        return float(max(s.finish for s in self.stats))

    @property
    def max_response(self) -> float:
        """Peor tiempo de respuesta entre todos los trabajos."""
        return float(max(s.response for s in self.stats))

    @property
    def mean_response(self) -> float:
        """Tiempo de respuesta medio."""
        return mean_of(s.response for s in self.stats)

    @property
    def mean_turnaround(self) -> float:
        """Tiempo de retorno medio."""
        return mean_of(s.turnaround for s in self.stats)


def mean_of(values: Iterable[float]) -> float:
    """Media exacta (``math.fsum``) de ``values``; ``ValueError`` si no hay ninguno."""
    items = list(values)
    if not items:
        raise ValueError("values debe contener al menos un valor para calcular una media")
    return math.fsum(items) / len(items)

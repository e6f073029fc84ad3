"""Los números de las carreras que cita la prosa de la página, sacados de una :class:`RaceSurvey`.

La página mide una vez (:func:`~dadsbook.software.programming.race_survey.survey`) y pega
lo que devuelve :func:`race_numbers`: cuántas ejecuciones perdieron incrementos en cada
variante, qué fracción se perdió, qué pasó con cerrojo y en qué Python se midió. Solo
cuenta: no mide ni dibuja.
"""

from __future__ import annotations

from dadsbook.software.programming import races
from dadsbook.software.programming.race_survey import RaceSurvey
from dadsbook.validation import check_int

__all__ = ["RACE_KEYS", "race_numbers"]

RACE_KEYS: tuple[tuple[str, str], ...] = (
    ("plain", "incremento"),
    ("call", "leer-llamar-escribir"),
    ("yield", "leer-ceder-escribir"),
    ("async", races.ASYNC_VARIANT),
)
"""Prefijo de cada clave pegada (``race_plain_…``) y la variante sin cerrojo que resume."""


def race_numbers(
    race: RaceSurvey, *, runs: int, threads: int, async_tasks: int
) -> dict[str, object]:
    """Los valores ``race_…`` de la página, en el orden en que se pegan.

    ``runs``, ``threads`` y ``async_tasks`` son los tamaños con que se midió ``race``
    (los del perfil). Por variante sin cerrojo (:data:`RACE_KEYS`): ejecuciones con
    pérdidas, su porcentaje, la mediana del porcentaje de incrementos perdidos y los
    incrementos por tarea. Después, lo que perdieron todas las ejecuciones con cerrojo,
    lo que perdió la acumulación por hilo, la fracción que predice la teoría para las
    corrutinas (todas leen antes de que escriba la primera: se pierden
    ``(tareas − 1) / tareas``), el Python de la medición y si la máquina estaba ocupada.

    Lanza ``ValueError`` si ``race`` no tiene alguna de esas variantes.
    """
    check_int("runs", runs, 1, 1000)
    check_int("threads", threads, 1)
    check_int("async_tasks", async_tasks, 1)
    values: dict[str, object] = {}
    for key, variant in RACE_KEYS:
        stats = race.get(variant)
        values[f"race_{key}_losses"] = stats.with_losses
        values[f"race_{key}_rate_pct"] = 100 * stats.rate
        values[f"race_{key}_lost_pct"] = 100 * stats.median_lost_fraction
        values[f"race_{key}_increments"] = stats.runs[0].increments
    locked = [s for s in race.stats if s.locked]
    values["race_runs"] = runs
    values["race_threads"] = threads
    values["race_async_tasks"] = async_tasks
    values["race_locked_runs"] = sum(len(s.runs) for s in locked)
    values["race_locked_lost"] = sum(r.lost for s in locked for r in s.runs)
    values["race_per_thread_lost"] = sum(r.lost for r in race.get(races.PER_THREAD_VARIANT).runs)
    values["race_async_theory_pct"] = 100 * (async_tasks - 1) / async_tasks
    values["race_python"] = race.stats[0].python
    values["race_busy"] = (
        "la máquina estaba ocupada durante la medición (otros procesos usaban la CPU), "
        "lo que cambia cuándo se cambia de hilo, no si la carrera existe"
        if race.busy
        else "la máquina no estaba ocupada durante la medición"
    )
    return values

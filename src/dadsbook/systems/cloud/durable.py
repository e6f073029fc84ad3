"""Planificar tareas con Azure Functions: temporizadores NCRONTAB y Durable Functions.

Dos piezas, las dos ejecutables en una sola máquina:

- :func:`next_occurrences`: cuándo dispara un **disparador de temporizador** (*timer
  trigger*). Azure Functions usa expresiones NCRONTAB de seis campos:
  ``{segundo} {minuto} {hora} {día} {mes} {día de la semana}``; por ejemplo,
  ``0 */5 * * * *`` dispara en el segundo 0 de cada quinto minuto. Se admiten ``*``,
  números, rangos ``a-b``, pasos ``*/n`` o ``a-b/n`` y listas separadas por comas; el
  día de la semana va de 0 (domingo) a 6. Simplificación del libro: si se restringen a
  la vez el día del mes y el de la semana, deben cumplirse los dos.
- :func:`fan_out_fan_in`: el patrón *fan-out/fan-in* de **Durable Functions**, con
  ``asyncio`` como análogo. Un orquestador lanza una actividad por elemento, limita
  cuántas corren a la vez (en ``host.json``, ``maxConcurrentActivityFunctions``) y
  espera a todas para combinar sus resultados. Como en Durable Functions, el
  orquestador guarda un **historial** (*event sourcing*): si se cae a mitad, al
  reanudarlo **reproduce** (*replay*) el historial y no vuelve a ejecutar las
  actividades que ya terminaron; las que estaban en curso sí se repiten (entrega al
  menos una vez).

>>> from datetime import datetime
>>> start = datetime(2024, 9, 20, 10, 58, 30)
>>> [t.strftime("%H:%M:%S") for t in next_occurrences("0 */5 * * * *", start, 3)]
['11:00:00', '11:05:00', '11:10:00']
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "ActivityRun",
    "CrashReport",
    "FanOutTiming",
    "History",
    "OrchestrationCrashedError",
    "activity_durations",
    "crash_table",
    "fan_out_fan_in",
    "next_occurrences",
    "occurrences_table",
    "run_with_crash",
    "time_fan_out",
]

#: (nombre, mínimo, máximo) de cada campo NCRONTAB.
FIELDS = (
    ("segundo", 0, 59),
    ("minuto", 0, 59),
    ("hora", 0, 23),
    ("día", 1, 31),
    ("mes", 1, 12),
    ("día de la semana", 0, 6),
)
#: Días que se buscan como mucho antes de rendirse (una expresión que nunca dispara).
MAX_DAYS = 4 * 366


def _field(text: str, name: str, low: int, high: int) -> list[int]:
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if base == "*":
                start, end = low, high
            elif "-" in base:
                start, end = (int(x) for x in base.split("-", 1))
            else:
                start = end = int(base)
        except ValueError:
            raise ValueError(f"expression: el campo «{name}» no se entiende: {text!r}") from None
        if step < 1 or not low <= start <= end <= high:
            raise ValueError(
                f"expression: el campo «{name}» debe estar entre {low} y {high}; "
                f"se recibió {text!r}"
            )
        values.update(range(start, end + 1, step))
    return sorted(values)


def next_occurrences(expression: str, start: datetime, count: int) -> list[datetime]:
    """Los ``count`` próximos disparos de ``expression`` estrictamente después de ``start``."""
    check_int("count", count, 1, 1000)
    parts = expression.split()
    if len(parts) != len(FIELDS):
        raise ValueError(
            "expression debe tener seis campos (segundo minuto hora día mes día-de-la-semana); "
            f"se recibió {expression!r}"
        )
    sec, minute, hour, day, month, dow = (
        _field(p, *spec) for p, spec in zip(parts, FIELDS, strict=True)
    )
    found: list[datetime] = []
    today = start.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(MAX_DAYS):
        d = today + timedelta(days=offset)
        if d.day not in day or d.month not in month or (d.weekday() + 1) % 7 not in dow:
            continue
        for h in hour:
            for m in minute:
                for s in sec:
                    moment = d.replace(hour=h, minute=m, second=s)
                    if moment > start:
                        found.append(moment)
                        if len(found) == count:
                            return found
    raise ValueError(f"expression no dispara en {MAX_DAYS} días: {expression!r}")


def occurrences_table(expressions: Sequence[str], start: datetime, count: int = 3) -> Table:
    """Una fila por expresión: sus próximos disparos desde ``start``."""
    rows = [
        (e, ", ".join(t.strftime("%d/%m %H:%M:%S") for t in next_occurrences(e, start, count)))
        for e in expressions
    ]
    return Table(("expresión NCRONTAB", "próximos disparos"), rows,
                 caption=f"Disparos desde el {start.strftime('%d/%m/%Y %H:%M:%S')}")  # fmt: skip


class OrchestrationCrashedError(RuntimeError):
    """El proceso del orquestador «se cayó» (simulado) a mitad de la orquestación."""


@dataclass
class History:
    """El historial del orquestador: resultados guardados y cuántas veces empezó cada actividad."""

    results: dict[int, int] = field(default_factory=dict)
    executions: Counter[int] = field(default_factory=Counter)


@dataclass(frozen=True)
class ActivityRun:
    """Un intento de actividad: en qué «tanda» (0 antes de la caída, 1 al reanudar) y cuándo."""

    item: int
    attempt: int
    start_s: float
    end_s: float
    completed: bool


def activity_durations(items: int, *, low_s: float, high_s: float, seed: int) -> list[float]:
    """Duraciones sembradas de las actividades (esperas de E/S), entre ``low_s`` y ``high_s``."""
    check_int("items", items, 1)
    check_number("low_s", low_s, positive=True)
    check_number("high_s", high_s, positive=True)
    rng = random.Random(seed)
    return [rng.uniform(low_s, high_s) for _ in range(items)]


async def fan_out_fan_in(
    durations: Sequence[float],
    *,
    max_concurrent: int,
    history: History | None = None,
    crash_after: int | None = None,
    log: list[ActivityRun] | None = None,
    attempt: int = 0,
    origin: float | None = None,
) -> int:
    """Lanza una actividad por elemento (como mucho ``max_concurrent`` a la vez) y suma
    sus resultados (``i²``).

    Las actividades que ya están en ``history`` no se ejecutan: se reproducen. Con
    ``crash_after``, el orquestador se cae (:class:`OrchestrationCrashedError`) cuando el
    historial llega a ese número de resultados; las actividades en curso se cancelan.
    """
    check_int("max_concurrent", max_concurrent, 1)
    history = History() if history is None else history
    origin = time.perf_counter() if origin is None else origin
    limit = asyncio.Semaphore(max_concurrent)

    async def activity(i: int) -> int:
        if i in history.results:  # reproducción: el resultado ya está en el historial
            return history.results[i]
        async with limit:
            history.executions[i] += 1
            start = time.perf_counter() - origin
            try:
                await asyncio.sleep(durations[i])
            except asyncio.CancelledError:
                if log is not None:
                    log.append(ActivityRun(i, attempt, start, time.perf_counter() - origin, False))
                raise
        history.results[i] = i * i
        if log is not None:
            log.append(ActivityRun(i, attempt, start, time.perf_counter() - origin, True))
        if crash_after is not None and len(history.results) >= crash_after:
            raise OrchestrationCrashedError(
                f"el orquestador se cayó con {len(history.results)} resultados"
            )
        return i * i

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(activity(i)) for i in range(len(durations))]
    except* OrchestrationCrashedError as crashed:
        raise crashed.exceptions[0] from None
    return sum(t.result() for t in tasks)


@dataclass(frozen=True)
class CrashReport:
    """Una orquestación que se cae a mitad y se reanuda con su historial."""

    items: int
    total: int
    expected: int
    saved_before_crash: int
    executions: dict[int, int]
    runs: tuple[ActivityRun, ...]
    crash_s: float

    @property
    def repeated(self) -> tuple[int, ...]:
        """Actividades que empezaron más de una vez (las que estaban en curso al caer)."""
        return tuple(i for i, n in sorted(self.executions.items()) if n > 1)


async def run_with_crash(
    durations: Sequence[float], *, max_concurrent: int, crash_after: int
) -> CrashReport:
    """Orquesta, se cae tras ``crash_after`` resultados y se reanuda con el mismo historial."""
    check_int("crash_after", crash_after, 1)
    if crash_after >= len(durations):
        raise ValueError(
            f"crash_after debe ser menor que el número de actividades ({len(durations)}); "
            f"se recibió {crash_after}"
        )
    history, log = History(), list[ActivityRun]()
    origin = time.perf_counter()
    with contextlib.suppress(OrchestrationCrashedError):
        await fan_out_fan_in(durations, max_concurrent=max_concurrent, history=history,
                             crash_after=crash_after, log=log, origin=origin)  # fmt: skip
    crash_s = time.perf_counter() - origin
    saved = len(history.results)
    total = await fan_out_fan_in(durations, max_concurrent=max_concurrent, history=history,
                                 log=log, attempt=1, origin=origin)  # fmt: skip
    return CrashReport(
        len(durations), total, sum(i * i for i in range(len(durations))), saved,
        dict(history.executions), tuple(log), crash_s,
    )  # fmt: skip


def crash_table(report: CrashReport) -> Table:
    """Resumen de la caída y la reanudación."""
    rows = [
        ("actividades", fmt.number(report.items)),
        ("resultados en el historial al caer", fmt.number(report.saved_before_crash)),
        ("ejecuciones en total", fmt.number(sum(report.executions.values()))),
        ("actividades repetidas", ", ".join(fmt.number(i) for i in report.repeated) or "ninguna"),
        ("suma final (correcta)", f"{fmt.number(report.total)} ({fmt.number(report.expected)})"),
    ]
    return Table(("dato", "valor"), rows, caption="Fan-out/fan-in que se cae y se reanuda")


@dataclass(frozen=True)
class FanOutTiming:
    """Tiempos (s) de la orquestación completa con cada límite de concurrencia."""

    samples_s: dict[int, list[float]]
    busy: bool

    def median_s(self, limit: int) -> float:
        """Mediana de los tiempos con ``limit`` actividades a la vez."""
        values = sorted(self.samples_s[limit])
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


async def time_fan_out(
    durations: Sequence[float], *, limits: Sequence[int], repeats: int
) -> FanOutTiming:
    """Mide la orquestación con cada límite de ``limits``, intercalados, ``repeats`` veces.

    Las actividades esperan (``asyncio.sleep``): el tiempo lo marca cuántas esperas se
    solapan, no la CPU. Se mide dentro del cerrojo de medición del libro.
    """
    check_int("repeats", repeats, 1)
    if not limits:
        raise ValueError("limits debe contener al menos un límite")
    samples: dict[int, list[float]] = {k: [] for k in limits}
    async with measure.exclusive_async() as probe:
        for _ in range(repeats):
            for k in limits:
                start = time.perf_counter()
                await fan_out_fan_in(durations, max_concurrent=k)
                samples[k].append(time.perf_counter() - start)
    return FanOutTiming(samples, bool(probe.load.busy) if probe.load else False)

"""Las respuestas de los ejercicios del capítulo de programación, calculadas al construir.

:func:`exercise_answers` ejecuta las órdenes ``dadsbook sim`` que plantean los
ejercicios, comprueba las que solo se enseñan (``bench`` y ``compare``), explora los
entrelazados de los programas de los ejercicios 6 y 7 y repite el contador con
corrutinas del ejercicio 8. Devuelve los valores ``prog_ex_…`` que pega la página, en el
orden en que se pegan; no mide tiempos ni dibuja.
"""

from __future__ import annotations

from dadsbook import exercises, laws
from dadsbook.software.programming import coroutines, races
from dadsbook.software.programming import interleavings as il
from dadsbook.software.programming._text import TextBlock
from dadsbook.validation import check_int, check_number

__all__ = ["COUNTER_INCREMENTS", "COUNTER_TASKS", "exercise_answers"]

COUNTER_TASKS = 10
"""Corrutinas del contador del ejercicio 8."""

COUNTER_INCREMENTS = 100
"""Incrementos de cada corrutina en el ejercicio 8."""

_CORES, _SERIAL = 16, 0.05
"""Núcleos y fracción serie del ejercicio 5 (Amdahl frente a Gustafson)."""

_THREE_THREADS = il.Program(
    "tres hilos",
    (("load r contador", "addi r 1", "store contador r"),) * 3,
    {"contador": 0},
    expected={"contador": 3},
)
"""Ejercicio 6: el contador del capítulo con tres hilos en vez de dos."""

_TWO_LOCKS = (
    ("lock A", "lock B", "unlock B", "unlock A"),
    ("lock B", "lock C", "unlock C", "unlock B"),
)
"""Ejercicio 7: los dos primeros hilos, cada uno con dos de los cerrojos A, B y C."""


def _with_third_thread(name: str, third: tuple[str, ...]) -> il.Program:
    """Los dos hilos de :data:`_TWO_LOCKS` y un tercero que pide ``third``."""
    return il.Program(name, (*_TWO_LOCKS, third), {}, expected={})


_CYCLE = _with_third_thread("en círculo", ("lock C", "lock A", "unlock A", "unlock C"))
"""Ejercicio 7: el tercer hilo pide C y luego A: los cerrojos se piden en círculo."""

_ORDERED = _with_third_thread("en orden", ("lock A", "lock C", "unlock C", "unlock A"))
"""Ejercicio 7: los mismos cerrojos pedidos siempre en el orden A, B, C."""


def _waves(requests: int, threads: int) -> int:
    """Tandas de un pool de ``threads`` hilos para ``requests`` peticiones (redondeo arriba)."""
    return -(-requests // threads)


async def exercise_answers(*, requests: int, threads: int, delay_s: float) -> dict[str, object]:
    """Los valores ``prog_ex_…`` de los ejercicios, en el orden en que se pegan.

    ``requests``, ``threads`` y ``delay_s`` son los de la medición de clientes de la
    página (:func:`~dadsbook.software.programming.asyncio_demo.compare_clients`): el
    ejercicio 4 pregunta qué pasa con tantos hilos como peticiones. Lanza
    ``ValueError`` si alguna orden de los ejercicios deja de ser válida.
    """
    check_int("requests", requests, 1)
    check_int("threads", threads, 1)
    check_number("delay_s", delay_s, 0)
    values: dict[str, object] = {}
    values["prog_ex_1"] = exercises.run("dadsbook sim coroutines -s 3 -c")
    trace = coroutines.run_specs([coroutines.TaskSpec("t1", 3, 2), coroutines.TaskSpec("t2", 1, 0)])
    values["prog_ex_2"] = exercises.run("dadsbook sim coroutines --steps 3,1 --sleeps 2,0 -c")
    values["prog_ex_2_jumps"] = " y ".join(
        f"del turno {a} al {b}" for a, b in coroutines.clock_jumps(trace)
    )
    values["prog_ex_2_last"] = trace[-1].tick
    exercises.check("dadsbook bench software/programacion --profile quick -o mios.json")
    exercises.check("dadsbook compare mios.json")
    values["prog_ex_4_threads"] = requests
    values["prog_ex_4_waves_now"] = _waves(requests, threads)
    values["prog_ex_4_waves_new"] = _waves(requests, requests)
    values["prog_ex_4_pool_new_ms"] = 1000 * delay_s * _waves(requests, requests)
    values["prog_ex_5_amdahl"] = laws.amdahl(_CORES, _SERIAL)
    values["prog_ex_5_sprime"] = 100 * laws.gustafson_fraction(_CORES, _SERIAL)
    values["prog_ex_5_gustafson"] = laws.gustafson(_CORES, laws.gustafson_fraction(_CORES, _SERIAL))
    values["prog_ex_5_wrong"] = laws.gustafson(_CORES, _SERIAL)
    values["prog_ex_5_ceiling"] = 1 / _SERIAL
    three = il.explore(_THREE_THREADS)
    values["prog_ex_6"] = TextBlock(three.report())
    values["prog_ex_6_total"] = three.interleavings
    values["prog_ex_6_correct"] = three.correct
    values["prog_ex_6_share_pct"] = 100 * three.correct / three.interleavings
    cycle, ordered = il.explore(_CYCLE), il.explore(_ORDERED)
    values["prog_ex_7"] = TextBlock(
        cycle.report() + "\n\n" + cycle.example("colgado") + "\n\n" + ordered.report()
    )
    values["prog_ex_7_stuck"] = cycle.deadlocks
    values["prog_ex_7_total"] = cycle.interleavings
    bare = await races.run_async_counter(tasks=COUNTER_TASKS, increments=COUNTER_INCREMENTS)
    locked = await races.run_async_counter(
        tasks=COUNTER_TASKS, increments=COUNTER_INCREMENTS, lock=True
    )
    values["prog_ex_8_observed"] = bare.observed
    values["prog_ex_8_lost"] = bare.lost
    values["prog_ex_8_locked"] = locked.observed
    return values

"""Las respuestas de los ejercicios del capítulo de sistemas operativos, calculadas al construir.

:func:`exercise_answers` ejecuta las órdenes ``dadsbook sim`` que plantean los
ejercicios (con ``-c``, la salida que ve quien lee; con ``-c --json``, los números de
la solución), repite la MLFQ de la página sin impulso y comprueba las órdenes que solo
se enseñan (``bench`` y ``compare``). Devuelve los valores ``so_ex_…`` que pega la
página, en el orden en que se pegan; no mide tiempos ni dibuja.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dadsbook import exercises
from dadsbook.software.operating_system import mlfq, nice
from dadsbook.software.operating_system.mlfq import Job, MLFQConfig
from dadsbook.tables import Table

__all__ = ["NICE_LEVELS", "exercise_answers", "solved"]

NICE_LEVELS = (0, 5, 10)
"""Los ``nice`` del ejercicio 5: tres procesos que comparten una CPU."""

_MLFQ = "dadsbook sim mlfq --jobs 30,3 --arrivals 0,10 --quanta 2,4,8 --boost 20"
_STEALING = "dadsbook sim stealing --queues 8,6,4/1/1 --steal-cost 0.5"
_NO_BOOST = MLFQConfig(levels=3, quanta=(2, 4, 8), boost=None)
"""La MLFQ de la página sin impulso (ejercicio 6)."""


def solved(command: str) -> dict[str, Any]:
    """La solución de ``command``, leída de su salida ``-c --json`` (la misma que ve quien lee)."""
    solution: dict[str, Any] = json.loads(exercises.run(f"{command} -c --json").text)["solution"]
    return solution


def exercise_answers(jobs: Sequence[Job], config: MLFQConfig) -> dict[str, object]:
    """Los valores ``so_ex_…`` de los ejercicios, en el orden en que se pegan.

    ``jobs`` y ``config`` son los trabajos y la MLFQ (con impulso) de la página: el
    ejercicio 6 los repite sin impulso y pega una tabla con el retorno y el nivel final
    de cada trabajo en las dos versiones. Lanza ``ValueError`` si alguna orden de los
    ejercicios deja de ser válida.
    """
    values: dict[str, object] = {"so_ex_1": exercises.run("dadsbook sim multitasking -s 5 -c")}
    ex_1 = solved("dadsbook sim multitasking -s 5")
    for mode in ("cooperative", "preemptive"):
        values[f"so_ex_1_{mode}"] = max(t["response"] for t in ex_1[mode]["stats"])
    values["so_ex_2"] = exercises.run(f"{_MLFQ} -c")
    values["so_ex_2_t1_turn"] = solved(_MLFQ)["stats"][0]["turnaround"]
    values["so_ex_3"] = exercises.run("dadsbook sim policymix -s 4 -c")
    ex_3 = {row["policy"]: row for row in solved("dadsbook sim policymix -s 4")["policies"]}
    for policy in ("FIFO", "MLFQ"):
        values[f"so_ex_3_{policy.lower()}_resp"] = ex_3[policy]["interactive_response"]
        values[f"so_ex_3_{policy.lower()}_batch"] = ex_3[policy]["batch_turnaround"]
    values["so_ex_4"] = exercises.run(f"{_STEALING} -c")
    ex_4 = solved(_STEALING)
    values["so_ex_4_alone"] = ex_4["without_stealing"]["makespan"]
    values["so_ex_4_steal"] = ex_4["with_stealing"]["makespan"]
    values["so_ex_4_steals"] = ex_4["with_stealing"]["steals"]
    values["so_ex_5"] = exercises.run("dadsbook sim nice --nice=0,5,10 -c")
    values["so_ex_5_weights"] = " + ".join(str(nice.weight(n)) for n in NICE_LEVELS)
    values["so_ex_5_total"] = sum(nice.weight(n) for n in NICE_LEVELS)
    with_boost = mlfq.simulate(jobs, config).stats
    without = mlfq.simulate(jobs, _NO_BOOST).stats
    values["so_ex_6_table"] = Table(
        ("trabajo", "retorno con impulso", "retorno sin impulso", "nivel final con impulso",
         "nivel final sin impulso"),
        [(a.name, a.turnaround, b.turnaround, a.final_level, b.final_level)
         for a, b in zip(with_boost, without, strict=True)],
    )  # fmt: skip
    exercises.check("dadsbook bench software/sistemas-operativos --profile quick -o so.json")
    exercises.check("dadsbook compare so.json")
    return values

"""Las dos frases medidas del «Para llevar» del capítulo de programación.

:func:`takeaway_sentences` resume las carreras (cuántas ejecuciones perdieron
incrementos sin cerrojo y cuántos se perdieron con él) y dice qué pasó con el *pool*
de procesos según su veredicto (:class:`dadsbook.verdict.Verdict`): nunca comparando
medianas. Si el veredicto no decide, la frase lo dice y cita la referencia de la CPU
(:data:`~dadsbook.hardware.cpu.scaling_reference.REFERENCE_16`).
"""

from __future__ import annotations

from dadsbook import fmt
from dadsbook.hardware.cpu.scaling_reference import REFERENCE_16
from dadsbook.software.programming.race_survey import RaceSurvey
from dadsbook.validation import check_int
from dadsbook.verdict import Verdict

__all__ = ["takeaway_sentences"]


def takeaway_sentences(race: RaceSurvey, pool: Verdict, *, workers: int) -> dict[str, object]:
    """``prog_takeaway_races`` y ``prog_takeaway_pool``, en este orden.

    ``race`` es la medición de carreras de la página; ``pool``, el veredicto del *pool*
    de ``workers`` procesos frente a la serie (su tiempo: «menor» es más rápido).
    """
    check_int("workers", workers, 1)
    race_yield, race_call = race.get("leer-ceder-escribir"), race.get("leer-llamar-escribir")
    locked = [s for s in race.stats if s.locked]
    races = (
        f"aquí, leer y escribir con un sleep(0) en medio perdió incrementos en "
        f"{race_yield.with_losses} de {len(race_yield.runs)} ejecuciones, con una llamada en medio "
        f"en {race_call.with_losses} de {len(race_call.runs)}, y con cerrojo las "
        f"{sum(len(s.runs) for s in locked)} ejecuciones perdieron "
        f"{fmt.number(sum(r.lost for s in locked for r in s.runs))} incrementos"
    )
    pool_sentence = pool.pick(
        menor=f"Aquí, con {workers} procesos, el pool fue más rápido que la serie.",
        mayor=(f"Aquí, con {workers} procesos, el pool fue más lento que la serie: "
               "con poco trabajo, arrancar el pool y enviarle las tareas suele costar más de "
               "lo que se reparte."),
        igual=("En esta construcción no se vio una aceleración medible ("
               f"{pool.reason}), así que este punto no sale de lo medido aquí: en otra "
               f"máquina y otra fecha ({REFERENCE_16.label()}), un pool de procesos con Python "
               f"puro llegó a {fmt.ratio(REFERENCE_16.point(16).pool, 1)} con 16 trabajadores."),
    )  # fmt: skip
    return {"prog_takeaway_races": races, "prog_takeaway_pool": pool_sentence}

"""Las frases medidas del «Para llevar» de programación, con datos hechos a mano."""

from __future__ import annotations

from dadsbook import verdict
from dadsbook.software.programming import races
from dadsbook.software.programming.race_survey import RaceSurvey
from dadsbook.software.programming.races import CounterRun, RaceStats
from dadsbook.software.programming.takeaways import takeaway_sentences

SLOW = [2.0, 2.1, 1.9, 2.0, 2.05]
FAST = [1.0, 1.1, 0.9, 1.0, 1.05]


def _stats(variant: str, locked: bool, observed: list[int]) -> RaceStats:
    runs = tuple(CounterRun(variant, 2, 1000, locked, o) for o in observed)
    return RaceStats(variant, locked, runs, python="3.11.9", gil=True)


RACE = RaceSurvey(
    (
        _stats("leer-llamar-escribir", False, [2000, 1500, 2000]),
        _stats("leer-llamar-escribir", True, [2000, 2000, 2000]),
        _stats("leer-ceder-escribir", False, [1000, 1100, 1200]),
        _stats("leer-ceder-escribir", True, [2000, 2000, 800]),
        _stats(races.PER_THREAD_VARIANT, False, [2000, 2000, 2000]),
    ),
    False,
)


def test_races_sentence_counts_runs_and_lost_increments() -> None:
    text = takeaway_sentences(RACE, verdict.compare(FAST, SLOW), workers=2)["prog_takeaway_races"]
    assert "perdió incrementos en 3 de 3 ejecuciones" in str(text)
    assert "con una llamada en medio en 1 de 3" in str(text)
    # Con cerrojo: 6 ejecuciones; la pérdida de 1200 está puesta a propósito.
    assert str(text).endswith("las 6 ejecuciones perdieron 1200 incrementos")


def test_pool_sentence_follows_the_verdict() -> None:
    faster = takeaway_sentences(RACE, verdict.compare(FAST, SLOW), workers=4)
    assert (
        faster["prog_takeaway_pool"] == "Aquí, con 4 procesos, el pool fue más rápido que la serie."
    )
    slower = takeaway_sentences(RACE, verdict.compare(SLOW, FAST), workers=4)
    assert str(slower["prog_takeaway_pool"]).startswith(
        "Aquí, con 4 procesos, el pool fue más lento"
    )
    undecided = takeaway_sentences(RACE, verdict.compare(SLOW[:3], FAST[:3]), workers=4)
    text = str(undecided["prog_takeaway_pool"])
    assert text.startswith("En esta construcción no se vio una aceleración medible (hacen falta")
    assert "con 16 trabajadores." in text
    assert list(undecided) == ["prog_takeaway_races", "prog_takeaway_pool"]

"""La medición de carreras de la página: todas las variantes, su tabla, su figura y sin GIL."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from dadsbook.hardware.cpu import freethreaded
from dadsbook.software.programming import figures, race_survey, races

SMALL = {"incremento": 200, "leer-llamar-escribir": 200, "leer-ceder-escribir": 30}


@pytest.fixture(scope="module")
def survey() -> race_survey.RaceSurvey:
    return asyncio.run(
        race_survey.survey(runs=2, threads=3, increments=SMALL, async_tasks=3, async_increments=10)
    )


def test_every_variant_is_measured_with_and_without_a_lock(
    survey: race_survey.RaceSurvey,
) -> None:
    names = [(s.variant, s.locked) for s in survey.stats]
    for variant in (*races.VARIANTS, races.ASYNC_VARIANT):
        assert (variant, False) in names and (variant, True) in names
    assert (races.PER_THREAD_VARIANT, False) in names
    assert all(s.with_losses == 0 for s in survey.stats if s.locked)
    # Ceder la CPU entre leer y escribir, con 3 hilos, pierde siempre; las corrutinas, 2/3.
    assert survey.get("leer-ceder-escribir").rate == 1.0
    assert survey.get(races.ASYNC_VARIANT).median_lost_fraction == pytest.approx(2 / 3)
    assert isinstance(survey.busy, bool)


def test_table_and_figure(survey: race_survey.RaceSurvey) -> None:
    rows = [[c.strip() for c in line.split("|")] for line in str(survey.table("t")).splitlines()]
    assert ["leer-ceder-escribir", "no", "2 de 2"] in [r[:3] for r in rows]
    assert [races.ASYNC_VARIANT, "no", "2 de 2", "66,7 %"] in rows
    fig = figures.race_figure(survey)
    left, right = fig.axes
    assert left.get_yticklabels()[0].get_text() == "incremento"
    labels = {t.get_text() for t in left.texts}
    assert "2 de 2" in labels and "0 de 2" in labels
    assert any(t.get_text() == "67 %" for t in right.texts)


def test_get_names_what_is_missing(survey: race_survey.RaceSurvey) -> None:
    with pytest.raises(ValueError, match="variant no está en la medición: 'otra'"):
        survey.get("otra")


def test_survey_needs_increments_for_every_variant() -> None:
    with pytest.raises(ValueError, match="increments debe dar un número para leer-ceder"):
        asyncio.run(race_survey.survey(
            runs=1, threads=2, increments={"incremento": 1, "leer-llamar-escribir": 1},
            async_tasks=2, async_increments=1))  # fmt: skip


def test_run_elsewhere_measures_in_another_interpreter() -> None:
    """Con este mismo intérprete (con GIL) en un subproceso: la misma carrera, en JSON."""
    stats = race_survey.run_elsewhere(
        sys.executable, "leer-ceder-escribir", runs=2, threads=2, increments=2_000
    )
    # 2 000 vueltas por hilo: con 20, un hilo podía acabar antes de que el otro entrara
    # (una ejecución de dos sin pérdidas, con la máquina ocupada por la construcción).
    assert stats.rate == 1.0 and len(stats.runs) == 2 and stats.runs[0].expected == 4_000
    assert stats.python == sys.version.split()[0]
    locked = race_survey.run_elsewhere(
        sys.executable, "incremento", runs=1, threads=2, increments=20, lock=True
    )
    assert locked.locked and locked.with_losses == 0


def test_run_elsewhere_reports_a_failing_interpreter() -> None:
    with pytest.raises(ValueError, match="variant debe ser uno de estos valores"):
        race_survey.run_elsewhere(sys.executable, "otra", runs=1, threads=1, increments=1)
    with pytest.raises(RuntimeError, match="terminó con código 2"):
        race_survey.run_elsewhere(sys.executable, "incremento", runs=0, threads=1, increments=1)


def test_the_sentence_says_when_there_is_no_free_threaded_python(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(freethreaded.ENV_VAR, str(tmp_path / "no-existe"))
    text = race_survey.freethreaded_sentence(runs=1, threads=2, increments=SMALL)
    assert text.startswith("En esta construcción no había ningún intérprete sin GIL")


def test_the_sentence_measures_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(freethreaded.ENV_VAR, sys.executable)
    text = race_survey.freethreaded_sentence(runs=2, threads=2, increments=SMALL)
    gil = "activo" if races.gil_enabled() else "desactivado"
    assert text.startswith(f"Con el intérprete {sys.executable} (Python ")
    assert f"GIL {gil}" in text and "de 2 ejecuciones" in text and text.endswith("en 0 de 2.")

"""Los números de carreras que pega la página, contados a partir de ejecuciones hechas a mano."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.software.programming import races
from dadsbook.software.programming.race_summary import RACE_KEYS, race_numbers
from dadsbook.software.programming.race_survey import RaceSurvey
from dadsbook.software.programming.races import CounterRun, RaceStats

PAGE = Path(__file__).resolve().parents[3] / "docs" / "software/programacion.md"


def _stats(variant: str, locked: bool, observed: list[int], *, tasks: int, n: int) -> RaceStats:
    runs = tuple(CounterRun(variant, tasks, n, locked, o) for o in observed)
    return RaceStats(variant, locked, runs, python="3.11.9", gil=True)


def _survey(*, busy: bool) -> RaceSurvey:
    # 2 hilos × 100 incrementos (esperado 200); las corrutinas, 4 × 10 (esperado 40).
    return RaceSurvey(
        (
            _stats("incremento", False, [200, 200, 150, 200], tasks=2, n=100),
            _stats("incremento", True, [200, 200, 200, 200], tasks=2, n=100),
            _stats("leer-llamar-escribir", False, [100, 180, 200, 200], tasks=2, n=100),
            _stats("leer-llamar-escribir", True, [200, 200, 200, 200], tasks=2, n=100),
            _stats("leer-ceder-escribir", False, [100, 100, 120, 110], tasks=2, n=100),
            _stats("leer-ceder-escribir", True, [200, 200, 200, 190], tasks=2, n=100),
            _stats(races.ASYNC_VARIANT, False, [10, 10, 10, 10], tasks=4, n=10),
            _stats(races.ASYNC_VARIANT, True, [40, 40, 40, 40], tasks=4, n=10),
            _stats(races.PER_THREAD_VARIANT, False, [200, 200, 195, 200], tasks=2, n=100),
        ),
        busy,
    )


def test_each_variant_counts_runs_with_losses_and_the_median_fraction_lost() -> None:
    values = race_numbers(_survey(busy=False), runs=4, threads=2, async_tasks=4)
    assert values["race_plain_losses"] == 1
    assert values["race_plain_rate_pct"] == pytest.approx(25.0)
    assert values["race_plain_lost_pct"] == pytest.approx(0.0)  # mediana de 0, 0, 25, 0
    assert values["race_call_losses"] == 2
    assert values["race_call_lost_pct"] == pytest.approx(5.0)  # mediana de 50, 10, 0, 0
    assert values["race_yield_rate_pct"] == pytest.approx(100.0)
    assert values["race_yield_lost_pct"] == pytest.approx(47.5)  # mediana de 50, 50, 40, 45
    assert values["race_async_lost_pct"] == pytest.approx(75.0)
    assert values["race_async_increments"] == 10
    assert values["race_plain_increments"] == 100


def test_locked_runs_per_thread_sum_theory_and_python() -> None:
    values = race_numbers(_survey(busy=False), runs=4, threads=2, async_tasks=4)
    assert (values["race_runs"], values["race_threads"], values["race_async_tasks"]) == (4, 2, 4)
    assert values["race_locked_runs"] == 16  # cuatro variantes con cerrojo, 4 ejecuciones
    assert values["race_locked_lost"] == 10  # la única pérdida con cerrojo, hecha a propósito
    assert values["race_per_thread_lost"] == 5
    assert values["race_async_theory_pct"] == pytest.approx(75.0)
    assert values["race_python"] == "3.11.9"
    assert values["race_busy"] == "la máquina no estaba ocupada durante la medición"


def test_keys_come_in_the_page_order_and_a_busy_machine_is_said() -> None:
    values = race_numbers(_survey(busy=True), runs=4, threads=2, async_tasks=4)
    per_variant = [
        f"race_{key}_{what}"
        for key, _ in RACE_KEYS
        for what in ("losses", "rate_pct", "lost_pct", "increments")
    ]
    assert list(values)[: len(per_variant)] == per_variant
    assert list(values)[-1] == "race_busy"
    assert str(values["race_busy"]).startswith("la máquina estaba ocupada")


def test_a_missing_variant_or_bad_size_is_an_error_in_spanish() -> None:
    partial = RaceSurvey(_survey(busy=False).stats[:4], False)
    with pytest.raises(ValueError, match="leer-ceder-escribir"):
        race_numbers(partial, runs=4, threads=2, async_tasks=4)
    with pytest.raises(ValueError, match="async_tasks"):
        race_numbers(_survey(busy=False), runs=4, threads=2, async_tasks=0)


def test_the_page_finds_every_key_it_cites() -> None:
    values = race_numbers(_survey(busy=False), runs=4, threads=2, async_tasks=4)
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(race_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(race_[a-z0-9_]+)", text))
    # Las demás claves con ese prefijo las pega la propia celda (figuras, otras mediciones).
    elsewhere = set(re.findall(r"\b(race_[a-z0-9_]+)=", text))
    assert not set(values) & elsewhere
    assert used - elsewhere <= set(values), used - elsewhere - set(values)

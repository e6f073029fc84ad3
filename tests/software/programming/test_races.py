"""Carreras reales: actualizaciones perdidas con hilos y corrutinas, y sus arreglos."""

from __future__ import annotations

import asyncio
import json
import platform

import pytest

from dadsbook.software.programming import races


def test_yielding_between_read_and_write_loses_updates() -> None:
    stats = races.race_stats("leer-ceder-escribir", runs=3, threads=4, increments=300)
    assert stats.with_losses == 3 and stats.median_lost_fraction > 0


@pytest.mark.parametrize("variant", races.VARIANTS)
def test_a_lock_never_loses_an_update(variant: str) -> None:
    stats = races.race_stats(variant, runs=3, threads=4, increments=500, lock=True)
    assert stats.with_losses == 0
    assert all(r.observed == r.expected == 2000 for r in stats.runs)


def test_asyncio_loses_updates_across_await_and_the_lock_fixes_it() -> None:
    racy = asyncio.run(races.run_async_counter(tasks=4, increments=50))
    safe = asyncio.run(races.run_async_counter(tasks=4, increments=50, lock=True))
    assert racy.observed == 50
    # Con sleep(0) entre leer y escribir, cada ronda del bucle pierde las de los demás.
    assert racy.lost == 150 and safe.lost == 0


def test_per_task_accumulation_needs_no_lock() -> None:
    assert races.per_task_sum(threads=4, increments=1000).lost == 0


def test_summary_is_spanish_and_formatted() -> None:
    run = races.CounterRun("incremento", 4, 250_000, False, 999_000)
    assert run.summary() == (
        "incremento, sin cerrojo: esperado 1\u202f000\u202f000, obtenido 999\u202f000 "
        "(1000 perdidos)"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"variant": "otra"}, "variant debe ser uno de estos valores"),
        ({"variant": "incremento", "threads": 0}, "threads debe ser un entero ≥ 1 y ≤ 64"),
        ({"variant": "incremento", "increments": 10**7}, "increments debe ser un entero"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        races.run_counter(**kwargs)  # type: ignore[arg-type]


def test_asyncio_race_stats_lose_the_same_every_time() -> None:
    """Con corrutinas no hay azar: cada ronda, n tareas escriben el mismo valor."""
    racy = asyncio.run(races.async_race_stats(runs=3, tasks=5, increments=20))
    safe = asyncio.run(races.async_race_stats(runs=3, tasks=5, increments=20, lock=True))
    assert [r.lost for r in racy.runs] == [80, 80, 80] and racy.rate == 1.0
    assert racy.median_lost_fraction == pytest.approx(4 / 5)
    assert safe.with_losses == 0 and safe.variant == races.ASYNC_VARIANT


def test_per_task_stats_never_lose() -> None:
    stats = races.per_task_stats(runs=3, threads=3, increments=500)
    assert stats.with_losses == 0 and stats.lost_fractions == (0.0, 0.0, 0.0)
    assert stats.label() == "acumular por hilo y sumar, sin cerrojo"


def test_race_stats_know_their_interpreter() -> None:
    stats = races.race_stats("incremento", runs=1, increments=10)
    assert stats.python == platform.python_version() and stats.gil == races.gil_enabled()
    with pytest.raises(ValueError, match="runs debe contener al menos una ejecución"):
        races.RaceStats("incremento", False, ())


def test_main_writes_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert races.main(["--variant", "leer-ceder-escribir", "--runs", "2", "--increments",
                       "5", "--threads", "2", "--lock"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["observed"] == [10, 10] and data["locked"] is True
    assert data["python"] == platform.python_version()


def test_main_rejects_bad_values_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        races.main(["--threads", "0"])
    assert stop.value.code == 2
    assert "threads debe ser un entero ≥ 1 y ≤ 64" in capsys.readouterr().err

"""Pruebas de las conclusiones de la página: toda frase sale del veredicto, nunca de dos números."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from dadsbook.systems.web_servers import bench, verdicts
from dadsbook.systems.web_servers.load import LoadResult

SERVERS = ("uvicorn", "gthread", "sync")
Synthetic = Callable[..., bench.Sweep]
STRONG_IO = {"uvicorn": 800.0, "gthread": 200.0, "sync": 100.0}
SCALING_CPU = {(s, w): 100.0 * w for s in SERVERS for w in (1, 2)}


def test_event_loop_wins_io_and_processes_win_cpu(synthetic: Synthetic) -> None:
    found = verdicts.findings(synthetic(STRONG_IO, SCALING_CPU))
    assert found.io_loop_vs_threads.decision == "mayor"
    assert found.io_loop_vs_threads.ratio == pytest.approx(4.0)
    assert found.io_loop_vs_sync.ratio == pytest.approx(8.0)
    assert found.io_sentence.startswith("Aquí gana el bucle de eventos")
    assert found.io_takeaway.startswith("Aquí se vio")
    assert found.cpu_threads_vs_sync.decision == "sin diferencia medible"
    assert "no hay diferencia medible" in found.cpu_threads_sentence
    assert {v.decision for v in found.cpu_processes.values()} == {"mayor"}
    assert found.cpu_process_sentence.startswith("Añadir procesos aumentó")
    assert found.cpu_takeaway.startswith("Aquí se vio: de 1 a 2 procesos, 2×")
    json.dumps(found.as_dict())


def test_no_winner_when_the_spread_overlaps(synthetic: Synthetic) -> None:
    """Medianas distintas (un 8 %) pero repeticiones que se solapan: no se declara ganador."""
    data = synthetic({s: 100.0 for s in SERVERS}, {(s, w): 100.0 for s in SERVERS for w in (1, 2)})
    noisy = [60.0, 140.0, 100.0, 80.0, 130.0]
    points = tuple(
        bench.Point(p.server, p.workers, p.handler, tuple(
            LoadResult(w.url, 8, 1, int(r * (1.08 if p.server == "uvicorn" else 1)), 0,
                             1.0, 1.0, 2.0)
            for w, r in zip(p.windows, noisy, strict=True)
        ), p.load)
        for p in data.points
    )  # fmt: skip
    found = verdicts.findings(bench.Sweep(points, 10, 100, 8, 2, 5))
    assert found.io_loop_vs_threads.decision == "sin diferencia medible"
    assert "no sacó una ventaja medible" in found.io_sentence
    assert found.io_takeaway == (
        "En esta construcción no se comprobó: la dispersión de las repeticiones se solapa."
    )
    assert found.cpu_process_sentence.startswith("En esta construcción, añadir procesos no")
    assert "(la dispersión de las repeticiones se solapa)" in found.cpu_process_sentence
    assert found.cpu_takeaway.startswith("En esta construcción no se comprobó (la dispersión")


def test_some_servers_gain_and_others_do_not(synthetic: Synthetic) -> None:
    cpu = {(s, w): 100.0 * (w if s == "sync" else 1) for s in SERVERS for w in (1, 2)}
    found = verdicts.findings(synthetic({s: 100.0 for s in SERVERS}, cpu))
    assert found.cpu_process_sentence.startswith(
        "Añadir procesos aumentó el rendimiento de forma medible en gunicorn sync, pero no en"
    )
    assert found.cpu_takeaway.startswith("Aquí se vio solo en gunicorn sync (la dispersión")


def test_a_busy_machine_decides_nothing(synthetic: Synthetic) -> None:
    """Aunque los números separen, con la máquina ocupada ninguna frase concluye."""
    found = verdicts.findings(synthetic(STRONG_IO, SCALING_CPU, busy=True))
    assert found.io_loop_vs_threads.decision == "sin diferencia medible"
    assert found.io_sentence.startswith("La máquina estaba ocupada")
    assert found.cpu_threads_sentence.startswith("La máquina estaba ocupada")
    assert found.cpu_process_sentence.startswith("La máquina estaba ocupada")
    assert "ocupada" in found.io_takeaway and "ocupada" in found.cpu_takeaway
    assert "Aquí gana" not in found.io_sentence and "Aquí se vio" not in found.io_takeaway


def test_too_few_windows_decide_nothing(synthetic: Synthetic) -> None:
    data = synthetic(STRONG_IO, SCALING_CPU)
    short = tuple(
        bench.Point(p.server, p.workers, p.handler, p.windows[:3], p.load) for p in data.points
    )
    found = verdicts.findings(bench.Sweep(short, 10, 100, 8, 2, 3))
    assert found.io_loop_vs_threads.decision == "sin diferencia medible"
    assert "al menos 5 repeticiones" in found.io_sentence
    # La causa que se da es la del veredicto, no el generador de carga.
    assert found.io_takeaway.endswith("hacen falta al menos 5 repeticiones de cada lado.")
    assert "(hacen falta al menos 5 repeticiones de cada lado)" in found.cpu_takeaway


def test_findings_needs_the_three_servers() -> None:
    point = bench.Point("sync", 1, "io", ())
    with pytest.raises(ValueError, match="servidores"):
        verdicts.findings(bench.Sweep((point,), 10, 100, 8, 2))

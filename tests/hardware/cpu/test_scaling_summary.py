"""Pruebas de los valores pegados sobre el escalado de Python puro (scaling_summary).

Mediciones inventadas (sin medir): «uno» tarda 100 ns por ronda y cada variante, un
múltiplo fijo; así cada aceleración se calcula a mano.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import pytest

from dadsbook import machine, measure
from dadsbook.hardware.cpu import parallel, scaling_summary

ONE = (100, 101, 99, 100, 102, 100, 98)
PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "cpu.md"


def _m(label: str, factor: float) -> measure.Measurement:
    return measure.Measurement(label, tuple(round(factor * t) for t in ONE), 0)


def _point(workers: int, threads: float, pool: float, ceiling: float) -> parallel.ScalingPoint:
    variants = {
        "hilos": _m("hilos", threads),
        "procesos": _m("procesos", pool),
        "techo": _m("techo", ceiling),
    }
    return parallel.ScalingPoint(workers, _m("uno", 1.0), variants)


def _result(*workers: int) -> parallel.ScalingResult:
    # Con N trabajadores: hilos tardan N veces una porción (1×), procesos y techo lo mismo (N×).
    return parallel.ScalingResult("python", tuple(_point(n, float(n), 1.0, 1.0) for n in workers))


STAMP = replace(machine.stamp(), virtual=False, physical_cores=2, logical_cores=2, usable_cores=2)
STARTUP = measure.Measurement("arranque", (50, 50, 50), 0)


def test_python_values_are_the_hand_computed_speedups() -> None:
    values = scaling_summary.python_scaling_values(_result(1, 2), STAMP, STARTUP)
    assert values["cpu_par_py_hilos"] == pytest.approx(1.0)
    assert values["cpu_par_py_procesos"] == pytest.approx(2.0)
    assert values["cpu_par_py_techo"] == pytest.approx(2.0)
    assert values["cpu_par_py_ceiling_per_core"] == pytest.approx(100.0)
    assert values["cpu_par_py_serial_hilos"] == pytest.approx(1.0, abs=0.01)
    assert values["cpu_par_py_serial_procesos"] == pytest.approx(0.0, abs=0.01)
    # La mediana de «uno» es 100 ns: porción de 1e-4 ms; el arranque, la mitad.
    assert values["cpu_par_py_portion_ms"] == pytest.approx(1e-4)
    assert values["cpu_par_startup_ms"] == pytest.approx(5e-5)
    assert values["cpu_par_startup_pct"] == pytest.approx(50.0)
    assert values["cpu_par_py_repeats"] == len(ONE)
    assert values["cpu_par_min_ratio"] == pytest.approx(95.0)
    assert values["cpu_par_py_hilos_verdict"] == "no aceleró de forma medible " + (
        "(la dispersión de las repeticiones se solapa)"
    )
    assert values["cpu_par_two_target"] == (
        "se cumplió: con dos trabajadores el pool de procesos llegó a 2×"
    )


def test_without_two_workers_the_serial_fraction_is_nan() -> None:
    values = scaling_summary.python_scaling_values(_result(1, 4), STAMP, STARTUP)
    assert math.isnan(float(values["cpu_par_py_serial_hilos"]))  # type: ignore[arg-type]
    assert math.isnan(float(values["cpu_par_py_serial_procesos"]))  # type: ignore[arg-type]


def test_every_value_has_its_place_in_the_page_prose() -> None:
    """Cada clave devuelta la usa la página, y la página no usa ninguna cpu_par_py_* más.

    El veredicto del techo se pega (queda en lo registrado de la construcción) aunque la
    prosa no lo cite.
    """
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(cpu_par_[a-z0-9_]+)", text))
    values = scaling_summary.python_scaling_values(_result(1, 2), STAMP, STARTUP)
    assert set(values) - used == {"cpu_par_py_techo_verdict"}
    assert {k for k in used if k.startswith("cpu_par_py_")} <= set(values)


FT = {
    "python": "3.14.0",
    "gil_enabled": False,
    "points": [
        {
            "workers": 1,
            "speedup": 1.0,
            "uno_samples_s": [1.0] * 5,
            "hilos_samples_s": [1.0] * 5,
            "busy": False,
        },
        {
            "workers": 2,
            "speedup": 1.96,
            "uno_samples_s": [1.0, 1.01, 0.99, 1.0, 1.02],
            "hilos_samples_s": [1.0, 1.02, 0.98, 1.01, 0.99],
            "busy": False,
        },
    ],
}


def test_freethreaded_sentence_names_the_interpreter_and_the_verdict() -> None:
    sentence = scaling_summary.freethreaded_sentence("python3.14t", FT, 2)
    assert sentence == (
        "Con el intérprete python3.14t (Python 3.14.0, GIL desactivado), el mismo Python "
        "puro en 2 hilos llegó a 1,96× y escaló como el ideal: su tiempo no se distingue "
        "del de una sola porción."
    )
    assert scaling_summary.freethreaded_sentence(None, None, 2) == scaling_summary.NO_FREETHREADED


def test_freethreaded_curve_only_without_gil() -> None:
    assert scaling_summary.freethreaded_curves(FT) == {
        "pool de hilos, Python 3.14.0 sin GIL": [1.0, 1.96]
    }
    assert scaling_summary.freethreaded_curves({**FT, "gil_enabled": True}) == {}
    assert scaling_summary.freethreaded_curves(None) == {}

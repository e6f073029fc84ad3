"""Los valores y las frases que la página de la CPU pega sobre el escalado de Python puro.

La sección «Hilos, procesos y el GIL» mide una curva de aceleración
(:func:`.parallel.measure_scaling`) y, si encuentra un intérprete sin GIL, la repite en él
(:func:`.freethreaded.run`). Aquí se convierte lo medido en lo que lee quien abre la
página: números para ``{glue:text}`` y frases decididas por el veredicto del libro
(:mod:`.speedup`, :mod:`.parallel_report`, :mod:`.scaling`). Nada de esto mide ni dibuja:
recibe las mediciones hechas.

>>> freethreaded_curves(None)
{}
>>> freethreaded_sentence(None, None, 2).startswith("En esta construcción no había")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dadsbook import fmt, measure
from dadsbook.hardware.cpu import parallel_report, scaling, scaling_reference, speedup
from dadsbook.hardware.cpu.parallel import ScalingResult
from dadsbook.machine import MachineStamp

__all__ = ["freethreaded_curves", "freethreaded_sentence", "python_scaling_values"]

#: Lo que dice la página cuando no hay intérprete sin GIL con el que repetir la medición.
NO_FREETHREADED = (
    "En esta construcción no había ningún intérprete sin GIL (se buscaron python3.14t y "
    "python3.13t en el PATH y la variable DADSBOOK_FREETHREADED_PYTHON), así que la "
    "figura solo muestra hilos con GIL."
)


def freethreaded_sentence(
    interpreter: str | None, result: Mapping[str, Any] | None, workers: int
) -> str:
    """La frase sobre Python sin GIL: qué intérprete se usó y qué hicieron sus hilos.

    ``result`` es lo que devuelve :func:`.freethreaded.run` con ``interpreter`` (o
    ``None`` si no se encontró ninguno); ``workers``, el mayor número de hilos medido.
    El final de la frase lo decide :func:`.speedup.speedup_verdict` con las muestras
    del último punto.
    """
    if interpreter is None or result is None:
        return NO_FREETHREADED
    last = result["points"][-1]
    gil = "activo" if result["gil_enabled"] else "desactivado"
    return (
        f"Con el intérprete {interpreter} (Python {result['python']}, GIL {gil}), el mismo "
        f"Python puro en {workers} hilos llegó a {fmt.ratio(last['speedup'])} y "
        + speedup.speedup_verdict(
            last["uno_samples_s"], last["hilos_samples_s"], workers, busy=last["busy"]
        )
        + "."
    )


def freethreaded_curves(result: Mapping[str, Any] | None) -> dict[str, list[float]]:
    """La curva extra de la figura: aceleraciones de los hilos sin GIL, con su rótulo.

    Vacía si no se midió o si el intérprete tenía el GIL activo (entonces no aporta
    nada que no muestre ya el *pool* de hilos).
    """
    if result is None or result["gil_enabled"]:
        return {}
    label = f"pool de hilos, Python {result['python']} sin GIL"
    return {label: [p["speedup"] for p in result["points"]]}


def python_scaling_values(
    result: ScalingResult, stamp: MachineStamp, startup: measure.Measurement
) -> dict[str, object]:
    """Los valores ``cpu_par_*`` que la página pega sobre la curva de Python puro.

    ``result`` es la curva medida; ``stamp``, la máquina; ``startup``, lo que costó
    arrancar tantos procesos vacíos como trabajadores (:func:`.ceiling.startup_cost`).
    Devuelve, con su clave de ``{glue:text}``, las aceleraciones y sus veredictos con el
    mayor número de trabajadores, la fracción serie de Amdahl (``nan`` si no se midió
    con dos trabajadores), las frases de :mod:`.parallel_report` y de los objetivos
    (:func:`.scaling.check_targets`), la referencia de otra máquina y el coste de
    arranque frente a una porción.
    """
    last = result.points[-1]
    first = result.points[0].baseline
    workers = max(result.workers)
    values: dict[str, object] = {}
    for variant in ("hilos", "procesos", "techo"):
        values[f"cpu_par_py_{variant}"] = float(last.speedup(variant))
        values[f"cpu_par_py_{variant}_verdict"] = last.speedup_phrase(variant)
    fit = 2 in result.workers  # el ajuste de Amdahl necesita al menos dos números de trabajadores
    for variant in ("hilos", "procesos"):
        serial = float(result.serial_fraction(variant)) if fit else float("nan")
        values[f"cpu_par_py_serial_{variant}"] = serial
    targets = scaling.check_targets(result)
    reference = scaling_reference.REFERENCE_16
    values |= {
        "cpu_par_py_ceiling_per_core": 100 * last.speedup("techo") / workers,
        "cpu_par_py_pool_vs_ceiling": last.pool_vs_ceiling().phrase,
        "cpu_par_ideal_sentence": parallel_report.ideal_sentence(last),
        "cpu_par_machine_sentence": parallel_report.machine_sentence(stamp),
        "cpu_par_reference_sentence": parallel_report.reference_sentence(last),
        "cpu_par_takeaway": parallel_report.takeaway(last),
        "cpu_par_reference_ceiling": reference.ceiling_definition,
        "cpu_par_reference_source": reference.source,
        "cpu_par_reference_workers": reference.max_workers,
        "cpu_par_reference_ratio": reference.point(reference.max_workers).pool_over_ceiling,
        "cpu_par_min_ratio": 100 * scaling.MIN_RATIO,
        "cpu_par_min_two": scaling.MIN_TWO_WORKERS,
        "cpu_par_ratio_target": targets.ratio_phrase(),
        "cpu_par_two_target": targets.two_workers_phrase(),
        "cpu_par_startup_ms": 1000 * startup.median_s,
        "cpu_par_startup_pct": 100 * startup.median_s / first.median_s,
        "cpu_par_py_repeats": len(first.samples_ns),
        "cpu_par_py_portion_ms": 1000 * first.median_s,
        "cpu_par_py_spread_max": 100 * result.max_spread(),
    }
    return values

"""Los números del reparto de CPU entre dos «pods» que cita la página de contenedores.

La página mide una vez (:func:`~dadsbook.systems.containers.contention.measure_contention`)
y pega lo que devuelve :func:`contention_numbers`: ventanas, partes medidas y previstas,
el veredicto del libro y la frase que dice qué se vio. Solo cuenta: no mide ni dibuja.
"""

from __future__ import annotations

from dadsbook.systems.containers.contention import ContentionResult

__all__ = ["LINEAR", "RUNC", "contention_numbers"]

LINEAR = "cgroup v2, fórmula lineal"
"""La predicción con la conversión lineal de *shares* a ``cpu.weight``."""

RUNC = "cgroup v2, runc ≥ 1.3.2"
"""La predicción con la conversión de runc 1.3.2 y posteriores."""


def contention_numbers(run: ContentionResult, *, machine: str) -> dict[str, object]:
    """Los valores ``cont_req_…`` de la medición, en el orden en que se pegan.

    ``machine`` es el resumen de la máquina donde se midió
    (:meth:`dadsbook.machine.MachineStamp.summary`). Los porcentajes van de 0 a 100; la
    frase ``cont_req_seen`` sale del veredicto de :meth:`ContentionResult.verdict`, nunca
    de comparar medianas.
    """
    first, second = run.first, run.second
    predicted = run.plan.predicted()
    verdict = run.verdict()
    return {
        "cont_req_windows": run.measured.windows,
        "cont_req_window": run.measured.window_s,
        "cont_req_cpu": run.measured.cpu,
        "cont_req_meas_big": 100 * first.measured,
        "cont_req_meas_small": 100 * second.measured,
        "cont_req_low_big": 100 * min(first.samples),
        "cont_req_high_big": 100 * max(first.samples),
        "cont_req_pred_big": 100 * first.predicted,
        "cont_req_pred_lin": 100 * predicted[LINEAR],
        "cont_req_pred_new": 100 * predicted[RUNC],
        "cont_req_verdict": verdict.phrase,
        "cont_req_load": run.load.describe() if run.load else "sin datos de carga",
        "cont_req_machine": machine,
        "cont_req_seen": verdict.pick(
            mayor="el proceso con más peso se llevó más CPU que el otro",
            menor="el proceso con más peso se llevó menos CPU que el otro, al revés que los pesos",
            igual=f"la medición no separó a los dos procesos: {verdict.reason}",
        ),
    }

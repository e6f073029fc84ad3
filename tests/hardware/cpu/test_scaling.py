"""Pruebas de los objetivos de escalado (dadsbook.hardware.cpu.scaling).

La orden ``dadsbook scaling``, que imprime :func:`~dadsbook.hardware.cpu.scaling.report`,
se prueba en ``tests/cli/test_scaling.py``.
"""

from __future__ import annotations

import pytest

from dadsbook import measure
from dadsbook.hardware.cpu import parallel, scaling

ONE = (100, 101, 99, 100, 102, 100, 98)
NOISY = (100, 104, 96, 100, 105, 95, 101)


def _result(
    pool: float, ceiling: float, *, busy: bool = False, noisy: bool = False
) -> parallel.ScalingResult:
    """Un resultado inventado con 1 y 2 trabajadores: variante = factor × «uno» por ronda.

    Con ``noisy`` el pool lleva su propio ruido (±5 %) en lugar del de «uno».
    """
    load = measure.Load(1.0, 2, 0.9 if busy else 0.0, 0.0, 2.0)

    def m(label: str, factor: float, base: tuple[int, ...] = ONE) -> measure.Measurement:
        return measure.Measurement(label, tuple(round(factor * t) for t in base), 0, load)

    points = tuple(
        parallel.ScalingPoint(
            n,
            m("uno", 1.0),
            {
                "techo": m("techo", ceiling),
                "procesos": m("procesos", pool, NOISY if noisy else ONE),
            },
        )
        for n in (1, 2)
    )
    return parallel.ScalingResult("python", points)


def test_targets_met_missed_and_undecided() -> None:
    """Los objetivos los decide el veredicto: cumplido, fallado o sin poder afirmarlo."""
    met = scaling.check_targets(_result(pool=1.0, ceiling=1.0))
    assert met.ratio_phrase().startswith("se cumplió con todos")
    assert met.two_workers_phrase().startswith("se cumplió: con dos trabajadores")
    missed = scaling.check_targets(_result(pool=1.3, ceiling=1.0))
    assert missed.ratio_phrase().startswith("no se cumplió con 1 trabajador (")
    assert missed.two_workers_phrase().startswith("no se cumplió")
    assert missed.worst_ratio == pytest.approx(1 / 1.3, abs=0.01)
    close = scaling.check_targets(_result(pool=1.03, ceiling=1.0, noisy=True))
    assert close.ratio_phrase().startswith("no se puede afirmar con esta dispersión")


def test_targets_say_when_the_machine_was_busy() -> None:
    """Con la máquina ocupada, ningún objetivo se da por cumplido ni por fallado."""
    busy = scaling.check_targets(_result(pool=1.3, ceiling=1.0, busy=True))
    assert "la máquina estaba ocupada" in busy.ratio_phrase()
    assert busy.two_workers_phrase().startswith("quedó sin veredicto")


def test_targets_need_the_pool_and_the_ceiling() -> None:
    """Sin las dos variantes no hay objetivo que comprobar."""
    one = measure.Measurement("uno", ONE, 0)
    result = parallel.ScalingResult("numpy", (parallel.ScalingPoint(1, one, {"hilos": one}),))
    with pytest.raises(ValueError, match="procesos y techo"):
        scaling.check_targets(result)

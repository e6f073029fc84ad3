"""Pruebas del resultado de referencia de 16 vCPU (dadsbook.hardware.cpu.scaling_reference).

Son datos citados, no medidos: la prueba fija las cifras de la fuente para que nadie
las retoque sin querer, y comprueba que el rótulo dice de qué máquina y fecha son.
"""

from __future__ import annotations

import pytest

from dadsbook.hardware.cpu import scaling_reference as ref


def test_cited_figures_are_the_source_ones() -> None:
    """Las cifras de la nota de la parada 9: 16 trabajadores, techo 14,0× y pool 14,4×."""
    r = ref.REFERENCE_16
    assert [(p.workers, p.ceiling, p.pool) for p in r.points] == [(2, 2.91, 2.25), (16, 14.0, 14.4)]
    assert (r.numpy_workers, r.numpy_size, r.numpy_processes, r.numpy_threads) == (
        16,
        512,
        7.43,
        7.62,
    )
    assert r.max_workers == 16 and r.point(16).pool_over_ceiling == 1.03


def test_label_says_which_machine_and_when() -> None:
    """El rótulo nombra la máquina (virtual, 16 vCPU), la fecha y la orden."""
    label = ref.REFERENCE_16.label()
    for words in (
        "16 vCPU",
        "máquina virtual",
        "noviembre de 2026",
        "dadsbook scaling",
    ):
        assert words in label
    assert "procesos nuevos en cada repetición" in ref.REFERENCE_16.ceiling_definition


def test_reference_table() -> None:
    """La tabla con el formateador del libro y un título que dice que es de otra máquina."""
    table = ref.reference_table()
    assert table.rows[-1] == (16, "14×", "14,4×", "1,03")
    assert table.caption.startswith("Referencia de otra máquina")


def test_unknown_point() -> None:
    """Un número de trabajadores que la fuente no da se rechaza."""
    with pytest.raises(ValueError, match="workers"):
        ref.REFERENCE_16.point(8)

"""Pruebas de las frases del paralelismo (dadsbook.hardware.cpu.parallel_report).

Cada frase depende de lo medido: se prueban con mediciones inventadas para cada caso
del veredicto (se vio, no se vio, máquina ocupada) y con las dos clases de máquina.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from dadsbook import machine, measure
from dadsbook.hardware.cpu import parallel, parallel_report

ONE = (100, 101, 99, 100, 102, 100, 98)


def _point(pool: float, ceiling: float, *, busy: bool = False) -> parallel.ScalingPoint:
    """Dos trabajadores; cada variante tarda ``factor`` veces lo que tarda «uno» (por ronda)."""
    load = measure.Load(1.0, 2, 0.9 if busy else 0.0, 0.0, 1.0)

    def m(label: str, factor: float) -> measure.Measurement:
        return measure.Measurement(label, tuple(round(factor * t) for t in ONE), 0, load)

    return parallel.ScalingPoint(
        2, m("uno", 1.0), {"techo": m("techo", ceiling), "procesos": m("procesos", pool)}
    )


@pytest.mark.parametrize(
    ("ceiling", "expected"),
    [
        (1.0, "el techo no se distingue del ideal"),
        (1.3, "el techo quedó por debajo del ideal"),
        (0.7, "el techo quedó por encima del ideal"),
    ],
)
def test_ideal_sentence_follows_the_verdict(ceiling: float, expected: str) -> None:
    """La posición del techo respecto del ideal la decide el veredicto."""
    assert expected in parallel_report.ideal_sentence(_point(1.0, ceiling))


def test_ideal_sentence_when_busy() -> None:
    """Con la máquina ocupada no se afirma nada y se dice por qué."""
    text = parallel_report.ideal_sentence(_point(1.0, 1.3, busy=True))
    assert "no se puede decir" in text and "ocupada" in text


def test_machine_sentence_comes_from_the_stamp() -> None:
    """En una VM, lo que no se puede saber desde dentro; en una física, lo que dice /sys."""
    vm = parallel_report.machine_sentence(replace(machine.stamp(), virtual=True))
    assert "una máquina virtual" in vm and "no se puede saber" in vm
    host = parallel_report.machine_sentence(replace(machine.stamp(), virtual=False))
    assert "una máquina física" in host and "no se puede saber" not in host


def test_reference_when_the_effect_is_seen_and_when_not() -> None:
    """Si aquí aceleró, se dice; si no, se dice por qué y se remite a la otra máquina."""
    seen = parallel_report.reference_sentence(_point(pool=1.0, ceiling=1.0))
    assert seen.startswith("En esta construcción el efecto sí se vio")
    not_seen = parallel_report.reference_sentence(_point(pool=2.0, ceiling=1.0))
    assert not_seen.startswith("En esta construcción el efecto no se vio")
    for text in (seen, not_seen):
        assert "14,4×" in text and "noviembre de 2026" in text and "16 vCPU" in text


def test_takeaway_never_contradicts_the_verdict() -> None:
    """«Para llevar»: lo medido si se vio; si no, por qué y la referencia."""
    assert parallel_report.takeaway(_point(1.0, 1.0)).startswith(
        "en esta construcción, con 2 trabajadores, el pool de procesos llegó a 2×"
    )
    busy = parallel_report.takeaway(_point(1.0, 1.0, busy=True))
    assert busy.startswith("en esta construcción no se vio") and "ocupada" in busy
    assert "14,4×" in busy and "((" not in busy and "))" not in busy

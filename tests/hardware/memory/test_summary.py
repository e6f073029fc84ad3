"""Pruebas de los valores que pega la página de la memoria (dadsbook.hardware.memory.summary).

Mediciones inventadas (nada se mide): tráficos de uno y de cuatro hilos claramente
separados o solapados, para que el veredicto elija cada lectura.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.hardware.memory import summary
from dadsbook.hardware.memory.channels import ChannelPoint, ChannelScan

PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "memoria.md"
ONE = (10.0, 10.1, 9.9, 10.0, 10.2)


def _scan(factor: float) -> ChannelScan:
    points = (ChannelPoint(1, ONE), ChannelPoint(4, tuple(factor * v for v in ONE)))
    return ChannelScan(points, megabytes=64, passes=2, load=None)


def test_channels_values_are_the_medians_and_the_share_of_the_ceiling() -> None:
    values = summary.channels_values(_scan(2.0), dual_gb_s=40.0, cores="2 CPU lógicas")
    assert values["mem_chm_one"] == pytest.approx(10.0)
    assert values["mem_chm_many"] == pytest.approx(20.0)
    assert values["mem_chm_many_n"] == 4
    assert values["mem_chm_per_thread"] == pytest.approx(5.0)
    assert values["mem_chm_repeats"] == 5
    assert values["mem_chm_share"] == "50 %"
    assert values["mem_chm_load"] == ""
    assert values["mem_chm_takeaway"] == "aquí, varios hilos movieron más bytes que uno"
    assert str(values["mem_chm_reading"]).startswith("Aquí, varios hilos movieron más bytes")


def test_overlapping_samples_say_the_measurement_does_not_separate() -> None:
    values = summary.channels_values(_scan(1.0), dual_gb_s=40.0, cores="2 CPU lógicas")
    assert values["mem_chm_takeaway"] == "aquí la medición no separó uno de varios hilos"
    assert values["mem_chm_reading"] == (
        "Aquí la medición no separa los dos casos: con 2 CPU lógicas compartidas y otras "
        "cargas a la vez, el ruido tapa el efecto. Es en una máquina con varios núcleos "
        "libres y varios canales donde se espera verlo: compruébalo en la tuya con el "
        "último ejercicio."
    )


def test_fewer_bytes_with_more_threads_blames_something_else() -> None:
    values = summary.channels_values(_scan(0.5), dual_gb_s=40.0, cores="2 CPU lógicas")
    assert values["mem_chm_takeaway"] == (
        "aquí, con la máquina compartida, varios hilos no movieron más bytes que uno"
    )


def test_every_value_is_used_by_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(mem_chm_[a-z0-9_]+)", text))
    assert set(summary.channels_values(_scan(2.0), 40.0, "2 CPU")) <= used

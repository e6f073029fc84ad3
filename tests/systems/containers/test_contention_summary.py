"""Los números del reparto de CPU entre dos «pods», con ventanas hechas a mano."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook.software.operating_system.nice import NiceShare, NiceShares
from dadsbook.systems.containers import contention
from dadsbook.systems.containers.contention import ContentionResult
from dadsbook.systems.containers.contention_summary import LINEAR, RUNC, contention_numbers

PAGE = Path(__file__).resolve().parents[3] / "docs" / "sistemas/contenedores.md"


def _run(big_cpu: list[float], small_cpu: list[float]) -> ContentionResult:
    shares = tuple(
        NiceShare(
            nice=nice,
            weight=weight,
            predicted=predicted,
            samples=tuple(c / (b + s) for c, b, s in zip(mine, big_cpu, small_cpu, strict=True)),
            cpu_samples_s=tuple(mine),
        )
        for nice, weight, predicted, mine in (
            (0, 1024, 0.8, big_cpu),
            (6, 272, 0.2, small_cpu),
        )
    )
    return ContentionResult(contention.plan((1000, 250)), NiceShares(3, 0.5, shares), None)


def test_shares_and_predictions_in_percent() -> None:
    # Siete ventanas de 0,5 s: el grande se lleva 0,4 s y el pequeño 0,1 s (80 % / 20 %),
    # salvo una ventana en que el grande se lleva 0,3 s (75 %).
    values = contention_numbers(_run([0.4] * 6 + [0.3], [0.1] * 7), machine="la máquina")
    assert values["cont_req_windows"] == 7
    assert values["cont_req_window"] == 0.5
    assert values["cont_req_cpu"] == 3
    assert values["cont_req_meas_big"] == pytest.approx(80.0)
    assert values["cont_req_meas_small"] == pytest.approx(20.0)
    assert values["cont_req_low_big"] == pytest.approx(75.0)
    assert values["cont_req_high_big"] == pytest.approx(80.0)
    assert values["cont_req_pred_big"] == pytest.approx(80.0)
    predicted = contention.plan((1000, 250)).predicted()
    assert values["cont_req_pred_lin"] == pytest.approx(100 * predicted[LINEAR])
    assert values["cont_req_pred_new"] == pytest.approx(100 * predicted[RUNC])
    assert values["cont_req_load"] == "sin datos de carga"
    assert values["cont_req_machine"] == "la máquina"


SPREAD = [0.40, 0.41, 0.39, 0.40, 0.42, 0.40, 0.41]


def test_the_sentence_follows_the_verdict() -> None:
    apart = contention_numbers(_run(SPREAD, [0.1] * 7), machine="m")
    assert apart["cont_req_seen"] == "el proceso con más peso se llevó más CPU que el otro"
    assert "más favorecido" in str(apart["cont_req_verdict"])
    reversed_ = contention_numbers(_run([0.1] * 7, SPREAD), machine="m")
    assert str(reversed_["cont_req_seen"]).endswith("al revés que los pesos")
    few = contention_numbers(_run([0.4, 0.4, 0.4], [0.1, 0.1, 0.1]), machine="m")
    assert str(few["cont_req_seen"]).startswith("la medición no separó a los dos procesos: ")


def test_keys_in_page_order() -> None:
    values = contention_numbers(_run([0.4] * 5, [0.1] * 5), machine="m")
    assert next(iter(values)) == "cont_req_windows"
    assert list(values)[-3:] == ["cont_req_load", "cont_req_machine", "cont_req_seen"]


def test_the_page_finds_every_key_it_cites() -> None:
    values = contention_numbers(_run([0.4] * 5, [0.1] * 5), machine="m")
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(cont_req_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(cont_req_[a-z0-9_]+)", text))
    # Las demás claves con ese prefijo las pega la propia celda (figuras, otras mediciones).
    elsewhere = set(re.findall(r"\b(cont_req_[a-z0-9_]+)=", text))
    assert not set(values) & elsewhere
    assert used - elsewhere <= set(values), used - elsewhere - set(values)

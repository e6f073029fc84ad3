"""Los números del estudio de lazo abierto, con ventanas hechas a mano."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from dadsbook.systems.web_servers.coordinated import Study
from dadsbook.systems.web_servers.open_loop_summary import open_loop_numbers
from dadsbook.systems.web_servers.openloop import Mode, ScheduledResult

PAGE = Path(__file__).resolve().parents[3] / "docs" / "sistemas/servidores-web.md"


def _window(
    mode: Mode, p99: float, *, unsent: int = 0, intended: float | None = None
) -> ScheduledResult:
    sent = (p99,)
    return ScheduledResult(mode, 80.0, 80, 80, 0, unsent, 1.0, sent, (intended or p99,))


def _study(closed: tuple[float, ...], opened: tuple[float, ...]) -> Study:
    return Study(
        {1: (99.0, 100.0, 101.0), 2: (190.0,)},
        tuple(_window("cerrado", x, unsent=2, intended=3 * x) for x in closed),
        tuple(_window("abierto", x) for x in opened),
        (),
        0.8,
        4,
        100,
        1.0,
    )


CLOSED = (10.0, 11.0, 9.0, 10.0, 10.5)
OPEN = (50.0, 52.0, 49.0, 51.0, 50.0)


def test_load_capacity_and_the_two_generators() -> None:
    values = open_loop_numbers(_study(CLOSED, OPEN), cores="2 CPU lógicas")
    assert values["ol_load_pct"] == pytest.approx(80.0)
    assert values["ol_capacity"] == pytest.approx(100.0)
    assert values["ol_rate"] == pytest.approx(80.0)
    assert values["ol_service_ms"] == pytest.approx(10.0)
    assert values["ol_repeats"] == 5
    assert values["ol_closed_p99"] == pytest.approx(10.0)
    assert values["ol_open_p99"] == pytest.approx(50.0)
    assert values["ol_closed_fixed_p99"] == pytest.approx(30.0)
    assert values["ol_unsent"] == 10
    assert values["ol_cores"] == "2 CPU lógicas"


def test_queueing_models() -> None:
    values = open_loop_numbers(_study(CLOSED, OPEN), cores="c")
    # M/M/1 con μ = 100/s y λ = 80/s: respuesta exponencial de tasa 20/s.
    assert values["ol_model_mean"] == pytest.approx(50.0)
    assert values["ol_model_p99"] == pytest.approx(1000 * math.log(100) / 20)
    assert values["ol_model_p99_services"] == pytest.approx(100 * math.log(100) / 20)
    assert values["ol_mm1_wait"] == pytest.approx(80.0)  # Erlang C con un servidor: ρ
    assert values["ol_top"] == 2 and values["ol_mmc_c"] == 2
    assert values["ol_mmc_wait"] == pytest.approx(100 * 6.4 / 9.0)  # a = 1,6 con c = 2


def test_sentences_follow_the_verdict() -> None:
    apart = open_loop_numbers(_study(CLOSED, OPEN), cores="c")
    assert str(apart["ol_gap_takeaway"]).startswith("Aquí se vio")
    same = open_loop_numbers(_study(CLOSED, CLOSED), cores="c")
    assert str(same["ol_gap_takeaway"]).startswith("En esta construcción no se comprobó")
    assert next(iter(apart)) == "ol_load_pct" and list(apart)[-1] == "ol_mm1_wait"


def test_the_page_finds_every_key_it_cites() -> None:
    values = open_loop_numbers(_study(CLOSED, OPEN), cores="c")
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`(ol_[a-z0-9_]+)", text))
    used |= set(re.findall(r"```\{glue(?::figure)?\}\s+(ol_[a-z0-9_]+)", text))
    # Las demás claves con ese prefijo las pega la propia celda (figuras, otras mediciones).
    elsewhere = set(re.findall(r"\b(ol_[a-z0-9_]+)=", text))
    assert not set(values) & elsewhere
    assert used - elsewhere <= set(values), used - elsewhere - set(values)

"""Las fórmulas de colas contra valores de manual y contra sus formas cerradas."""

from __future__ import annotations

import math

import pytest

from dadsbook.systems.web_servers import queueing


def test_erlang_c_matches_textbook_values() -> None:
    # M/M/1: esperar tiene probabilidad ρ.
    assert queueing.erlang_c(1, 0.8) == pytest.approx(0.8)
    # M/M/2: forma cerrada C = 2ρ²/(1 + ρ); con ρ = 0,5, un tercio.
    assert queueing.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    for rho in (0.1, 0.5, 0.9):
        assert queueing.erlang_c(2, 2 * rho) == pytest.approx(2 * rho**2 / (1 + rho))
    # Tabla de Erlang C (centro de llamadas): a = 2 erlangs, c = 3 → 4/9 ≈ 0,4444.
    assert queueing.erlang_c(3, 2.0) == pytest.approx(4 / 9)


def test_erlang_c_against_the_direct_sum() -> None:
    for c, a in ((5, 3.0), (10, 8.0), (20, 15.5)):
        top = a**c / math.factorial(c) * c / (c - a)
        direct = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
        assert queueing.erlang_c(c, a) == pytest.approx(direct, rel=1e-12)


def test_mm1_closed_forms() -> None:
    m = queueing.mm1(8.0, 10.0)  # ρ = 0,8
    assert m.utilization == pytest.approx(0.8)
    assert m.mean_response_s == pytest.approx(1 / (10 - 8))  # W = 1/(μ − λ)
    assert m.mean_in_system == pytest.approx(0.8 / 0.2)  # L = ρ/(1 − ρ)
    assert m.mean_queue == pytest.approx(0.8**2 / 0.2)  # Lq = ρ²/(1 − ρ)
    assert m.p99_response_s == pytest.approx(math.log(100) / 2)
    # La respuesta de M/M/1 es exponencial de tasa μ − λ.
    for t in (0.0, 0.1, 1.0, 3.0):
        assert queueing.response_survival(t, 8.0, 10.0, 1) == pytest.approx(math.exp(-2 * t))


def test_mm2_textbook_example() -> None:
    m = queueing.mmc(1.0, 1.0, 2)  # ρ = 0,5
    assert m.mean_queue == pytest.approx(1 / 3)  # Lq = 2ρ³/(1 − ρ²)
    assert m.mean_wait_s == pytest.approx(1 / 3)
    assert m.mean_response_s == pytest.approx(4 / 3)
    assert m.mean_in_system == pytest.approx(4 / 3)  # Little: L = λW


def test_quantile_inverts_the_survival_function() -> None:
    for c, lam, mu in ((1, 5.0, 10.0), (2, 15.0, 10.0), (3, 10.0, 5.0), (4, 7.0, 2.0)):
        t = queueing.response_quantile(99, lam, mu, c)
        assert queueing.response_survival(t, lam, mu, c) == pytest.approx(0.01, rel=1e-6)
    # α = cμ − λ = μ: la rama de dos fases iguales es continua con la general.
    near = queueing.response_survival(0.3, 10.0 + 1e-6, 10.0, 2)
    equal = queueing.response_survival(0.3, 10.0, 10.0, 2)
    assert near == pytest.approx(equal, rel=1e-5)


def test_the_knee_and_more_servers() -> None:
    p99 = [queueing.mm1(r, 1.0).p99_response_s for r in (0.5, 0.8, 0.9, 0.95)]
    assert p99 == sorted(p99)
    assert p99[-1] / p99[1] == pytest.approx(4.0)  # (1 − 0,8)/(1 − 0,95)
    # Misma utilización repartida entre más servidores: se espera menos.
    waits = [queueing.erlang_c(c, 0.8 * c) for c in (1, 2, 4, 8)]
    assert waits == sorted(waits, reverse=True)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: queueing.mmc(10.0, 5.0, 2), "arrival_rate"),
        (lambda: queueing.mmc(1.0, 0.0, 1), "service_rate"),
        (lambda: queueing.mmc(1.0, 2.0, 0), "servers"),
        (lambda: queueing.mmc(-1.0, 2.0, 1), "arrival_rate"),
        (lambda: queueing.erlang_c(2, 2.0), "offered_load"),
        (lambda: queueing.response_quantile(100, 1.0, 2.0, 1), "q"),
        (lambda: queueing.response_survival(-1.0, 1.0, 2.0, 1), "t"),
    ],
)
def test_rejects_bad_input_in_spanish(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]

"""Pruebas del sobreaprovisionamiento (dadsbook.systems.cloud.overprovisioning)."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.cloud import overprovisioning as op


def test_without_tail_every_machine_boots_in_the_median_and_nothing_is_deleted() -> None:
    model = op.BootModel(median_s=60, sigma=0, slow_p=0, fail_p=0)
    d = op.deploy(10, extra=0, seed=3, model=model)
    assert d.time_to_ready_s == pytest.approx(60)
    assert (d.started, d.ready, d.failed, d.deleted) == (10, 10, 0, 0)


def test_extra_machines_are_deleted_and_counted_when_extensions_had_started() -> None:
    # Todas iguales: las de más llegan al mismo tiempo, ya en la fase de extensiones.
    model = op.BootModel(median_s=60, sigma=0, slow_p=0, fail_p=0, extensions_share=0.5)
    d = op.deploy(5, extra=3, seed=1, model=model)
    assert (d.ready, d.deleted, d.extensions_on_deleted) == (5, 3, 3)
    early = op.BootModel(median_s=60, sigma=0, slow_p=0, fail_p=0, extensions_share=0.0)
    assert op.deploy(5, extra=3, seed=1, model=early).extensions_on_deleted == 3
    # Con un arranque lento entre las de más, esa no había llegado a sus extensiones.
    slow = op.BootModel(median_s=60, sigma=0, slow_p=1, slow_factor=4, fail_p=0,
                        extensions_share=0.2)  # fmt: skip
    assert op.deploy(2, extra=2, seed=1, model=slow).extensions_on_deleted == 2


def test_a_failed_boot_is_replaced_and_delays_the_group() -> None:
    model = op.BootModel(median_s=60, sigma=0, slow_p=0, fail_p=0.5)
    runs = [op.deploy(4, extra=0, seed=s, model=model) for s in range(30)]
    assert any(d.failed for d in runs)
    for d in runs:
        assert d.started == 4 + d.failed
        # Con duraciones fijas de 60 s, el despliegue acaba en un múltiplo de 60 s: uno más
        # por cada arranque repetido en la cadena más larga.
        assert d.time_to_ready_s / 60 == pytest.approx(round(d.time_to_ready_s / 60))
        assert d.time_to_ready_s <= 60 * (1 + d.failed) + 1e-9
    assert max(d.time_to_ready_s for d in runs) >= 120
    assert min(d.time_to_ready_s for d in runs if not d.failed) == pytest.approx(60)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(0, 10), st.integers(0, 10_000))
def test_accounting_and_extra_never_slows_with_the_same_seed(n: int, k: int, seed: int) -> None:
    d = op.deploy(n, extra=k, seed=seed)
    assert d.ready == n and d.deleted == k
    assert d.started == d.ready + d.failed + d.deleted
    assert 0 <= d.extensions_on_deleted <= d.deleted
    # Números aleatorios comunes: las n primeras máquinas son las mismas con o sin k de más.
    base = op.deploy(n, extra=0, seed=seed)
    if base.failed == 0 and d.failed == 0:
        assert d.time_to_ready_s <= base.time_to_ready_s


def test_overprovisioning_cuts_the_tail_over_many_seeds() -> None:
    out = op.by_seed(20, [0, 4], seeds=range(200))
    without = statistics.median(d.time_to_ready_s for d in out[0])
    with_extra = statistics.median(d.time_to_ready_s for d in out[4])
    assert with_extra < 0.6 * without


def test_same_seed_same_deployment() -> None:
    assert op.deploy(12, extra=2, seed=9) == op.deploy(12, extra=2, seed=9)
    assert op.deploy(12, extra=2, seed=9) != op.deploy(12, extra=2, seed=10)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"median_s": 0}, "median_s"),
        ({"slow_p": 1.5}, "slow_p"),
        ({"slow_factor": 0.5}, "slow_factor"),
        ({"fail_p": 0.95}, "fail_p"),
        ({"extensions_share": -0.1}, "extensions_share"),
    ],
)
def test_bad_model(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        op.BootModel(**kwargs)


def test_bad_deployments() -> None:
    with pytest.raises(ValueError, match="requested"):
        op.deploy(0, extra=1, seed=0)
    with pytest.raises(ValueError, match="extra"):
        op.deploy(3, extra=-1, seed=0)
    with pytest.raises(ValueError, match="como mucho"):
        op.deploy(op.MAX_MACHINES, extra=1, seed=0)
    with pytest.raises(ValueError, match="seeds"):
        op.by_seed(3, [0], seeds=[])
    with pytest.raises(ValueError, match="extras"):
        op.by_seed(3, [], seeds=[1])


def test_summary_table_uses_the_spanish_formatter() -> None:
    text = str(op.summary_table(op.by_seed(10, [0, 2], seeds=range(10))))
    assert "borradas por despliegue" in text
    assert "2,0" in text and "." not in text.replace("...", "")

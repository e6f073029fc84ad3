"""FTL con recolección voraz y la carga de varios flujos frente a ZNS."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.disk import ftl


@settings(max_examples=20)
@given(st.integers(0, 10_000), st.lists(st.integers(0, 49), min_size=1, max_size=400))
def test_mapping_stays_consistent(seed: int, lpns: list[int]) -> None:
    """Tras cualquier secuencia de escrituras, cada página lógica escrita tiene una
    única copia válida y los contadores de válidas cuadran."""
    store = ftl.LogStore(segments=8, pages=10, logical=50)
    for lpn in lpns:
        store.write(lpn)
    written = set(lpns)
    assert {store.p2l[p] for p in range(len(store.p2l)) if store.p2l[p] >= 0} == written
    assert sum(store.valid) == len(written)
    assert all(store.p2l[store.l2p[lpn]] == lpn for lpn in written)
    assert store.write_amplification >= 1


def test_more_over_provisioning_means_less_amplification() -> None:
    args = {"blocks": 40, "pages_per_block": 8, "writes": 3000, "seed": 1}
    assert ftl.random_overwrite_wa(0.15, **args) > ftl.random_overwrite_wa(1.0, **args) >= 1


def test_zoned_store_obeys_the_zone_rules() -> None:
    """Con un ZonedDevice debajo, cualquier escritura fuera de orden fallaría."""
    wa = ftl.random_overwrite_wa(
        0.3, blocks=20, pages_per_block=16, writes=2000, seed=3, zoned=True
    )
    assert wa > 1


def test_streams_zns_never_copies() -> None:
    r = ftl.stream_workload_wa(streams=3, lifetimes=[1, 4, 9], object_pages=8, segments=20,
                               objects=120, seed=2)  # fmt: skip
    assert r.zns_wa == 1.0
    assert r.ftl_wa >= 1.0
    assert r.zone_resets > 0
    assert r.as_dict()["streams"] == 3


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="op"):
        ftl.random_overwrite_wa(0.0, blocks=10, pages_per_block=4, writes=1, seed=0)
    with pytest.raises(ValueError, match="op"):
        ftl.logical_pages_for(0.05, 10, 10)
    with pytest.raises(ValueError, match="segments"):
        ftl.stream_workload_wa(streams=2, lifetimes=[5, 5], object_pages=4, segments=8,
                               objects=10, seed=0)  # fmt: skip
    with pytest.raises(ValueError, match="lifetimes"):
        ftl.stream_workload_wa(streams=2, lifetimes=[5], object_pages=4, segments=30,
                               objects=10, seed=0)  # fmt: skip


def test_random_problem_is_seeded_and_json_friendly() -> None:
    import json

    problem = ftl.random_wa(7)
    assert problem == ftl.random_wa(7)
    data = json.loads(json.dumps(problem.as_dict()))
    assert data["write_amplification"] >= 1

"""Pruebas de la traducción de direcciones con TLB (dadsbook.hardware.memory.paging)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.memory import paging


def test_translation_by_hand() -> None:
    """VPN 1 → marco 3 con páginas de 16 bytes: 0x15 es 3 × 16 + 5 = 0x35."""
    t = paging.translate([0x15, 0x17, 0x25], page_size=16, page_table={1: 3}, tlb_size=2)
    first, second, third = t.accesses
    assert (first.vpn, first.offset, first.frame, first.physical) == (1, 5, 3, 0x35)
    assert not first.tlb_hit and second.tlb_hit
    assert third.fault and third.physical is None and not third.tlb_hit
    assert (t.tlb_hits, t.tlb_misses, t.faults) == (1, 2, 1)


def test_tlb_is_lru() -> None:
    """TLB de 2 entradas: 0, 1, 0, 2 expulsa la 1 (la menos reciente), no la 0."""
    table = {0: 10, 1: 11, 2: 12}
    t = paging.translate([0, 16, 0, 32, 0, 16], page_size=16, page_table=table, tlb_size=2)
    assert [a.tlb_hit for a in t.accesses] == [False, False, True, False, True, False]


def test_random_translation_is_seeded_and_json_friendly() -> None:
    a = paging.random_translation(3, 20)
    assert a == paging.random_translation(3, 20)
    data = json.loads(json.dumps(a.as_dict()))
    assert data["tlb_hits"] + data["tlb_misses"] == 20
    assert "TLB" in str(a.table())


def test_random_page_table_uses_distinct_frames() -> None:
    table = paging.random_page_table(1, 64, 32, valid=1.0)
    assert len(table) == 32  # no caben más páginas que marcos
    assert len(set(table.values())) == len(table)


@pytest.mark.parametrize("page_size", [0, 3, 1000, 4095, -4096])
def test_page_size_must_be_power_of_two(page_size: int) -> None:
    with pytest.raises(ValueError, match="page_size"):
        paging.translate([1], page_size=page_size, page_table={})


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="addresses"):
        paging.translate([], page_size=4096, page_table={})
    with pytest.raises(ValueError, match="addresses"):
        paging.translate([-1], page_size=4096, page_table={})
    with pytest.raises(ValueError, match="tlb_size"):
        paging.translate([1], page_size=4096, page_table={}, tlb_size=0)
    with pytest.raises(ValueError, match="valid"):
        paging.random_page_table(0, 8, 8, valid=2.0)


@settings(max_examples=150)
@given(
    st.lists(st.integers(min_value=0, max_value=2**16 - 1), min_size=1, max_size=60),
    st.sampled_from([16, 256, 4096]),
    st.integers(min_value=1, max_value=8),
)
def test_translation_invariants(addresses: list[int], page_size: int, tlb_size: int) -> None:
    """Física = marco × página + desplazamiento; aciertos + fallos de TLB = accesos."""
    table = {vpn: (vpn * 7 + 3) % 97 for vpn in range(0, 2**16 // page_size, 2)}
    t = paging.translate(addresses, page_size=page_size, page_table=table, tlb_size=tlb_size)
    assert t.tlb_hits + t.tlb_misses == len(addresses)
    for a in t.accesses:
        assert a.vpn * page_size + a.offset == a.virtual
        if a.frame is not None:
            assert a.physical == a.frame * page_size + a.offset
        assert not (a.fault and a.tlb_hit)

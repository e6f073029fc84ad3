"""Zonas ZNS: puntero de escritura, estados, append, reset y límite de zonas abiertas."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.hardware.disk import zns
from dadsbook.hardware.disk.zns import ZonedDevice


def test_zone_lifecycle() -> None:
    dev = ZonedDevice(zones=2, zone_size=4)
    assert dev.state(0) == "empty"
    assert dev.append(0, pages=2) == 0
    assert dev.state(0) == "open"
    dev.write(0, 2, pages=2)
    assert dev.state(0) == "full" and dev.open_zones == 0
    with pytest.raises(ValueError, match="reiníciala"):
        dev.append(0)
    dev.reset(0)
    assert (dev.state(0), dev.write_pointer(0), dev.resets) == ("empty", 0, 1)
    dev.append(1)
    dev.finish(1)
    assert dev.state(1) == "full"
    assert dev.media_writes == 5


def test_writes_must_hit_the_write_pointer() -> None:
    dev = ZonedDevice(1, 8)
    with pytest.raises(ValueError, match="puntero de escritura"):
        dev.write(0, 1)


def test_open_zone_limit() -> None:
    dev = ZonedDevice(3, 4, max_open=2)
    dev.append(0)
    dev.append(1)
    with pytest.raises(ValueError, match="max_open"):
        dev.append(2)


@given(st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=60))
def test_write_pointer_invariants(ops: list[tuple[int, bool]]) -> None:
    """Los punteros nunca pasan del tamaño de zona y append devuelve el puntero previo."""
    dev = ZonedDevice(3, 5)
    for zone, reset in ops:
        if reset:
            dev.reset(zone)
        elif dev.state(zone) != "full":
            wp = dev.write_pointer(zone)
            assert dev.append(zone) == wp
        assert all(0 <= z.write_pointer <= z.capacity for z in dev.info())
        assert dev.open_zones == sum(z.state == "open" for z in dev.info())


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"zones": 0}, "zones"), ({"zone_size": 0}, "zone_size"), ({"max_open": 5}, "max_open")],
)
def test_invalid_device(kwargs: dict[str, int], name: str) -> None:
    args = {"zones": 2, "zone_size": 4, **kwargs}
    with pytest.raises(ValueError, match=name):
        ZonedDevice(**args)


def test_zones_table_reports_every_zone() -> None:
    device = zns.ZonedDevice(zones=3, zone_size=4)
    device.append(1, pages=4)
    table = zns.zones_table(device)
    assert [row[1] for row in table.rows] == ["empty", "full", "empty"]

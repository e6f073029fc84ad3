"""Multiplexación de E/S: servidor de eco real con selectors y con hilos."""

from __future__ import annotations

import threading

import pytest

from dadsbook.hardware.disk import multiplexing


@pytest.mark.parametrize("mode", multiplexing.MODES)
def test_echo_counts_and_cleanup(mode: str) -> None:
    before = threading.active_count()
    r = multiplexing.echo_latency(mode, channels=5, messages=25)
    assert r.messages == 25 and r.channels == 5
    assert r.server_threads == (1 if mode == "selectors" else 5)
    assert 0 < r.median_us <= r.p99_us
    assert threading.active_count() == before
    assert r.as_dict()["mode"] == mode


def test_table_has_one_row_per_result() -> None:
    results = [multiplexing.echo_latency(m, 2, 4) for m in multiplexing.MODES]
    assert len(multiplexing.latency_table(results).rows) == 2
    assert multiplexing.default_stack_kib() > 0


@pytest.mark.parametrize(
    ("args", "name"),
    [(("poll", 2, 2), "mode"), (("threads", 0, 2), "channels"), (("selectors", 2, 0), "messages")],
)
def test_invalid_arguments(args: tuple[str, int, int], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        multiplexing.echo_latency(*args)

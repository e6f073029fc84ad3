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


def test_regular_files_are_always_ready_and_epoll_refuses_them() -> None:
    """select y poll dan un fichero regular por listo; epoll no lo vigila (EPERM)."""
    r = multiplexing.regular_file_readiness()
    assert r.select_ready and r.poll_ready
    assert "EPERM" in r.epoll
    assert "sí" in str(r.table())


def test_compare_servers_repeats_both_modes_and_cleans_up() -> None:
    before = threading.active_count()
    c = multiplexing.compare_servers(channels=4, messages=20, repeats=3)
    assert threading.active_count() == before
    assert [len(c.runs[m]) for m in multiplexing.MODES] == [3, 3]
    assert len(c.baseline_kib) == 3 and len(c.medians_us("threads")) == 3
    assert all(v >= 0 for v in c.rss_floor_kib("selectors"))
    row = c.typical("threads")
    assert row.server_threads == 4 and row.channels == 4
    assert row.rss_per_channel_kib == row.rss_kib / 4
    q1, median, q3 = c.rss_per_channel_quartiles("threads")
    assert q1 <= median <= q3
    # Con 3 repeticiones el veredicto no decide: hacen falta 5 de cada lado.
    assert c.latency_verdict().decision == "sin diferencia medible"
    assert multiplexing.growth_verdict(c, c, "selectors").decision == "sin diferencia medible"
    with pytest.raises(ValueError, match="mode"):
        multiplexing.growth_verdict(c, c, "poll")
    assert multiplexing.baseline_rss_kib(3) > -1024


def test_growth_verdict_sees_a_clear_difference() -> None:
    """Con muestras sintéticas separadas, el veredicto dice que la memoria creció."""

    def fake(channels: int, rss: float) -> multiplexing.ServerComparison:
        runs = tuple(
            multiplexing.EchoResult("threads", channels, 1, 10.0, 20.0, channels, rss + i, 0.0)
            for i in range(6)
        )
        return multiplexing.ServerComparison(channels, 1, {"threads": runs}, (0.0,) * 6)

    v = multiplexing.growth_verdict(fake(10, 100.0), fake(200, 2000.0), "threads")
    assert v.decision == "mayor"


def test_table_has_no_python_floats() -> None:
    row = multiplexing.EchoResult("selectors", 200, 1, 18.7, 71.9, 1, 4.0, 16.0)
    text = str(multiplexing.latency_table([row]))
    assert "18,7" in text and "18.7" not in text and "e-" not in text

"""Pruebas de los valores que pega la página del disco (dadsbook.hardware.disk.summary).

Todo con datos inventados a mano (nada se mide): cada valor se calcula aquí por otro
camino y cada frase se elige por el veredicto con muestras claramente separadas o
solapadas.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

import pytest

from dadsbook import measure
from dadsbook.hardware.disk import parity, summary
from dadsbook.hardware.disk.multiplexing import EchoResult, ServerComparison
from dadsbook.hardware.disk.nvme import IopsPoint

PAGE = Path(__file__).resolve().parents[3] / "docs" / "hardware" / "disco.md"


def _echo(mode: str, channels: int, median_us: float, rss_kib: float) -> EchoResult:
    threads = 1 if mode == "selectors" else channels + 1
    return EchoResult(mode, channels, 10, median_us, 2 * median_us, threads, rss_kib, 8 * rss_kib)


def _servers(big_rss: float) -> dict[int, ServerComparison]:
    def comparison(channels: int, sel_rss: float) -> ServerComparison:
        return ServerComparison(
            channels,
            10,
            {
                "selectors": tuple(
                    _echo("selectors", channels, 10 + i, sel_rss + i) for i in range(5)
                ),
                "threads": tuple(
                    _echo("threads", channels, 30 + i, 64.0 * channels + i) for i in range(5)
                ),
            },
            (1000.0, 1010.0, 1020.0),
        )

    return {10: comparison(10, 100.0), 100: comparison(100, big_rss)}


def test_multiplexing_values_describe_the_largest_comparison() -> None:
    values = summary.multiplexing_values(_servers(big_rss=1000.0), 10)
    assert values["mux_channels"] == 100
    assert values["mux_small_channels"] == 10
    assert values["mux_repeats"] == 5
    assert values["mux_sel_median"] == pytest.approx(12.0)
    assert values["mux_thr_p99"] == pytest.approx(64.0)
    assert values["mux_thr_threads"] == 101
    assert values["mux_sel_pages"] == pytest.approx(1002.0 * 1024 / mmap.PAGESIZE)
    assert values["mux_base_kib"] == pytest.approx(1010.0)
    assert values["mux_sel_growth"] == "creció al pasar de 10 a 100 canales"
    assert str(values["mux_latency_verdict"]).startswith("el servidor de un solo hilo")


def test_multiplexing_growth_without_difference_says_so() -> None:
    values = summary.multiplexing_values(_servers(big_rss=100.0), 10)
    growth = values["mux_sel_growth"]
    assert isinstance(growth, str)
    assert growth.startswith("no cambió de forma medible al pasar de 10 a 100 canales (")


def _xor() -> parity.XorRate:
    # 4 MiB en 4 ms: 4 × 2**20 / 0,004 / 1e9 GB/s.
    return parity.XorRate(4, 3, measure.Measurement("xor", (4_000_000,) * 5, 0))


def test_rebuild_values_are_capacity_over_rate() -> None:
    values = summary.rebuild_values(_xor(), [1.0, 20.0], [100.0, 250.0], None)
    assert values["par_xor_gbs"] == pytest.approx(4 * 2**20 / 0.004 / 1e9)
    assert values["par_xor_disks"] == 4
    assert values["par_xor_repeats"] == 5
    assert values["par_big_hours"] == pytest.approx(20e12 / 250e6 / 3600)
    assert values["par_big_slow_hours"] == pytest.approx(20e12 / 100e6 / 3600)
    floor_rate = parity.MD_SPEED_LIMIT_MIN_KIB * 1024
    assert values["par_md_floor_days"] == pytest.approx(20e12 / floor_rate / 3600 / 24)
    assert values["par_md_here"] == (
        "Esta máquina no tiene md cargado (no existe /proc/sys/dev/raid)."
    )


def test_rebuild_values_quote_this_machine_limits_in_spanish() -> None:
    values = summary.rebuild_values(_xor(), [1.0], [100.0], (1000, 200000))
    assert values["par_md_here"] == "En esta máquina valen 1000 y 200\u202f000 KiB/s."


def _iops(depth: int, rates: tuple[float, ...], *, drop: bool) -> IopsPoint:
    ordered = sorted(rates)
    return IopsPoint(depth, ordered[len(ordered) // 2], ordered[0], ordered[-1], drop, rates)


def test_nvme_values_pick_the_verdicts() -> None:
    slow = (1000.0, 1010.0, 990.0, 1005.0, 995.0)
    fast = tuple(4 * r for r in slow)
    cached = [_iops(1, fast, drop=False), _iops(8, fast, drop=False)]
    dropped = [_iops(1, slow, drop=True), _iops(8, fast, drop=True)]
    values = summary.nvme_values(cached, dropped)
    assert values["nvme_max_depth"] == 8
    assert values["nvme_dropped_1"] == pytest.approx(1.0)
    assert values["nvme_cached_best"] == pytest.approx(4.0)
    assert values["nvme_repeats"] == 5
    assert "mayor" in str(values["nvme_threads_verdict"])
    assert str(values["nvme_threads_verdict"]).startswith("el ritmo con 8 hilos")
    assert str(values["nvme_fadvise_verdict"]).startswith("el ritmo en caché")


def test_zns_host_why_follows_the_verdict() -> None:
    low = [2.0, 2.02, 1.98, 2.01, 1.99]
    high = [3.0, 3.02, 2.98, 3.01, 2.99]
    more = summary.zns_host_values(high, low)
    assert more["zns_seeds"] == 5
    assert str(more["zns_host_why"]).endswith("y aquí limpiar por zonas salió más caro.")
    less = summary.zns_host_values(low, high)
    assert str(less["zns_host_why"]).startswith("Aquí limpiar por zonas salió más barato")
    same = summary.zns_host_values(low, low)
    assert same["zns_host_why"] == (
        "Con datos aleatorios, ZNS no hace magia: solo cambia quién limpia."
    )


def test_every_value_is_used_by_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`([a-z0-9_]+)", text))
    # Se pegan (quedan en lo registrado de la construcción) aunque la prosa no los cite.
    bench_only = {"par_xor_gb_s_median", "mux_small_channels"}
    for values in (
        summary.multiplexing_values(_servers(1000.0), 10),
        summary.rebuild_values(_xor(), [1.0], [100.0], None),
        summary.zns_host_values([1.0] * 5, [1.0] * 5),
    ):
        assert set(values) - used <= bench_only

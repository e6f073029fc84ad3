"""Los simuladores de la CPU, la memoria y el disco desde la línea de órdenes.

Los números esperados salen a mano de los ejemplos clásicos (OSTEP, Hennessy y
Patterson, Linux md), no de ejecutar el código. Cada subproceso comprueba varias cosas a
la vez; los errores de cada opción se comprueban en el mismo proceso con ``main``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli.support import run, solved, text_of

from dadsbook.cli.main import main

BELADY = "1,2,3,4,1,2,5,1,2,3,4,5"


# --- CPU ---------------------------------------------------------------------------
def test_scheduler_fifo_ostep_three_equal_jobs() -> None:
    """OSTEP, fig. 7.1: A, B y C de 10 s llegan a la vez; retorno medio 20."""
    s = solved("scheduler", "--jobs", "10,10,10", "--policy", "fifo")
    assert s["average"] == {"response": 10, "turnaround": 20, "waiting": 10}
    assert [j["turnaround"] for j in s["jobs"]] == [10, 20, 30]
    assert {"response", "turnaround", "waiting"} <= set(s["jobs"][0])


def test_scheduler_sjf_text_has_every_metric_per_job_and_average() -> None:
    """OSTEP, figs. 7.2 y 7.3: 100, 10, 10; SJF da un retorno medio de 50."""
    out = text_of("scheduler", "--jobs", "100,10,10", "--policy", "sjf")
    assert "respuesta" in out and "retorno" in out and "espera" in out
    assert "Traza de ejecución" in out and "corre B durante 10 (hasta 10)" in out
    assert "Medias: respuesta 10, retorno 50, espera 10" in out


def test_scheduler_stcf_preempts_the_long_job() -> None:
    """OSTEP, fig. 7.5: B y C llegan en t=10 y expulsan a A; retorno medio 50."""
    s = solved("scheduler", "--jobs", "100,10,10", "--arrivals", "0,10,10", "--policy", "stcf")
    assert s["average"]["turnaround"] == 50
    assert [j["completion"] for j in s["jobs"]] == [120, 20, 30]


def test_scheduler_round_robin_response_and_switch_cost() -> None:
    """OSTEP, fig. 7.7: tres trabajos de 5 con quantum 1: respuesta media 1, retorno 14.

    Con un cambio de contexto de 1 unidad, cada despacho de otro trabajo lo paga.
    """
    s = solved("scheduler", "--jobs", "5,5,5", "--policy", "rr", "--quantum", "1")
    assert s["average"]["response"] == 1 and s["average"]["turnaround"] == 14
    paid = solved("scheduler", "--jobs", "2,2", "--policy", "rr", "--quantum", "1",
                  "--switch-cost", "1")  # fmt: skip
    assert [j["completion"] for j in paid["jobs"]] == [5, 7] and len(paid["switches"]) == 3


def test_interrupts_without_nesting_the_clock_waits() -> None:
    """El disco (prioridad 1) corre de 1 a 5; el reloj llega en 2 y espera 3."""
    s = solved("interrupts", "--work", "10", "--arrivals", "1,2", "--priorities", "1,3",
               "--handlers", "4,1", "--no-nesting")  # fmt: skip
    assert [i["latency"] for i in s["interrupts"]] == [0, 3]
    assert s["task_completion"] == 15 and s["max_depth"] == 1


@pytest.mark.parametrize(("flag", "stalls", "cycles"), [("--forwarding", 1, 7),
                                                        ("--no-forwarding", 2, 8)])  # fmt: skip
def test_pipeline_load_use_hazard(flag: str, stalls: int, cycles: int) -> None:
    """H&P, cap. 4: carga-uso pierde 1 ciclo con adelantamiento y 2 sin él."""
    s = solved("pipeline", "--program", "lw r1, 0(r2); add r3, r1, r4", flag)
    assert (s["stalls"], s["cycles"], s["cpi"]) == (stalls, cycles, 1 + stalls / 2)


def test_mesi_read_read_write_and_false_sharing() -> None:
    s = solved("mesi", "--trace", "0R0,1R0,1W8")
    assert [x["transaction"] for x in s["steps"]] == ["BusRd", "BusRd", "BusUpgr"]
    assert [x["states"] for x in s["steps"]] == [["E", "I"], ["S", "S"], ["I", "M"]]
    assert s["invalidations"] == 1
    shared = solved("mesi", "--preset", "false-sharing", "--writes", "3")
    # seis escrituras alternas en la misma línea: cada una la roba (BusRdX) y, menos la
    # primera, invalida y hace volcar la copia modificada del otro núcleo
    assert shared["transactions"]["BusRdX"] == 6
    assert (shared["invalidations"], shared["flushes"]) == (5, 5)
    # y su precio con las latencias de Levinthal: un fallo a L3 (40) y cinco robos (75)
    assert shared["estimated_cycles"]["cycles"] == 40 + 5 * 75
    assert s["estimated_cycles"]["cycles"] == 40 + 65 + 65


def test_smt_model() -> None:
    s = solved("smt", "--cores", "2", "--smt-ways", "2", "--gain", "0.25")
    assert [p["throughput"] for p in s["points"]] == [1, 2, 2.25, 2.5]


# --- Memoria --------------------------------------------------------------------------
def test_tlb_translation_hits_and_page_fault() -> None:
    """VPN 0 → marco 7 y VPN 1 → marco 3 con páginas de 4 KiB; la VPN 2 no está."""
    s = solved("tlb", "--addresses", "0,100,4096,50,8192", "--page-table", "0:7,1:3",
               "--tlb-size", "2")  # fmt: skip
    assert [a["physical"] for a in s["accesses"]] == [7 * 4096, 7 * 4096 + 100, 3 * 4096,
                                                      7 * 4096 + 50, None]  # fmt: skip
    assert (s["tlb_hits"], s["tlb_misses"], s["faults"]) == (2, 3, 1)


def test_paging_belady_anomaly_and_every_policy() -> None:
    """Belady (1969): FIFO falla 9 veces con 3 marcos y 10 con 4; LRU 10 y OPT 7 con 3."""
    s = solved("paging", "--refs", BELADY, "--frames", "3")
    misses = {p: r["misses"] for p, r in s["results"].items()}
    assert misses == {"fifo": 9, "lru": 10, "opt": 7, "clock": 9}
    assert {"hits", "misses", "hit_rate"} <= set(s["results"]["lru"])
    assert s["results"]["opt"]["hit_rate"] == pytest.approx(5 / 12)
    curve = dict(zip(s["curve"]["frames"], s["curve"]["misses"]["fifo"], strict=True))
    assert (curve[3], curve[4]) == (9, 10)


def test_paging_text_names_hits_misses_and_rate() -> None:
    out = text_of("paging", "--refs", BELADY, "--frames", "4", "--policy", "fifo")
    assert "aciertos" in out and "fallos" in out and "tasa de aciertos" in out
    assert "FIFO     | 2        | 10" in out and "16,7 %" in out


def test_numa_placements() -> None:
    """Con 2 nodos, la mitad de los hilos vive en el nodo 1 y todo está en el 0."""
    s = solved("numa", "--nodes", "2", "--threads", "4", "--pages", "64", "--local-ns", "100",
               "--remote-ratio", "2")  # fmt: skip
    first, remote = s["placements"]["first-touch"], s["placements"]["remote"]
    assert first["remote_fraction"] == 0 and first["mean_latency_ns"] == 100
    assert remote["remote_fraction"] == 0.5 and remote["mean_latency_ns"] == 150
    assert remote["busiest_controller_share"] == 1.0


# --- Disco --------------------------------------------------------------------------------
def test_raid5_left_symmetric_matches_linux_md() -> None:
    """md, left-symmetric con 4 discos: la paridad baja de derecha a izquierda y los
    datos de cada franja empiezan en el disco que sigue a la paridad."""
    s = solved("raid", "--level", "5", "--disks", "4", "--chunk", "1", "--layout",
               "left-symmetric", "--blocks", "0,1,2,3,4,5,6,7,8")  # fmt: skip
    where = [(x["disk"], x["offset"], x["parity_disk"]) for x in s["locations"]]
    assert where == [(0, 0, 3), (1, 0, 3), (2, 0, 3), (3, 1, 2), (0, 1, 2), (1, 1, 2),
                     (2, 2, 1), (3, 2, 1), (0, 2, 1)]  # fmt: skip


def test_raid5_left_asymmetric_skips_the_parity_disk() -> None:
    s = solved("raid", "--level", "5", "--disks", "4", "--layout", "left-asymmetric",
               "--chunk", "1", "--blocks", "3,4,5")  # fmt: skip
    assert [(x["disk"], x["offset"]) for x in s["locations"]] == [(0, 1), (1, 1), (3, 1)]


def test_raid0_text_lists_disk_and_offset_of_each_block(tmp_path: Path) -> None:
    """RAID 0, 3 discos, trozos de 2 bloques: el bloque 6 vuelve al disco 0, desplazamiento 2."""
    figure = tmp_path / "raid.svg"
    out = text_of("raid", "--level", "0", "--disks", "3", "--chunk", "2", "--blocks",
                  "0,1,2,6", "--plot", str(figure))  # fmt: skip
    assert "disco" in out and "desplazamiento" in out
    rows = [line.split("|") for line in out.splitlines() if line[:2] in ("0 ", "1 ", "2 ", "6 ")]
    assert [(r[1].strip(), r[2].strip()) for r in rows[:4]] == [
        ("0", "0"), ("0", "1"), ("1", "0"), ("0", "2")]  # fmt: skip
    assert figure.stat().st_size > 1000


def test_writeback_crash_loses_the_unflushed_write() -> None:
    s = solved("writeback", "--times", "1,2,6", "--blocks", "0,1,0", "--flush-interval", "5",
               "--capacity", "4", "--crash", "7")  # fmt: skip
    assert [o["status"] for o in s["outcomes"]] == ["en disco", "en disco", "perdida"]
    assert s["lost"] == 1 and s["disk_writes"] == 2


def test_dma_frees_the_cpu() -> None:
    """PIO: 2 × (10 de copia + 10 de trabajo) = 40. DMA: el trabajo llena la espera: 24."""
    s = solved("dma", "--transfers", "2", "--words", "10", "--word-time", "1", "--work", "20",
               "--setup", "1", "--interrupt", "1")  # fmt: skip
    assert (s["pio"]["makespan"], s["dma"]["makespan"]) == (40, 24)
    assert s["dma"]["io_cpu_time"] == 4


def test_zns_write_pointer_open_limit_and_reset() -> None:
    s = solved("zns", "--zones", "2", "--zone-size", "4", "--max-open", "1",
               "--ops", "a0,a0,w0:3,a1,w0:2,a0,r0")  # fmt: skip
    outcomes = [x["outcome"] for x in s["steps"]]
    assert outcomes[:2] == ["escrita en 0", "escrita en 1"]
    assert outcomes[2].startswith("rechazada: el LBA 3") and outcomes[3].startswith(
        "rechazada: ya hay 1 zona abierta (--max-open)"
    )
    assert outcomes[5] == "escrita en 3" and s["steps"][5]["state"] == "full"
    assert (s["media_writes"], s["resets"], s["steps"][-1]["state"]) == (4, 1, "empty")


def test_nvme_little_law() -> None:
    """Una petición pendiente y 100 µs de servicio: 10 000 IOPS, ni una más."""
    s = solved("nvme", "--depth", "1", "--channels", "4", "--service-us", "100",
               "--overhead-us", "0", "--completions", "200")  # fmt: skip
    assert s["little_iops"] == pytest.approx(10_000)
    assert s["simulated_iops"] == pytest.approx(10_000, rel=0.01)


def test_ftl_more_spare_space_amplifies_less(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--blocks", "48", "--pages-per-block", "8", "--writes", "1000", "--no-zoned")
    tight = solved("ftl", "--op", "0.15", *args)["write_amplification"]
    assert main(["sim", "ftl", "--op", "1", *args, "-c", "--json"]) == 0
    roomy = json.loads(capsys.readouterr().out)["solution"]["write_amplification"]
    assert tight > roomy >= 1


# --- Errores: una línea en español y estado 2 -------------------------------------------
def test_bad_input_is_one_spanish_line() -> None:
    result = run(["sim", "scheduler", "--jobs", "10,-1"])
    assert result.status == 2 and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        "dadsbook sim scheduler: error: opción -l/--jobs/--jlist: en la lista '10,-1': "
        "se espera un número > 0 y ≤ 1000000; se recibió '-1'"
    ]


ERRORS = [
    (
        ["scheduler", "--jobs", "0"],
        "opción -l/--jobs/--jlist: en la lista '0': se espera un número > 0",
    ),
    (["scheduler", "--jobs", "1,2", "--arrivals", "0,x"], "opción --arrivals: en la lista"),
    (["scheduler", "--jobs", "1,2", "--arrivals", "0"], "--arrivals debe tener tantos valores"),
    (["scheduler", "--arrivals", "0"], "--arrivals necesita --jobs"),
    (["scheduler", "--policy", "lottery"], "opción -p/--policy: valor no válido 'lottery'"),
    (["scheduler", "--quantum", "0"], "opción -q/--quantum: se espera un número ≥ 0.001"),
    (["scheduler", "--switch-cost", "-1"], "opción --switch-cost: se espera un número ≥ 0"),
    (["scheduler", "--jobs", "1e6", "--policy", "rr", "--quantum", "0.001"], "--quantum: el pro"),
    (["interrupts", "--work", "0"], "opción --work: se espera un número > 0"),
    (["interrupts", "--arrivals", "1"], "--arrivals, --priorities y --handlers van juntas"),
    (
        ["interrupts", "--arrivals", "1", "--priorities", "300", "--handlers", "1"],
        "opción --priorities: en la lista '300': se espera un entero ≥ 0 y ≤ 255",
    ),
    (
        ["interrupts", "--arrivals", "1,2", "--priorities", "1", "--handlers", "1,1"],
        "--priorities debe tener tantos valores como --arrivals (2)",
    ),
    (["interrupts", "--handlers", "0"], "opción --handlers: en la lista '0'"),
    (["pipeline", "--program", "mul r1, r2, r3"], "--program: instrucción no reconocida"),
    (["pipeline", "--length", "0"], "opción --length: se espera un entero ≥ 1 y ≤ 200"),
    (["mesi", "--cores", "0"], "opción --cores: se espera un entero ≥ 1"),
    (["mesi", "--trace", "0X0"], "--trace: acceso '0X0' no válido"),
    (["mesi", "--trace", "3R0", "--cores", "2"], "--trace: el núcleo 3 no existe con --cores 2"),
    (["mesi", "--preset", "nada"], "opción --preset: valor no válido 'nada'"),
    (["mesi", "--trace", "0R0", "--preset", "padded"], "--trace y --preset no se pueden usar"),
    (["mesi", "--writes", "0"], "opción --writes: se espera un entero ≥ 1"),
    (["mesi", "--line-size", "48"], "--line-size debe ser una potencia de dos"),
    (["smt", "--cores", "0"], "opción --cores: se espera un entero ≥ 1"),
    (["smt", "--smt-ways", "9"], "opción --smt-ways: se espera un entero ≥ 1 y ≤ 8"),
    (["smt", "--gain", "1.5"], "opción --gain: se espera un número ≥ 0 y ≤ 1"),
    (["tlb", "--addresses", "-1"], "opción --addresses: en la lista '-1'"),
    (["tlb", "--page-size", "1000"], "--page-size debe ser una potencia de dos"),
    (["tlb", "--addresses", "1", "--page-table", "0-7"], "--page-table: entrada '0-7' no válida"),
    (["tlb", "--addresses", "1"], "--addresses y --page-table van juntas"),
    (["tlb", "--tlb-size", "0"], "opción --tlb-size: se espera un entero ≥ 1"),
    (["paging", "--refs", "1,a"], "opción -a/--refs/--addresses: en la lista '1,a'"),
    (["paging", "--frames", "0"], "opción -C/--frames/--cachesize: se espera un entero ≥ 1"),
    (["paging", "--policy", "mru"], "opción -p/--policy: valor no válido 'mru'"),
    (["numa", "--nodes", "0"], "opción --nodes: se espera un entero ≥ 1"),
    (["numa", "--threads", "0"], "opción --threads: se espera un entero ≥ 1"),
    (["numa", "--pages", "0"], "opción --pages: se espera un entero ≥ 1"),
    (["numa", "--threads", "4096", "--pages", "1000000"], "--threads × --pages: el problema"),
    (["numa", "--local-ns", "0"], "opción --local-ns: se espera un número > 0"),
    (["numa", "--remote-ratio", "0.5"], "opción --remote-ratio: se espera un número ≥ 1"),
    (["numa", "--controller-gbs", "0"], "opción --controller-gbs: se espera un número > 0"),
    (["numa", "--link-gbs", "-1"], "opción --link-gbs: se espera un número > 0"),
    (["raid", "--level", "3"], "opción -L/--level: valor no válido '3'"),
    (["raid", "--disks", "1"], "opción -D/--disks: se espera un entero ≥ 2"),
    (["raid", "--level", "5", "--disks", "2"], "--disks: RAID 5 necesita al menos 3 discos"),
    (["raid", "--chunk", "0"], "opción --chunk: se espera un entero ≥ 1"),
    (["raid", "--layout", "up"], "opción --layout: valor no válido 'up'"),
    (["raid", "--blocks=-1"], "opción --blocks: en la lista '-1'"),
    (["writeback", "--policy", "lazy"], "opción --policy: valor no válido 'lazy'"),
    (["writeback", "--times", "1,2", "--blocks", "0"], "--blocks debe tener tantos valores"),
    (["writeback", "--times", "1"], "--times y --blocks van juntas"),
    (["writeback", "--crash", "-1"], "opción --crash: se espera un número ≥ 0"),
    (["writeback", "--flush-interval", "0"], "opción --flush-interval: se espera un número > 0"),
    (["writeback", "--flush-interval", "1e-9"], "--flush-interval: el problema necesitaría"),
    (["writeback", "--capacity", "0"], "opción --capacity: se espera un entero ≥ 1"),
    (["dma", "--transfers", "0"], "opción --transfers: se espera un entero ≥ 1"),
    (["dma", "--words", "0"], "opción --words: se espera un entero ≥ 1"),
    (["dma", "--word-time", "0"], "opción --word-time: se espera un número > 0"),
    (["dma", "--work", "-1"], "opción --work: se espera un número ≥ 0"),
    (["dma", "--setup", "-1"], "opción --setup: se espera un número ≥ 0"),
    (["dma", "--interrupt", "x"], "opción --interrupt: se espera un número"),
    (["zns", "--zones", "0"], "opción --zones: se espera un entero ≥ 1"),
    (["zns", "--zone-size", "0"], "opción --zone-size: se espera un entero ≥ 1"),
    (["zns", "--zones", "2", "--max-open", "3"], "--max-open debe ser ≤ --zones (2)"),
    (["zns", "--ops", "x0"], "--ops: orden 'x0' no válida"),
    (["zns", "--ops", "w0"], "--ops: orden 'w0' no válida"),
    (["zns", "--zones", "2", "--ops", "a5"], "--ops: la zona 5 no existe con --zones 2"),
    (["nvme", "--depth", "0"], "opción --depth: se espera un entero ≥ 1"),
    (["nvme", "--channels", "0"], "opción --channels: se espera un entero ≥ 1"),
    (["nvme", "--service-us", "0"], "opción --service-us: se espera un número > 0"),
    (["nvme", "--overhead-us", "-1"], "opción --overhead-us: se espera un número ≥ 0"),
    (["nvme", "--completions", "0"], "opción --completions: se espera un entero ≥ 1"),
    (["ftl", "--op", "0.01"], "opción --op: se espera un número ≥ 0.02 y ≤ 4"),
    (["ftl", "--blocks", "4"], "opción --blocks: se espera un entero ≥ 8"),
    (["ftl", "--pages-per-block", "1"], "opción --pages-per-block: se espera un entero ≥ 2"),
    (["ftl", "--writes", "0"], "opción --writes: se espera un entero ≥ 1"),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_each_option_rejects_bad_input_in_one_spanish_line(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sim", *args])
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines

"""Los simuladores de sistemas operativos y programación desde la línea de órdenes.

Los números esperados están razonados a mano (OSTEP, caps. 7 y 8; la tabla de pesos
de ``kernel/sched/core.c``). Un subproceso por simulador; los errores de cada opción, en
el mismo proceso con ``main``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli.support import run, solved

from dadsbook.cli.main import main


def test_multitasking_a_hog_starves_cooperative_tasks() -> None:
    """Cooperativa: la acaparadora corre de 0 a 40 y la 1.ª interactiva (llega en 1) espera
    39. Apropiativa con quantum 2: la peor respuesta es la de T4, que corre en 5,5."""
    s = solved("multitasking", "--work", "40,3,3,3", "--arrivals", "0,1,2,3",
               "--bursts", "never,0.5,0.5,0.5", "--quantum", "2")  # fmt: skip
    cooperative = {t["name"]: t["response"] for t in s["cooperative"]["stats"]}
    preemptive = {t["name"]: t["response"] for t in s["preemptive"]["stats"]}
    assert cooperative == {"T1": 0, "T2": 39, "T3": 38.5, "T4": 38}
    assert preemptive == {"T1": 0, "T2": 1, "T3": 0.5, "T4": 2.5}


def test_mlfq_short_job_jumps_ahead(tmp_path: Path) -> None:
    """OSTEP, fig. 8.3: el largo baja de nivel; el corto llega en 5 y corre enseguida."""
    figure = tmp_path / "mlfq.png"
    result = run(["sim", "mlfq", "--jobs", "20,2", "--arrivals", "0,5", "--quanta", "1,2,4",
                  "--boost", "100", "-c", "--plot", str(figure)], limit=60)  # fmt: skip
    assert result.status == 0, result.err
    assert "[0; 1) T1 en el nivel 0" in result.out and "[5; 6) T2 en el nivel 0" in result.out
    assert "[7; 22) T1 en el nivel 2" in result.out
    assert "Respuesta media 0; retorno medio 12." in result.out
    assert figure.stat().st_size > 1000


def test_policymix_interactive_vs_batch() -> None:
    """Un lote de 30 y una ráfaga de 2 que llega en 5: FIFO la hace esperar 25; STCF y la
    MLFQ la atienden al llegar; el turno rotatorio (q = 2), al acabar el turno en curso."""
    s = solved("policymix", "--jobs", "30,2", "--arrivals", "0,5", "--quantum", "2")
    rows = {r["policy"]: r for r in s["policies"]}
    assert rows["FIFO"]["interactive_response"] == 25 and rows["FIFO"]["batch_turnaround"] == 30
    assert rows["STCF"]["interactive_turnaround"] == 2 and rows["STCF"]["batch_turnaround"] == 32
    assert rows["RR (q=2)"]["interactive_response"] == 1
    assert rows["MLFQ"]["interactive_response"] == 0


def test_stealing_balances_the_queues() -> None:
    """Núcleo 0 con 5, 5, 5 y núcleo 1 con 1: sin robo acaba en 15; con robo, en 10."""
    s = solved("stealing", "--queues", "5,5,5/1", "--steal-cost", "0")
    assert s["without_stealing"]["makespan"] == 15 and s["without_stealing"]["steals"] == 0
    assert s["with_stealing"]["makespan"] == 10 and s["with_stealing"]["steals"] == 1


def test_nice_weights_from_the_kernel_table() -> None:
    s = solved("nice", "--nice=0,5,-20")
    assert s["weights"] == [1024, 335, 88761]
    assert s["shares"][0] == pytest.approx(1024 / (1024 + 335 + 88761))


def test_coroutines_round_robin_with_a_nap() -> None:
    """t1 duerme 3 turnos tras su primer paso: despierta en el turno 2 + 1 + 3 = 6."""
    s = solved("coroutines", "--steps", "2,1", "--sleeps", "3,0")
    trace = [(x["tick"], x["task"], x["event"]) for x in s["trace"]]
    assert trace == [(0, "t1", "paso 1/2"), (1, "t2", "paso 1/1"), (2, "t1", "duerme 3"),
                     (3, "t2", "fin"), (6, "t1", "paso 2/2"), (7, "t1", "fin")]  # fmt: skip


def test_bad_input_is_one_spanish_line() -> None:
    result = run(["sim", "stealing", "--queues", "1,x/2"])
    assert result.status == 2 and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        "dadsbook sim stealing: error: --queues: en la lista '1,x': se espera un número; "
        "se recibió 'x'"
    ]


ERRORS = [
    (["multitasking", "--work", "0"], "opción --work: en la lista '0'"),
    (["multitasking", "--arrivals", "0"], "--arrivals y --bursts necesitan --work"),
    (["multitasking", "--work", "1,1", "--arrivals", "0"], "--arrivals debe tener tantos"),
    (["multitasking", "--work", "1", "--bursts", "x"], "--bursts: 'x' no válido"),
    (["multitasking", "--mode", "both"], "opción --mode: valor no válido 'both'"),
    (["multitasking", "--quantum", "0"], "opción --quantum: se espera un número ≥ 0.001"),
    (["multitasking", "--work", "1e6", "--quantum", "1"], "--quantum/--bursts: el problema"),
    (["mlfq", "--jobs", "0"], "opción --jobs: en la lista '0': se espera un entero ≥ 1"),
    (["mlfq", "--arrivals", "-1"], "opción --arrivals: en la lista '-1'"),
    (["mlfq", "--arrivals", "1"], "--arrivals necesita --jobs"),
    (["mlfq", "--quanta", "0"], "opción --quanta: en la lista '0'"),
    (["mlfq", "--boost", "0"], "opción --boost: se espera un entero ≥ 1"),
    (["policymix", "--jobs", "0"], "opción --jobs: en la lista '0'"),
    (["policymix", "--jobs", "1,2", "--arrivals", "1"], "--arrivals debe tener tantos valores"),
    (["policymix", "--quantum", "0"], "opción --quantum: se espera un entero ≥ 1"),
    (["stealing", "--steal-cost", "-1"], "opción --steal-cost: se espera un número ≥ 0"),
    (["nice", "--nice=30"], "--nice: '30' no válido; cada valor va de -20 a 19"),
    (["nice", "--nice", "a"], "--nice: 'a' no válido"),
    (["coroutines", "--steps", "0"], "opción --steps: en la lista '0'"),
    (["coroutines", "--sleeps", "-1"], "opción --sleeps: en la lista '-1'"),
    (["coroutines", "--sleeps", "1"], "--sleeps necesita --steps"),
    (["coroutines", "--steps", "5000,5000"], "opción --steps: en la lista '5000,5000'"),
    (
        ["coroutines", "--steps", "1000,1000,1000,1000,1000,1000,1000,1000,1000,1000"],
        "--steps admite hasta 26 tareas",
    ),
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

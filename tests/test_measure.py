"""Pruebas del arnés de medición (dadsbook.measure)."""

from __future__ import annotations

import itertools
import multiprocessing
import time
from pathlib import Path

import pytest

from dadsbook import measure


@pytest.fixture(autouse=True)
def own_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cada prueba del arnés mide con su propio cerrojo (``DADSBOOK_LOCK_FILE``).

    El de siempre es de toda la máquina: una prueba que solo cuenta llamadas esperaría a
    que terminase cualquier otra medición (una construcción del libro, otra sesión de
    pruebas). Las que prueban el cerrojo entre procesos eligen el suyo encima de este.
    """
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "medir.lock"))


def test_statistics_of_known_samples() -> None:
    m = measure.Measurement("x", (4_000, 1_000, 3_000, 2_000, 5_000), warmup=0)
    assert m.median_s == pytest.approx(3e-6)
    assert (m.min_s, m.max_s) == (pytest.approx(1e-6), pytest.approx(5e-6))
    assert (m.q1_s, m.q3_s) == (pytest.approx(2e-6), pytest.approx(4e-6))
    assert m.relative_spread == pytest.approx(2 / 3)
    assert "mediana 3 µs" in m.summary()


def test_measure_counts_warmup_and_repeats() -> None:
    calls: list[int] = []
    m = measure.measure(lambda: calls.append(1), repeats=4, warmup=2, label="c")
    assert len(calls) == 6 and len(m.samples_ns) == 4 and m.warmup == 2


def test_measure_times_what_it_runs() -> None:
    m = measure.measure(lambda: time.sleep(0.01), repeats=3, warmup=0)
    assert 0.009 < m.median_s < 0.2


def test_compare_interleaves() -> None:
    order: list[str] = []
    result = measure.compare(
        {"a": lambda: order.append("a"), "b": lambda: order.append("b")}, repeats=3, warmup=1
    )
    assert order == ["a", "b"] * 4
    assert set(result) == {"a", "b"}


@pytest.mark.parametrize(("repeats", "warmup"), [(0, 1), (-1, 0), (3, -1), (2.5, 0)])
def test_bad_counts(repeats: int, warmup: int) -> None:
    with pytest.raises(ValueError, match=r"repeats|warmup"):
        measure.measure(lambda: None, repeats=repeats, warmup=warmup)


def test_bad_inputs() -> None:
    with pytest.raises(TypeError, match="fn"):
        measure.measure(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fns"):
        measure.compare({})
    with pytest.raises(ValueError, match="limit"):
        measure.worker_counts(0)


def test_worker_counts() -> None:
    assert measure.worker_counts(1) == [1]
    assert measure.worker_counts(2) == [1, 2]
    assert measure.worker_counts(64) == [1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 64]
    assert measure.worker_counts(12)[-1] == 12


def _hold_lock(path: str, started: object, seconds: float, released: str) -> None:
    import os

    os.environ["DADSBOOK_LOCK_FILE"] = path
    with measure.exclusive():
        started.set()  # type: ignore[attr-defined]
        time.sleep(seconds)
        Path(released).write_text(repr(time.time()), encoding="ascii")  # aún con el cerrojo


@pytest.mark.slow
def test_measurements_never_overlap_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mientras otro proceso mide, una medición de aquí espera su turno."""
    lock = tmp_path / "lock"
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(lock))
    ctx = multiprocessing.get_context("spawn")
    started, released = ctx.Event(), tmp_path / "soltado"
    other = ctx.Process(target=_hold_lock, args=(str(lock), started, 0.6, str(released)))
    other.start()
    try:
        assert started.wait(30)
        measured = measure.measure(lambda: None, repeats=1, warmup=0)
        finished = time.time()
    finally:
        other.join(30)
        other.close()
    # El orden, no cuánto esperó: con la máquina cargada esta prueba puede despertar tarde,
    # cuando al otro le queda poco. Solo pudo medir después de que el otro soltara.
    assert len(measured.samples_ns) == 1
    assert finished >= float(released.read_text(encoding="ascii"))


def test_lock_is_reentrant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))
    with measure.exclusive(), measure.exclusive():
        m = measure.measure(lambda: None, repeats=1, warmup=0)
    assert len(m.samples_ns) == 1


def _hold_and_record(path: str, record: str, seconds: float, rounds: int) -> None:
    import os

    os.environ["DADSBOOK_LOCK_FILE"] = path
    for _ in range(rounds):
        with measure.exclusive():
            start = time.time()
            time.sleep(seconds)
            with Path(record).open("a", encoding="ascii") as out:
                out.write(f"{start} {time.time()}\n")


@pytest.mark.slow
def test_coroutines_and_processes_never_measure_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dos corrutinas de este proceso y otro proceso compiten: los intervalos no se solapan.

    Con el cerrojo antiguo (reentrante por hilo), la segunda corrutina entraba a la vez
    que la primera y su salida fallaba con ``UnboundLocalError``.
    """
    import asyncio

    lock, record = tmp_path / "lock", tmp_path / "intervals"
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(lock))
    intervals: list[tuple[float, float]] = []

    async def coroutine() -> None:
        for _ in range(3):
            async with measure.exclusive_async():
                start = time.time()
                await asyncio.sleep(0.03)
                intervals.append((start, time.time()))

    async def both() -> None:
        await asyncio.gather(coroutine(), coroutine())

    ctx = multiprocessing.get_context("spawn")
    other = ctx.Process(target=_hold_and_record, args=(str(lock), str(record), 0.03, 4))
    other.start()
    try:
        asyncio.run(both())
    finally:
        other.join(30)
    assert other.exitcode == 0
    other.close()
    for line in record.read_text(encoding="ascii").splitlines():
        a, b = line.split()
        intervals.append((float(a), float(b)))
    intervals.sort()
    assert len(intervals) == 10
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert start >= end - 1e-3, "dos mediciones se solaparon"


def test_a_plain_with_inside_a_coroutine_refuses_to_deadlock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un ``with`` síncrono en una corrutina, con otra corrutina midiendo: error, no cuelgue."""
    import asyncio

    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))

    async def holder(started: asyncio.Event) -> None:
        async with measure.exclusive_async():
            started.set()
            await asyncio.sleep(0.05)

    async def intruder(started: asyncio.Event) -> None:
        await started.wait()
        with measure.exclusive():
            pass

    async def main() -> None:
        started = asyncio.Event()
        await asyncio.gather(holder(started), intruder(started))

    with pytest.raises(RuntimeError, match="exclusive_async"):
        asyncio.run(main())


def test_a_task_started_inside_a_measurement_is_part_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))

    async def inner() -> int:
        async with measure.exclusive_async():
            return 1

    async def main() -> int:
        async with measure.exclusive_async():
            return sum(await asyncio.gather(inner(), inner()))

    assert asyncio.run(main()) == 2


def test_threads_take_turns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))
    intervals: list[tuple[float, float]] = []

    def work() -> None:
        with measure.exclusive():
            start = time.time()
            time.sleep(0.02)
            intervals.append((start, time.time()))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    intervals.sort()
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert start >= end - 1e-3


def _spin_cpu(seconds: float) -> None:
    deadline = time.process_time() + seconds
    while time.process_time() < deadline:
        pass


def _spin(seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


@pytest.mark.slow
def test_the_harness_sees_a_busy_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Procesos ajenos que giran en todas las CPU mientras se mide: la medición lo anota.

    Los que giran no son hijos de esta prueba (``sh`` los deja huérfanos al salir), como
    la compilación o el navegador que alguien tenga abiertos mientras construye el libro.
    """
    import os
    import subprocess
    import sys

    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))
    spin = "import time\nt = time.time() + 2.5\nwhile time.time() < t: pass"
    for _ in range(os.cpu_count() or 1):
        subprocess.run(["sh", "-c", f'"{sys.executable}" -c "$0" &', spin], check=True)
    time.sleep(0.3)  # que arranquen
    m = measure.measure(lambda: time.sleep(0.1), repeats=5, warmup=0)
    time.sleep(2.5)  # que terminen antes de la siguiente prueba
    assert m.load is not None and m.load.known
    assert m.busy, m.load
    assert "ocupada" in m.summary()


def test_own_children_do_not_count_as_other_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """La CPU de los hijos de la propia medición es suya, no de «otros procesos»."""
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "lock"))
    ctx = multiprocessing.get_context("fork")

    def run() -> None:
        # Gira hasta gastar 0,15 s de CPU (no de reloj): con la máquina ocupada por otra
        # cosa (la construcción del libro y sus derivadas), el hijo recibe menos CPU.
        p = ctx.Process(target=_spin_cpu, args=(0.15,))
        p.start()
        p.join()
        p.close()

    m = measure.measure(run, repeats=3, warmup=0)
    assert m.load is not None and m.load.known
    assert m.load.own_cpu_s >= 0.9 * 3 * 0.15, m.load


def test_load_description_is_spanish() -> None:
    quiet = measure.Load(1.0, 2, 0.01, 0.0, 0.1)
    busy = measure.Load(1.0, 2, 0.6, 0.2, 2.5)
    short = measure.Load(0.01, 2, 0.9, 0.0, 2.0)
    assert not quiet.busy and busy.busy and not short.busy
    assert busy.describe().startswith("la máquina estaba ocupada (otros procesos usaron el 60 %")
    assert "ventana demasiado corta" in short.describe()


def test_load_combine_weights_by_window() -> None:
    quiet = measure.Load(wall_s=3.0, cpus=2, other_cpu=0.0, steal=0.0, loadavg=0.5, own_cpu_s=1.0)
    busy = measure.Load(wall_s=1.0, cpus=2, other_cpu=0.8, steal=0.2, loadavg=2.0, own_cpu_s=0.5)
    both = measure.Load.combine([quiet, None, busy])
    assert both is not None
    assert both.wall_s == 4.0 and both.own_cpu_s == 1.5 and both.loadavg == 2.0
    assert both.other_cpu == pytest.approx(0.2) and both.steal == pytest.approx(0.05)
    assert measure.Load.combine([None, None]) is None

"""Turnos entre páginas (:mod:`dadsbook.quiet`): ninguna celda corre mientras otra página mide."""

from __future__ import annotations

import asyncio
import fcntl
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from dadsbook import measure, quiet

FORK = multiprocessing.get_context("fork")


@pytest.fixture
def lock_file(tmp_path: Path) -> Path:
    return tmp_path / "turnos.lock"


@pytest.fixture
def joined(lock_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[quiet.QuietLock]:
    """Este proceso, unido a una construcción en paralelo (como un núcleo de página)."""
    monkeypatch.setenv(quiet.LOCK_ENV, str(lock_file))
    monkeypatch.setattr(quiet, "_joined", [])
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(lock_file.with_name("medir.lock")))
    lock = quiet.join()
    assert lock is not None
    yield lock
    lock.close()


def _hold_share(path: Path, ready: Event, hold_s: float, out: Path) -> None:
    lock = quiet.QuietLock(path)
    lock.share()
    ready.set()
    time.sleep(hold_s)
    out.write_text(repr(time.monotonic()))
    lock.unshare()
    lock.close()


def _hold_share_until(path: Path, ready: Event, release: Event, out: Path) -> None:
    lock = quiet.QuietLock(path)
    lock.share()
    ready.set()
    release.wait(20)
    out.write_text(repr(time.monotonic()))
    lock.unshare()
    lock.close()


def _writer_waits(path: Path, timeout_s: float = 10) -> bool:
    """Si una medición espera ya: tiene el «turno» exclusivo (ningún lector puede cruzarlo)."""
    deadline = time.monotonic() + timeout_s
    with path.with_name(path.name + ".turno").open("a+b") as turn:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(turn, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(turn, fcntl.LOCK_UN)
            time.sleep(0.005)
    return False


def _take(path: Path, ready: Event, out: Path, hold_s: float) -> None:
    lock = quiet.QuietLock(path)
    ready.set()
    lock.take()
    start = time.monotonic()
    time.sleep(hold_s)
    out.write_text(f"{start!r} {time.monotonic()!r}")
    lock.give_back()
    lock.close()


def _share_at(path: Path, out: Path) -> None:
    lock = quiet.QuietLock(path)
    lock.share()
    out.write_text(repr(time.monotonic()))
    lock.close()


def test_a_measurement_waits_for_the_cells_already_running(lock_file: Path, tmp_path: Path) -> None:
    ready = FORK.Event()
    released = tmp_path / "soltado"
    cell = FORK.Process(target=_hold_share, args=(lock_file, ready, 0.4, released))
    cell.start()
    try:
        assert ready.wait(10)
        lock = quiet.QuietLock(lock_file)
        lock.take()
        taken = time.monotonic()
        lock.close()
    finally:
        cell.join(10)
    assert cell.exitcode == 0
    assert taken >= float(released.read_text())


def test_cells_that_arrive_wait_for_a_waiting_measurement(lock_file: Path, tmp_path: Path) -> None:
    """Preferencia del escritor: una celda nueva no adelanta a la medición que espera."""
    ready, release, waiting = FORK.Event(), FORK.Event(), FORK.Event()
    released, measured, late = tmp_path / "soltado", tmp_path / "medido", tmp_path / "tarde"
    cell = FORK.Process(target=_hold_share_until, args=(lock_file, ready, release, released))
    cell.start()
    assert ready.wait(10)
    measurement = FORK.Process(target=_take, args=(lock_file, waiting, measured, 0.3))
    measurement.start()
    assert _writer_waits(lock_file)  # la medición espera al compartido de la primera celda
    newcomer = FORK.Process(target=_share_at, args=(lock_file, late))
    newcomer.start()
    time.sleep(0.2)  # la celda nueva llega (y se queda en el turno) antes de soltar
    release.set()
    for process in (cell, measurement, newcomer):
        process.join(10)
        assert process.exitcode == 0
    start, end = map(float, measured.read_text().split())
    assert start >= float(released.read_text())
    assert float(late.read_text()) >= end


def test_a_forked_child_does_not_touch_its_parents_turn(lock_file: Path) -> None:
    lock = quiet.QuietLock(lock_file)
    lock.share()
    child = FORK.Process(target=lock.unshare)
    child.start()
    child.join(10)
    assert lock.shared
    other = quiet.QuietLock(lock_file)
    with pytest.raises(BlockingIOError):  # el compartido del padre sigue puesto
        fcntl.flock(other._main, fcntl.LOCK_EX | fcntl.LOCK_NB)
    other.close()
    lock.close()


def test_join_takes_the_path_out_of_the_environment(joined: quiet.QuietLock) -> None:
    assert quiet.LOCK_ENV not in os.environ  # lo que lance una celda no lo hereda
    assert quiet.joined() is joined
    quiet.cell_started()
    assert joined.shared
    quiet.cell_finished()
    assert not joined.shared


def test_without_a_parallel_build_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(quiet.LOCK_ENV, raising=False)
    monkeypatch.setattr(quiet, "_joined", [])
    assert quiet.join() is None
    quiet.cell_started()
    quiet.cell_finished()
    assert quiet.joined() is None


def test_measuring_inside_a_cell_trades_the_shared_turn_for_the_exclusive(
    joined: quiet.QuietLock,
) -> None:
    quiet.cell_started()
    with measure.exclusive():
        assert joined.exclusive and not joined.shared
    assert joined.shared and not joined.exclusive
    quiet.cell_finished()


def test_measuring_from_a_coroutine_trades_it_too(joined: quiet.QuietLock) -> None:
    async def cell() -> None:
        async with measure.exclusive_async():
            assert joined.exclusive and not joined.shared

    quiet.cell_started()
    asyncio.run(cell())
    assert joined.shared and not joined.exclusive
    quiet.cell_finished()


def _page_that_launches_a_measurement(lock_file: Path, started: Event, done: Path) -> None:
    """Una celda con su turno puesto lanza un proceso que mide (como ``dadsbook bench``)."""
    os.environ[quiet.LOCK_ENV] = str(lock_file)
    quiet._joined.clear()
    quiet.join()
    quiet.cell_started()
    started.set()
    time.sleep(0.3)  # la otra página ya espera su turno para medir
    code = "import time\nfrom dadsbook import measure\nwith measure.exclusive(): time.sleep(0.1)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
    quiet.cell_finished()
    done.write_text("ok")


def _page_that_measures(lock_file: Path, ready: Event, done: Path) -> None:
    os.environ[quiet.LOCK_ENV] = str(lock_file)
    quiet._joined.clear()
    quiet.join()
    assert ready.wait(10)
    quiet.cell_started()
    with measure.exclusive():
        done.write_text("ok")
    quiet.cell_finished()


def test_a_cell_that_launches_a_measuring_process_does_not_deadlock(
    lock_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """El turno antes que el cerrojo: la página que espera no tiene el cerrojo del hijo."""
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "medir.lock"))
    started = FORK.Event()
    launcher_done, measurer_done = tmp_path / "lanza", tmp_path / "mide"
    launcher = FORK.Process(
        target=_page_that_launches_a_measurement, args=(lock_file, started, launcher_done)
    )
    measurer = FORK.Process(target=_page_that_measures, args=(lock_file, started, measurer_done))
    launcher.start()
    measurer.start()
    for process in (launcher, measurer):
        process.join(30)
    stuck = [p for p in (launcher, measurer) if p.is_alive()]
    for process in stuck:
        process.kill()
    assert not stuck, "las dos páginas se bloquearon"
    assert launcher_done.read_text() == "ok" and measurer_done.read_text() == "ok"


def test_alone_keeps_other_pages_out_while_a_child_measures(joined: quiet.QuietLock) -> None:
    quiet.cell_started()
    with quiet.alone():
        assert joined.exclusive and not joined.shared
    assert joined.shared and not joined.exclusive
    quiet.cell_finished()

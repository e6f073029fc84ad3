"""El búfer acotado con dos condiciones: nada se pierde ni pasa del tope, y cuenta las esperas."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from dadsbook.software.programming import condition_buffer as cb


@pytest.mark.parametrize(("producers", "consumers", "capacity"), [(1, 1, 1), (2, 4, 2), (3, 2, 5)])
def test_every_item_is_consumed_exactly_once(producers: int, consumers: int, capacity: int) -> None:
    run = cb.run_buffer(producers=producers, consumers=consumers, items=300, capacity=capacity)
    assert run.produced == run.consumed == producers * 300
    assert run.lost == 0 and run.duplicated == 0
    assert 1 <= run.max_fill <= capacity


def test_a_full_buffer_puts_the_producer_to_sleep_until_a_get() -> None:
    buffer: cb.BoundedBuffer[int] = cb.BoundedBuffer(1)
    buffer.put(1)
    blocked = threading.Thread(target=buffer.put, args=(2,))
    blocked.start()
    # Hasta que el productor duerme en la condición, no un plazo fijo: con la máquina
    # cargada el hilo puede no llegar al put en 50 ms, y el get lo adelantaría.
    _until(lambda: buffer.waits["put"] == 1)
    assert blocked.is_alive()  # duerme: el búfer está lleno
    assert buffer.get() == 1
    blocked.join(timeout=5)
    assert not blocked.is_alive() and buffer.get() == 2
    assert buffer.waits["put"] == 1 and buffer.in_vain["put"] == 0


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "no llegó a pasar en 5 s"
        time.sleep(0.001)


def test_a_stolen_wakeup_is_counted_as_in_vain() -> None:
    """Un consumidor despierta, pero otro que no dormía se lleva el elemento antes."""
    buffer: cb.BoundedBuffer[int] = cb.BoundedBuffer(1)
    got: list[int] = []
    sleeper = threading.Thread(target=lambda: got.append(buffer.get()))
    sleeper.start()
    _until(lambda: buffer.waits["get"] == 1)  # el consumidor duerme
    with buffer._lock:  # el productor y un ladrón entran antes de que despierte
        buffer._items.append(1)
        buffer._not_empty.notify()
        buffer._items.popleft()
    _until(lambda: buffer.waits["get"] == 2)  # despertó, no había nada y volvió a dormir
    buffer.put(2)
    sleeper.join(timeout=5)
    assert got == [2] and buffer.in_vain["get"] == 1


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="capacity debe ser un entero ≥ 1 y ≤"):
        cb.BoundedBuffer(0)
    with pytest.raises(ValueError, match="consumers debe ser un entero ≥ 1 y ≤ 64"):
        cb.run_buffer(consumers=0)

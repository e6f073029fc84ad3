"""El explorador de entrelazados: cuenta exacta, carreras, interbloqueos y el búfer de OSTEP."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.software.programming import interleavings as il


def test_the_unlocked_counter_has_exactly_the_textbook_interleavings() -> None:
    """Dos hilos de 3 instrucciones: C(6, 3) = 20 órdenes; solo los 2 seguidos dan 2."""
    r = il.explore(il.PROGRAMS["contador"])
    assert r.interleavings == math.comb(6, 3)
    assert r.finals == {"contador=1": 18, "contador=2": 2}


def test_the_lock_makes_every_order_give_the_same_result() -> None:
    r = il.explore(il.PROGRAMS["contador-con-cerrojo"])
    assert r.finals == {"contador=2": 2} and "no hay carrera" in r.report()


def test_opposite_lock_order_can_deadlock_and_a_global_order_cannot() -> None:
    bad, good = il.explore(il.PROGRAMS["dos-cerrojos"]), il.explore(il.PROGRAMS["orden-global"])
    assert bad.deadlocks == 2 and "INTERBLOQUEO" in bad.report()
    assert good.deadlocks == 0
    # El ejemplo de interbloqueo: cada hilo toma su primer cerrojo.
    assert sorted(bad.example_deadlock) == [0, 1]


def test_the_if_bug_of_the_bounded_buffer() -> None:
    """OSTEP, cap. 30: con «if», un consumidor despertado saca de un búfer vacío."""
    with_if = il.explore(il.PROGRAMS["bufer-if"])
    with_while = il.explore(il.PROGRAMS["bufer-while"])
    correct = il.explore(il.PROGRAMS["bufer-dos-condiciones"])
    assert with_if.violations > 0 and "comprobación fallida" in with_if.report()
    assert with_while.violations == 0
    assert with_while.deadlocks > 0  # una sola condición: un consumidor despierta a otro
    assert correct.violations == 0 and correct.deadlocks == 0


def test_the_state_cap_is_a_spanish_error() -> None:
    with pytest.raises(ValueError, match="más de 5 estados"):
        il.explore(il.PROGRAMS["bufer-if"], max_states=5)


def test_unknown_instructions_are_rejected() -> None:
    with pytest.raises(ValueError, match="instrucción desconocida 'saltar x'"):
        il.explore(il.Program("x", (("saltar x",),)))


def test_listing_shows_one_column_per_thread() -> None:
    text = il.PROGRAMS["dos-cerrojos"].listing()
    assert text.splitlines()[0].split() == ["hilo", "0", "hilo", "1"]


@given(st.integers(0, 10_000))
def test_random_counters_without_a_lock_race_and_with_a_lock_do_not(seed: int) -> None:
    program = il.random_counter_program(random.Random(seed))
    result = il.explore(program)
    locked = "lock m" in program.threads[0]
    assert (len(result.finals) == 1) == locked
    assert sum(result.finals.values()) == result.interleavings

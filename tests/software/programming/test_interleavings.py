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
    assert r.outcomes == {"resultado incorrecto": 18, "bien": 2} and r.correct == 2
    assert "(incorrecto: se esperaba contador=2)" in r.report()


def test_the_wrong_result_example_replays_a_lost_update() -> None:
    """El ejemplo: los dos hilos leen 0 antes de que ninguno escriba."""
    r = il.explore(il.PROGRAMS["contador"])
    lines = r.example("resultado").splitlines()
    assert lines[0].split() == ["contador", "hilo", "0", "hilo", "1"]
    loads = [i for i, line in enumerate(lines) if "load" in line]
    stores = [i for i, line in enumerate(lines) if "store" in line]
    assert len(loads) == 2 and max(loads) < min(stores)
    assert lines[-1].split()[0] == "1"  # el contador acaba en 1


def test_the_lock_makes_every_order_give_the_same_result() -> None:
    r = il.explore(il.PROGRAMS["contador-con-cerrojo"])
    assert r.finals == {"contador=2": 2} and "no hay carrera" in r.report()
    with pytest.raises(ValueError, match="no tiene ejemplo 'resultado'"):
        r.example("resultado")


def test_opposite_lock_order_can_deadlock_and_a_global_order_cannot() -> None:
    bad, good = il.explore(il.PROGRAMS["dos-cerrojos"]), il.explore(il.PROGRAMS["orden-global"])
    assert bad.deadlocks == 2 and bad.asleep == 0 and "INTERBLOQUEO" in bad.report()
    assert bad.outcomes == {"interbloqueo": 2, "bien": 4}
    assert good.deadlocks == 0 and good.outcomes == {"bien": 2}
    # El ejemplo de interbloqueo: cada hilo toma su primer cerrojo.
    assert sorted(bad.example_deadlock) == [0, 1]
    assert bad.example("colgado").splitlines()[-1] == (
        "→ nadie puede avanzar: hilo 0 espera B (lo tiene hilo 1); "
        "hilo 1 espera A (lo tiene hilo 0)"
    )
    assert "todos terminan: 4 entrelazados" in bad.report()


def _thread_of(head: str, line: str) -> int:
    """El hilo de una fila de la traza: la columna donde empieza su instrucción."""
    width = len(head.split("hilo 0")[0])  # las columnas de las variables
    start = width + len(line[width:]) - len(line[width:].lstrip())
    return max(k for k in range(3) if head.index(f"hilo {k}") <= start)


def test_the_if_bug_of_the_bounded_buffer() -> None:
    """OSTEP, cap. 30: con «if», un consumidor despertado saca de un búfer vacío."""
    with_if = il.explore(il.PROGRAMS["bufer-if"])
    assert with_if.violations > 0 and "comprobación fallida" in with_if.report()
    head, *story = with_if.example("comprobación").splitlines()
    # Lo que cuenta la página: el hilo 1 se duerme, el productor lo despierta, el hilo 2
    # (que no había dormido) se lleva el elemento y el hilo 1 saca de un búfer vacío.
    first_wait = next(line for line in story if "wait" in line)
    assert _thread_of(head, first_wait) == 1
    assert any("despierta a hilo 1" in line for line in story)
    assert not any(_thread_of(head, line) == 2 and "wait" in line for line in story)
    takes = [_thread_of(head, line) for line in story if "store lleno r" in line]
    assert takes[-2:] == [2, 1]
    assert _thread_of(head, story[-1]) == 1
    assert story[-1].endswith("check lleno>=0  (FALLA: lleno=-1)")


def test_while_with_one_condition_can_put_everyone_to_sleep() -> None:
    """Con «while» no hay fallos, pero con una sola condición todos pueden quedar dormidos."""
    with_while = il.explore(il.PROGRAMS["bufer-while"])
    assert with_while.violations == 0
    assert with_while.deadlocks == with_while.asleep > 0
    assert "TODOS DUERMEN" in with_while.report()
    story = with_while.example("colgado")
    # Lo que cuenta la página: el consumidor 1 despierta al otro consumidor, no al productor.
    assert "signal c  (despierta a hilo 2)" in story
    last = story.splitlines()[-1]
    assert last == "→ nadie puede avanzar: hilo 0 duerme en c; hilo 2 duerme en c"


def test_two_conditions_and_while_are_always_right() -> None:
    correct = il.explore(il.PROGRAMS["bufer-dos-condiciones"])
    assert correct.violations == 0 and correct.deadlocks == 0
    assert correct.outcomes == {"bien": correct.interleavings}


@pytest.mark.parametrize("name", sorted(il.PROGRAMS))
def test_outcomes_partition_every_interleaving(name: str) -> None:
    r = il.explore(il.PROGRAMS[name])
    assert sum(r.outcomes.values()) == r.interleavings
    assert set(r.outcomes) <= set(il.OUTCOMES)
    assert r.outcomes.get("interbloqueo", 0) + r.outcomes.get("todos duermen", 0) <= r.deadlocks


def test_the_state_cap_is_a_spanish_error() -> None:
    with pytest.raises(ValueError, match="más de 5 estados"):
        il.explore(il.PROGRAMS["bufer-if"], max_states=5)


@pytest.mark.parametrize(
    ("threads", "message"),
    [
        ((("saltar x",),), "instrucción desconocida 'saltar x'"),
        ((("load r",),), "instrucción desconocida 'load r'"),
        ((("jz x fin",),), "la etiqueta 'fin' no existe"),
        ((("check x>=a",),), "check debe tener la forma variable>=entero"),
    ],
)
def test_bad_programs_are_rejected(threads: tuple[tuple[str, ...], ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        il.explore(il.Program("x", threads))


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="program debe ser un Program"):
        il.explore("contador")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind debe ser uno de estos valores: colgado"):
        il.explore(il.PROGRAMS["contador"]).example("otro")
    with pytest.raises(ValueError, match="en el paso 3 el hilo 0 no puede avanzar"):
        il.trace(il.PROGRAMS["dos-cerrojos"], (0, 1, 0))


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
    # El resultado esperado es la suma de todos los incrementos: con cerrojo, siempre.
    assert (result.correct == result.interleavings) == locked


def test_random_counters_stay_small_enough_to_explore_quickly() -> None:
    """El mayor permitido (3 hilos × 2 incrementos, sin cerrojo) cabe de sobra en el tope."""
    rng = random.Random(0)
    programs = [il.random_counter_program(rng, threads=3, steps=2) for _ in range(8)]
    unlocked = next(p for p in programs if "lock m" not in p.threads[0])
    assert il.explore(unlocked).states < il.MAX_STATES // 4
    with pytest.raises(ValueError, match=r"threads × steps debe ser como mucho 6.*4 × 2"):
        il.random_counter_program(rng, threads=4, steps=2)

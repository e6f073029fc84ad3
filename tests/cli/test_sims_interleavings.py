"""``dadsbook sim interleavings``: todos los órdenes de un programa pequeño.

Los números esperados se razonan a mano: dos hilos de tres instrucciones (``load``,
``addi``, ``store``) se intercalan de 6!/(3!·3!) = 20 maneras; solo en las dos en que un
hilo termina antes de que el otro lea, el contador acaba con la suma de los dos.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cli.support import json_of, run

from dadsbook.cli.main import load
from dadsbook.software.programming import interleavings
from dadsbook.software.programming import sims as programming_sims


def test_the_copies_of_the_chapter_limits_stay_in_sync() -> None:
    assert tuple(interleavings.PROGRAMS) == programming_sims.PROGRAM_NAMES
    assert programming_sims.STATES_MAX == interleavings.MAX_STATES
    assert programming_sims.WORK_MAX == interleavings.MAX_COUNTER_WORK


def test_counter_race_twenty_orders_two_right() -> None:
    data = json_of("sim", "interleavings", "--program", "contador", "-c")
    solution = data["solution"]
    assert isinstance(solution, dict)
    assert solution["interleavings"] == 20
    assert solution["finals"] == {"contador=1": 18, "contador=2": 2}
    assert solution["race"] is True and solution["deadlocks"] == 0


def test_opposite_locks_deadlock_and_the_text_says_so() -> None:
    result = run(["sim", "interleavings", "--program", "dos-cerrojos", "-c"])
    assert result.status == 0, result.err
    assert "INTERBLOQUEO en 2 entrelazados" in result.out
    assert "¿Hay interbloqueo?" in result.out and "lock B" in result.out
    ordered = json_of("sim", "interleavings", "--program", "orden-global", "-c")["solution"]
    assert isinstance(ordered, dict) and ordered["deadlocks"] == 0


def test_without_c_it_only_poses_the_problem() -> None:
    result = run(["sim", "interleavings", "-s", "3"])
    assert result.status == 0
    assert "hilo 0" in result.out and "¿Qué valores finales son posibles" in result.out
    assert "Entrelazados completos" not in result.out


def test_seed_gives_a_random_counter_and_json_is_stable() -> None:
    first, again = (
        json_of("sim", "interleavings", "-s", "7"),
        json_of("sim", "interleavings", "-s", "7"),
    )
    assert first == again
    problem = first["problem"]
    assert isinstance(problem, dict)
    assert set(problem) == {"name", "description", "threads", "initial", "expected"}
    assert problem["name"] == "aleatorio" and problem["initial"] == {"x": 0}
    assert 2 <= len(problem["threads"]) <= 3  # type: ignore[arg-type]
    solved = json_of("sim", "interleavings", "-s", "7", "-c")
    assert solved["problem"] == problem
    solution = solved["solution"]
    assert isinstance(solution, dict)
    assert set(solution) == {"finals", "interleavings", "states", "deadlocks", "asleep",
                             "violations", "outcomes", "race"}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threads", "4", "--steps", "2"], "--threads × --steps debe ser como mucho 6"),
        (["--threads", "5"], "--threads"),
        (["--steps", "0"], "--steps"),
        (["--program", "contador", "--threads", "2"], "no van con --program"),
        (["--program", "nada"], "--program"),
    ],
)
def test_bad_options_are_rejected_naming_the_option(args: list[str], message: str) -> None:
    result = run(["sim", "interleavings", *args, "-c"])
    assert result.status == 2
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("threads", "steps"), [(4, None), (None, 3), (None, None)])
def test_a_missing_count_is_drawn_within_the_limit(threads: int | None, steps: int | None) -> None:
    args = [*(["--threads", str(threads)] if threads else []),
            *(["--steps", str(steps)] if steps else [])]  # fmt: skip
    for seed in range(12):
        result = run(["sim", "interleavings", "-s", str(seed), *args, "-c"])
        assert result.status == 0, result.err


def _family() -> list[interleavings.Program]:
    """Los programas del capítulo y los contadores que puede pedir la orden (muestreados)."""
    found = {p.threads: p for p in interleavings.PROGRAMS.values()}
    for threads in range(1, programming_sims.THREADS_MAX + 1):
        for steps in range(1, programming_sims.STEPS_MAX + 1):
            if threads * steps > programming_sims.WORK_MAX:
                continue
            for seed in range(60):
                p = interleavings.random_counter_program(
                    random.Random(seed), threads=threads, steps=steps
                )
                found.setdefault(p.threads, p)
    return list(found.values())


@pytest.mark.slow
def test_declared_cost_is_above_the_real_states_and_under_the_cap() -> None:
    """La estimación de estados (el coste que se comprueba antes de resolver) no se queda
    corta con ningún programa que acepta la orden, y ninguno pasa del tope."""
    sim = load("interleavings")
    for program in _family():
        problem = programming_sims._as_problem(program)
        estimate = sim.cost(problem).steps
        assert estimate <= sim.max_steps, program.threads
        assert interleavings.explore(program).states <= estimate, program.threads


def test_figure_is_drawn_for_a_race_and_a_deadlock(tmp_path: Path) -> None:
    for program in ("contador", "dos-cerrojos", "bufer-if"):
        target = tmp_path / f"{program}.png"
        result = run(["sim", "interleavings", "--program", program, "--plot", str(target)])
        assert result.status == 0, result.err
        assert target.stat().st_size > 1000


def test_help_has_the_example_and_the_programs() -> None:
    result = run(["sim", "interleavings", "--help"])
    assert result.status == 0
    assert "dos-cerrojos" in result.out and "--program PROGRAMA" in result.out
    assert result.out.rstrip().endswith("dadsbook sim interleavings --program dos-cerrojos -c")

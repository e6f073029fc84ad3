"""Pruebas de la cocina simulada (dadsbook.concepts.kitchen)."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook.concepts import figures, kitchen
from dadsbook.concepts.kitchen import (
    MENU,
    Recipe,
    Step,
    compare_axes,
    cook,
    four_cases,
    random_menu,
    recipe,
)


def test_four_cases_of_the_book() -> None:
    """Los totales del menú del libro, calculados a mano a partir de las recetas.

    La página lo dice con texto fijo: en este menú la concurrencia gana más que el
    paralelismo (intercalar con un chef acaba antes que dos chefs sin intercalar).
    """
    totals = {key: r.makespan for key, r in four_cases().items()}
    assert totals == {"ninguno": 63.0, "concurrente": 30.0, "paralelo": 36.0, "ambos": 27.0}
    assert totals["concurrente"] < totals["paralelo"]


def test_sequential_chef_sums_every_step() -> None:
    """Un chef sin intercalar tarda la suma de todos los pasos, esperas incluidas."""
    assert cook(MENU).makespan == sum(r.minutes for r in MENU)


def test_waits_run_without_a_chef_only_when_interleaving() -> None:
    """Intercalando, las esperas no ocupan chef; sin intercalar, sí."""
    assert all(t.chef is not None for t in cook(MENU).tasks)
    waits = [t for t in cook(MENU, interleave=True).tasks if t.kind == "wait"]
    assert waits and all(t.chef is None for t in waits)


def test_critical_path_bounds_any_kitchen() -> None:
    """Ningún número de chefs baja del camino crítico (la receta más larga)."""
    result = cook(MENU, chefs=10, interleave=True)
    assert result.makespan == max(r.minutes for r in MENU)


@pytest.mark.parametrize("chefs", [0, -1, 1.5, True, "2"])
def test_bad_chefs(chefs: object) -> None:
    with pytest.raises(ValueError, match="chefs"):
        cook(MENU, chefs=chefs)  # type: ignore[arg-type]


@pytest.mark.parametrize("minutes", [-3, 0, float("nan"), float("inf")])
def test_bad_durations(minutes: float) -> None:
    with pytest.raises(ValueError, match="minutes"):
        Step("hervir", "wait", minutes)


def test_unknown_step_kind() -> None:
    with pytest.raises(ValueError, match=r"kind.*active, wait"):
        recipe("sopa", ("hervir", "freír", 3))


def test_empty_inputs() -> None:
    with pytest.raises(ValueError, match="recipes"):
        cook([])
    with pytest.raises(ValueError, match="steps"):
        Recipe("vacía", ())
    with pytest.raises(ValueError, match="repetidos"):
        cook([MENU[0], MENU[0]])
    with pytest.raises(ValueError, match="chefs"):
        four_cases(chefs=1)


def test_gantt_and_table_render() -> None:
    fig = figures.kitchen_figure(cook(MENU, chefs=2, interleave=True), "prueba")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:2] == ["chef 1", "chef 2"] and "fuego: sopa" in labels
    assert "hervir caldo" in str(kitchen.menu_table())


steps = st.tuples(
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(kitchen.STEP_KINDS),
    st.integers(min_value=1, max_value=20),
)
menus = st.lists(st.lists(steps, min_size=1, max_size=5), min_size=1, max_size=5).map(
    lambda rs: [recipe(f"r{i}", *s) for i, s in enumerate(rs)]
)


@given(menus, st.integers(min_value=1, max_value=4), st.booleans())
def test_kitchen_invariants(menu: list[Recipe], chefs: int, interleave: bool) -> None:
    """Ningún chef hace dos cosas a la vez, los pasos van en orden y nada se pierde."""
    result = cook(menu, chefs=chefs, interleave=interleave)
    assert len(result.tasks) == sum(len(r.steps) for r in menu)
    for chef in range(chefs):
        mine = sorted((t for t in result.tasks if t.chef == chef), key=lambda t: t.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(mine))
    for r in menu:
        mine = [t for t in result.tasks if t.recipe == r.name]
        assert [t.step for t in sorted(mine, key=lambda t: t.start)] == [s.name for s in r.steps]
        assert all(a.end <= b.start for a, b in itertools.pairwise(mine))
    assert result.makespan >= max(r.minutes for r in menu)
    assert 0 <= result.utilization <= 1
    # Intercalar nunca empeora a un chef solo.
    if chefs == 1 and interleave:
        assert result.makespan <= cook(menu, chefs=1).makespan


def test_random_menus_are_seeded_and_shaped() -> None:
    """Misma semilla, mismo menú; con esperas, cada receta tiene un hervor; sin ellas, ninguno."""
    assert random_menu(random.Random(4), waits=True) == random_menu(random.Random(4), waits=True)
    with_waits = random_menu(random.Random(4), waits=True)
    assert all([s.kind for s in r.steps] == ["active", "wait", "active"] for r in with_waits)
    without = random_menu(random.Random(4), waits=False, recipes=5)
    assert len(without) == 5 and all(s.kind == "active" for r in without for s in r.steps)


def test_without_waits_interleaving_gains_nothing_and_the_verdict_says_so() -> None:
    """Sin esperas, un chef que intercala tarda lo mismo: su aceleración es 1 en cada menú."""
    gains = compare_axes(waits=False, menus=20, seed=3)
    assert gains.concurrent == (1.0,) * 20
    assert all(g > 1 for g in gains.parallel)
    decision = gains.verdict()
    assert decision.decision == "menor"
    assert "tener 2 chefs sin intercalar" in decision.phrase


def test_with_long_waits_interleaving_wins_and_the_verdict_says_so() -> None:
    """Con un hervor largo por receta, intercalar rinde más que un segundo chef."""
    gains = compare_axes(waits=True, menus=30, seed=1)
    assert gains.menus == 30
    assert gains.verdict().decision == "mayor"


def test_compare_axes_is_reproducible() -> None:
    assert compare_axes(waits=True, menus=8, seed=9) == compare_axes(waits=True, menus=8, seed=9)
    assert compare_axes(waits=True, menus=8, seed=9) != compare_axes(waits=True, menus=8, seed=10)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"menus": 4}, "menus debe ser un entero ≥ 5 y ≤ 1000"),
        ({"menus": 2000}, "menus"),
        ({"chefs": 1}, "chefs debe ser un entero ≥ 2 y ≤ 64"),
        ({"seed": -1}, "seed debe ser un entero ≥ 0"),
        ({"waits": "sí"}, "waits debe ser True o False"),
    ],
)
def test_compare_axes_rejects_bad_inputs(kwargs: dict[str, object], match: str) -> None:
    arguments: dict[str, object] = {"waits": True} | kwargs
    with pytest.raises(ValueError, match=match):
        compare_axes(**arguments)  # type: ignore[arg-type]


def test_random_menu_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="recipes debe ser un entero ≥ 1 y ≤ 50"):
        random_menu(random.Random(0), waits=True, recipes=0)


def test_what_the_exercises_say_about_fixed_menus() -> None:
    """Las soluciones de los ejercicios de la página afirman esto con texto fijo."""
    tortilla = recipe("tortilla", ("batir", "active", 5), ("cuajar", "active", 8))
    ensalada = MENU[1]
    no_waits = [tortilla, ensalada]
    # Ejercicio 3: sin esperas, intercalar no gana nada; dos chefs tardan la receta más larga.
    assert cook(no_waits, interleave=True).makespan == sum(r.minutes for r in no_waits)
    assert cook(no_waits, chefs=2).makespan == max(r.minutes for r in no_waits)
    # Ejercicio 4: un tercer chef no baja del camino crítico de la sopa.
    three = cook(MENU, chefs=3, interleave=True).makespan
    assert three == cook(MENU, chefs=2, interleave=True).makespan == MENU[0].minutes
    # Ejercicio 5: con ese menú en la celda, gana el paralelo y el concurrente no gana nada.
    totals = {key: r.makespan for key, r in four_cases(no_waits).items()}
    assert totals["concurrente"] == totals["ninguno"] and totals["paralelo"] < totals["ninguno"]

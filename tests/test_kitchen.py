"""Pruebas de la cocina simulada (dadsbook.kitchen)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadsbook import kitchen
from dadsbook.kitchen import MENU, Recipe, Step, cook, four_cases, recipe


def test_four_cases_of_the_book() -> None:
    """Los totales del menú del libro, calculados a mano a partir de las recetas."""
    totals = {key: r.makespan for key, r in four_cases().items()}
    assert totals == {"ninguno": 63.0, "concurrente": 30.0, "paralelo": 36.0, "ambos": 27.0}


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
    fig = cook(MENU, chefs=2, interleave=True).gantt("prueba")
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

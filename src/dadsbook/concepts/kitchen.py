"""La cocina: concurrencia y paralelismo como una simulación de chefs y recetas.

Una **receta** es una secuencia de pasos. Cada paso es **activo** (cortar, batir:
necesita las manos de un chef) o de **espera** (hervir, hornear: avanza solo, en el
fuego). Los pasos de una receta van en orden; el siguiente empieza cuando acaba el
anterior.

Dos perillas dan los cuatro casos del libro:

- ``chefs``: cuántos chefs trabajan a la vez (paralelismo).
- ``interleave``: si un chef puede dejar una receta mientras algo hierve y avanzar
  otra (concurrencia: varias recetas en curso a la vez, aunque no avancen todas en
  el mismo instante). Sin intercalar, el chef se queda mirando la olla.

Sin intercalar, cada chef toma una receta entera y la termina; la siguiente receta
va al primer chef que quede libre (planificación por lista). Intercalando, cada vez
que un chef queda libre toma el paso activo listo de la receta con **más trabajo
pendiente** (la regla del camino crítico: empezar pronto lo que más tarda), y las
esperas corren solas en el fuego.

>>> result = cook(MENU, chefs=1, interleave=False)
>>> result.makespan == sum(step.minutes for r in MENU for step in r.steps)
True
>>> cook(MENU, chefs=1, interleave=True).makespan < result.makespan
True

¿Qué eje rinde más, intercalar o contratar otro chef? Depende del menú, y no se
decide con un solo menú: :func:`compare_axes` cocina muchos menús al azar y pasa lo
que acelera cada eje por el veredicto del libro (:mod:`dadsbook.verdict`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import verdict
from dadsbook.tables import Table
from dadsbook.validation import (
    check_bool,
    check_choice,
    check_int,
    check_named,
    check_number,
    check_text,
)

__all__ = [
    "CASES",
    "MENU",
    "STEP_KINDS",
    "AxisGains",
    "Case",
    "KitchenResult",
    "Recipe",
    "Step",
    "Task",
    "compare_axes",
    "cook",
    "four_cases",
    "menu_table",
    "random_menu",
    "recipe",
]

#: Tipos de paso válidos: ``active`` necesita un chef, ``wait`` avanza solo.
STEP_KINDS = ("active", "wait")


@dataclass(frozen=True)
class Step:
    """Un paso de receta: nombre, tipo (``active`` o ``wait``) y duración en minutos."""

    name: str
    kind: str
    minutes: float

    def __post_init__(self) -> None:
        check_text("name", self.name, what="el nombre del paso")
        check_choice(f"kind del paso {self.name!r}", self.kind, STEP_KINDS)
        check_number(f"minutes del paso {self.name!r}", self.minutes, positive=True)


@dataclass(frozen=True)
class Recipe:
    """Una receta: nombre y pasos en orden."""

    name: str
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        check_text("name", self.name, what="el nombre de la receta")
        if not self.steps:
            raise ValueError(f"steps de la receta {self.name!r} debe tener al menos un paso")

    @property
    def minutes(self) -> float:
        """Duración total de la receta (activa más espera)."""
        return sum(step.minutes for step in self.steps)


def recipe(name: str, *steps: tuple[str, str, float]) -> Recipe:
    """Crea una receta a partir de tuplas ``(nombre, tipo, minutos)``.

    >>> recipe("té", ("hervir agua", "wait", 3), ("servir", "active", 1)).minutes
    4
    """
    return Recipe(name, tuple(Step(n, k, m) for n, k, m in steps))


#: El menú del libro: sopa, ensalada y postre.
MENU: tuple[Recipe, ...] = (
    recipe(
        "sopa",
        ("picar verduras", "active", 5),
        ("hervir caldo", "wait", 20),
        ("servir sopa", "active", 2),
    ),
    recipe("ensalada", ("lavar", "active", 4), ("cortar", "active", 6), ("aliñar", "active", 2)),
    recipe("postre", ("batir", "active", 6), ("hornear", "wait", 15), ("decorar", "active", 3)),
)


@dataclass(frozen=True)
class Task:
    """Un paso ejecutado: quién lo hizo (``chef`` es ``None`` si avanzó solo) y cuándo."""

    recipe: str
    step: str
    kind: str
    chef: int | None
    start: float
    end: float


@dataclass(frozen=True)
class KitchenResult:
    """El resultado de cocinar un menú: pasos con sus tiempos y métricas de la cocina."""

    chefs: int
    interleave: bool
    tasks: tuple[Task, ...]

    @property
    def makespan(self) -> float:
        """Minutos desde que se empieza hasta que el último plato está listo."""
        return max(task.end for task in self.tasks)

    def finish(self, recipe_name: str) -> float:
        """Minuto en que queda lista la receta ``recipe_name``."""
        ends = [t.end for t in self.tasks if t.recipe == recipe_name]
        if not ends:
            raise ValueError(f"recipe_name {recipe_name!r} no está en este resultado")
        return max(ends)

    @property
    def active_minutes(self) -> float:
        """Minutos de trabajo con las manos (suma de pasos activos)."""
        return sum(t.end - t.start for t in self.tasks if t.kind == "active")

    @property
    def utilization(self) -> float:
        """Fracción del tiempo de los chefs dedicada a pasos activos (0 a 1)."""
        return self.active_minutes / (self.chefs * self.makespan)


def _check_inputs(recipes: Sequence[Recipe], chefs: int) -> None:
    check_int("chefs", chefs, 1)
    check_named("recipes", recipes, Recipe, what="recetas")


def _cook_whole(recipes: Sequence[Recipe], chefs: int) -> list[Task]:
    free_at = [0.0] * chefs
    tasks: list[Task] = []
    for item in recipes:
        chef = min(range(chefs), key=lambda c: (free_at[c], c))
        clock = free_at[chef]
        for step in item.steps:
            tasks.append(Task(item.name, step.name, step.kind, chef, clock, clock + step.minutes))
            clock += step.minutes
        free_at[chef] = clock
    return tasks


def _cook_interleaved(recipes: Sequence[Recipe], chefs: int) -> list[Task]:
    free_at = [0.0] * chefs
    next_step = [0] * len(recipes)
    ready_at = [0.0] * len(recipes)
    tasks: list[Task] = []

    def advance_waits(index: int) -> None:
        item = recipes[index]
        while next_step[index] < len(item.steps) and item.steps[next_step[index]].kind == "wait":
            step = item.steps[next_step[index]]
            start = ready_at[index]
            tasks.append(Task(item.name, step.name, step.kind, None, start, start + step.minutes))
            ready_at[index] = start + step.minutes
            next_step[index] += 1

    def remaining(index: int) -> float:
        return sum(s.minutes for s in recipes[index].steps[next_step[index] :])

    for index in range(len(recipes)):
        advance_waits(index)
    while True:
        pending = [i for i in range(len(recipes)) if next_step[i] < len(recipes[i].steps)]
        if not pending:
            return tasks
        chef = min(range(chefs), key=lambda c: (free_at[c], c))
        start = max(free_at[chef], min(ready_at[i] for i in pending))
        candidates = [i for i in pending if ready_at[i] <= start]
        index = min(candidates, key=lambda i: (-remaining(i), i))
        step = recipes[index].steps[next_step[index]]
        tasks.append(
            Task(recipes[index].name, step.name, step.kind, chef, start, start + step.minutes)
        )
        free_at[chef] = start + step.minutes
        ready_at[index] = start + step.minutes
        next_step[index] += 1
        advance_waits(index)


def cook(
    recipes: Sequence[Recipe] = MENU, *, chefs: int = 1, interleave: bool = False
) -> KitchenResult:
    """Cocina ``recipes`` con ``chefs`` chefs, intercalando recetas o no.

    Lanza ``ValueError`` si ``chefs`` no es un entero ≥ 1 o no hay recetas.
    """
    _check_inputs(recipes, chefs)
    check_bool("interleave", interleave, error=ValueError)
    tasks = _cook_interleaved(recipes, chefs) if interleave else _cook_whole(recipes, chefs)
    tasks.sort(key=lambda t: (t.start, t.chef is None, t.chef or 0))
    return KitchenResult(chefs=chefs, interleave=interleave, tasks=tuple(tasks))


@dataclass(frozen=True)
class Case:
    """Uno de los cuatro cuadrantes: su nombre, cuántos chefs y si se intercala."""

    key: str
    title: str
    concurrent: bool
    parallel: bool


#: Los cuatro cuadrantes del libro, en orden.
CASES: tuple[Case, ...] = (
    Case("ninguno", "Ni concurrente ni paralelo", concurrent=False, parallel=False),
    Case("concurrente", "Concurrente, no paralelo", concurrent=True, parallel=False),
    Case("paralelo", "Paralelo, no concurrente", concurrent=False, parallel=True),
    Case("ambos", "Concurrente y paralelo", concurrent=True, parallel=True),
)


def four_cases(recipes: Sequence[Recipe] = MENU, *, chefs: int = 2) -> dict[str, KitchenResult]:
    """Cocina el menú en los cuatro cuadrantes; los paralelos usan ``chefs`` chefs.

    >>> {k: r.makespan for k, r in four_cases().items()}
    {'ninguno': 63.0, 'concurrente': 30.0, 'paralelo': 36.0, 'ambos': 27.0}
    """
    check_int("chefs", chefs, 2)
    return {
        case.key: cook(recipes, chefs=chefs if case.parallel else 1, interleave=case.concurrent)
        for case in CASES
    }


def menu_table(recipes: Sequence[Recipe] = MENU) -> Table:
    """Tabla del menú: cada paso con su tipo y duración."""
    kinds = {"active": "activo (manos)", "wait": "espera (fuego)"}
    rows = [(r.name, s.name, kinds[s.kind], s.minutes) for r in recipes for s in r.steps]
    return Table(("receta", "paso", "tipo", "minutos"), rows, caption="El menú de la cocina")


def random_menu(rng: random.Random, *, waits: bool, recipes: int = 3) -> tuple[Recipe, ...]:
    """Un menú al azar de ``recipes`` recetas.

    Con ``waits``, cada receta es «activo, espera larga, activo» (picar 2–8 minutos,
    hervir u hornear 10–25, servir 1–4), como la sopa y el postre del libro; sin
    ``waits``, de dos a tres pasos activos de 2–8 minutos, sin nada que hierva.

    >>> menu = random_menu(random.Random(1), waits=False)
    >>> len(menu), {s.kind for r in menu for s in r.steps}
    (3, {'active'})
    """
    check_int("recipes", recipes, 1, 50)
    check_bool("waits", waits, error=ValueError)
    menu = []
    for number in range(1, recipes + 1):
        if waits:
            steps = [
                ("preparar", "active", rng.randint(2, 8)),
                ("hervir", "wait", rng.randint(10, 25)),
                ("servir", "active", rng.randint(1, 4)),
            ]
        else:
            steps = [
                (f"paso {i}", "active", rng.randint(2, 8)) for i in range(1, rng.randint(2, 3) + 1)
            ]
        menu.append(recipe(f"receta {number}", *steps))
    return tuple(menu)


@dataclass(frozen=True)
class AxisGains:
    """Lo que acelera cada eje al chef solo que no intercala, menú a menú.

    ``concurrent`` es «ni concurrente ni paralelo» / «concurrente, no paralelo» (un
    chef que intercala); ``parallel``, «ni concurrente ni paralelo» / «paralelo, no
    concurrente» (``chefs`` chefs sin intercalar). Cuanto mayor, más rinde el eje.
    """

    waits: bool
    chefs: int
    seed: int
    concurrent: tuple[float, ...]
    parallel: tuple[float, ...]

    @property
    def menus(self) -> int:
        """Cuántos menús se cocinaron."""
        return len(self.concurrent)

    def verdict(self) -> verdict.Verdict:
        """Qué eje rindió más, decidido por :func:`dadsbook.verdict.compare`, nunca a ojo."""
        return verdict.compare(
            self.concurrent,
            self.parallel,
            a_label="intercalar con un solo chef",
            b_label=f"tener {self.chefs} chefs sin intercalar",
            more="más rentable",
            less="menos rentable",
            seed=self.seed,
        )


def compare_axes(*, waits: bool, menus: int = 30, chefs: int = 2, seed: int = 0) -> AxisGains:
    """Cocina ``menus`` menús al azar (:func:`random_menu`) en los cuadrantes del libro.

    >>> print(compare_axes(waits=False, menus=10).verdict().decision)
    menor
    """
    check_int("menus", menus, 5, 1000)
    check_int("chefs", chefs, 2, 64)
    check_int("seed", seed, 0)
    rng = random.Random(seed)
    concurrent, parallel = [], []
    for _ in range(menus):
        results = four_cases(random_menu(rng, waits=waits), chefs=chefs)
        alone = results["ninguno"].makespan
        concurrent.append(alone / results["concurrente"].makespan)
        parallel.append(alone / results["paralelo"].makespan)
    return AxisGains(waits, chefs, seed, tuple(concurrent), tuple(parallel))

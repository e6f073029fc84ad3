"""Las soluciones de los ejercicios de la página de conceptos (la cocina), con sus órdenes.

Cada ejercicio da una orden ``dadsbook sim kitchen …``; la solución que ve quien lee es
la salida de esa orden con ``-c`` (:func:`dadsbook.exercises.run`) y los minutos de la
prosa salen de la misma orden con ``--json``. :func:`exercise_values` devuelve todo lo
que la página pega, con su clave.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dadsbook import exercises
from dadsbook.concepts import kitchen
from dadsbook.exercises import Runner, solved
from dadsbook.tables import Table

__all__ = ["exercise_values", "step_minutes"]

#: Un menú sin esperas: solo pasos activos (ejercicio 3).
NO_WAITS = "--recipe tortilla=a5,a8 --recipe ensalada=a4,a6,a2"
#: El menú de la página escrito como opciones de la orden (ejercicio 4).
BOOK_MENU = "--recipe sopa=a5,w20,a2 --recipe ensalada=a4,a6,a2 --recipe postre=a6,w15,a3"


def step_minutes(data: Any, kinds: Iterable[str] = ("active", "wait")) -> list[float]:
    """Los minutos de los pasos del problema (``data`` de ``--json``) de los tipos pedidos.

    >>> step_minutes({"problem": {"recipes": [{"steps": [
    ...     {"minutes": 5, "kind": "active"}, {"minutes": 20, "kind": "wait"}]}]}}, ("wait",))
    [20]
    """
    wanted = set(kinds)
    steps = [step for r in data["problem"]["recipes"] for step in r["steps"]]
    return [step["minutes"] for step in steps if step["kind"] in wanted]


def exercise_values(run: Runner = exercises.run) -> dict[str, object]:
    """Las soluciones ``conceptos_ex_*`` de los ejercicios, con su clave de glue.

    Las salidas de las órdenes (``conceptos_ex_1``…) y la tabla del último ejercicio se
    muestran con ``{glue}``; los minutos, con ``{glue:text}``. ``run`` ejecuta una orden
    (en las pruebas, una falsa).
    """
    values: dict[str, object] = {}
    out, data = solved("dadsbook sim kitchen -s 1 --chefs 1 --no-interleave", run)
    values |= {
        "conceptos_ex_1": out,
        "conceptos_ex_1_total": float(data["solution"]["makespan"]),
        "conceptos_ex_1_sum": float(sum(step_minutes(data))),
    }
    out, data = solved("dadsbook sim kitchen -s 1 --chefs 1 --interleave", run)
    longest = max(sum(s["minutes"] for s in r["steps"]) for r in data["problem"]["recipes"])
    values |= {
        "conceptos_ex_2": out,
        "conceptos_ex_2_total": float(data["solution"]["makespan"]),
        "conceptos_ex_2_active": float(sum(step_minutes(data, ("active",)))),
        "conceptos_ex_2_longest": float(longest),
    }
    for key, chefs, interleave in (("3a", 1, "--interleave"), ("3b", 2, "--no-interleave")):
        out, data = solved(f"dadsbook sim kitchen --chefs {chefs} {interleave} {NO_WAITS}", run)
        values |= {
            f"conceptos_ex_{key}": out,
            f"conceptos_ex_{key}_total": float(data["solution"]["makespan"]),
        }
    out, data = solved(f"dadsbook sim kitchen --chefs 3 --interleave {BOOK_MENU}", run)
    values |= {
        "conceptos_ex_4": out,
        "conceptos_ex_4_total": float(data["solution"]["makespan"]),
    }
    tortilla = kitchen.recipe("tortilla", ("batir", "active", 5), ("cuajar", "active", 8))
    changed = kitchen.four_cases((tortilla, kitchen.MENU[1]), chefs=2)
    rows = [(case.title, changed[case.key].makespan) for case in kitchen.CASES]
    values["conceptos_ex_5"] = Table(("cuadrante", "minutos"), rows)
    return values

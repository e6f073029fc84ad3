"""Pruebas de la decisión pura del ReplicaSet (dadsbook.systems.containers.ranking).

El orden esperado se deduce a mano de ``ActivePodsWithRanks.Less``
(``pkg/controller/controller_utils.go`` en kubernetes/kubernetes).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.containers import ranking
from dadsbook.systems.containers.ranking import PodView


def _names(pods: list[PodView]) -> list[str]:
    return [p.name for p in pods]


def test_reconcile_creates_what_is_missing() -> None:
    assert ranking.reconcile(3, []).create == 3
    assert ranking.reconcile(0, []) == ranking.Reconciliation(0, ())


def test_reconcile_deletes_unready_then_newest() -> None:
    """Primero los no listos; entre iguales, los más nuevos."""
    pods = [
        PodView("viejo", True, 0.0),
        PodView("nuevo", True, 9.0),
        PodView("arranca", False, 1.0),
    ]
    assert ranking.reconcile(2, pods).delete == ("arranca",)
    assert ranking.reconcile(1, pods).delete == ("arranca", "nuevo")
    assert set(ranking.reconcile(0, pods).delete) == {"viejo", "nuevo", "arranca"}


def test_each_rule_in_order() -> None:
    """Cada par solo difiere en una regla y en todas las siguientes a favor del otro."""
    now = 1000.0
    cases = [
        # 1. sin nodo antes que asignado (aunque el asignado no esté listo)
        (
            PodView("a", False, 0.0, assigned=False, phase="Pending"),
            PodView("b", False, 999.0, phase="Pending"),
        ),
        # 2. Pending < Unknown < Running
        (PodView("a", False, 0.0, phase="Pending"), PodView("b", False, 999.0, phase="Unknown")),
        (PodView("a", False, 0.0, phase="Unknown"), PodView("b", False, 999.0)),
        # 3. no listo < listo
        (
            PodView("a", False, 0.0, restarts=0),
            PodView("b", True, 999.0, ready_s=999.0, restarts=9),
        ),
        # 4. menor coste de borrado primero
        (
            PodView("a", True, 0.0, ready_s=0.0, deletion_cost=-5, rank=1),
            PodView("b", True, 999.0, ready_s=999.0, rank=3),
        ),
        # 5. más compañeros en su nodo primero
        (
            PodView("a", True, 0.0, ready_s=0.0, rank=3),
            PodView("b", True, 999.0, ready_s=999.0, rank=1),
        ),
        # 6. listo hace menos tiempo primero (10 s frente a 1000 s: cubetas 33 y 39)
        (
            PodView("a", True, 0.0, ready_s=990.0),
            PodView("b", True, 999.0, ready_s=0.0, restarts=9),
        ),
        # 7. más reinicios primero
        (
            PodView("a", True, 0.0, ready_s=500.0, restarts=3),
            PodView("b", True, 999.0, ready_s=500.0),
        ),
        # 8. creado más recientemente primero
        (PodView("b", True, 990.0, ready_s=995.0), PodView("a", True, 0.0, ready_s=995.0)),
    ]
    for first, second in cases:
        assert _names(ranking.deletion_order([second, first], now=now)) == [first.name, second.name]


def test_log_buckets_hide_small_age_differences() -> None:
    """Con ``now``, 600 y 700 s de edad caen en la misma cubeta (⌊log₂ ns⌋ = 39): decide el
    UID, no la edad; sin ``now`` se compara el instante y va primero el más nuevo."""
    assert ranking.log_bucket(600.0) == ranking.log_bucket(700.0) == 39
    old = PodView("zz", True, 300.0, ready_s=300.0)  # 700 s
    new = PodView("aa", True, 400.0, ready_s=400.0)  # 600 s
    assert _names(ranking.deletion_order([old, new], now=1000.0)) == ["aa", "zz"]
    assert _names(ranking.deletion_order([new, old], now=1000.0)) == ["aa", "zz"]
    older = PodView("zz", True, 300.0, ready_s=300.0, uid="0")
    assert _names(ranking.deletion_order([new, older], now=1000.0)) == ["zz", "aa"]  # UID 0 < aa
    assert _names(ranking.deletion_order([older, new])) == ["aa", "zz"]


def test_example_pods_show_each_rule() -> None:
    """El ejemplo de la página sale en el orden que dan las reglas, una por fila."""
    order = _names(ranking.deletion_order(ranking.example_pods(), now=600.0))
    assert order == [
        "sin-nodo",  # 1. sin nodo
        "arrancando",  # 2. Pending
        "reiniciando",  # 3. no listo
        "listo-doble",  # 5. comparte nodo con otro
        "listo-reciente",  # 6. listo hace 40 s (cubeta 35)
        "listo-con-reinicios",  # 7. misma cubeta (39) que listo-viejo, más reinicios
        "listo-viejo",
        "listo-caro",  # 4. coste de borrado 100: el último
    ]
    table = ranking.order_table(ranking.example_pods(), now=600.0)
    assert [row[1] for row in table.rows] == order
    assert table.rows[0][2] == "sin asignar" and table.rows[4][4] == "40 s"


def test_bad_views() -> None:
    with pytest.raises(ValueError, match="phase"):
        PodView("a", False, 0.0, phase="Failed")
    with pytest.raises(ValueError, match="Running"):
        PodView("a", True, 0.0, phase="Pending")
    with pytest.raises(ValueError, match="Pending"):
        PodView("a", False, 0.0, assigned=False)
    with pytest.raises(ValueError, match="restarts"):
        PodView("a", False, 0.0, restarts=-1)


views = st.builds(
    PodView,
    name=st.text("abcdef", min_size=1, max_size=4),
    ready=st.just(False),
    created_s=st.floats(0, 1000),
    restarts=st.integers(0, 5),
    rank=st.integers(0, 4),
    deletion_cost=st.integers(-3, 3),
)


@settings(max_examples=100)
@given(pods=st.lists(views, max_size=8), desired=st.integers(0, 10))
def test_reconcile_reaches_desired(pods: list[PodView], desired: int) -> None:
    """Tras crear y borrar lo que dice, hay exactamente ``desired`` pods, y el orden es
    una permutación (ni pierde ni repite pods)."""
    actions = ranking.reconcile(desired, pods, now=2000.0)
    assert len(pods) + actions.create - len(actions.delete) == desired
    order = ranking.deletion_order(pods, now=2000.0)
    assert sorted(map(id, order)) == sorted(map(id, pods))

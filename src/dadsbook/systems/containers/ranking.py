"""Qué pods crea o borra un ReplicaSet: la decisión pura de su controlador.

El controlador de ReplicaSet (``pkg/controller/replicaset/replica_set.go`` en
kubernetes/kubernetes, función ``manageReplicas``) compara los pods **activos** que
casan con su selector (los que no han terminado ni se están borrando) con
``spec.replicas``. Si faltan, crea la diferencia; si sobran, los ordena con
``ActivePodsWithRanks`` (``pkg/controller/controller_utils.go``) y borra los
primeros (``getPodsToDelete``). El orden pone delante a los que menos cuesta perder:

1. sin asignar a un nodo < asignados;
2. fase ``Pending`` < ``Unknown`` < ``Running``;
3. no listos < listos;
4. menor coste de borrado (anotación ``controller.kubernetes.io/pod-deletion-cost``)
   < mayor;
5. más pods del mismo ReplicaSet en su nodo (*rank*) < menos (así se reparten);
6. si los dos están listos: listo hace menos tiempo < hace más;
7. más reinicios de contenedor < menos;
8. creado más recientemente < antes.

En 6 y 8 los tiempos se comparan en **cubetas logarítmicas**: ``⌊log₂(edad en ns)⌋``
(``LogarithmicScaleDown``, activo por omisión desde Kubernetes 1.22), y dentro de una
misma cubeta decide el UID del pod, que es pseudoaleatorio: así no se borra siempre
el más nuevo. Aquí el UID es el nombre, salvo que se dé otro.

>>> pods = [PodView("a", True, 0.0), PodView("b", False, 5.0), PodView("c", True, 3.0)]
>>> reconcile(2, pods)
Reconciliation(create=0, delete=('b',))
>>> reconcile(5, pods)
Reconciliation(create=2, delete=())
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int

__all__ = [
    "PHASES",
    "PodView",
    "Reconciliation",
    "deletion_order",
    "example_pods",
    "log_bucket",
    "order_table",
    "reconcile",
]

#: Orden de las fases en ``podPhaseToOrdinal``.
PHASES: dict[str, int] = {"Pending": 0, "Unknown": 1, "Running": 2}


@dataclass(frozen=True)
class PodView:
    """Lo que el controlador ve de un pod activo.

    ``ready_s`` es el instante en que pasó a listo (la condición ``Ready``), ``rank``
    cuántos pods activos del mismo ReplicaSet hay en su nodo (él incluido) y ``uid`` el
    desempate dentro de una cubeta (el nombre si se deja vacío).
    """

    name: str
    ready: bool
    created_s: float
    ready_s: float | None = None
    assigned: bool = True
    phase: str = "Running"
    restarts: int = 0
    deletion_cost: int = 0
    rank: int = 0
    uid: str = ""

    def __post_init__(self) -> None:
        check_choice("phase", self.phase, PHASES)
        if self.ready and self.phase != "Running":
            raise ValueError(
                f"un pod listo debe estar en fase Running; {self.name} está en {self.phase}"
            )
        if not self.assigned and self.phase != "Pending":
            raise ValueError(
                f"un pod sin nodo está en fase Pending; {self.name} está en {self.phase}"
            )
        check_int("restarts", self.restarts, 0)
        check_int("rank", self.rank, 0)
        check_int("deletion_cost", self.deletion_cost)


@dataclass(frozen=True)
class Reconciliation:
    """Acciones de un ciclo: cuántos pods crear y cuáles borrar."""

    create: int
    delete: tuple[str, ...]


def log_bucket(age_s: float) -> int:
    """La cubeta de una edad: ``⌊log₂(ns)⌋`` (−1 si no es positiva), como ``logarithmicRankDiff``.

    >>> log_bucket(1.0), log_bucket(1.9), log_bucket(2.2), log_bucket(0.0)
    (29, 30, 31, -1)
    """
    ns = age_s * 1e9
    return int(math.log2(ns)) if ns > 0 else -1


def _after_or_zero(t1: float | None, t2: float | None) -> bool:
    """``afterOrZero``: un instante desconocido va primero; si no, el más reciente."""
    if t1 is None or t2 is None:
        return t1 is None
    return t1 > t2


def _time_less(
    t1: float | None, t2: float | None, a: PodView, b: PodView, now: float | None
) -> bool:
    if now is None or t1 is None or t2 is None:
        return _after_or_zero(t1, t2)
    diff = log_bucket(now - t1) - log_bucket(now - t2)
    if diff == 0:
        return (a.uid or a.name) < (b.uid or b.name)
    return diff < 0


def _less(a: PodView, b: PodView, now: float | None) -> bool:
    """``ActivePodsWithRanks.Less``: si ``a`` debe borrarse antes que ``b``."""
    if a.assigned != b.assigned:
        return not a.assigned
    if PHASES[a.phase] != PHASES[b.phase]:
        return PHASES[a.phase] < PHASES[b.phase]
    if a.ready != b.ready:
        return not a.ready
    if a.deletion_cost != b.deletion_cost:
        return a.deletion_cost < b.deletion_cost
    if a.rank != b.rank:
        return a.rank > b.rank
    if a.ready and b.ready and a.ready_s != b.ready_s:
        return _time_less(a.ready_s, b.ready_s, a, b, now)
    if a.restarts != b.restarts:
        return a.restarts > b.restarts
    if a.created_s != b.created_s:
        return _time_less(a.created_s, b.created_s, a, b, now)
    return False


def deletion_order(pods: Sequence[PodView], *, now: float | None = None) -> list[PodView]:
    """Los pods en el orden en que el controlador prefiere borrarlos.

    Con ``now`` compara las edades en cubetas logarítmicas; sin él, los instantes tal
    cual (lo que hace el controlador cuando no tiene hora de referencia).

    >>> order = deletion_order([
    ...     PodView("listo-viejo", True, 0.0, ready_s=10.0),
    ...     PodView("sin-nodo", False, 50.0, assigned=False, phase="Pending"),
    ...     PodView("arrancando", False, 40.0, phase="Pending"),
    ...     PodView("no-listo", False, 30.0),
    ...     PodView("caro", True, 20.0, ready_s=45.0, deletion_cost=100),
    ...     PodView("listo-nuevo", True, 20.0, ready_s=45.0),
    ... ], now=60.0)
    >>> [p.name for p in order]
    ['sin-nodo', 'arrancando', 'no-listo', 'listo-nuevo', 'listo-viejo', 'caro']
    """

    def compare(a: PodView, b: PodView) -> int:
        if _less(a, b, now):
            return -1
        return 1 if _less(b, a, now) else 0

    return sorted(pods, key=functools.cmp_to_key(compare))


def reconcile(desired: int, pods: Sequence[PodView], *, now: float | None = None) -> Reconciliation:
    """Compara ``desired`` con los pods activos y decide qué crear o borrar."""
    check_int("desired", desired, 0)
    diff = len(pods) - desired
    if diff < 0:
        return Reconciliation(-diff, ())
    ranked = deletion_order(pods, now=now) if diff < len(pods) else list(pods)
    return Reconciliation(0, tuple(p.name for p in ranked[:diff]))


def example_pods() -> tuple[PodView, ...]:
    """Seis pods, uno por regla que importa, para ver el orden en una tabla (``now`` = 600 s)."""
    return (
        PodView("listo-viejo", True, 0.0, ready_s=20.0, rank=1),
        PodView("listo-caro", True, 300.0, ready_s=320.0, deletion_cost=100, rank=1),
        PodView("sin-nodo", False, 590.0, assigned=False, phase="Pending"),
        PodView("listo-con-reinicios", True, 10.0, ready_s=40.0, restarts=4, rank=1),
        PodView("arrancando", False, 580.0, phase="Pending", rank=1),
        PodView("listo-doble", True, 60.0, ready_s=80.0, rank=2),
        PodView("listo-reciente", True, 200.0, ready_s=560.0, rank=1),
        PodView("reiniciando", False, 50.0, restarts=2, rank=2),
    )


def order_table(pods: Sequence[PodView], *, now: float) -> Table:
    """Los pods en el orden de borrado, con lo que mira cada regla."""

    def age(t: float | None) -> str:
        return "—" if t is None else f"{fmt.number(now - t)} s"

    return Table(
        ("orden", "pod", "nodo", "fase", "listo desde hace", "coste", "en su nodo", "reinicios"),
        [
            (
                fmt.number(i + 1),
                p.name,
                "sí" if p.assigned else "sin asignar",
                p.phase,
                age(p.ready_s) if p.ready else "no listo",
                fmt.number(p.deletion_cost),
                fmt.number(p.rank) if p.assigned else "—",
                fmt.number(p.restarts),
            )
            for i, p in enumerate(deletion_order(pods, now=now))
        ],
        caption="Orden en que el ReplicaSet borraría estos pods (primero, el primero).",
    )

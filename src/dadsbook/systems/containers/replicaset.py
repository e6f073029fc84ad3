"""ReplicaSet: el bucle de reconciliación que mantiene N pods vivos, simulado en SimPy.

Un ReplicaSet de Kubernetes no «arranca N pods y se olvida»: su controlador compara
sin parar el estado deseado (``spec.replicas``) con el observado (los pods activos que
casan con su selector) y corrige la diferencia
(https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/; la decisión
pura está en :mod:`~dadsbook.systems.containers.ranking`). Es la **autorreparación**
(*self-healing*) del artículo, con dos matices que la simulación respeta
(:mod:`~dadsbook.systems.containers.failures`):

- Si falla **el contenedor**, el kubelet lo reinicia en el mismo pod tras una espera
  que se dobla con cada fallo seguido (*CrashLoopBackOff*); el ReplicaSet no crea nada.
- Si falla **el nodo**, sus pods dejan de servir en el acto, pero el ReplicaSet no los
  sustituye hasta que se desalojan (periodo de gracia del nodo más 300 s de
  tolerancia); entonces crea otros en los nodos sanos. El nodo vuelve, vacío, cuando
  lo repara el proveedor (nunca antes del desalojo).

Al reducir, el controlador borra primero los pods peor situados
(:func:`~dadsbook.systems.containers.ranking.deletion_order`); los nuevos se
planifican en el nodo sano con menos pods del ReplicaSet, y si no hay ninguno se
quedan sin asignar hasta que vuelva uno.

El controlador sobre SimPy es :class:`~dadsbook.systems.containers.controllers.ReplicaSet`
(se reexporta aquí, con :class:`Pod`, ``PodView`` y ``reconcile``);
:func:`simulate_self_healing` lo muestra con fallos sembrados.

>>> r = simulate_self_healing(replicas=3, mtbf_s=300, startup_s=10, horizon_s=1200, seed=1)
>>> r.created, r.failures > 0, 0 < r.availability < 1
(3, True, True)
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import simpy

from dadsbook import fmt
from dadsbook.systems.containers.controllers import Pod, ReplicaSet
from dadsbook.systems.containers.ranking import PodView, Reconciliation, reconcile
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "Pod",
    "PodView",
    "Reconciliation",
    "ReplicaSet",
    "SelfHealingProblem",
    "SelfHealingResult",
    "random_self_healing",
    "reconcile",
    "simulate_self_healing",
]


@dataclass(frozen=True)
class SelfHealingResult:
    """Pods listos a lo largo del tiempo con fallos sembrados."""

    replicas: int
    startup_s: float
    times_s: tuple[float, ...]
    ready: tuple[int, ...]
    failures: int
    created: int
    restarts: int = 0
    node_failures: int = 0
    evictions: int = 0
    events: tuple[tuple[float, str], ...] = ()

    @property
    def availability(self) -> float:
        """Fracción media de réplicas listas tras el arranque inicial (1 = siempre las N)."""
        ready = [r for t, r in zip(self.times_s, self.ready, strict=True) if t >= self.startup_s]
        return float(np.mean(ready)) / self.replicas if ready else 0.0

    def table(self) -> Table:
        """Los recuentos de la simulación, como tabla legible."""
        rows = [
            ("réplicas deseadas", fmt.number(self.replicas)),
            ("fallos de contenedor", fmt.number(self.failures)),
            ("reinicios en su sitio (kubelet)", fmt.number(self.restarts)),
            ("caídas de nodo", fmt.number(self.node_failures)),
            ("pods desalojados", fmt.number(self.evictions)),
            ("pods creados por el ReplicaSet", fmt.number(self.created)),
            ("réplicas listas de media", fmt.percent(self.availability)),
        ]
        return Table(("qué", "cuántos"), rows)

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def as_dict(self) -> dict[str, object]:
        """Versión JSON (sin la serie temporal)."""
        return {
            "replicas": self.replicas,
            "failures": self.failures,
            "restarts": self.restarts,
            "node_failures": self.node_failures,
            "evictions": self.evictions,
            "created": self.created,
            "availability": self.availability,
        }


def simulate_self_healing(
    *,
    replicas: int,
    mtbf_s: float | None,
    startup_s: float,
    horizon_s: float,
    seed: int,
    sample_s: float = 1.0,
    nodes: int = 3,
    node_mtbf_s: float | None = None,
    node_repair_s: float = 600.0,
) -> SelfHealingResult:
    """Un ReplicaSet de ``replicas`` pods con fallos de contenedor y, si se pide, de nodo.

    >>> r = simulate_self_healing(replicas=4, mtbf_s=None, startup_s=10, horizon_s=3000,
    ...                           seed=2, node_mtbf_s=1500)
    >>> r.node_failures > 0, r.created == 4 + r.evictions
    (True, True)
    """
    check_int("replicas", replicas, 1)
    horizon = check_number("horizon_s", horizon_s, positive=True)
    step = check_number("sample_s", sample_s, positive=True)
    env = simpy.Environment()
    rs = ReplicaSet(
        env,
        replicas=replicas,
        startup_s=startup_s,
        rng=np.random.default_rng(seed),
        mtbf_s=mtbf_s,
        nodes=nodes,
        node_mtbf_s=node_mtbf_s,
        node_repair_s=node_repair_s,
    )
    times: list[float] = []
    ready: list[int] = []

    def monitor() -> Generator[simpy.Event, Any, None]:
        while True:
            times.append(env.now)
            ready.append(rs.ready_count())
            yield env.timeout(step)

    env.process(monitor())
    env.run(until=horizon)
    return SelfHealingResult(
        replicas,
        rs.startup_s,
        tuple(times),
        tuple(ready),
        rs.failures,
        len(rs.pods),
        rs.restarts,
        rs.node_failures,
        rs.evictions,
        tuple(rs.events),
    )


@dataclass(frozen=True)
class SelfHealingProblem:
    """Un problema aleatorio de autorreparación: réplicas, fallos, arranque y horizonte."""

    seed: int
    replicas: int
    mtbf_s: float
    startup_s: float
    horizon_s: float
    nodes: int = 3
    node_mtbf_s: float | None = None

    def solve(self) -> SelfHealingResult:
        """Lo simula con :func:`simulate_self_healing` (cada campo es uno de sus argumentos)."""
        return simulate_self_healing(**asdict(self))

    def as_dict(self) -> dict[str, object]:
        """Versión JSON del problema y su solución."""
        return {**asdict(self), **self.solve().as_dict()}


def random_self_healing(seed: int) -> SelfHealingProblem:
    """Parámetros aleatorios razonables (sembrados) para :func:`simulate_self_healing`.

    >>> random_self_healing(2) == random_self_healing(2)
    True
    """
    rng = np.random.default_rng(seed)
    return SelfHealingProblem(
        seed=seed,
        replicas=int(rng.integers(1, 8)),
        mtbf_s=float(rng.uniform(60.0, 1200.0)),
        startup_s=float(rng.uniform(1.0, 60.0)),
        horizon_s=float(rng.uniform(600.0, 3600.0)),
        nodes=int(rng.integers(2, 6)),
        node_mtbf_s=float(rng.uniform(1800.0, 14400.0)),
    )

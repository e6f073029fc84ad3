"""Dónde cae cada pod: el kube-scheduler por omisión, filtro a filtro y punto a punto.

El planificador de Kubernetes coloca los pods de uno en uno. Para cada pod:

1. **Filtra** los nodos donde no puede ir. ``TaintToleration``: un *taint* con efecto
   ``NoSchedule`` o ``NoExecute`` que el pod no tolera lo descarta
   (``ToleratesTaint`` de ``k8s.io/api/core/v1``). ``NodeResourcesFit``: la suma de
   las *requests* de los pods del nodo más las del nuevo no puede pasar de lo
   asignable (``fitsRequest`` en ``noderesources/fit.go``), ni el número de pods de
   ``maxPods`` (110). Se informa el primer filtro que falla.
2. **Puntúa** los que quedan, de 0 a 100 por *plugin*, y suma con los pesos del perfil
   por omisión (``pkg/scheduler/apis/config/v1/default_plugins.go``):

   - ``NodeResourcesFit`` (peso 1) con la estrategia ``LeastAllocated``
     (``noderesources/least_allocated.go``): por recurso,
     ``(asignable − pedido) × 100 / asignable`` en aritmética entera, y la media de CPU
     y memoria. «Pedido» incluye al nuevo pod y cuenta 100 milicores y 200 MiB por
     cada contenedor que no declara *requests* (``GetNonzeroRequestForResource``).
   - ``NodeResourcesBalancedAllocation`` (peso 1, ``balanced_allocation.go``):
     ``(1 − σ) × 100`` con σ la desviación típica de las fracciones pedidas de CPU y
     memoria (con dos recursos, ``|f_cpu − f_mem| / 2``), con las *requests* reales.
     No puntúa los pods sin *requests*.
   - ``PodTopologySpread`` (peso 2, ``podtopologyspread/scoring.go``) con las
     restricciones por omisión del sistema: ``maxSkew`` 3 por nodo
     (``kubernetes.io/hostname``) y 5 por zona (``topology.kubernetes.io/zone``).
     Cada nodo suma, por restricción, ``pods del mismo dueño en su dominio ×
     ln(dominios + 2) + maxSkew − 1``; después se invierte para que gane el que menos
     tiene: ``100 × (máx + mín − s) / máx``.
   - ``TaintToleration`` (peso 3): cuenta los *taints* ``PreferNoSchedule`` que no
     tolera y la escala se invierte (``DefaultNormalizeScore``).

   Los demás *plugins* del perfil (afinidades, localidad de imágenes) dan lo mismo a
   todos los nodos cuando los pods no declaran afinidades: no cambian la elección.
3. **Elige** el de más puntos; si empatan varios, uno al azar con muestreo de
   reservorio (``selectHost``). Aquí el azar sale de una semilla.

Si ningún nodo pasa el filtro, el pod se queda ``Pending`` con el motivo de cada nodo
(y, con prioridades iguales, sin desalojar a nadie).

>>> nodes = (Node("a", "z1", 2000, 4096), Node("b", "z2", 2000, 4096))
>>> p = schedule(nodes, tuple(Pod(f"web-{i}", "web", 500, 512) for i in range(4)), seed=1)
>>> sorted(len(pods) for _, pods in p.bound)
[2, 2]
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from dadsbook.validation import check_int, seeded_random

__all__ = [
    "DEFAULT_MEMORY_REQUEST_MIB",
    "DEFAULT_MILLI_CPU_REQUEST",
    "DEFAULT_SPREAD",
    "MAX_NODE_SCORE",
    "PLUGIN_WEIGHTS",
    "UNREACHABLE",
    "Decision",
    "Node",
    "NodeScore",
    "Placement",
    "Pod",
    "Taint",
    "Toleration",
    "balanced_allocation",
    "least_allocated",
    "schedule",
    "schedule_one",
    "taint_preference",
    "topology_spread",
    "unreachable",
]

MAX_NODE_SCORE = 100
#: Lo que cuenta un contenedor sin *requests* al puntuar (``pkg/scheduler/util``).
DEFAULT_MILLI_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST_MIB = 200
#: Pesos del perfil por omisión de los *plugins* de puntuación que importan aquí.
PLUGIN_WEIGHTS = {
    "TaintToleration": 3,
    "PodTopologySpread": 2,
    "NodeResourcesFit": 1,
    "NodeResourcesBalancedAllocation": 1,
}
#: Restricciones de dispersión por omisión del sistema: (dominio, maxSkew).
DEFAULT_SPREAD = (("hostname", 3), ("zone", 5))
#: *Taint* que el controlador de nodos pone a un nodo que deja de responder.
UNREACHABLE = "node.kubernetes.io/unreachable"
_MIB = 1024**2

Effect = Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]


@dataclass(frozen=True)
class Taint:
    """Un *taint* de nodo: ``clave=valor:efecto``."""

    key: str
    value: str = ""
    effect: Effect = "NoSchedule"

    def __str__(self) -> str:
        name = f"{self.key}={self.value}" if self.value else self.key
        return f"{name}:{self.effect}"


@dataclass(frozen=True)
class Toleration:
    """Una tolerancia de pod. Clave vacía con ``Exists`` tolera cualquier *taint*."""

    key: str = ""
    value: str = ""
    effect: str = ""
    operator: Literal["Equal", "Exists"] = "Equal"

    def tolerates(self, taint: Taint) -> bool:
        """``ToleratesTaint``: efecto y clave (si se dan) iguales; valor igual con ``Equal``."""
        if self.effect and self.effect != taint.effect:
            return False
        if self.key and self.key != taint.key:
            return False
        return self.operator == "Exists" or self.value == taint.value


@dataclass(frozen=True)
class Node:
    """Un nodo: nombre, zona, CPU y memoria asignables, *taints* y tope de pods."""

    name: str
    zone: str
    cpu_m: int
    memory_mib: int
    taints: tuple[Taint, ...] = ()
    max_pods: int = 110

    def __post_init__(self) -> None:
        check_int("cpu_m", self.cpu_m, 1, 10**7)
        check_int("memory_mib", self.memory_mib, 1, 10**8)
        check_int("max_pods", self.max_pods, 1, 10_000)


@dataclass(frozen=True)
class Pod:
    """Un pod de un contenedor: su dueño (``app``), sus *requests* y sus tolerancias."""

    name: str
    app: str
    cpu_m: int = 0
    memory_mib: int = 0
    tolerations: tuple[Toleration, ...] = ()

    def __post_init__(self) -> None:
        check_int("cpu_m", self.cpu_m, 0, 10**7)
        check_int("memory_mib", self.memory_mib, 0, 10**8)

    @property
    def best_effort(self) -> bool:
        """Sin *requests* de CPU ni de memoria."""
        return self.cpu_m == 0 and self.memory_mib == 0


@dataclass(frozen=True)
class NodeScore:
    """Puntos de cada *plugin* (0–100) para un nodo, y el total ponderado."""

    node: str
    fit: int
    balanced: int
    spread: int
    taint: int

    @property
    def total(self) -> int:
        """Suma con los pesos de :data:`PLUGIN_WEIGHTS`."""
        w = PLUGIN_WEIGHTS
        return (
            w["NodeResourcesFit"] * self.fit
            + w["NodeResourcesBalancedAllocation"] * self.balanced
            + w["PodTopologySpread"] * self.spread
            + w["TaintToleration"] * self.taint
        )


@dataclass(frozen=True)
class Decision:
    """Lo que decidió el planificador para un pod: nodo (o ``None``), puntos y rechazos."""

    pod: Pod
    node: str | None
    scores: tuple[NodeScore, ...]
    rejected: tuple[tuple[str, str], ...]

    def reason(self) -> str:
        """Por qué no cabe (o «»), como lo resume el evento ``FailedScheduling``."""
        if self.node is not None:
            return ""
        total = len(self.rejected) + len(self.scores)
        counts = Counter(reason for _, reason in self.rejected)
        parts = ", ".join(f"{n} con {why}" for why, n in sorted(counts.items()))
        return f"0/{total} nodos disponibles: {parts}"


@dataclass(frozen=True)
class Placement:
    """El estado del clúster tras planificar: pods por nodo y cada decisión."""

    nodes: tuple[Node, ...]
    bound: tuple[tuple[str, tuple[Pod, ...]], ...]
    decisions: tuple[Decision, ...]

    def pods_on(self, node: str) -> tuple[Pod, ...]:
        """Pods asignados a ``node``."""
        for name, pods in self.bound:
            if name == node:
                return pods
        names = [n.name for n in self.nodes]
        raise ValueError(f"node debe ser uno de {names}; se recibió {node!r}")

    def node(self, name: str) -> Node:
        """El nodo llamado ``name``."""
        for n in self.nodes:
            if n.name == name:
                return n
        names = [n.name for n in self.nodes]
        raise ValueError(f"name debe ser uno de {names}; se recibió {name!r}")

    @property
    def pending(self) -> tuple[Decision, ...]:
        """Decisiones de los pods que no cupieron en ningún nodo."""
        return tuple(d for d in self.decisions if d.node is None)

    def requested(self, node: str) -> tuple[int, int]:
        """CPU (milicores) y memoria (MiB) pedidas por los pods de ``node``."""
        pods = self.pods_on(node)
        return sum(p.cpu_m for p in pods), sum(p.memory_mib for p in pods)

    def decision(self, pod: str) -> Decision:
        """La decisión tomada para el pod llamado ``pod``."""
        for d in self.decisions:
            if d.pod.name == pod:
                return d
        raise ValueError(f"pod no es ninguno de los pods planificados: {pod!r}")


def _untolerated(pod: Pod, node: Node, effects: tuple[str, ...]) -> list[Taint]:
    return [
        t
        for t in node.taints
        if t.effect in effects and not any(tol.tolerates(t) for tol in pod.tolerations)
    ]


def _filter(pod: Pod, node: Node, pods: Sequence[Pod]) -> str:
    """Motivo por el que ``pod`` no puede ir a ``node`` (o «» si puede)."""
    untolerated = _untolerated(pod, node, ("NoSchedule", "NoExecute"))
    if untolerated:
        return f"un taint que no tolera ({untolerated[0]})"
    short = []
    if len(pods) + 1 > node.max_pods:
        short.append("demasiados pods")
    if not pod.best_effort:
        if sum(p.cpu_m for p in pods) + pod.cpu_m > node.cpu_m:
            short.append("CPU insuficiente")
        if sum(p.memory_mib for p in pods) + pod.memory_mib > node.memory_mib:
            short.append("memoria insuficiente")
    return " y ".join(short)


def _least_requested(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return ((capacity - requested) * MAX_NODE_SCORE) // capacity


def _nonzero(pod: Pod) -> tuple[int, int]:
    cpu = pod.cpu_m or DEFAULT_MILLI_CPU_REQUEST
    memory = (pod.memory_mib or DEFAULT_MEMORY_REQUEST_MIB) * _MIB
    return cpu, memory


def least_allocated(pod: Pod, node: Node, pods: Sequence[Pod]) -> int:
    """Puntos de ``NodeResourcesFit`` con ``LeastAllocated`` (CPU y memoria, peso 1 cada una)."""
    cpu = sum(_nonzero(p)[0] for p in (*pods, pod))
    memory = sum(_nonzero(p)[1] for p in (*pods, pod))
    scores = (_least_requested(cpu, node.cpu_m), _least_requested(memory, node.memory_mib * _MIB))
    return sum(scores) // len(scores)


def balanced_allocation(pod: Pod, node: Node, pods: Sequence[Pod]) -> int:
    """Puntos de ``NodeResourcesBalancedAllocation`` (0 para pods sin *requests*)."""
    if pod.best_effort:
        return 0
    cpu = sum(p.cpu_m for p in (*pods, pod)) / node.cpu_m
    memory = sum(p.memory_mib for p in (*pods, pod)) * _MIB / (node.memory_mib * _MIB)
    std = abs((min(cpu, 1.0) - min(memory, 1.0)) / 2)
    return int((1 - std) * MAX_NODE_SCORE)


def _round(x: float) -> int:
    """``math.Round`` de Go: la mitad se aleja de cero (``round`` de Python no)."""
    return math.floor(x + 0.5)


def topology_spread(
    pod: Pod, feasible: Sequence[Node], nodes: Sequence[Node], bound: dict[str, list[Pod]]
) -> dict[str, int]:
    """Puntos de ``PodTopologySpread`` (ya normalizados) para los nodos factibles."""
    same = {n.name: sum(p.app == pod.app for p in bound[n.name]) for n in nodes}
    zones = {n.zone for n in feasible}
    per_zone = {z: sum(same[n.name] for n in nodes if n.zone == z) for z in zones}
    weight = {"hostname": math.log(len(feasible) + 2), "zone": math.log(len(zones) + 2)}
    raw = {}
    for n in feasible:
        count = {"hostname": same[n.name], "zone": per_zone[n.zone]}
        raw[n.name] = _round(sum(count[k] * weight[k] + skew - 1 for k, skew in DEFAULT_SPREAD))
    low, high = min(raw.values()), max(raw.values())
    if high == 0:
        return dict.fromkeys(raw, MAX_NODE_SCORE)
    return {name: MAX_NODE_SCORE * (high + low - s) // high for name, s in raw.items()}


def taint_preference(pod: Pod, feasible: Sequence[Node]) -> dict[str, int]:
    """Puntos de ``TaintToleration``: menos *taints* ``PreferNoSchedule`` sin tolerar, más."""
    counts = {n.name: len(_untolerated(pod, n, ("PreferNoSchedule",))) for n in feasible}
    top = max(counts.values())
    if top == 0:
        return dict.fromkeys(counts, MAX_NODE_SCORE)
    return {name: MAX_NODE_SCORE - MAX_NODE_SCORE * c // top for name, c in counts.items()}


def _select(scores: Sequence[NodeScore], rng: random.Random) -> str:
    """``selectHost``: el de más puntos; entre empatados, muestreo de reservorio."""
    best, chosen, ties = scores[0].total, scores[0].node, 1
    for s in scores[1:]:
        if s.total > best:
            best, chosen, ties = s.total, s.node, 1
        elif s.total == best:
            ties += 1
            if rng.randrange(ties) == 0:
                chosen = s.node
    return chosen


def schedule_one(
    pod: Pod, nodes: Sequence[Node], bound: dict[str, list[Pod]], rng: random.Random
) -> Decision:
    """Planifica un pod sobre el estado ``bound`` (que actualiza si encuentra nodo)."""
    rejected, feasible = [], []
    for n in nodes:
        why = _filter(pod, n, bound[n.name])
        if why:
            rejected.append((n.name, why))
        else:
            feasible.append(n)
    if not feasible:
        return Decision(pod, None, (), tuple(rejected))
    spread = topology_spread(pod, feasible, nodes, bound)
    taint = taint_preference(pod, feasible)
    scores = tuple(
        NodeScore(
            n.name,
            least_allocated(pod, n, bound[n.name]),
            balanced_allocation(pod, n, bound[n.name]),
            spread[n.name],
            taint[n.name],
        )
        for n in feasible
    )
    chosen = _select(scores, rng)
    bound[chosen].append(pod)
    return Decision(pod, chosen, scores, tuple(rejected))


def schedule(
    nodes: Sequence[Node],
    pods: Sequence[Pod],
    *,
    seed: int = 0,
    bound: Sequence[tuple[str, Sequence[Pod]]] = (),
) -> Placement:
    """Planifica ``pods`` en orden sobre ``nodes``, partiendo de los pods ya asignados.

    ``seed`` decide los desempates: la misma semilla da siempre la misma colocación.
    """
    if not nodes:
        raise ValueError("nodes debe contener al menos un nodo")
    names = [n.name for n in nodes]
    if len(set(names)) != len(names):
        raise ValueError("nodes no puede repetir nombres")
    state: dict[str, list[Pod]] = {n: [] for n in names}
    for name, already in bound:
        if name not in state:
            raise ValueError(f"bound nombra un nodo que no existe: {name!r}")
        state[name].extend(already)
    rng = seeded_random(seed)
    decisions = tuple(schedule_one(p, nodes, state, rng) for p in pods)
    return Placement(tuple(nodes), tuple((n, tuple(state[n])) for n in names), decisions)


def unreachable(node: Node) -> Node:
    """El nodo tal como lo deja el controlador de nodos cuando deja de responder."""
    taints = (Taint(UNREACHABLE, effect="NoSchedule"), Taint(UNREACHABLE, effect="NoExecute"))
    return replace(node, taints=node.taints + taints)

"""Qué pasa con los pods cuando cae un nodo: desalojo, repuestos y otra vuelta del planificador.

:func:`fail_node` parte de una colocación (:func:`dadsbook.systems.containers.placement.schedule`)
y reproduce lo que cuenta :mod:`~dadsbook.systems.containers.failures`: el controlador
de nodos marca el nodo como inalcanzable (``node.kubernetes.io/unreachable``, con
efectos ``NoSchedule`` y ``NoExecute``), los pods se desalojan cuando se agota su
tolerancia, el ReplicaSet crea pods nuevos (con otro nombre) y el planificador los
coloca en los nodos que quedan, **si caben**. Los que no caben se quedan ``Pending``.

:func:`example_cluster` es el clúster de la página: tres nodos de uso general en tres
zonas y un nodo con GPU reservado con un *taint*.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from dadsbook import fmt
from dadsbook.systems.containers import failures
from dadsbook.systems.containers.placement import (
    Decision,
    Node,
    Placement,
    Pod,
    Taint,
    Toleration,
    schedule,
    unreachable,
)
from dadsbook.tables import Table

__all__ = [
    "GPU_TAINT",
    "Failover",
    "decision_table",
    "example_cluster",
    "fail_node",
    "nodes_table",
    "replicas",
]

GPU_TAINT = Taint("dedicated", "gpu", "NoSchedule")


def replicas(
    app: str,
    count: int,
    cpu_m: int,
    memory_mib: int,
    *,
    tolerations: tuple[Toleration, ...] = (),
) -> list[Pod]:
    """``count`` pods iguales de un mismo dueño: ``app-1``, ``app-2``…"""
    return [Pod(f"{app}-{i}", app, cpu_m, memory_mib, tolerations) for i in range(1, count + 1)]


def example_cluster() -> tuple[tuple[Node, ...], tuple[Pod, ...]]:
    """Los nodos y los pods (en el orden en que se crean) del ejemplo de la página."""
    nodes = (
        Node("nodo-1", "zona-a", 4000, 16 * 1024),
        Node("nodo-2", "zona-b", 4000, 16 * 1024),
        Node("nodo-3", "zona-c", 4000, 8 * 1024),
        Node("gpu-1", "zona-a", 8000, 32 * 1024, taints=(GPU_TAINT,)),
    )
    train = (Toleration("dedicated", "gpu", "NoSchedule"),)
    pods = (
        replicas("web", 6, 500, 512)
        + replicas("api", 3, 1500, 2048)
        + replicas("cache", 2, 500, 4096)
        + replicas("train", 1, 6000, 16 * 1024, tolerations=train)
        + replicas("lote", 2, 0, 0)
    )
    return nodes, tuple(pods)


@dataclass(frozen=True)
class Failover:
    """La colocación antes y después de que caiga ``failed``, con los pods desalojados."""

    before: Placement
    after: Placement
    failed: str
    evicted: tuple[Pod, ...]
    timeline: failures.NodeFailure

    @property
    def replacements(self) -> tuple[Decision, ...]:
        """La decisión del planificador para cada pod de repuesto."""
        return self.after.decisions

    @property
    def pending(self) -> tuple[Decision, ...]:
        """Repuestos que no cupieron en ningún nodo."""
        return self.after.pending


def fail_node(
    placement: Placement, node: str, *, seed: int = 0, startup_s: float = 20.0
) -> Failover:
    """Tira ``node``: desaloja sus pods y planifica sus repuestos en el resto."""
    down = placement.node(node)
    evicted = placement.pods_on(node)
    created = Counter(d.pod.app for d in placement.decisions)
    fresh = []
    for pod in evicted:
        created[pod.app] += 1
        fresh.append(replace(pod, name=f"{pod.app}-{created[pod.app]}"))
    nodes = tuple(unreachable(n) if n == down else n for n in placement.nodes)
    survivors = [(name, pods) for name, pods in placement.bound if name != node]
    after = schedule(nodes, fresh, seed=seed, bound=survivors)
    return Failover(placement, after, node, evicted, failures.node_failure(startup_s=startup_s))


def _apps(pods: tuple[Pod, ...]) -> str:
    counts = Counter(p.app for p in pods)
    return ", ".join(f"{app} × {n}" for app, n in counts.items()) or "—"


def _taints(node: Node) -> str:
    effects: dict[str, list[str]] = {}
    for t in node.taints:
        name = f"{t.key}={t.value}" if t.value else t.key
        effects.setdefault(name, []).append(t.effect)
    return ", ".join(f"{name}:{'+'.join(e)}" for name, e in effects.items()) or "—"


def nodes_table(placement: Placement) -> Table:
    """Cada nodo: zona, *taints*, lo pedido frente a lo asignable y sus pods."""
    rows = []
    for n in placement.nodes:
        cpu, memory = placement.requested(n.name)
        rows.append(
            (
                n.name,
                n.zone,
                _taints(n),
                f"{fmt.number(cpu)}m de {fmt.number(n.cpu_m)}m",
                f"{fmt.size(memory * 1024**2)} de {fmt.size(n.memory_mib * 1024**2)}",
                _apps(placement.pods_on(n.name)),
            )
        )
    pending = ", ".join(d.pod.name for d in placement.pending)
    caption = f"Pendientes: {pending}" if pending else "Ningún pod pendiente"
    return Table(("nodo", "zona", "taints", "CPU pedida", "memoria pedida", "pods"), rows, caption)


def decision_table(decision: Decision, nodes: tuple[Node, ...]) -> Table:
    """Por nodo: el filtro que lo descartó o los puntos de cada *plugin* y el total."""
    scores = {s.node: s for s in decision.scores}
    rejected = dict(decision.rejected)
    rows: list[tuple[object, ...]] = []
    for n in nodes:
        s = scores.get(n.name)
        if s is None:
            rows.append((n.name, f"descartado: {rejected[n.name]}", "", "", "", "", ""))
            continue
        chosen = "← elegido" if n.name == decision.node else ""
        rows.append((n.name, "pasa", s.fit, s.balanced, s.spread, s.taint, f"{s.total} {chosen}"))
    return Table(
        (
            "nodo",
            "filtro",
            "LeastAllocated ×1",
            "BalancedAllocation ×1",
            "PodTopologySpread ×2",
            "TaintToleration ×3",
            "total",
        ),
        rows,
        caption=f"Pod {decision.pod.name}",
    )

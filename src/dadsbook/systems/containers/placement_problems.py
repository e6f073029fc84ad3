"""Problemas aleatorios (sembrados) de colocación de pods, para predecir y comprobar.

Siguen el contrato de los simuladores del libro, como
:mod:`~dadsbook.systems.containers.problems`: :func:`random_placement_problem` genera un
clúster pequeño (nodos, *taints*, ReplicaSets con sus *requests*) y el nodo que caerá;
:meth:`PlacementProblem.describe` lo plantea, :meth:`PlacementProblem.solution` lo
resuelve con :mod:`~dadsbook.systems.containers.placement` y
:mod:`~dadsbook.systems.containers.failover`, y :meth:`PlacementProblem.as_dict` da
problema y solución en tipos JSON; :meth:`PlacementProblem.spec` y
:meth:`PlacementProblem.from_spec` van y vuelven entre el problema y un diccionario
de tipos simples (el ``Problem`` de la línea de órdenes).

>>> p = random_placement_problem(3)
>>> p == random_placement_problem(3), p.fail in [n.name for n in p.nodes]
(True, True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from dadsbook import fmt
from dadsbook.systems.containers.failover import (
    GPU_TAINT,
    Failover,
    decision_table,
    fail_node,
    nodes_table,
    replicas,
)
from dadsbook.systems.containers.placement import Node, Pod, Taint, Toleration, schedule
from dadsbook.validation import check_int

__all__ = ["MAX_NODES", "MAX_PODS", "PlacementProblem", "random_placement_problem"]

#: Tamaño máximo de un problema (lo que cabe en una pantalla).
MAX_NODES = 8
MAX_PODS = 40


@dataclass(frozen=True)
class PlacementProblem:
    """Un clúster, los pods en orden de creación y el nodo que caerá."""

    seed: int
    nodes: tuple[Node, ...]
    pods: tuple[Pod, ...]
    fail: str

    def __post_init__(self) -> None:
        check_int("len(nodes)", len(self.nodes), 1, MAX_NODES)
        check_int("len(pods)", len(self.pods), 1, MAX_PODS)
        if self.fail not in {n.name for n in self.nodes}:
            raise ValueError(f"fail debe ser uno de los nodos; se recibió {self.fail!r}")

    def solve(self) -> Failover:
        """Coloca los pods y tira el nodo :attr:`fail` (desempates con :attr:`seed`)."""
        placement = schedule(self.nodes, self.pods, seed=self.seed)
        return fail_node(placement, self.fail, seed=self.seed)

    def describe(self) -> str:
        """El enunciado: nodos, pods y la pregunta."""
        lines = ["Nodos (asignable):"]
        for n in self.nodes:
            taints = f", taint {', '.join(str(t) for t in n.taints)}" if n.taints else ""
            lines.append(
                f"  {n.name} en {n.zone}: {fmt.number(n.cpu_m)}m de CPU, "
                f"{fmt.size(n.memory_mib * 1024**2)}{taints}"
            )
        lines.append("Pods, en el orden en que se crean:")
        for p in self.pods:
            tolerates = " (tolera dedicated=gpu)" if p.tolerations else ""
            lines.append(
                f"  {p.name}: {fmt.number(p.cpu_m)}m, {fmt.size(p.memory_mib * 1024**2)}{tolerates}"
            )
        lines.append(
            f"¿En qué nodo cae cada pod? Después cae {self.fail}: ¿dónde van sus repuestos "
            "y cuáles se quedan pendientes?"
        )
        return "\n".join(lines)

    def solution(self) -> str:
        """La solución: nodos antes y después, y la decisión de cada repuesto."""
        f = self.solve()
        parts = [str(nodes_table(f.before)), "", f"Cae {self.fail}; repuestos:"]
        for d in f.replacements:
            where = f" → {d.node}" if d.node else f": {d.reason()}"
            parts.append(f"  {d.pod.name}{where}")
        parts += ["", str(nodes_table(f.after))]
        if f.before.decisions:
            first = f.before.decisions[0]
            parts += ["", "Puntos del primer pod:", str(decision_table(first, self.nodes))]
        return "\n".join(parts)

    def spec(self) -> dict[str, Any]:
        """Solo el problema, en tipos JSON (lo que :meth:`from_spec` vuelve a leer)."""
        return {
            "seed": self.seed,
            "nodes": [
                {"name": n.name, "zone": n.zone, "cpu_m": n.cpu_m, "memory_mib": n.memory_mib,
                 "taints": [dataclasses.asdict(t) for t in n.taints]}
                for n in self.nodes
            ],
            "pods": [
                {"name": p.name, "app": p.app, "cpu_m": p.cpu_m, "memory_mib": p.memory_mib,
                 "tolerations": [dataclasses.asdict(t) for t in p.tolerations]}
                for p in self.pods
            ],
            "fail": self.fail,
        }  # fmt: skip

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> PlacementProblem:
        """El problema descrito por :meth:`spec`."""
        nodes = tuple(
            Node(
                n["name"], n["zone"], n["cpu_m"], n["memory_mib"],
                tuple(Taint(**t) for t in n.get("taints", ())),
            )
            for n in spec["nodes"]
        )  # fmt: skip
        pods = tuple(
            Pod(
                p["name"], p["app"], p["cpu_m"], p["memory_mib"],
                tuple(Toleration(**t) for t in p.get("tolerations", ())),
            )
            for p in spec["pods"]
        )  # fmt: skip
        return cls(int(spec["seed"]), nodes, pods, str(spec["fail"]))

    def as_dict(self) -> dict[str, Any]:
        """Problema y solución en tipos JSON."""
        f = self.solve()
        return {
            **self.spec(),
            "before": {d.pod.name: d.node for d in f.before.decisions},
            "after": {d.pod.name: d.node for d in f.replacements},
            "pending": [d.pod.name for d in f.pending],
        }


def random_placement_problem(seed: int, *, nodes: int | None = None) -> PlacementProblem:
    """Un clúster de 2 a 5 nodos (o ``nodes``), con un nodo reservado a veces, y 2–3 apps."""
    check_int("seed", seed, 0, 2**63)
    rng = np.random.default_rng(seed)
    count = int(rng.integers(2, 6)) if nodes is None else check_int("nodes", nodes, 1, MAX_NODES)
    zones = ("zona-a", "zona-b", "zona-c")
    built = [
        Node(
            f"nodo-{i + 1}",
            zones[i % len(zones)],
            int(rng.integers(2, 9)) * 1000,
            int(rng.integers(2, 9)) * 2048,
        )
        for i in range(count)
    ]
    tainted = count > 2 and bool(rng.random() < 0.5)
    if tainted:
        built[-1] = Node(built[-1].name, built[-1].zone, 8000, 32 * 1024, taints=(GPU_TAINT,))
    pods: list[Pod] = []
    for app in ("web", "api", "lote")[: int(rng.integers(2, 4))]:
        pods += replicas(
            app,
            int(rng.integers(2, 7)),
            int(rng.integers(1, 16)) * 100,
            int(rng.integers(1, 9)) * 256,
        )
    if tainted:
        pods += replicas(
            "train", 1, 4000, 8192, tolerations=(Toleration("dedicated", "gpu", "NoSchedule"),)
        )
    fail = built[int(rng.integers(0, count))].name
    return PlacementProblem(seed, tuple(built), tuple(pods), fail)

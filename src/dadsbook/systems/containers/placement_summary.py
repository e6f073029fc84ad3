"""Lo que decidió el planificador en el clúster de ejemplo, en los números que cita la página.

:func:`placement_numbers` lee una :class:`~dadsbook.systems.containers.placement.Placement`
del clúster de :func:`~dadsbook.systems.containers.failover.example_cluster`: dónde fue
la réplica ``web-2`` y con cuántos puntos, cómo se repartieron las réplicas de ``web``,
por qué ``train-1`` no entra en unos nodos, y los pesos y valores por omisión del
planificador que explica el texto. Solo cuenta: no planifica ni dibuja.
"""

from __future__ import annotations

from collections import Counter

from dadsbook.systems.containers import placement
from dadsbook.systems.containers.placement import Placement

__all__ = ["GPU_NODE", "TRAIN_POD", "WEB_APP", "WEB_POD", "placement_numbers"]

WEB_POD = "web-2"
"""La réplica cuya decisión desglosa la página, *plugin* a *plugin*."""

WEB_APP = "web"
"""La aplicación cuyas réplicas se reparten con ``PodTopologySpread``."""

TRAIN_POD = "train-1"
"""El pod de entrenamiento que pide la GPU."""

GPU_NODE = "gpu-1"
"""El nodo con *taint* de GPU."""


def placement_numbers(placed: Placement) -> dict[str, object]:
    """Los valores ``cont_sched_…`` de la página, en el orden en que se pegan.

    ``cont_sched_web_spread`` cuenta las réplicas de ``web`` por nodo, en el orden de
    ``placed.nodes`` y sin los nodos que no tienen ninguna («2 + 1 + 1»);
    ``cont_sched_train_rejected`` es el primer motivo de rechazo de ``train-1`` en orden
    alfabético. Lanza ``ValueError`` si ``placed`` no tiene los pods del ejemplo.
    """
    web2 = placed.decision(WEB_POD)
    best = max(s.total for s in web2.scores)
    web = Counter(d.node for d in placed.decisions if d.pod.app == WEB_APP)
    train = placed.decision(TRAIN_POD)
    weights = placement.PLUGIN_WEIGHTS
    spread = dict(placement.DEFAULT_SPREAD)
    return {
        "cont_sched_web2_node": web2.node,
        "cont_sched_web2_total": best,
        "cont_sched_web2_ties": sum(s.total == best for s in web2.scores),
        "cont_sched_web2_rejected": dict(web2.rejected).get(GPU_NODE, ""),
        "cont_sched_web_spread": " + ".join(str(web[n.name]) for n in placed.nodes if web[n.name]),
        "cont_sched_train_node": train.node,
        "cont_sched_train_rejected": sorted(set(dict(train.rejected).values()))[0],
        "cont_sched_w_fit": weights["NodeResourcesFit"],
        "cont_sched_w_balanced": weights["NodeResourcesBalancedAllocation"],
        "cont_sched_w_spread": weights["PodTopologySpread"],
        "cont_sched_w_taint": weights["TaintToleration"],
        "cont_sched_skew_host": spread["hostname"],
        "cont_sched_skew_zone": spread["zone"],
        "cont_sched_default_cpu": placement.DEFAULT_MILLI_CPU_REQUEST,
        "cont_sched_default_mem": placement.DEFAULT_MEMORY_REQUEST_MIB,
    }

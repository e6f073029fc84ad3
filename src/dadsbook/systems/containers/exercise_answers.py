"""Las respuestas de los ejercicios del capítulo de contenedores, calculadas al construir.

:func:`exercise_answers` ejecuta las órdenes ``dadsbook sim`` que plantean los
ejercicios, comprueba las que solo se enseñan (``bench`` y ``compare``) y calcula las
variaciones que piden: una ventana de bajada más corta, la caída del nodo de GPU, el
doble de *requests* y un hijo con menos margen de memoria. Devuelve los valores
``cont_ex_…`` que pega la página, en el orden en que se pegan; no mide tiempos.
"""

from __future__ import annotations

from dadsbook import exercises
from dadsbook.systems.containers import contention, failover, hpa
from dadsbook.systems.containers.contention import WeightPlan
from dadsbook.systems.containers.contention_summary import LINEAR, RUNC
from dadsbook.systems.containers.memory_limit import ChildRun
from dadsbook.systems.containers.placement import Placement

__all__ = ["DOUBLE_REQUESTS_M", "SHORT_WINDOW_S", "exercise_answers"]

SHORT_WINDOW_S = 60
"""Ventana de estabilización de bajada del ejercicio del HPA, en segundos."""

DOUBLE_REQUESTS_M = (2000, 500)
"""Las *requests* del ejercicio de reparto: el doble que las de la página."""

_FAILED_NODE = "gpu-1"
_DEMAND = [8] * 2 + [2] * 24
"""La demanda del ejemplo del HPA: dos ciclos altos y luego baja (la de la página)."""

MIB = 1024**2


def exercise_answers(
    placed: Placement, single: WeightPlan, small_child: ChildRun
) -> dict[str, object]:
    """Los valores ``cont_ex_…`` de los ejercicios, en el orden en que se pegan.

    ``placed`` es el clúster de ejemplo ya planificado (ahí cae el nodo de GPU),
    ``single`` el plan de pesos de la página (para comparar con el doble) y
    ``small_child`` el hijo de :func:`~dadsbook.systems.containers.memory_limit.run_child`
    con menos margen, que la página ejecuta. Lanza ``ValueError`` si alguna orden de los
    ejercicios deja de ser válida.
    """
    values: dict[str, object] = {
        "cont_ex_1": exercises.run("dadsbook sim hpa -s 5 -c"),
        "cont_ex_2": exercises.run("dadsbook sim keda -s 2 -c"),
        "cont_ex_3": exercises.run("dadsbook sim replicaset -s 4 -c"),
        "cont_ex_4": exercises.run("dadsbook sim cfs -s 1 -c"),
        "cont_ex_5": exercises.run("dadsbook sim cluster -s 2 -c"),
    }
    exercises.check("dadsbook bench sistemas/contenedores -o mios.json")
    exercises.check("dadsbook compare mios.json")
    short = hpa.HpaSpec(
        min_replicas=1, max_replicas=10, target=1.0, downscale_window_s=SHORT_WINDOW_S
    )
    replicas = hpa.replay(short, _DEMAND, start=8)
    values["cont_ex_short_drop_s"] = replicas.index(2) * short.sync_period_s
    values["cont_ex_short_window_s"] = short.down_window_s
    down = failover.fail_node(placed, _FAILED_NODE, seed=3)
    pending = down.pending
    values["cont_ex_gpu_evicted"] = ", ".join(p.name for p in down.evicted) or "ninguno"
    values["cont_ex_gpu_pending"] = ", ".join(d.pod.name for d in pending) or "ninguno"
    values["cont_ex_gpu_reason"] = pending[0].reason() if pending else "todos cupieron"
    double = contention.plan(DOUBLE_REQUESTS_M)
    double_predicted, single_predicted = double.predicted(), single.predicted()
    values["cont_ex_double_table"] = double.table()
    values["cont_ex_double_lin"] = 100 * double_predicted[LINEAR]
    values["cont_ex_double_new"] = 100 * double_predicted[RUNC]
    values["cont_ex_single_lin"] = 100 * single_predicted[LINEAR]
    values["cont_ex_single_new"] = 100 * single_predicted[RUNC]
    if small_child.reserved_bytes is None:
        raise ValueError("small_child debe haber reservado memoria (reserved_bytes no es None)")
    values["cont_ex_child_reserved_mib"] = small_child.reserved_bytes / MIB
    values["cont_ex_child_chunk_mib"] = small_child.chunk_bytes / MIB
    return values

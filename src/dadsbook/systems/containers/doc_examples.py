"""Los ejemplos de la documentación de Kubernetes y de KEDA, resueltos por el código.

Cada :class:`DocExample` cita de dónde sale, qué se calcula y qué dice la
documentación que debe salir (o, para lo que la documentación no cuenta, lo que se
deduce a mano de las reglas del controlador, ``horizontal.go``); :func:`examples` los
resuelve con las funciones puras de :mod:`~dadsbook.systems.containers.hpa` y
:mod:`~dadsbook.systems.containers.keda`, y :func:`table` los presenta. Las pruebas
comprueban que ``computed == expected``.

- Kubernetes, «Horizontal Pod Autoscaling» (*Algorithm details*, *Scaling policies*,
  *Default Behavior*, ``kubectl autoscale``):
  https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
- KEDA, *Activating and Scaling thresholds*:
  https://keda.sh/docs/latest/concepts/scaling-deployments/#activating-and-scaling-thresholds

>>> all(e.computed == e.expected for e in examples())
True
"""

from __future__ import annotations

from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.systems.containers import hpa, keda
from dadsbook.tables import Table

__all__ = ["DocExample", "both_paths", "examples", "table"]

_K8S = "Kubernetes HPA"
_CODE = "controlador HPA"
_KEDA = "KEDA"


@dataclass(frozen=True)
class DocExample:
    """Un ejemplo: fuente, enunciado, resultado esperado y resultado calculado."""

    source: str
    statement: str
    expected: int
    computed: int


def _kubectl_autoscale() -> int:
    # kubectl autoscale rs foo --min=2 --max=5 --cpu-percent=80, con 3 réplicas al 100 %.
    spec = hpa.HpaSpec(min_replicas=2, max_replicas=5, target=80.0)
    raw = hpa.desired_replicas(3, 100.0, 80.0)
    return hpa.step(spec, hpa.HpaState(), 0.0, 3, raw)[0]


def _scale_down_policies(start: int) -> int:
    rules = hpa.ScalingRules(
        0.0, (hpa.ScalingPolicy("Pods", 4, 60.0), hpa.ScalingPolicy("Percent", 10, 60.0))
    )
    return hpa.scale_down_limit(start, [], 0.0, rules)


def _first_cycle(spec: hpa.HpaSpec, current: int, raw: int) -> int:
    return hpa.step(spec, hpa.HpaState(), 0.0, current, raw)[0]


def examples() -> tuple[DocExample, ...]:
    """Los ejemplos resueltos."""
    keda_spec = keda.KedaSpec(target=10, activation_value=50)
    legacy = hpa.HpaSpec(min_replicas=1, max_replicas=50, target=1.0)
    behavior = hpa.HpaSpec(1, 50, 1.0, scale_up=hpa.DEFAULT_SCALE_UP)
    return (
        DocExample(
            _K8S, "métrica 200m, objetivo 100m, 3 réplicas", 6, hpa.desired_replicas(3, 200, 100)
        ),
        DocExample(
            _K8S, "métrica 50m, objetivo 100m, 4 réplicas", 2, hpa.desired_replicas(4, 50, 100)
        ),
        DocExample(
            _K8S,
            "cociente 1,05, dentro de la tolerancia 0,1 (10 réplicas)",
            10,
            hpa.desired_replicas(10, 105, 100),
        ),
        DocExample(
            _K8S,
            "kubectl autoscale --min=2 --max=5 --cpu-percent=80; 3 réplicas al 100 %",
            4,
            _kubectl_autoscale(),
        ),
        DocExample(
            _K8S,
            "behavior por omisión al subir desde 1 réplica (100 % o 4 pods en 15 s)",
            5,
            hpa.scale_up_limit(1, [], 0.0, hpa.DEFAULT_SCALE_UP),
        ),
        DocExample(
            _K8S,
            "bajar desde 80 con 4 pods o 10 % por minuto: primer paso",
            72,
            _scale_down_policies(80),
        ),
        DocExample(
            _K8S, "… y el siguiente, desde 72 (10 % de 72 = 7,2 → 8)", 64, _scale_down_policies(72)
        ),
        DocExample(
            _CODE,
            "sin behavior: de 3 réplicas, la métrica pide 20; tope max(2 × 3, 4)",
            6,
            _first_cycle(legacy, 3, 20),
        ),
        DocExample(
            _CODE,
            "con behavior por omisión, lo mismo: tope max(2 × 3, 3 + 4)",
            7,
            _first_cycle(behavior, 3, 20),
        ),
        DocExample(
            _CODE,
            "1 réplica con minReplicas 10: sube a 10 de golpe, sin tope de ritmo",
            10,
            _first_cycle(hpa.HpaSpec(min_replicas=10, max_replicas=50, target=1.0), 1, 1),
        ),
        DocExample(
            _KEDA,
            "threshold 10, 40 mensajes: réplicas que pediría el HPA",
            4,
            hpa.average_value_desired(1, 40, 10),
        ),
        DocExample(
            _KEDA,
            "threshold 10, activationThreshold 50, 40 mensajes: réplicas",
            0,
            keda.activation(keda_spec, 0.0, 0, 40, None).replicas,
        ),
    )


def table() -> Table:
    """Tabla de los ejemplos: fuente, enunciado, lo esperado y lo calculado."""
    return Table(
        ("fuente", "ejemplo", "esperado", "calculado"),
        [
            (e.source, e.statement, fmt.number(e.expected), fmt.number(e.computed))
            for e in examples()
        ],
        caption=(
            "Ejemplos de la documentación (y de las reglas del controlador) resueltos por "
            "las funciones del libro."
        ),
    )


def both_paths(*, demand: int = 40, start: int = 1, cycles: int = 6) -> Table:
    """Réplicas ciclo a ciclo, sin y con ``behavior``, cuando la métrica pide ``demand``.

    >>> print(both_paths(demand=40, start=1, cycles=3))
    t    | sin behavior | con behavior por omisión
    -----+--------------+-------------------------
    0 s  | 4            | 5
    15 s | 8            | 10
    30 s | 16           | 20
    """
    paths = {
        "sin behavior": hpa.HpaSpec(min_replicas=1, max_replicas=max(demand, start), target=1.0),
        "con behavior por omisión": hpa.HpaSpec(
            1, max(demand, start), 1.0, scale_up=hpa.DEFAULT_SCALE_UP
        ),
    }
    series = {
        name: hpa.replay(spec, [demand] * cycles, start=start) for name, spec in paths.items()
    }
    period = paths["sin behavior"].sync_period_s
    return Table(
        ("t", *series),
        [
            (f"{fmt.number(i * period)} s", *(fmt.number(s[i]) for s in series.values()))
            for i in range(cycles)
        ],
        caption=f"De {start} réplica(s), con la métrica pidiendo {demand}, por los dos caminos.",
    )

"""De un pod a sus cgroups: clase de QoS, peso de CPU, cuota, límite de memoria y OOM.

Las ``requests`` y los ``limits`` de un contenedor no son la misma cosa ni llegan al
núcleo por el mismo camino. El kubelet y el *runtime* (runc, crun) los traducen así
(``pkg/kubelet/cm/helpers_linux.go`` y ``pkg/kubelet/qos/policy.go`` de
kubernetes/kubernetes; ``utils.go`` de opencontainers/cgroups):

- ``requests.cpu`` → **peso** bajo contención: ``cpu.shares = milicores × 1024 / 1000``
  (entre 2 y 262 144) en cgroup v1; en cgroup v2, ``cpu.weight`` (entre 1 y 10 000)
  con la fórmula lineal ``1 + ((shares − 2) × 9999) / 262142`` de runc hasta la 1.3.1,
  o con la nueva de runc ≥ 1.3.2 y crun ≥ 1.23, que lleva 1024 a 100 (el peso por
  omisión) en lugar de a 39: ``ceil(10^((l² + 125 l) / 612 − 7/34))`` con
  ``l = log₂ shares``.
- ``limits.cpu`` → **cuota** por periodo: ``cpu.max = milicores × 100 000 / 1000``
  microsegundos cada 100 000 (mínimo 1000), el control de ancho de banda de CFS.
- ``limits.memory`` → ``memory.max``: pasarlo hace que el núcleo mate al contenedor.
- ``requests.memory`` no llega a ningún límite: sirve para planificar y para el
  ``oom_score_adj`` de las clases *Burstable*.

La **clase de QoS** (``pkg/apis/core/v1/helper/qos``) sale de las mismas cifras:
*BestEffort* si ningún contenedor declara CPU ni memoria; *Guaranteed* si todos
declaran límites de CPU y de memoria y las *requests* coinciden con ellos; si no,
*Burstable*. Un límite sin *request* la copia (lo hace el servidor de la API).

>>> milli_cpu_to_shares(1000), shares_to_weight(1024), shares_to_weight_new(1024)
(1024, 39, 100)
>>> Pod("web", (Container("web", Resources(250, 256), Resources(None, 512)),)).qos
'Burstable'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = [
    "DEFAULT_WEIGHT",
    "MAX_SHARES",
    "MAX_WEIGHT",
    "MIN_SHARES",
    "QUOTA_PERIOD_US",
    "Container",
    "Pod",
    "Resources",
    "example_pods",
    "kernel_weight",
    "milli_cpu_to_quota_us",
    "milli_cpu_to_shares",
    "oom_score_adj",
    "pods_table",
    "shares_to_weight",
    "shares_to_weight_new",
]

#: Límites de ``cpu.shares`` en el núcleo (``MIN_SHARES`` y ``MAX_SHARES``, 2¹⁸).
MIN_SHARES = 2
MAX_SHARES = 262_144
#: ``cpu.weight`` por omisión de un cgroup v2 (el de ``nice`` 0) y su máximo.
DEFAULT_WEIGHT = 100
MAX_WEIGHT = 10_000
#: Periodo de la cuota de CPU que usa el kubelet, en microsegundos.
QUOTA_PERIOD_US = 100_000
#: Cuota mínima que escribe el kubelet (1 ms).
MIN_QUOTA_US = 1000
#: ``oom_score_adj`` de los pods *Guaranteed* y *BestEffort* (``pkg/kubelet/qos/policy.go``).
GUARANTEED_OOM_SCORE_ADJ = -997
BEST_EFFORT_OOM_SCORE_ADJ = 1000
_MIB = 1024**2


def milli_cpu_to_shares(milli_cpu: int) -> int:
    """``MilliCPUToShares`` del kubelet: milicores → ``cpu.shares`` (0 → 2, el mínimo)."""
    m = check_int("milli_cpu", milli_cpu, 0, 10**9)
    if m == 0:
        return MIN_SHARES
    return min(max(m * 1024 // 1000, MIN_SHARES), MAX_SHARES)


def shares_to_weight(shares: int) -> int:
    """``cpu.weight`` con la fórmula lineal de runc hasta la 1.3.1 (y la del kubelet).

    >>> shares_to_weight(2), shares_to_weight(256), shares_to_weight(262144)
    (1, 10, 10000)
    """
    s = check_int("shares", shares, MIN_SHARES, MAX_SHARES)
    return 1 + ((s - 2) * 9999) // 262142


def shares_to_weight_new(shares: int) -> int:
    """``cpu.weight`` con la fórmula de runc ≥ 1.3.2 y crun ≥ 1.23 (1024 → 100).

    >>> shares_to_weight_new(2), shares_to_weight_new(256), shares_to_weight_new(262144)
    (1, 35, 10000)
    """
    s = check_int("shares", shares, MIN_SHARES, MAX_SHARES)
    if s <= MIN_SHARES:
        return 1
    if s >= MAX_SHARES:
        return MAX_WEIGHT
    level = math.log2(s)
    exponent = (level * level + 125 * level) / 612.0 - 7.0 / 34.0
    return math.ceil(10**exponent)


def kernel_weight(cpu_weight: int) -> int:
    """Peso interno del planificador para un ``cpu.weight`` (100 → 1024, como ``nice`` 0).

    Es ``sched_weight_from_cgroup`` de ``kernel/sched/sched.h``: redondeo al más cercano.
    """
    w = check_int("cpu_weight", cpu_weight, 1, MAX_WEIGHT)
    return (w * 1024 + DEFAULT_WEIGHT // 2) // DEFAULT_WEIGHT


def milli_cpu_to_quota_us(milli_cpu: int) -> int:
    """``MilliCPUToQuota`` del kubelet: la cuota (en µs por periodo de 100 ms) de un límite."""
    m = check_int("milli_cpu", milli_cpu, 1, 10**9)
    return max(m * QUOTA_PERIOD_US // 1000, MIN_QUOTA_US)


@dataclass(frozen=True)
class Resources:
    """CPU en milicores y memoria en MiB; ``None`` es «no declarado»."""

    cpu_m: int | None = None
    memory_mib: int | None = None

    def __post_init__(self) -> None:
        if self.cpu_m is not None:
            check_int("cpu_m", self.cpu_m, 0, 10**9)
        if self.memory_mib is not None:
            check_int("memory_mib", self.memory_mib, 0, 10**9)

    def describe(self) -> str:
        """``250m, 256 MiB`` (o «—» si no declara nada)."""
        parts = []
        if self.cpu_m:
            parts.append(f"{fmt.number(self.cpu_m)}m")
        if self.memory_mib:
            parts.append(fmt.size(self.memory_mib * _MIB))
        return ", ".join(parts) or "—"


@dataclass(frozen=True)
class Container:
    """Un contenedor con sus ``requests`` y ``limits``."""

    name: str
    requests: Resources = Resources()
    limits: Resources = Resources()

    @property
    def effective_requests(self) -> Resources:
        """Las *requests* tras la regla de la API: un límite sin *request* la copia."""
        return Resources(
            self.requests.cpu_m if self.requests.cpu_m is not None else self.limits.cpu_m,
            self.requests.memory_mib
            if self.requests.memory_mib is not None
            else self.limits.memory_mib,
        )


@dataclass(frozen=True)
class Pod:
    """Un pod: uno o varios contenedores que se planifican juntos en un nodo."""

    name: str
    containers: tuple[Container, ...]

    def __post_init__(self) -> None:
        if not self.containers:
            raise ValueError("containers debe contener al menos un contenedor")

    @property
    def qos(self) -> str:
        """``Guaranteed``, ``Burstable`` o ``BestEffort`` (``ComputePodQOS``)."""
        requests = {"cpu": 0, "memory": 0}
        limits = {"cpu": 0, "memory": 0}
        guaranteed = True
        for c in self.containers:
            req = c.effective_requests
            requests["cpu"] += req.cpu_m or 0
            requests["memory"] += req.memory_mib or 0
            limits["cpu"] += c.limits.cpu_m or 0
            limits["memory"] += c.limits.memory_mib or 0
            guaranteed = guaranteed and bool(c.limits.cpu_m) and bool(c.limits.memory_mib)
        if not any(requests.values()) and not any(limits.values()):
            return "BestEffort"
        if guaranteed and requests == limits:
            return "Guaranteed"
        return "Burstable"

    @property
    def cpu_request_m(self) -> int:
        """Suma de las *requests* de CPU de sus contenedores."""
        return sum(c.effective_requests.cpu_m or 0 for c in self.containers)

    @property
    def memory_request_mib(self) -> int:
        """Suma de las *requests* de memoria de sus contenedores."""
        return sum(c.effective_requests.memory_mib or 0 for c in self.containers)

    @property
    def cpu_shares(self) -> int:
        """``cpu.shares`` del cgroup del pod (2 para *BestEffort*)."""
        return milli_cpu_to_shares(0 if self.qos == "BestEffort" else self.cpu_request_m)

    def cpu_max(self) -> str:
        """El contenido de ``cpu.max`` del pod: ``cuota periodo`` o ``max``."""
        if not all(c.limits.cpu_m for c in self.containers):
            return f"max {QUOTA_PERIOD_US}"
        total = sum(c.limits.cpu_m or 0 for c in self.containers)
        return f"{milli_cpu_to_quota_us(total)} {QUOTA_PERIOD_US}"

    def memory_max(self) -> str:
        """El contenido de ``memory.max`` del pod: bytes o ``max``."""
        if not all(c.limits.memory_mib for c in self.containers):
            return "max"
        return fmt.size(sum(c.limits.memory_mib or 0 for c in self.containers) * _MIB)


def oom_score_adj(pod: Pod, container: Container, memory_capacity_mib: int) -> int:
    """``GetContainerOOMScoreAdjust`` del kubelet para un contenedor del pod.

    *Guaranteed* −997, *BestEffort* 1000 y, entre medias,
    ``1000 − 1000 × request / capacidad`` recortado a [3, 999].

    >>> web = Container("web", Resources(250, 1024), Resources(None, 2048))
    >>> oom_score_adj(Pod("web", (web,)), web, 16 * 1024)
    938
    """
    capacity = check_int("memory_capacity_mib", memory_capacity_mib, 1, 10**9) * _MIB
    if container not in pod.containers:
        raise ValueError(f"container debe ser uno de los contenedores de {pod.name}")
    qos = pod.qos
    if qos == "Guaranteed":
        return GUARANTEED_OOM_SCORE_ADJ
    if qos == "BestEffort":
        return BEST_EFFORT_OOM_SCORE_ADJ
    request = (container.effective_requests.memory_mib or 0) * _MIB
    adjust = 1000 - (1000 * request) // capacity
    if adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ:
        return 1000 + GUARANTEED_OOM_SCORE_ADJ
    if adjust == BEST_EFFORT_OOM_SCORE_ADJ:
        return adjust - 1
    return adjust


def example_pods() -> tuple[Pod, ...]:
    """Cuatro pods de un contenedor que cubren las tres clases de QoS."""

    def one(name: str, requests: Resources, limits: Resources) -> Pod:
        return Pod(name, (Container(name, requests, limits),))

    return (
        one("sin-recursos", Resources(), Resources()),
        one("web", Resources(250, 256), Resources(None, 512)),
        one("api", Resources(1000, 1024), Resources(1000, 1024)),
        one("solo-limites", Resources(), Resources(500, 512)),
    )


def pods_table(pods: tuple[Pod, ...], *, memory_capacity_mib: int = 16 * 1024) -> Table:
    """Qué escribe el kubelet para cada pod en su cgroup, con las dos fórmulas de peso."""
    rows = []
    for pod in pods:
        c = pod.containers[0]
        shares = pod.cpu_shares
        rows.append(
            (
                pod.name,
                c.requests.describe()
                if c.requests == c.effective_requests
                else f"{c.effective_requests.describe()} (copia los limits)",
                c.limits.describe(),
                pod.qos,
                shares,
                shares_to_weight(shares),
                shares_to_weight_new(shares),
                pod.cpu_max(),
                pod.memory_max(),
                oom_score_adj(pod, c, memory_capacity_mib),
            )
        )
    return Table(
        (
            "pod",
            "requests",
            "limits",
            "QoS",
            "cpu.shares (v1)",
            "cpu.weight (lineal)",
            "cpu.weight (runc ≥ 1.3.2)",
            "cpu.max",
            "memory.max",
            "oom_score_adj",
        ),
        rows,
        caption=f"Nodo con {fmt.size(memory_capacity_mib * _MIB)} de memoria",
    )

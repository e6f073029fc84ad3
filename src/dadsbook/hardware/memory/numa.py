"""NUMA: los nodos reales de esta máquina y un modelo de colocación de memoria.

En una máquina NUMA (*non-uniform memory access*) cada nodo tiene sus núcleos y su
memoria, con su propio controlador. Un núcleo lee su memoria **local** más deprisa
que la de otro nodo (**remota**), que le llega a través de la interconexión entre
zócalos. Linux describe la topología en ``/sys/devices/system/node``: qué CPU y
cuánta memoria tiene cada nodo, y una tabla de **distancias** relativas (la SLIT del
firmware ACPI, donde 10 es «local»).

:func:`read_nodes` lee esa topología. :func:`simulate_placement` es un modelo
sembrado: ``threads`` hilos repartidos entre ``nodes`` nodos recorren cada uno sus
datos, y la política decide en qué nodo vive cada página:

- ``first-touch`` (la de Linux por omisión): cada página, en el nodo del hilo que la
  tocó primero; si cada hilo inicializa sus datos, todo es local.
- ``interleave``: páginas repartidas por turno entre los nodos
  (``numactl --interleave``); una fracción ``1 − 1/nodos`` es remota, pero la carga
  se reparte entre todos los controladores.
- ``remote``: la mala colocación: un solo hilo inicializó todo y todas las páginas
  viven en el nodo 0; los demás nodos acceden siempre en remoto y un solo controlador
  sirve a toda la máquina.

>>> model = NumaModel()
>>> r = simulate_placement(model, threads=4, pages_per_thread=64, policy="first-touch")
>>> r.remote_fraction
0.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dadsbook import fmt
from dadsbook.machine import parse_cpu_list
from dadsbook.records import Record
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "NODE_ROOT",
    "PLACEMENTS",
    "NumaModel",
    "NumaNode",
    "PlacementResult",
    "compare_placements",
    "describe_topology",
    "nodes_table",
    "placements_table",
    "random_numa_problem",
    "read_nodes",
    "simulate_placement",
]

#: Carpeta donde Linux publica los nodos NUMA.
NODE_ROOT = Path("/sys/devices/system/node")

#: Políticas de colocación del modelo.
PLACEMENTS: tuple[str, ...] = ("first-touch", "interleave", "remote")


@dataclass(frozen=True)
class NumaNode(Record):
    """Un nodo NUMA tal como lo describe Linux."""

    node: int
    cpus: tuple[int, ...]
    memory_kib: int
    distances: tuple[int, ...]


def read_nodes(root: Path | str = NODE_ROOT) -> tuple[NumaNode, ...]:
    """Lee los nodos NUMA de ``root`` (vacío si la carpeta no existe, p. ej. fuera de Linux)."""
    base = Path(root)
    if not base.is_dir():
        return ()
    nodes: list[NumaNode] = []
    for folder in sorted(base.glob("node[0-9]*"), key=lambda p: int(p.name[4:])):
        cpulist = folder / "cpulist"
        meminfo = folder / "meminfo"
        distance = folder / "distance"
        cpus = parse_cpu_list(cpulist.read_text()) if cpulist.exists() else ()
        memory = 0
        if meminfo.exists():
            found = re.search(r"MemTotal:\s+(\d+)\s*kB", meminfo.read_text())
            memory = int(found.group(1)) if found else 0
        distances = tuple(int(d) for d in distance.read_text().split()) if distance.exists() else ()
        nodes.append(NumaNode(int(folder.name[4:]), cpus, memory, distances))
    return tuple(nodes)


def nodes_table(nodes: tuple[NumaNode, ...]) -> Table:
    """Los nodos como tabla: CPU, memoria y distancias."""
    rows = [
        (
            n.node,
            ", ".join(str(c) for c in n.cpus) or "—",
            n.memory_kib / 2**20,
            " ".join(str(d) for d in n.distances) or "—",
        )
        for n in nodes
    ]
    return Table(
        ("nodo", "CPU", "memoria (GiB)", "distancias"),
        rows,
        caption="Nodos NUMA de esta máquina, leídos de /sys/devices/system/node.",
    )


def describe_topology(nodes: tuple[NumaNode, ...]) -> str:
    """Una frase sobre la topología NUMA leída (un recuento exacto, no una medición).

    >>> describe_topology(())
    'Esta máquina no publica su topología NUMA: no se puede saber aquí si la colocación importa.'
    >>> describe_topology((NumaNode(0, (0, 1), 1024, (10,)),))[:40]
    'Esta máquina tiene un único nodo NUMA: t'
    """
    match len(nodes):
        case 0:
            return (
                "Esta máquina no publica su topología NUMA: no se puede saber aquí si la "
                "colocación importa."
            )
        case 1:
            return (
                "Esta máquina tiene un único nodo NUMA: toda su memoria es local y el efecto "
                "no se puede medir aquí."
            )
        case count:
            return f"Esta máquina tiene {fmt.number(count)} nodos NUMA: aquí la colocación importa."


@dataclass(frozen=True)
class NumaModel:
    """Parámetros del modelo. Son supuestos, no mediciones de esta máquina.

    ``remote_ratio`` es cuántas veces más tarda un acceso remoto que uno local;
    ``controller_gb_s`` es el ancho de banda del controlador de memoria de cada nodo
    y ``link_gb_s``, el de la interconexión entre nodos (todo el tráfico remoto
    pasa por ella).
    """

    nodes: int = 2
    local_ns: float = 90.0
    remote_ratio: float = 1.6
    controller_gb_s: float = 40.0
    link_gb_s: float = 30.0
    page_bytes: int = 4096

    def __post_init__(self) -> None:
        check_int("nodes", self.nodes, 1)
        for name in ("local_ns", "controller_gb_s", "link_gb_s"):
            check_number(name, getattr(self, name), positive=True)
        check_number("remote_ratio", self.remote_ratio, 1)
        check_int("page_bytes", self.page_bytes, 1)

    @property
    def remote_ns(self) -> float:
        """Latencia de un acceso remoto, en nanosegundos."""
        return self.local_ns * self.remote_ratio


@dataclass(frozen=True)
class PlacementResult:
    """Resultado de :func:`simulate_placement`."""

    policy: str
    threads: int
    accesses: int
    remote_accesses: int
    mean_latency_ns: float
    stream_s: float
    busiest_controller_share: float

    @property
    def remote_fraction(self) -> float:
        """Fracción de accesos que fueron a otro nodo."""
        return self.remote_accesses / self.accesses

    def as_dict(self) -> dict[str, object]:
        """El resultado como tipos básicos (para JSON)."""
        return {
            "policy": self.policy,
            "threads": self.threads,
            "accesses": self.accesses,
            "remote_accesses": self.remote_accesses,
            "remote_fraction": self.remote_fraction,
            "mean_latency_ns": self.mean_latency_ns,
            "stream_s": self.stream_s,
            "busiest_controller_share": self.busiest_controller_share,
        }


def _home_nodes(policy: str, model: NumaModel, threads: int, pages_per_thread: int) -> np.ndarray:
    """Nodo donde vive cada página: matriz ``threads × pages_per_thread``."""
    thread_node = np.arange(threads) % model.nodes
    if policy == "first-touch":
        return np.repeat(thread_node[:, None], pages_per_thread, axis=1)
    if policy == "interleave":
        return (np.arange(threads * pages_per_thread) % model.nodes).reshape(threads, -1)
    if policy == "remote":
        return np.zeros((threads, pages_per_thread), dtype=np.int64)
    raise ValueError(
        f"policy desconocida {policy!r}: los valores válidos son {', '.join(PLACEMENTS)}"
    )


def simulate_placement(
    model: NumaModel,
    *,
    threads: int,
    pages_per_thread: int,
    policy: str,
    accesses_per_thread: int = 10_000,
    seed: int = 0,
) -> PlacementResult:
    """Simula ``threads`` hilos (repartidos por turno entre los nodos) sobre sus datos.

    Dos cargas, con la misma colocación:

    - **latencia**: cada hilo hace ``accesses_per_thread`` accesos a páginas suyas
      elegidas al azar (persecución de punteros): se promedia la latencia local o
      remota de cada uno;
    - **ancho de banda**: cada hilo recorre todas sus páginas una vez; el tiempo lo
      marca el recurso más cargado, sea un controlador de memoria o la
      interconexión.
    """
    check_int("threads", threads, 1)
    check_int("pages_per_thread", pages_per_thread, 1)
    check_int("accesses_per_thread", accesses_per_thread, 1)
    home = _home_nodes(policy, model, threads, pages_per_thread)
    thread_node = np.arange(threads) % model.nodes
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, pages_per_thread, size=(threads, accesses_per_thread))
    remote = np.take_along_axis(home, picks, axis=1) != thread_node[:, None]
    remote_count = int(remote.sum())
    total = threads * accesses_per_thread
    latency = model.local_ns + (model.remote_ns - model.local_ns) * remote_count / total
    served = np.bincount(home.ravel(), minlength=model.nodes) * model.page_bytes
    crossing = int((home != thread_node[:, None]).sum()) * model.page_bytes
    controller_s = float(served.max()) / (model.controller_gb_s * 1e9)
    link_s = crossing / (model.link_gb_s * 1e9) if model.nodes > 1 else 0.0
    return PlacementResult(
        policy=policy,
        threads=threads,
        accesses=total,
        remote_accesses=remote_count,
        mean_latency_ns=float(latency),
        stream_s=max(controller_s, link_s),
        busiest_controller_share=float(served.max() / served.sum()),
    )


def compare_placements(
    model: NumaModel,
    *,
    threads: int,
    pages_per_thread: int,
    accesses_per_thread: int = 10_000,
    seed: int = 0,
) -> dict[str, PlacementResult]:
    """:func:`simulate_placement` con cada política de :data:`PLACEMENTS`."""
    return {
        p: simulate_placement(
            model,
            threads=threads,
            pages_per_thread=pages_per_thread,
            policy=p,
            accesses_per_thread=accesses_per_thread,
            seed=seed,
        )
        for p in PLACEMENTS
    }


def placements_table(results: dict[str, PlacementResult]) -> Table:
    """Las políticas comparadas: accesos remotos, latencia media y tiempo de recorrido."""
    first = next(iter(results.values()))
    rows = [
        (
            name,
            fmt.percent(r.remote_fraction, 0),
            fmt.number(r.mean_latency_ns, 0),
            1000 * r.stream_s,
            fmt.ratio(r.stream_s / first.stream_s),
        )
        for name, r in results.items()
    ]
    return Table(
        (
            "colocación",
            "accesos remotos",
            "latencia media (ns)",
            "recorrido (ms)",
            "frente a la 1.ª",
        ),
        rows,
        caption="Modelo NUMA: el mismo trabajo con tres colocaciones de memoria.",
    )


def random_numa_problem(seed: int) -> dict[str, object]:
    """Un problema aleatorio: modelo, hilos y páginas, para resolver con :func:`compare_placements`.

    >>> sorted(random_numa_problem(1))
    ['model', 'pages_per_thread', 'threads']
    """
    rng = np.random.default_rng(seed)
    nodes = int(rng.choice([2, 4, 8]))
    model = NumaModel(
        nodes=nodes,
        local_ns=float(rng.integers(70, 120)),
        remote_ratio=float(np.round(rng.uniform(1.3, 2.2), 1)),
        controller_gb_s=float(rng.integers(20, 80)),
        link_gb_s=float(rng.integers(10, 60)),
    )
    return {
        "model": model,
        "threads": nodes * int(rng.integers(1, 5)),
        "pages_per_thread": int(rng.integers(64, 4096)),
    }

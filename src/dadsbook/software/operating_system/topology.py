"""Lo que el sistema operativo dice de la topología: CPU, nodos NUMA y hermanos SMT.

El planificador y el gestor de memoria toman decisiones de colocación con esta
información, y Linux la publica en ficheros de texto:

- ``/proc/self/status``: ``Cpus_allowed_list`` (dónde puede correr este proceso, su
  afinidad) y ``Mems_allowed_list`` (de qué nodos NUMA puede tomar memoria).
- ``/sys/devices/system/node/node*/cpulist``: qué CPU tiene cada nodo NUMA.
- ``/sys/devices/system/cpu/cpu*/topology/thread_siblings_list``: qué CPU lógicas
  comparten núcleo físico (hermanas SMT).
- ``/proc/sys/kernel/numa_balancing``: si el núcleo migra páginas hacia el nodo que
  más las usa (balanceo NUMA automático).

Todas las funciones devuelven ``None`` (o una tupla vacía) donde el fichero no
existe, como en macOS o en contenedores que ocultan ``/sys``.

>>> t = read_topology()
>>> t.cpus_allowed is None or len(t.cpus_allowed) >= 1
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dadsbook.machine import parse_cpu_list as parse_list
from dadsbook.tables import Table

__all__ = ["Topology", "parse_list", "read_topology"]

_SYS = Path("/sys/devices/system")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        return None


def _status_field(name: str) -> tuple[int, ...] | None:
    text = _read(Path("/proc/self/status"))
    if text is None:
        return None
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return parse_list(line.split(":", 1)[1])
    return None


@dataclass(frozen=True)
class Topology:
    """Colocación que ve este proceso (``None`` donde el sistema no lo publica)."""

    cpus_allowed: tuple[int, ...] | None
    mems_allowed: tuple[int, ...] | None
    nodes: dict[int, tuple[int, ...]]
    smt_siblings: tuple[tuple[int, ...], ...]
    numa_balancing: bool | None

    @property
    def smt_active(self) -> bool:
        """Si alguna CPU lógica comparte núcleo físico con otra."""
        return any(len(group) > 1 for group in self.smt_siblings)

    def describe(self, *, virtual: bool) -> str:
        """Una frase con lo que se ve: nodos NUMA y hermanas SMT, con la cautela de una VM.

        Dentro de una máquina virtual, ``/sys`` cuenta lo que el hipervisor quiere
        mostrar: dos vCPU pueden ser los dos hilos SMT de un mismo núcleo físico sin que
        el invitado lo sepa, así que «sin hermanas» solo vale para lo visible.

        >>> print(Topology(None, None, {0: (0, 1)}, ((0,), (1,)), None).describe(virtual=False))
        1 nodo NUMA visible y ninguna pareja de CPU hermanas SMT visible
        """
        nodes = len(self.nodes)
        text = f"{nodes} nodo NUMA visible" if nodes == 1 else f"{nodes} nodos NUMA visibles"
        groups = sum(len(g) > 1 for g in self.smt_siblings)
        if groups == 1:
            text += " y 1 grupo de CPU hermanas SMT"
        elif groups:
            text += f" y {groups} grupos de CPU hermanas SMT"
        else:
            text += " y ninguna pareja de CPU hermanas SMT visible"
        if virtual:
            text += (
                " (en una máquina virtual, el sistema invitado no puede saber si dos vCPU "
                "comparten un núcleo físico)"
            )
        return text

    def table(self) -> Table:
        """Tabla de lo leído, con la fuente de cada dato."""

        def show(values: tuple[int, ...] | None) -> str:
            return "no disponible" if values is None else ", ".join(map(str, values))

        nodes = "; ".join(f"nodo {n}: {show(c)}" for n, c in self.nodes.items()) or "no disponible"
        siblings = "; ".join(show(g) for g in self.smt_siblings) or "no disponible"
        balancing = {None: "no disponible", True: "activado", False: "desactivado"}
        rows = [
            ("CPU permitidas", show(self.cpus_allowed), "Cpus_allowed_list"),
            ("nodos de memoria permitidos", show(self.mems_allowed), "Mems_allowed_list"),
            ("CPU de cada nodo NUMA", nodes, "node*/cpulist"),
            ("grupos de hermanas SMT", siblings, "thread_siblings_list"),
            ("balanceo NUMA automático", balancing[self.numa_balancing], "numa_balancing"),
        ]
        return Table(("dato", "valor en esta máquina", "fuente"), rows)

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "cpus_allowed": None if self.cpus_allowed is None else list(self.cpus_allowed),
            "mems_allowed": None if self.mems_allowed is None else list(self.mems_allowed),
            "nodes": {str(k): list(v) for k, v in self.nodes.items()},
            "smt_siblings": [list(g) for g in self.smt_siblings],
            "numa_balancing": self.numa_balancing,
        }


def read_topology() -> Topology:
    """Lee la topología de ``/proc`` y ``/sys``."""
    nodes: dict[int, tuple[int, ...]] = {}
    for folder in sorted(_SYS.glob("node/node[0-9]*")):
        text = _read(folder / "cpulist")
        if text is not None:
            nodes[int(folder.name[4:])] = parse_list(text)
    groups: set[tuple[int, ...]] = set()
    for folder in _SYS.glob("cpu/cpu[0-9]*"):
        text = _read(folder / "topology" / "thread_siblings_list")
        if text is not None:
            groups.add(parse_list(text))
    balancing = _read(Path("/proc/sys/kernel/numa_balancing"))
    return Topology(
        cpus_allowed=_status_field("Cpus_allowed_list"),
        mems_allowed=_status_field("Mems_allowed_list"),
        nodes=dict(sorted(nodes.items())),
        smt_siblings=tuple(sorted(groups)),
        numa_balancing=None if balancing is None else balancing != "0",
    )

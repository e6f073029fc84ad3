"""Topología de la CPU y multihilo simultáneo (SMT): lo que hay en esta máquina y un modelo.

Con SMT (*simultaneous multithreading*; Intel lo llama *Hyper-Threading*) un núcleo
físico guarda el estado de dos (o más) hilos hardware (registros, contador de
programa) y el sistema operativo ve cada uno como una **CPU lógica**. No hay un
segundo núcleo: los hilos son **iguales entre sí** (ninguno es el principal) y
compiten por los mismos recursos del núcleo: los puertos de las unidades de
ejecución, el búfer de reordenación (ROB), las colas de carga y almacenamiento y las
cachés. Cuando uno se para (una espera a memoria, un fallo de predicción), el otro
usa lo que queda libre; cuando los dos calculan, se reparten el núcleo. Por eso dos
hilos en un núcleo rinden algo más que uno, pero mucho menos que dos núcleos.

En una máquina virtual, la topología de ``/sys`` es la que enseña el hipervisor: el
invitado no puede saber si dos vCPU son dos núcleos o los dos hilos SMT de uno.
:func:`describe_topology` lo dice así en lugar de afirmar lo que no se puede probar.

- :func:`read_topology` lee la topología de ``/sys/devices/system/cpu``: zócalo,
  núcleo y hermanos de cada CPU lógica.
- :func:`measure_pinning` mide dos procesos de cálculo fijados (con
  :func:`os.sched_setaffinity`) a dos CPU lógicas cualesquiera.
- :func:`simulate` es un **modelo**: ``k`` hilos en un núcleo rinden
  ``1 + smt_gain`` veces un hilo solo si ``k ≥ 2``. ``smt_gain`` es un parámetro.

>>> [round(p.throughput, 2) for p in simulate(cores=2, smt_ways=2, smt_gain=0.25)]
[1.0, 2.0, 2.25, 2.5]
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dadsbook import fmt, measure, verdict, workloads
from dadsbook.hardware.cpu.ceiling import run_to_end
from dadsbook.machine import parse_cpu_list
from dadsbook.records import plain
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "CpuInfo",
    "PinningResult",
    "SimPoint",
    "Topology",
    "describe_topology",
    "measure_pinning",
    "pinned_spin",
    "read_topology",
    "simulate",
    "simulated_table",
]

SYSFS = Path("/sys/devices/system/cpu")


@dataclass(frozen=True)
class CpuInfo:
    """Una CPU lógica: su número, su zócalo, su núcleo y sus hermanos SMT."""

    cpu: int
    socket: int
    core: int
    siblings: tuple[int, ...]


@dataclass(frozen=True)
class Topology:
    """Topología de la máquina: una :class:`CpuInfo` por CPU lógica en línea."""

    cpus: tuple[CpuInfo, ...]

    @property
    def sockets(self) -> int:
        """Zócalos (procesadores físicos)."""
        return len({c.socket for c in self.cpus})

    @property
    def cores(self) -> int:
        """Núcleos: pares (zócalo, núcleo) distintos (en una VM, los que declara el hipervisor)."""
        return len({(c.socket, c.core) for c in self.cpus})

    @property
    def logical(self) -> int:
        """CPU lógicas (lo que cuenta ``os.cpu_count()`` si todas están en línea)."""
        return len(self.cpus)

    @property
    def has_smt(self) -> bool:
        """Si algún núcleo tiene más de un hilo hardware."""
        return any(len(c.siblings) > 1 for c in self.cpus)

    def sibling_pair(self) -> tuple[int, int] | None:
        """Dos CPU lógicas del mismo núcleo, si existen."""
        for c in self.cpus:
            if len(c.siblings) > 1:
                return c.siblings[0], c.siblings[1]
        return None

    def separate_pair(self) -> tuple[int, int] | None:
        """Dos CPU lógicas de núcleos distintos, si existen."""
        first = self.cpus[0]
        for c in self.cpus[1:]:
            if (c.socket, c.core) != (first.socket, first.core):
                return first.cpu, c.cpu
        return None

    def table(self) -> Table:
        """Tabla: CPU lógica, zócalo, núcleo y hermanos."""
        rows = [(c.cpu, c.socket, c.core, ", ".join(map(str, c.siblings))) for c in self.cpus]
        return Table(
            ("CPU lógica", "zócalo", "núcleo", "hermanos SMT"),
            rows,
            "Topología leída de /sys/devices/system/cpu",
        )

    def as_dict(self) -> dict[str, object]:
        """Topología en tipos simples (JSON)."""
        return {
            "sockets": self.sockets,
            "cores": self.cores,
            "logical": self.logical,
            "cpus": [plain(c) for c in self.cpus],
        }


def read_topology(root: Path | str = SYSFS) -> Topology:
    """Lee la topología de ``root`` (por defecto ``/sys/devices/system/cpu``).

    Solo cuenta las CPU en línea que tienen carpeta ``topology``.
    """
    base = Path(root)
    if not base.is_dir():
        raise ValueError(f"root debe ser una carpeta con la topología; no existe {str(base)!r}")
    online = base / "online"
    numbers = (
        parse_cpu_list(online.read_text())
        if online.exists()
        else tuple(sorted(int(p.name[3:]) for p in base.glob("cpu[0-9]*") if p.name[3:].isdigit()))
    )
    cpus = []
    for n in numbers:
        topo = base / f"cpu{n}" / "topology"
        if not topo.is_dir():
            continue
        siblings_file = topo / "thread_siblings_list"
        if not siblings_file.exists():
            siblings_file = topo / "core_cpus_list"
        cpus.append(
            CpuInfo(
                cpu=n,
                socket=int((topo / "physical_package_id").read_text()),
                core=int((topo / "core_id").read_text()),
                siblings=parse_cpu_list(siblings_file.read_text()),
            )
        )
    if not cpus:
        raise ValueError(f"root no contiene ninguna CPU con topología: {str(base)!r}")
    return Topology(tuple(cpus))


def pinned_spin(cpu: int, iterations: int) -> int:
    """Trabajador: se fija a la CPU lógica ``cpu`` y calcula ``python_spin(iterations)``."""
    os.sched_setaffinity(0, {cpu})
    return workloads.python_spin(iterations)


def _run_pinned(cpus: tuple[int, int], iterations: int) -> None:
    context = multiprocessing.get_context()
    run_to_end([context.Process(target=pinned_spin, args=(c, iterations)) for c in cpus])


@dataclass(frozen=True)
class PinningResult:
    """Dos procesos fijados a hermanos SMT frente a dos fijados a núcleos distintos."""

    siblings: tuple[int, int]
    separate: tuple[int, int]
    on_siblings: measure.Measurement
    on_separate: measure.Measurement

    @property
    def sibling_throughput(self) -> float:
        """Rendimiento de los dos hermanos relativo a dos núcleos (1,0 = igual)."""
        return self.on_separate.median_s / self.on_siblings.median_s

    def siblings_vs_separate(self) -> verdict.Verdict:
        """Los hermanos frente a los núcleos distintos, con la regla del veredicto."""
        return verdict.compare(
            [t / 1e9 for t in self.on_siblings.samples_ns],
            [t / 1e9 for t in self.on_separate.samples_ns],
            busy=self.on_siblings.busy or self.on_separate.busy,
            a_label="los dos procesos en hermanos SMT",
            b_label="en núcleos distintos",
            more="más lentos",
            less="más rápidos",
        )


def measure_pinning(
    siblings: tuple[int, int],
    separate: tuple[int, int],
    iterations: int,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> PinningResult:
    """Mide, intercalados, dos procesos en ``siblings`` y dos en ``separate``."""
    usable = os.sched_getaffinity(0)
    for name, pair in (("siblings", siblings), ("separate", separate)):
        if len(pair) != 2 or not set(pair) <= usable:
            raise ValueError(
                f"{name} debe ser un par de CPU lógicas usables {sorted(usable)}; "
                f"se recibió {pair!r}"
            )
    check_int("iterations", iterations, 1)
    measured = measure.compare(
        {
            "hermanos": lambda: _run_pinned(siblings, iterations),
            "separados": lambda: _run_pinned(separate, iterations),
        },
        repeats=repeats,
        warmup=warmup,
    )
    return PinningResult(siblings, separate, measured["hermanos"], measured["separados"])


def describe_topology(
    topology: Topology, *, virtual: bool, pinning: PinningResult | None = None
) -> str:
    """Una frase sobre el SMT de esta máquina que no afirma lo que no se puede probar.

    En una máquina virtual (``virtual=True``) la topología es la que declara el
    hipervisor, y la frase lo dice. ``pinning`` es la medición de
    :func:`measure_pinning`, si la hubo.

    >>> one = Topology((CpuInfo(0, 0, 0, (0,)), CpuInfo(1, 0, 1, (1,))))
    >>> describe_topology(one, virtual=True)[:60]
    'El hipervisor no declara hermanos SMT: presenta sus 2 vCPU c'
    """
    machine = (
        "Según la topología que declara el hipervisor, esta máquina" if virtual else "Esta máquina"
    )
    if pinning is not None:
        a, b = pinning.siblings
        c, d = pinning.separate
        return (
            f"{machine} tiene hermanos SMT: "
            f"dos procesos de cálculo fijados a las CPU lógicas {a} y {b} (el mismo núcleo) "
            f"rindieron juntos el {fmt.percent(pinning.sibling_throughput, 0)} de lo que "
            f"rindieron fijados a {c} y {d} (núcleos distintos); "
            f"{pinning.siblings_vs_separate().phrase}."
        )
    if topology.has_smt:
        return f"{machine} tiene SMT pero un solo núcleo: no hay pareja con la que comparar."
    if virtual:
        return (
            f"El hipervisor no declara hermanos SMT: presenta sus {topology.logical} vCPU como "
            f"{topology.cores} núcleos con un hilo cada uno. Desde dentro de una máquina "
            "virtual no se puede saber si dos vCPU son dos núcleos físicos o los dos hilos "
            "SMT de uno (el anfitrión decide dónde corre cada vCPU en cada momento), así que "
            "no hay hermanos que medir y la comparación se hace con el modelo de abajo."
        )
    return (
        f"Esta máquina no tiene SMT: sus {topology.logical} CPU lógicas son "
        f"{topology.cores} núcleos físicos, cada uno con un solo hilo hardware, así que no "
        "hay hermanos que medir y la comparación se hace con el modelo de abajo."
    )


@dataclass(frozen=True)
class SimPoint:
    """Rendimiento modelado con ``threads`` hilos de cálculo."""

    threads: int
    throughput: float


def simulate(
    cores: int, smt_ways: int = 2, smt_gain: float = 0.25, max_threads: int | None = None
) -> list[SimPoint]:
    """Rendimiento (en «núcleos solos» de trabajo) con 1…``max_threads`` hilos de cálculo.

    Modelo: el planificador llena primero un hilo por núcleo; un núcleo con ``k ≥ 2``
    hilos rinde ``1 + smt_gain`` (repartido entre sus hilos); nunca más de ``smt_ways``
    hilos por núcleo. ``smt_gain`` es el parámetro del modelo, no una medida.
    """
    check_int("cores", cores, 1)
    check_int("smt_ways", smt_ways, 1)
    check_number("smt_gain", smt_gain, 0, 1)
    limit = cores * smt_ways if max_threads is None else max_threads
    check_int("max_threads", limit, 1, cores * smt_ways)
    points = []
    for threads in range(1, limit + 1):
        per_core = [threads // cores + (1 if i < threads % cores else 0) for i in range(cores)]
        total = sum(0.0 if k == 0 else (1.0 if k == 1 else 1.0 + smt_gain) for k in per_core)
        points.append(SimPoint(threads, total))
    return points


def simulated_table(points: Sequence[SimPoint], cores: int) -> Table:
    """Tabla del modelo: hilos, rendimiento y rendimiento por hilo."""
    if not points:
        raise ValueError("points debe contener al menos un punto")
    rows = [
        (p.threads, fmt.number(p.throughput, 2), fmt.number(p.throughput / p.threads, 2))
        for p in points
    ]
    return Table(
        ("hilos de cálculo", "rendimiento (núcleos)", "rendimiento por hilo"),
        rows,
        f"Modelo de SMT con {cores} núcleos físicos",
    )

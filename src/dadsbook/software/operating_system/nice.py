"""Prioridades con ``nice``: la tabla de pesos de CFS y el reparto medido de verdad.

El planificador CFS de Linux (y su sucesor EEVDF, desde la versión 6.6) no da
porciones fijas: reparte la CPU entre los procesos listos **en proporción a su
peso**. El peso sale del valor ``nice`` (de −20, el más prioritario, a 19) por la
tabla ``sched_prio_to_weight`` de ``kernel/sched/core.c``: ``nice`` 0 pesa 1024 y
cada paso multiplica o divide el peso por unos 1,25, de modo que un proceso recibe
un 10 % más o menos de CPU que su vecino por cada punto de ``nice``.

:func:`measure_shares` lo comprueba: lanza un proceso por valor de ``nice``, **todos
fijados a la misma CPU** con :func:`os.sched_setaffinity` para que compitan de
verdad, los deja girar durante ``repeats`` ventanas de tiempo y compara el tiempo de
CPU de cada uno en cada ventana (:func:`resource.getrusage`, como :func:`os.times`
pero con resolución de microsegundos) con la predicción de la tabla; la parte medida
es la mediana de las ventanas.

>>> weight(0), weight(5), weight(-20), weight(19)
(1024, 335, 88761, 15)
>>> [round(s, 3) for s in predicted_shares((0, 5))]
[0.753, 0.247]
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from dadsbook import fmt, measure
from dadsbook.software.operating_system._children import PipedChildren
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number, check_sequence

__all__ = [
    "SCHED_PRIO_TO_WEIGHT",
    "NiceShare",
    "NiceShares",
    "measure_shares",
    "predicted_shares",
    "weight",
]

#: ``sched_prio_to_weight`` de ``kernel/sched/core.c``: el peso de ``nice`` −20 … 19.
SCHED_PRIO_TO_WEIGHT: tuple[int, ...] = (
    # -20
    88761, 71755, 56483, 46273, 36291,
    # -15
    29154, 23254, 18705, 14949, 11916,
    # -10
    9548, 7620, 6100, 4904, 3906,
    # -5
    3121, 2501, 1991, 1586, 1277,
    # 0
    1024, 820, 655, 526, 423,
    # 5
    335, 272, 215, 172, 137,
    # 10
    110, 87, 70, 56, 45,
    # 15
    36, 29, 23, 18, 15,
)  # fmt: skip


def weight(nice: int) -> int:
    """Peso de CFS para un valor ``nice`` entre −20 y 19."""
    check_int("nice", nice, -20, 19)
    return SCHED_PRIO_TO_WEIGHT[nice + 20]


def _nice(name: str, value: object) -> int:
    return check_int(name, value, -20, 19)


def predicted_shares(nices: Sequence[int]) -> tuple[float, ...]:
    """Fracción de una CPU que CFS da a cada proceso si todos compiten por ella."""
    check_sequence("nices", nices, _nice, max_items=40, what="valores nice")
    weights = [weight(n) for n in nices]
    total = sum(weights)
    return tuple(w / total for w in weights)


@dataclass(frozen=True)
class NiceShare:
    """Un proceso del experimento: su ``nice``, peso, parte prevista y parte medida.

    ``samples`` es la parte de la CPU de la pareja en cada ventana; ``cpu_samples_s``,
    sus segundos de CPU en cada ventana. ``measured`` y ``cpu_s`` son sus medianas.
    """

    nice: int
    weight: int
    predicted: float
    samples: tuple[float, ...]
    cpu_samples_s: tuple[float, ...]

    @property
    def measured(self) -> float:
        """Mediana, entre ventanas, de la parte de CPU que se llevó este proceso."""
        return float(statistics.median(self.samples))

    @property
    def cpu_s(self) -> float:
        """Mediana de los segundos de CPU por ventana."""
        return float(statistics.median(self.cpu_samples_s))

    def cells(self) -> tuple[object, ...]:
        """La fila de tabla: ``nice``, peso, parte prevista, medida, mín.–máx. y CPU."""
        return (
            self.nice,
            self.weight,
            fmt.percent(self.predicted),
            fmt.percent(self.measured),
            f"{fmt.percent(min(self.samples))}–{fmt.percent(max(self.samples))}",
            fmt.seconds(self.cpu_s),
        )


@dataclass(frozen=True)
class NiceShares:
    """Resultado de :func:`measure_shares`."""

    cpu: int
    window_s: float
    shares: tuple[NiceShare, ...]

    @property
    def max_error(self) -> float:
        """Mayor diferencia absoluta entre parte medida y prevista (0,01 = 1 punto)."""
        return max(abs(s.measured - s.predicted) for s in self.shares)

    @property
    def windows(self) -> int:
        """Cuántas ventanas se midieron."""
        return len(self.shares[0].samples)

    @property
    def ratio(self) -> float:
        """Mediana, entre ventanas, del cociente de CPU entre el primer proceso y el último."""
        first, last = self.shares[0].cpu_samples_s, self.shares[-1].cpu_samples_s
        ratios = [a / b if b > 0 else float("inf") for a, b in zip(first, last, strict=True)]
        return float(statistics.median(ratios))

    @property
    def predicted_ratio(self) -> float:
        """Cociente de pesos entre el primer proceso y el último."""
        return self.shares[0].weight / self.shares[-1].weight

    def table(self) -> Table:
        """Tabla: ``nice``, peso, parte prevista y medida, segundos de CPU."""
        rows = [s.cells() for s in self.shares]
        return Table(
            ("nice", "peso", "parte prevista", "parte medida (mediana)", "mín.–máx.", "CPU"),
            rows,
            caption=(
                f"Procesos fijados a la CPU {self.cpu}: {self.windows} ventanas de "
                f"{fmt.seconds(self.window_s)}"
            ),
        )

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "cpu": self.cpu,
            "window_s": self.window_s,
            "shares": [
                {"nice": s.nice, "weight": s.weight, "predicted": s.predicted,
                 "measured": s.measured, "cpu_s": s.cpu_s, "samples": list(s.samples)}
                for s in self.shares
            ],
        }  # fmt: skip


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def nice_child(nice: int, cpu: int, conn: Connection) -> None:
    """Proceso hijo: se fija a ``cpu``, sube su ``nice`` y gira en cada ventana que le digan.

    Envía su ``nice`` real; después, por cada instante final que recibe (reloj
    monótono, común a todos los procesos), gira hasta él y devuelve los segundos de
    CPU consumidos en esa ventana. Un ``None`` le dice que termine.
    """
    try:
        os.sched_setaffinity(0, {cpu})
        current = os.getpriority(os.PRIO_PROCESS, 0)
        actual = os.nice(nice - current)
        conn.send(actual)
        while (end_at := conn.recv()) is not None:
            start = _cpu_seconds()
            while time.monotonic() < float(end_at):
                for _ in range(10_000):
                    pass
            conn.send(_cpu_seconds() - start)
    finally:
        conn.close()


def measure_shares(
    nices: Sequence[int] = (0, 5),
    *,
    window_s: float = 1.0,
    cpu: int | None = None,
    repeats: int = 1,
) -> NiceShares:
    """Lanza un proceso por ``nice``, todos en la CPU ``cpu``, y mide su parte de CPU.

    Se miden ``repeats`` ventanas de ``window_s`` segundos seguidas con los mismos
    procesos. ``nices`` no puede bajar del ``nice`` actual (subirlo no requiere
    privilegios; bajarlo sí). ``cpu`` es por defecto la última CPU permitida.
    """
    base = os.getpriority(os.PRIO_PROCESS, 0)
    check_sequence(
        "nices", nices, lambda n, v: check_int(n, v, base, 19), min_items=2, max_items=8,
        what="valores nice",
    )  # fmt: skip
    check_number("window_s", window_s, 0, 30, open_low=True)
    check_int("repeats", repeats, 1, 100)
    allowed = sorted(os.sched_getaffinity(0))
    target = allowed[-1] if cpu is None else cpu
    if target not in allowed:
        raise ValueError(f"cpu debe ser una de las CPU permitidas {allowed}; se recibió {cpu!r}")
    children = PipedChildren(nice_child, [(n, target) for n in nices], join_timeout_s=window_s + 5)
    used: list[list[float]] = [[] for _ in nices]
    with children:
        actual = [int(x) for x in children.recv_all()]
        with measure.exclusive():
            for _ in range(repeats):
                children.send_all(time.monotonic() + window_s)
                for k, cpu_s in enumerate(children.recv_all()):
                    used[k].append(float(cpu_s))
    totals = [sum(window) for window in zip(*used, strict=True)]
    predicted = predicted_shares(actual)
    shares = tuple(
        NiceShare(
            n,
            weight(n),
            pred,
            tuple(x / t if t > 0 else 0.0 for x, t in zip(u, totals, strict=True)),
            tuple(u),
        )
        for n, pred, u in zip(actual, predicted, used, strict=True)
    )
    return NiceShares(target, float(window_s), shares)

"""Las ``requests`` de CPU bajo contención: de milicores a pesos, y el reparto medido.

Una *request* de CPU no reserva un núcleo ni pone un techo: se convierte en el
**peso** del cgroup del contenedor (:mod:`~dadsbook.systems.containers.qos`), y el
planificador del núcleo reparte la CPU en proporción a los pesos **solo cuando hay
contención**. Sin contención, cada contenedor usa lo que necesite.

Escribir en ``/sys/fs/cgroup`` pide privilegios que la construcción del libro no
tiene, así que :func:`measure_contention` mide el **análogo** que sí está a mano: dos
procesos con distinto ``nice``, fijados a la misma CPU
(:func:`dadsbook.software.operating_system.nice.measure_shares`, el experimento del
capítulo de sistemas operativos). Un ``nice`` también es un peso del mismo
planificador (``sched_prio_to_weight``); :func:`plan` elige la pareja de ``nice``
cuyo cociente de pesos se acerca más al de los ``cpu.weight`` de los dos pods.

>>> p = plan((1000, 250))
>>> p.shares, p.weights_linear, p.weights_new, p.nice_gap
((1024, 256), (39, 10), (100, 35), 6)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from dadsbook import fmt, measure, verdict
from dadsbook.software.operating_system import nice
from dadsbook.systems.containers import qos
from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = ["ContentionResult", "WeightPlan", "measure_contention", "nearest_nice_gap", "plan"]


def nearest_nice_gap(ratio: float) -> int:
    """Diferencia de ``nice`` (desde 0) cuyo cociente de pesos más se acerca a ``ratio``.

    >>> nearest_nice_gap(1.0), nearest_nice_gap(3.9), nearest_nice_gap(2.86)
    (0, 6, 5)
    """
    if not isinstance(ratio, int | float) or not math.isfinite(ratio) or ratio < 1:
        raise ValueError(f"ratio debe ser un número finito ≥ 1; se recibió {ratio!r}")
    gaps = range(0, 20)
    return min(gaps, key=lambda k: abs(math.log(nice.weight(0) / nice.weight(k)) - math.log(ratio)))


def _share(a: float, b: float) -> float:
    return a / (a + b)


@dataclass(frozen=True)
class WeightPlan:
    """Dos pods con sus *requests* de CPU traducidas a pesos, y el análogo con ``nice``."""

    requests_m: tuple[int, int]

    @property
    def shares(self) -> tuple[int, int]:
        """``cpu.shares`` de cada pod (cgroup v1)."""
        a, b = self.requests_m
        return qos.milli_cpu_to_shares(a), qos.milli_cpu_to_shares(b)

    @property
    def weights_linear(self) -> tuple[int, int]:
        """``cpu.weight`` con la fórmula lineal."""
        a, b = self.shares
        return qos.shares_to_weight(a), qos.shares_to_weight(b)

    @property
    def weights_new(self) -> tuple[int, int]:
        """``cpu.weight`` con la fórmula de runc ≥ 1.3.2."""
        a, b = self.shares
        return qos.shares_to_weight_new(a), qos.shares_to_weight_new(b)

    @property
    def nice_gap(self) -> int:
        """Diferencia de ``nice`` del análogo (el de la fórmula lineal)."""
        a, b = self.weights_linear
        return nearest_nice_gap(a / b)

    def predicted(self) -> dict[str, float]:
        """Parte de una CPU que se llevaría el primer pod, según cada traducción."""
        s, lin, new = self.shares, self.weights_linear, self.weights_new
        gap = self.nice_gap
        return {
            "cgroup v1 (cpu.shares)": _share(*s),
            "cgroup v2, fórmula lineal": _share(*lin),
            "cgroup v2, runc ≥ 1.3.2": _share(*new),
            f"análogo: nice 0 y {gap}": _share(nice.weight(0), nice.weight(gap)),
        }

    def table(self) -> Table:
        """Cada pod: *request*, ``cpu.shares``, las dos ``cpu.weight`` y su parte prevista."""
        lin, new = self.weights_linear, self.weights_new
        rows = [
            (
                f"{fmt.number(request)}m",
                self.shares[k],
                lin[k],
                fmt.percent(_share(lin[k], lin[1 - k])),
                new[k],
                fmt.percent(_share(new[k], new[1 - k])),
            )
            for k, request in enumerate(self.requests_m)
        ]
        return Table(
            (
                "requests.cpu",
                "cpu.shares",
                "cpu.weight (lineal)",
                "parte prevista",
                "cpu.weight (runc ≥ 1.3.2)",
                "parte prevista",
            ),
            rows,
            caption="Dos pods que compiten por una CPU",
        )


def plan(requests_m: tuple[int, int] = (1000, 250)) -> WeightPlan:
    """Traduce las *requests* de CPU de dos pods (la primera, la mayor) a pesos."""
    if not isinstance(requests_m, tuple) or len(requests_m) != 2:
        raise ValueError("requests_m debe ser una tupla de dos requests de CPU en milicores")
    a = check_int("requests_m[0]", requests_m[0], 1, 256_000)
    b = check_int("requests_m[1]", requests_m[1], 1, a)
    return WeightPlan((a, b))


@dataclass(frozen=True)
class ContentionResult(measure.WithLoad):
    """El reparto medido: el plan, lo que midió el experimento de ``nice`` y la carga."""

    plan: WeightPlan
    measured: nice.NiceShares
    load: measure.Load | None

    @property
    def first(self) -> nice.NiceShare:
        """El proceso que hace de pod con la *request* mayor."""
        return self.measured.shares[0]

    @property
    def second(self) -> nice.NiceShare:
        """El proceso que hace de pod con la *request* menor."""
        return self.measured.shares[1]

    def verdict(self) -> verdict.Verdict:
        """¿Recibió más CPU el proceso de más peso? Ventana a ventana, con el veredicto."""
        a, b = self.plan.requests_m
        return verdict.compare(
            self.first.cpu_samples_s,
            self.second.cpu_samples_s,
            a_label=f"el análogo del pod de {fmt.number(a)}m",
            b_label=f"el del pod de {fmt.number(b)}m",
            more="más favorecido por el planificador",
            less="menos favorecido por el planificador",
            busy=self.busy,
        )

    def table(self) -> Table:
        """Los dos procesos: ``nice``, peso, parte prevista y medida por ventana."""
        rows = [
            (f"{fmt.number(req)}m", *s.cells())
            for req, s in zip(self.plan.requests_m, self.measured.shares, strict=True)
        ]
        return Table(
            ("pod", "nice", "peso", "parte prevista", "parte medida", "mín.–máx.", "CPU/ventana"),
            rows,
            caption=(
                f"Dos procesos fijados a la CPU {self.measured.cpu}: {self.measured.windows} "
                f"ventanas de {fmt.seconds(self.measured.window_s)}"
            ),
        )


def measure_contention(
    requests_m: tuple[int, int] = (1000, 250), *, window_s: float = 0.5, repeats: int = 7
) -> ContentionResult:
    """Mide el reparto de una CPU entre dos procesos con los pesos de dos pods.

    El análogo usa ``nice`` 0 y ``nice`` :attr:`WeightPlan.nice_gap` relativos al
    ``nice`` actual (subirlo no necesita privilegios).
    """
    p = plan(requests_m)
    base = os.getpriority(os.PRIO_PROCESS, 0)
    if base + p.nice_gap > 19:
        raise ValueError(
            f"el nice actual ({base}) no deja sitio para un análogo de {p.nice_gap} puntos más"
        )
    with measure.exclusive() as probe:
        measured = nice.measure_shares(
            (base, base + p.nice_gap), window_s=window_s, repeats=repeats
        )
    return ContentionResult(p, measured, probe.load)

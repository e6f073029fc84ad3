"""Sobreaprovisionamiento de un grupo de escalado: pedir N máquinas y arrancar N + k.

Un grupo de escalado de Azure (Virtual Machine Scale Sets) con la propiedad
``overprovision`` activada arranca más máquinas de las pedidas y, en cuanto las pedidas
están listas, borra las que sobran: una máquina lenta o que falla deja de retrasar al
conjunto. Según la guía de diseño de Azure, las máquinas de más no se cobran; lo que sí
cuesta es que hayan empezado a ejecutar sus extensiones antes de desaparecer (salvo con
``doNotRunExtensionsOnOverprovisionedVMs``).

**El modelo** (las cifras son del modelo, no de Azure, que no publica ni la distribución
de los arranques ni cuántas máquinas de más arranca):

- El arranque de cada máquina tarda ``T = median_s · exp(sigma · Z)``, con ``Z`` normal
  estándar (lognormal: la mayoría cerca de la mediana, alguna más lenta).
- Con probabilidad ``slow_p`` la máquina es **lenta**: su arranque se multiplica por
  ``slow_factor`` (un disco o un nodo físico ocupado, una imagen que se descarga despacio).
- Con probabilidad ``fail_p`` el arranque **falla** al cabo de ``T``: el grupo lo ve
  entonces y arranca otra máquina en su lugar (con un sorteo nuevo).
- Las extensiones se ejecutan en la parte final del arranque, la fracción
  ``extensions_share`` de ``T``: una máquina borrada que ya había pasado de
  ``(1 - extensions_share) · T`` había empezado a ejecutarlas.
- El grupo mantiene ``N + k`` arranques en curso (repone los que fallan) hasta tener
  ``N`` máquinas sanas; en ese instante borra las que seguían arrancando.

Los sorteos de cada arranque salen de la semilla en el orden en que se piden, así que
con la misma semilla las ``N`` primeras máquinas son las mismas con cualquier ``k``
(números aleatorios comunes: la comparación entre ``k`` no mezcla suerte distinta).

>>> d = deploy(10, extra=2, seed=1)
>>> d.ready == 10 and d.time_to_ready_s > 0
True
>>> d.deleted + d.failed + d.ready == d.started
True
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number, check_sequence

__all__ = [
    "MAX_MACHINES",
    "BootModel",
    "Deployment",
    "by_seed",
    "deploy",
    "summary_table",
]

#: Máquinas pedidas más las de más, como mucho, en un despliegue (tope de la simulación).
MAX_MACHINES = 1000


@dataclass(frozen=True)
class BootModel:
    """La distribución del tiempo de arranque de una máquina (ver el módulo)."""

    median_s: float = 90.0
    sigma: float = 0.25
    slow_p: float = 0.05
    slow_factor: float = 4.0
    fail_p: float = 0.03
    extensions_share: float = 0.4

    def __post_init__(self) -> None:
        check_number("median_s", self.median_s, positive=True)
        check_number("sigma", self.sigma, 0, 2)
        check_number("slow_p", self.slow_p, 0, 1)
        check_number("slow_factor", self.slow_factor, 1, 100)
        check_number("fail_p", self.fail_p, 0, 0.9)
        check_number("extensions_share", self.extensions_share, 0, 1)

    def draw(self, rng: random.Random) -> tuple[float, bool]:
        """Un arranque: su duración en segundos y si acaba sano (``False``: falla)."""
        seconds = self.median_s * math.exp(self.sigma * rng.gauss(0.0, 1.0))
        if rng.random() < self.slow_p:
            seconds *= self.slow_factor
        return seconds, rng.random() >= self.fail_p


@dataclass(frozen=True)
class Deployment:
    """Un despliegue de ``requested`` máquinas con ``extra`` de más."""

    requested: int
    extra: int
    time_to_ready_s: float
    started: int
    ready: int
    failed: int
    deleted: int
    extensions_on_deleted: int

    def as_dict(self) -> dict[str, object]:
        """Resumen serializable en JSON."""
        return {
            "requested": self.requested,
            "extra": self.extra,
            "time_to_ready_s": self.time_to_ready_s,
            "started": self.started,
            "failed": self.failed,
            "deleted": self.deleted,
            "extensions_on_deleted": self.extensions_on_deleted,
        }


def deploy(requested: int, *, extra: int, seed: int, model: BootModel | None = None) -> Deployment:
    """Despliega ``requested`` máquinas arrancando ``requested + extra`` (ver el módulo)."""
    check_int("requested", requested, 1)
    check_int("extra", extra, 0)
    if requested + extra > MAX_MACHINES:
        raise ValueError(
            f"requested + extra debe ser como mucho {MAX_MACHINES}; se recibió {requested + extra}"
        )
    check_int("seed", seed)
    model = model or BootModel()
    rng = random.Random(seed)
    # (fin, orden, inicio, duración, sana): el orden desempata y fija la secuencia de sorteos.
    running: list[tuple[float, int, float, float, bool]] = []
    started = failed = ready = 0

    def start(at: float) -> None:
        nonlocal started
        seconds, healthy = model.draw(rng)
        heapq.heappush(running, (at + seconds, started, at, seconds, healthy))
        started += 1

    for _ in range(requested + extra):
        start(0.0)
    now = 0.0
    while ready < requested:
        now, _, _, _, healthy = heapq.heappop(running)
        if healthy:
            ready += 1
        else:
            failed += 1
            start(now)
    extensions = sum(
        1 for _, _, begin, seconds, _ in running
        if now - begin >= (1 - model.extensions_share) * seconds
    )  # fmt: skip
    return Deployment(requested, extra, now, started, ready, failed, len(running), extensions)


def by_seed(
    requested: int,
    extras: Sequence[int],
    *,
    seeds: Sequence[int],
    model: BootModel | None = None,
) -> dict[int, list[Deployment]]:
    """Un despliegue por semilla para cada ``k`` de ``extras`` (las repeticiones del veredicto).

    >>> out = by_seed(5, [0, 1], seeds=range(3))
    >>> [len(v) for v in out.values()]
    [3, 3]
    """
    check_sequence("seeds", seeds, check_int, what="semillas")
    if not extras:
        raise ValueError("extras debe contener al menos un valor de k")
    return {k: [deploy(requested, extra=k, seed=s, model=model) for s in seeds] for k in extras}


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary_table(results: dict[int, list[Deployment]]) -> Table:
    """Por cada ``k``: tiempo hasta tener las N listas (mediana y percentil 90) y lo borrado."""
    rows = []
    for k, runs in results.items():
        times = [d.time_to_ready_s for d in runs]
        rows.append((
            fmt.number(k),
            fmt.number(_quantile(times, 0.5), 0),
            fmt.number(_quantile(times, 0.9), 0),
            fmt.number(sum(d.deleted for d in runs) / len(runs), 1),
            fmt.number(sum(d.extensions_on_deleted for d in runs) / len(runs), 1),
        ))  # fmt: skip
    headers = (
        "máquinas de más (k)", "hasta N listas, mediana (s)", "percentil 90 (s)",
        "borradas por despliegue", "con extensiones ya en marcha",
    )  # fmt: skip
    return Table(
        headers, rows, caption="Sobreaprovisionamiento: tiempo hasta tener N máquinas listas"
    )

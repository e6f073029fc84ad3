"""Escalado en una máquina con más núcleos: un resultado de referencia, citado, no medido aquí.

El capítulo de la CPU mide en la máquina que construye el libro, que puede tener solo
dos CPU: ahí no se ve nada por encima de 2×. Para enseñar cómo sigue la curva, el
capítulo cita lo que midió el guion ``python -m dadsbook.hardware.cpu.scaling`` en
otra máquina y otra fecha. Estos números **no son de esta construcción**: son datos
fijos con su procedencia, como las latencias de :mod:`.coherence_costs`, y la página
los rotula así.

Procedencia: nota de cierre de la parada 9 del proyecto (noviembre de 2026), primera
de sus dos ejecuciones, en una máquina recién arrancada.

Se midieron con la **definición anterior del techo** (``N`` procesos nuevos en cada
repetición, que calentaban con una porción antes de la salida), no con los
trabajadores calientes de :mod:`.ceiling`: por eso ahí el *pool* llega a superar al
techo con 16 trabajadores, lo que llevó a redefinirlo.

>>> REFERENCE_16.point(16).pool
14.4
>>> REFERENCE_16.point(16).pool_over_ceiling
1.03
"""

from __future__ import annotations

from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table

__all__ = ["REFERENCE_16", "ReferencePoint", "ScalingReference", "reference_table"]


@dataclass(frozen=True)
class ReferencePoint:
    """Aceleraciones citadas con ``workers`` trabajadores (Python puro)."""

    workers: int
    ceiling: float
    pool: float

    @property
    def pool_over_ceiling(self) -> float:
        """Cociente *pool* / techo, redondeado a dos decimales como en la fuente."""
        return round(self.pool / self.ceiling, 2)


@dataclass(frozen=True)
class ScalingReference:
    """Un resultado de escalado de otra máquina, con todo lo necesario para rotularlo."""

    machine: str
    date: str
    command: str
    ceiling_definition: str
    source: str
    points: tuple[ReferencePoint, ...]
    numpy_workers: int
    numpy_size: int
    numpy_processes: float
    numpy_threads: float

    def point(self, workers: int) -> ReferencePoint:
        """El punto citado con ``workers`` trabajadores."""
        for p in self.points:
            if p.workers == workers:
                return p
        raise ValueError(
            f"workers debe ser uno de {[p.workers for p in self.points]}; se recibió {workers!r}"
        )

    @property
    def max_workers(self) -> int:
        """El mayor número de trabajadores citado."""
        return max(p.workers for p in self.points)

    def label(self) -> str:
        """Rótulo para la página: de qué máquina, cuándo y con qué orden."""
        return f"{self.machine}, {self.date}; {self.command}"


#: Primera ejecución de la parada 9 (VM KVM de 16 vCPU, noviembre de 2026).
REFERENCE_16 = ScalingReference(
    machine=(
        "máquina virtual KVM con un Intel Xeon (modelo 207) y 16 vCPU, un hilo por núcleo "
        "según el hipervisor, Python 3.12.3"
    ),
    date="noviembre de 2026",
    command=(
        "el guion de escalado de entonces, hoy dadsbook scaling (6 millones de vueltas "
        "por porción, 5 repeticiones)"
    ),
    ceiling_definition=(
        "procesos nuevos en cada repetición, que calentaban con una porción antes de la salida"
    ),
    source="nota de cierre de la parada 9 del proyecto dadsbook",
    points=(
        ReferencePoint(workers=2, ceiling=2.91, pool=2.25),
        ReferencePoint(workers=16, ceiling=14.0, pool=14.4),
    ),
    numpy_workers=16,
    numpy_size=512,
    numpy_processes=7.43,
    numpy_threads=7.62,
)


def reference_table(reference: ScalingReference = REFERENCE_16, caption: str = "") -> Table:
    """Tabla de los puntos citados: trabajadores, techo, *pool* y su cociente."""
    rows = [
        (p.workers, fmt.ratio(p.ceiling), fmt.ratio(p.pool), fmt.number(p.pool_over_ceiling, 2))
        for p in reference.points
    ]
    return Table(
        ("trabajadores", "techo (definición anterior)", "pool de procesos", "pool/techo"),
        rows,
        caption or f"Referencia de otra máquina: {reference.label()}",
    )

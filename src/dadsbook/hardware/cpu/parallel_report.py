"""Frases del capítulo sobre el paralelismo medido, decididas por el veredicto.

La página de la CPU explica por qué una curva de aceleración queda donde queda y qué
hay que llevarse de ella. Esas frases dependen de lo medido, así que no pueden ir
escritas a mano: salen de aquí, con :func:`dadsbook.verdict.compare` (a través de
:mod:`.speedup` y :meth:`.parallel.ScalingPoint.pool_vs_ceiling`) y del sello de la
máquina (:func:`dadsbook.machine.stamp`), que dice si la construcción corrió en una
máquina virtual.

Cuando esta máquina no deja ver el efecto (pocas CPU, máquina ocupada, demasiada
dispersión), las frases lo dicen y remiten al resultado de referencia de otra máquina
(:mod:`.scaling_reference`), rotulado como tal. Las frases van en texto plano: se pegan
con ``{glue:text}``, que no interpreta Markdown.
"""

from __future__ import annotations

from dadsbook import fmt, verdict
from dadsbook.hardware.cpu.parallel import ScalingPoint
from dadsbook.hardware.cpu.scaling_reference import REFERENCE_16, ScalingReference
from dadsbook.hardware.cpu.speedup import ideal_verdict
from dadsbook.machine import MachineStamp

__all__ = ["ideal_sentence", "machine_sentence", "reference_sentence", "takeaway"]


def _workers(n: int) -> str:
    return f"{fmt.number(n)} {'trabajador' if n == 1 else 'trabajadores'}"


def ideal_sentence(point: ScalingPoint) -> str:
    """Dónde quedó el techo respecto de la línea ideal en esta construcción."""
    v = ideal_verdict(point.seconds("uno"), point.seconds("techo"), busy=point.busy)
    where = f"En esta construcción, con {_workers(point.workers)}"
    if v.busy:
        return f"{where}, no se puede decir dónde quedó el techo: {verdict.BUSY_PHRASE}."
    return v.pick(
        mayor=(
            f"{where}, el techo quedó por debajo del ideal: el más lento de sus trabajadores "
            f"tardó más en su porción que uno solo en la suya ({v.phrase})."
        ),
        menor=(
            f"{where}, el techo quedó por encima del ideal, algo que solo explican el ruido o "
            f"una referencia más lenta que los trabajadores ({v.phrase})."
        ),
        igual=f"{where}, el techo no se distingue del ideal ({v.reason}).",
    )


def machine_sentence(stamp: MachineStamp) -> str:
    """Lo que la clase de máquina (del sello) permite saber sobre la curva, y lo que no."""
    if stamp.virtual:
        return (
            f"Y esta construcción corrió en {stamp.kind}: desde dentro no se puede saber si "
            "dos vCPU son dos núcleos físicos o los dos hilos SMT de un solo núcleo (que "
            "compiten por él y rinden bastante menos que dos), ni cuánto tiempo de las vCPU "
            "da el anfitrión a otras máquinas (el tiempo robado, que el arnés anota); las "
            "dos cosas bajan la curva sin que se vean aquí."
        )
    return (
        f"Esta construcción corrió en {stamp.kind}: ahí la topología de /sys dice qué CPU "
        "lógicas son hermanas SMT (lo verás en la sección sobre SMT), y Linux reparte "
        "primero un hilo por núcleo."
    )


def _reference_clause(reference: ScalingReference) -> str:
    top = reference.point(reference.max_workers)
    return (
        f"en otra máquina y otra fecha ({reference.label()}), el pool de procesos llegó a "
        f"{fmt.ratio(top.pool)} con {_workers(top.workers)}"
    )


def reference_sentence(point: ScalingPoint, reference: ScalingReference = REFERENCE_16) -> str:
    """Qué se vio aquí con el *pool* de procesos y qué dice la referencia de otra máquina."""
    accelerated = point.acceleration("procesos")
    here = f"con {_workers(point.workers)}, el pool de procesos {point.speedup_phrase('procesos')}"
    return accelerated.pick(
        mayor=(
            f"En esta construcción el efecto sí se vio: {here}. Con más CPU la curva sigue "
            f"subiendo: {_reference_clause(reference)}."
        ),
        menor=(
            f"En esta construcción el efecto no se vio: {here}. Como referencia, "
            f"{_reference_clause(reference)}."
        ),
        igual=(
            f"En esta construcción el efecto no se vio: {here}. Como referencia, "
            f"{_reference_clause(reference)}."
        ),
    )


def takeaway(point: ScalingPoint, reference: ScalingReference = REFERENCE_16) -> str:
    """La parte medida de «Para llevar» sobre los procesos: nunca contradice al veredicto."""
    accelerated = point.acceleration("procesos")
    measured = fmt.ratio(point.speedup("procesos"))
    top = reference.point(reference.max_workers)
    elsewhere = (
        f"con {fmt.number(top.workers)} vCPU, en otra máquina y fecha, el pool llegó a "
        f"{fmt.ratio(top.pool)}"
    )
    not_seen = (
        f"en esta construcción no se vio con {_workers(point.workers)}: el pool de procesos "
        f"{point.speedup_phrase('procesos')}; {elsewhere}"
    )
    return accelerated.pick(
        mayor=(
            f"en esta construcción, con {_workers(point.workers)}, el pool de procesos llegó "
            f"a {measured}"
        ),
        menor=not_seen,
        igual=not_seen,
    )

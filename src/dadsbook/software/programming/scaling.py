"""Amdahl y Gustafson frente a las aceleraciones que mide la propia página.

:func:`fit` ajusta la fracción serie experimental, la **métrica de Karp–Flatt**
(:func:`dadsbook.laws.fit_amdahl`), a unas aceleraciones medidas;
:func:`dadsbook.software.programming.figures.laws_figure`
dibuja los puntos medidos con las curvas de Amdahl (trabajo fijo, con esa ``s``) y
de Gustafson (trabajo que crece con los trabajadores, con la ``s′`` de la ejecución
paralela medida, :func:`dadsbook.laws.gustafson_fraction`), hasta más trabajadores
de los que tiene la máquina.

Un ajuste solo dice algo si hubo aceleración: si la ejecución con más trabajadores
no fue más rápida que la referencia de forma medible (según
:func:`dadsbook.verdict.compare`, que también sabe si la máquina estaba ocupada), la
fracción que sale (hasta el 100 %) es ruido o carga ajena, no una propiedad del
programa. :attr:`LawFit.reliable` lo dice, :func:`describe` lo explica y la figura no
dibuja las curvas de un ajuste que no es fiable.

>>> f = fit("ejemplo", [1, 2], [1.0, 1.6])
>>> round(f.serial, 3), round(f.ceiling, 2), f.reliable
(0.25, 4.0, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt, laws, verdict

__all__ = ["REFERENCE_SERIAL", "LawFit", "describe", "fit"]

#: Fracción serie de las curvas de referencia cuando ningún ajuste es fiable: un valor
#: ilustrativo, no medido (se rotula así en la figura).
REFERENCE_SERIAL = 0.05


@dataclass(frozen=True)
class LawFit:
    """Fracción serie experimental ajustada a unas aceleraciones medidas.

    ``evidence`` es el veredicto de la ejecución con más trabajadores frente a la
    referencia (``"menor"``: fue más rápida de forma medible).
    """

    name: str
    workers: tuple[int, ...]
    speedups: tuple[float, ...]
    serial: float
    evidence: verdict.Verdict | None = None

    @property
    def reliable(self) -> bool:
        """Si hubo aceleración medible con la máquina tranquila: solo entonces dice algo."""
        return self.evidence is not None and self.evidence.decision == "menor"

    @property
    def ceiling(self) -> float:
        """Techo de Amdahl: ``1/s`` (infinito si no hay parte serie)."""
        return 1.0 / self.serial if self.serial > 0 else float("inf")

    @property
    def parallel_serial(self) -> float:
        """La ``s′`` de Gustafson: fracción serie de la ejecución con más trabajadores."""
        return laws.gustafson_fraction(max(self.workers), self.serial)

    def amdahl(self, workers: float) -> float:
        """Aceleración que predice Amdahl con ``workers`` trabajadores."""
        return laws.amdahl(workers, self.serial)

    def gustafson(self, workers: float) -> float:
        """Aceleración escalada de Gustafson con ``workers`` trabajadores.

        Supone que, al crecer el trabajo con los trabajadores, la parte serie sigue
        ocupando la misma fracción :attr:`parallel_serial` de la ejecución paralela que
        en la medida con más trabajadores.
        """
        return laws.gustafson(workers, self.parallel_serial)


def fit(
    name: str,
    workers: Sequence[int],
    speedups: Sequence[float],
    *,
    evidence: verdict.Verdict | None = None,
) -> LawFit:
    """Ajusta la métrica de Karp–Flatt a ``speedups`` medidas con ``workers`` trabajadores.

    ``evidence``: el veredicto de la ejecución con más trabajadores frente a la
    referencia; sin él, el ajuste se considera no fiable.
    """
    if len(workers) != len(speedups) or not workers:
        raise ValueError("workers y speedups deben tener la misma longitud, no nula")
    if max(workers) < 2:
        raise ValueError("hace falta al menos una medida con 2 o más trabajadores")
    if evidence is not None and not isinstance(evidence, verdict.Verdict):
        raise TypeError(f"evidence debe ser un Verdict; se recibió {type(evidence).__name__}")
    serial = laws.fit_amdahl(list(workers), list(speedups))
    return LawFit(name, tuple(workers), tuple(float(s) for s in speedups), serial, evidence)


def describe(f: LawFit, *, up_to: int = 16) -> str:
    """Lo que el ajuste permite decir, en español; si no es fiable, por qué no dice nada."""
    if not isinstance(f, LawFit):
        raise TypeError(f"f debe ser un LawFit; se recibió {type(f).__name__}")
    fraction = fmt.percent(f.serial)
    if not f.reliable:
        why = f.evidence.phrase if f.evidence is not None else "no hay veredicto de la medición"
        return (
            f"Con {f.name}, la ejecución con {max(f.workers)} trabajadores no fue más rápida "
            f"que la referencia de forma medible ({why}), así que el ajuste (que da "
            f"{fraction}) no mide la fracción serie del programa y no se saca de él ninguna "
            "conclusión: la figura solo muestra los puntos medidos."
        )
    ceiling = "sin techo" if f.serial == 0 else f"un techo de {fmt.ratio(f.ceiling, 1)}"
    evidence = f.evidence.phrase if f.evidence is not None else ""
    return (
        f"Con {f.name}, {evidence}. La fracción serie experimental (métrica de Karp–Flatt) es del "
        f"{fraction}: según Amdahl, {ceiling}, y {fmt.ratio(f.amdahl(up_to))} con {up_to} "
        f"trabajadores. En la ejecución con {max(f.workers)} trabajadores, la parte serie "
        f"ocupó el {fmt.percent(f.parallel_serial)} del tiempo (la s′ de Gustafson); si el "
        f"trabajo creciera con los trabajadores y esa fracción se mantuviera, la aceleración "
        f"escalada con {up_to} sería {fmt.ratio(f.gustafson(up_to))}."
    )

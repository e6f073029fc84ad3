"""Amdahl y Gustafson frente a las aceleraciones que mide la propia página.

:func:`fit` ajusta la fracción serie experimental, la **métrica de Karp–Flatt**
(:func:`dadsbook.laws.fit_amdahl`), a unas aceleraciones medidas; :func:`laws_figure`
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

from matplotlib.figure import Figure

from dadsbook import fmt, laws, plotting, verdict

__all__ = ["REFERENCE_SERIAL", "LawFit", "describe", "fit", "laws_figure"]

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


def laws_figure(fits: Sequence[LawFit], *, up_to: int = 16) -> Figure:
    """Puntos medidos y, para cada ajuste fiable, las curvas de Amdahl y de Gustafson.

    Si ningún ajuste es fiable, dibuja las dos leyes con una fracción serie de
    referencia (:data:`REFERENCE_SERIAL`), rotulada como no medida; la ``s′`` de
    Gustafson es la de esa referencia con el mayor número de trabajadores medido.
    """
    if not fits:
        raise ValueError("fits debe contener al menos un ajuste")
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 2:
        raise ValueError(f"up_to debe ser un entero ≥ 2; se recibió {up_to!r}")
    fig = plotting.figure(6.5, 3.8)
    ax = fig.add_subplot()
    xs = [1 + i * (up_to - 1) / 200 for i in range(201)]
    ax.plot(xs, xs, linestyle=":", color="grey", label="ideal (N×)")
    curves = [(f, plotting.color(i)) for i, f in enumerate(fits) if f.reliable]
    if not curves:
        # Como con un ajuste: Gustafson con la s′ de la ejecución con más trabajadores medida.
        ref = REFERENCE_SERIAL
        s_prime = laws.gustafson_fraction(max(max(f.workers) for f in fits), ref)
        ax.plot(
            xs,
            [laws.amdahl(x, ref) for x in xs],
            color="black",
            label=f"Amdahl, referencia no medida (s = {fmt.percent(ref)})",
        )
        ax.plot(
            xs,
            [laws.gustafson(x, s_prime) for x in xs],
            color="black",
            linestyle="--",
            label=f"Gustafson, referencia no medida (s′ = {fmt.percent(s_prime)})",
        )
    for f, c in curves:
        ax.plot(
            xs,
            [f.amdahl(x) for x in xs],
            color=c,
            label=f"Amdahl, {f.name} (s = {fmt.percent(f.serial)})",
        )
        ax.plot(
            xs,
            [f.gustafson(x) for x in xs],
            color=c,
            linestyle="--",
            label=f"Gustafson, {f.name} (s′ = {fmt.percent(f.parallel_serial)})",
        )
    for i, f in enumerate(fits):
        ax.plot(
            f.workers,
            f.speedups,
            marker="o",
            linestyle="none",
            color=plotting.color(i),
            markersize=7,
            markeredgecolor="black",
            label=f"medido, {f.name}" + ("" if f.reliable else " (sin aceleración medible)"),
        )
    ax.set_xlabel("trabajadores (procesos o rangos)")
    ax.set_ylabel("aceleración (×)")
    ax.set_xlim(1, up_to)
    ax.set_ylim(0, up_to)
    ax.legend(fontsize=7, loc="upper left")
    return fig

"""Amdahl y Gustafson frente a las aceleraciones que mide la propia página.

:func:`fit` ajusta la ley de Amdahl (:func:`dadsbook.laws.fit_amdahl`) a unas
aceleraciones medidas y deduce la fracción serie que implican; :func:`laws_figure`
dibuja los puntos medidos con las curvas de Amdahl (trabajo fijo) y Gustafson
(trabajo que crece con los trabajadores) para esa fracción, hasta más trabajadores de
los que tiene la máquina: ahí está el techo ``1/s``.

>>> f = fit("ejemplo", [1, 2], [1.0, 1.6])
>>> round(f.serial, 3), round(f.ceiling, 2)
(0.25, 4.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from dadsbook import laws, plotting

__all__ = ["LawFit", "fit", "laws_figure"]


@dataclass(frozen=True)
class LawFit:
    """Fracción serie ajustada a unas aceleraciones medidas."""

    name: str
    workers: tuple[int, ...]
    speedups: tuple[float, ...]
    serial: float

    @property
    def ceiling(self) -> float:
        """Techo de Amdahl: ``1/s`` (infinito si no hay parte serie)."""
        return 1.0 / self.serial if self.serial > 0 else float("inf")

    def amdahl(self, workers: float) -> float:
        """Aceleración que predice Amdahl con ``workers`` trabajadores."""
        return laws.amdahl(workers, self.serial)

    def gustafson(self, workers: float) -> float:
        """Aceleración escalada que predice Gustafson con ``workers`` trabajadores."""
        return laws.gustafson(workers, self.serial)


def fit(name: str, workers: Sequence[int], speedups: Sequence[float]) -> LawFit:
    """Ajusta Amdahl a ``speedups`` medidas con ``workers`` trabajadores."""
    if len(workers) != len(speedups) or not workers:
        raise ValueError("workers y speedups deben tener la misma longitud, no nula")
    if max(workers) < 2:
        raise ValueError("hace falta al menos una medida con 2 o más trabajadores")
    serial = laws.fit_amdahl(list(workers), list(speedups))
    return LawFit(name, tuple(workers), tuple(float(s) for s in speedups), serial)


def laws_figure(fits: Sequence[LawFit], *, up_to: int = 16) -> Figure:
    """Puntos medidos y, para cada ajuste, las curvas de Amdahl y de Gustafson."""
    if not fits:
        raise ValueError("fits debe contener al menos un ajuste")
    if up_to < 2:
        raise ValueError(f"up_to debe ser ≥ 2; se recibió {up_to!r}")
    fig = plotting.figure(6.5, 3.8)
    ax = fig.add_subplot()
    xs = [1 + i * (up_to - 1) / 200 for i in range(201)]
    ax.plot(xs, xs, linestyle=":", color="grey", label="ideal (N×)")
    for i, f in enumerate(fits):
        c = plotting.color(i)
        ax.plot(
            xs, [f.amdahl(x) for x in xs], color=c, label=f"Amdahl, {f.name} (s={f.serial:.2f})"
        )
        ax.plot(
            xs, [f.gustafson(x) for x in xs], color=c, linestyle="--", label=f"Gustafson, {f.name}"
        )
        ax.plot(
            f.workers,
            f.speedups,
            marker="o",
            linestyle="none",
            color=c,
            markersize=7,
            markeredgecolor="black",
            label=f"medido, {f.name}",
        )
    ax.set_xlabel("trabajadores (procesos o rangos)")
    ax.set_ylabel("aceleración (×)")
    ax.set_xlim(1, up_to)
    ax.set_ylim(0, up_to)
    ax.legend(fontsize=7, loc="upper left")
    return fig

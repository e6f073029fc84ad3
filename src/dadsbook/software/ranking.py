"""Quién quedó en cabeza entre varias variantes, decidido por el veredicto del libro.

Elegir «la mejor» con ``max`` o ``min`` de las medianas publica un ganador aunque la
diferencia con la segunda sea ruido. :func:`best` toma la variante con la mejor
mediana solo como **candidata** y la compara con cada una de las demás mediante
:func:`dadsbook.verdict.compare`; la frase dice en cabeza a la candidata y a todas
las que no quedaron detrás de ella de forma medible.

>>> r = best({"a": [1.0, 1.1, 0.9, 1.0, 1.05], "b": [3.0, 3.1, 2.9, 3.0, 3.05],
...           "c": [1.02, 1.0, 1.08, 0.97, 1.01]})
>>> r.leaders
('a', 'c')
>>> print(r.phrase)
quedó en cabeza «a», sin diferencia medible con «c»
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dadsbook import verdict

__all__ = ["Ranking", "best", "together"]


def _median(samples: verdict.Samples) -> float:
    if isinstance(samples, Sequence):
        return float(statistics.median(samples))
    return float(statistics.median(samples.samples_ns))  # una Measurement


def _join(names: list[str]) -> str:
    quoted = [f"«{n}»" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " y " + quoted[-1]


@dataclass(frozen=True)
class Ranking:
    """Las variantes en cabeza y el veredicto de la candidata frente a cada una de las demás."""

    candidate: str
    leaders: tuple[str, ...]
    verdicts: dict[str, verdict.Verdict]

    @property
    def busy(self) -> bool:
        """Si alguna comparación se hizo con la máquina ocupada."""
        return any(v.busy for v in self.verdicts.values())

    @property
    def decided(self) -> bool:
        """Si la candidata quedó por delante de todas las demás de forma medible."""
        return self.leaders == (self.candidate,) and not self.busy

    @property
    def phrase(self) -> str:
        """Quién quedó en cabeza, como oración en español (o por qué no se puede decir)."""
        if self.busy:
            return f"{verdict.BUSY_PHRASE} quién quedó en cabeza"
        if len(self.verdicts) == 0:
            return f"solo se midió «{self.candidate}»"
        if self.decided:
            return (
                f"quedó en cabeza «{self.candidate}», por delante de todas las demás "
                "de forma medible"
            )
        others = [n for n in self.leaders if n != self.candidate]
        return f"quedó en cabeza «{self.candidate}», sin diferencia medible con {_join(others)}"


def best(
    samples: Mapping[str, verdict.Samples], *, lower_is_better: bool = True, seed: int = 0
) -> Ranking:
    """Variante en cabeza de ``samples`` (tiempos si ``lower_is_better``; tasas si no).

    Cada valor es una :class:`~dadsbook.measure.Measurement` o una secuencia de
    números ≥ 0, como acepta :func:`dadsbook.verdict.compare`.
    """
    if not isinstance(samples, Mapping) or not samples:
        raise ValueError("samples debe ser un diccionario con al menos una variante")
    order = sorted(samples, key=lambda name: _median(samples[name]))
    candidate = order[0] if lower_is_better else order[-1]
    wins = "menor" if lower_is_better else "mayor"
    verdicts = {
        name: verdict.compare(samples[candidate], samples[name], seed=seed)
        for name in samples
        if name != candidate
    }
    leaders = (candidate, *(n for n, v in verdicts.items() if v.decision != wins))
    return Ranking(candidate, leaders, verdicts)


def together(verdicts: Sequence[verdict.Verdict], *, sep: str = "; ") -> str:
    """Las frases de varios veredictos en una; si la máquina estaba ocupada, se dice una vez.

    >>> busy = verdict.compare([1.0] * 5, [2.0] * 5, busy=True)
    >>> together([busy, busy])
    'la máquina estaba ocupada: esta medición no decide'
    >>> together([verdict.compare([1.0], [1.0], a_label="a", b_label="b")])
    'entre a y b no hay diferencia medible (hacen falta al menos 5 repeticiones de cada lado)'
    """
    if not verdicts:
        raise ValueError("verdicts debe contener al menos un veredicto")
    if all(v.busy for v in verdicts):
        return verdict.BUSY_PHRASE
    return sep.join(v.phrase for v in verdicts)

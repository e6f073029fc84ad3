"""El veredicto: la única función del libro que convierte mediciones en una frase.

Comparar dos medianas con ``<`` publica un ganador aunque la diferencia sea ruido:
en una máquina de 2 núcleos compartida, dos repeticiones de lo mismo pueden diferir
un 30 %. Toda frase comparativa que elige el código pasa por :func:`compare`, que
decide con una **regla declarada**, nunca con las medianas solas:

1. Hacen falta al menos :data:`MIN_SAMPLES` repeticiones de cada lado.
2. Los rangos intercuartílicos (del primer al tercer cuartil) **no se solapan**.
3. La prueba de rangos de Mann-Whitney (exacta por permutaciones cuando caben,
   normal con corrección de empates si no) da p < :data:`ALPHA`, bilateral.
4. El intervalo de confianza del 95 % del cociente de medianas, por *bootstrap*
   (remuestreo con reemplazo, :data:`RESAMPLES` veces, semilla fija), **no contiene
   el 1**.
5. Ninguna de las dos mediciones se hizo con la máquina ocupada
   (:class:`dadsbook.measure.Load`).

Si se cumplen las cuatro, la decisión es ``"mayor"`` o ``"menor"`` (lo que mide
``a`` respecto de ``b``); si no, ``"sin diferencia medible"``, y la frase dice por qué.

>>> v = compare([2.0, 2.1, 1.9, 2.05, 1.95], [1.0, 1.05, 0.95, 1.02, 0.98],
...             a_label="los procesos", b_label="los hilos",
...             more="más lentos", less="más rápidos")
>>> v.decision
'mayor'
>>> print(v)  # doctest: +NORMALIZE_WHITESPACE
los procesos fueron más lentos que los hilos (cociente de medianas 2×,
fuera de la dispersión de las repeticiones)
>>> compare([1.0, 1.1, 0.9, 1.02, 1.0], [1.05, 0.95, 1.0, 0.99, 1.01]).decision
'sin diferencia medible'
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from dadsbook import fmt

__all__ = [
    "ALPHA",
    "CONFIDENCE",
    "MIN_SAMPLES",
    "RESAMPLES",
    "Decision",
    "Verdict",
    "compare",
    "rank_test",
]

Decision = Literal["mayor", "menor", "sin diferencia medible"]

#: Repeticiones mínimas por lado para poder decidir: con 4 contra 4, ni separando del
#: todo las muestras baja la p exacta de Mann-Whitney de 0,029 (> :data:`ALPHA`).
MIN_SAMPLES = 5
#: Nivel de significación de la prueba de rangos. Estricto a propósito: una frase
#: falsa en el libro cuesta más que una prudente.
ALPHA = 0.01
#: Por encima de estas combinaciones, la prueba de rangos usa la aproximación normal.
EXACT_LIMIT = 20_000
#: Remuestreos del *bootstrap*.
RESAMPLES = 2000
#: Nivel de confianza del intervalo del cociente de medianas.
CONFIDENCE = 0.95

BUSY_PHRASE = "la máquina estaba ocupada: esta medición no decide"


@runtime_checkable
class _HasSamples(Protocol):
    """Lo que :func:`compare` necesita de una :class:`dadsbook.measure.Measurement`."""

    @property
    def samples_ns(self) -> tuple[int, ...]: ...

    @property
    def busy(self) -> bool: ...


Samples = Sequence[float] | _HasSamples


@dataclass(frozen=True)
class Verdict:
    """El resultado de comparar ``a`` con ``b``: decisión, frase y el porqué."""

    decision: Decision
    phrase: str
    ratio: float
    low: float
    high: float
    busy: bool
    reason: str

    @property
    def differs(self) -> bool:
        """Si hay una diferencia medible (``"mayor"`` o ``"menor"``)."""
        return self.decision != "sin diferencia medible"

    def pick(self, *, mayor: str, menor: str, igual: str) -> str:
        """Elige el texto que corresponde a la decisión (para frases de la página).

        >>> v = compare([3, 3.1, 2.9, 3, 3], [1, 1.1, 0.9, 1, 1])
        >>> v.pick(mayor="A", menor="B", igual="ninguno")
        'A'
        """
        if self.decision == "mayor":
            return mayor
        if self.decision == "menor":
            return menor
        return igual

    def __str__(self) -> str:
        return self.phrase


def _values(samples: Samples, name: str) -> tuple[list[float], bool]:
    if isinstance(samples, _HasSamples):
        return [s / 1e9 for s in samples.samples_ns], bool(samples.busy)
    if isinstance(samples, (str, bytes)) or not isinstance(samples, Sequence):
        raise TypeError(
            f"{name} debe ser una Measurement o una secuencia de números; "
            f"se recibió {type(samples).__name__}"
        )
    values: list[float] = []
    for i, x in enumerate(samples):
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            try:
                x = float(x)  # escalares de NumPy
            except (TypeError, ValueError):
                raise TypeError(f"{name}[{i}] debe ser un número; se recibió {x!r}") from None
        if not math.isfinite(x) or x < 0:
            raise ValueError(f"{name}[{i}] debe ser un número finito ≥ 0; se recibió {x!r}")
        values.append(float(x))
    return values, False


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return q1, q2, q3


def _midranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def rank_test(a: Sequence[float], b: Sequence[float]) -> float:
    """p bilateral de la prueba de rangos de Mann-Whitney (Wilcoxon de suma de rangos).

    >>> round(rank_test([1, 2, 3, 4], [5, 6, 7, 8]), 4)
    0.0286
    """
    n, m = len(a), len(b)
    ranks = _midranks([*a, *b])
    observed = sum(ranks[:n])
    expected = n * (n + m + 1) / 2
    distance = abs(observed - expected) - 1e-9
    if math.comb(n + m, n) <= EXACT_LIMIT:
        hits = total = 0
        for chosen in itertools.combinations(ranks, n):
            total += 1
            hits += abs(sum(chosen) - expected) >= distance
        return hits / total
    ties = sum(t**3 - t for t in _tie_sizes(ranks))
    variance = n * m / 12 * ((n + m + 1) - ties / ((n + m) * (n + m - 1)))
    if variance <= 0:
        return 1.0
    z = (abs(observed - expected) - 0.5) / math.sqrt(variance)
    return math.erfc(max(z, 0.0) / math.sqrt(2))


def _tie_sizes(ranks: list[float]) -> list[int]:
    counts: dict[float, int] = {}
    for r in ranks:
        counts[r] = counts.get(r, 0) + 1
    return [c for c in counts.values() if c > 1]


def _ratio_interval(a: list[float], b: list[float], seed: int) -> tuple[float, float]:
    """Intervalo *bootstrap* percentil del cociente de medianas ``a / b``."""
    rng = random.Random(seed)
    ratios: list[float] = []
    for _ in range(RESAMPLES):
        ma = statistics.median(rng.choices(a, k=len(a)))
        mb = statistics.median(rng.choices(b, k=len(b)))
        ratios.append(ma / mb if mb > 0 else math.inf)
    ratios.sort()
    tail = (1 - CONFIDENCE) / 2
    low = ratios[int(tail * (RESAMPLES - 1))]
    high = ratios[math.ceil((1 - tail) * (RESAMPLES - 1))]
    return low, high


def _interval(a: list[float], b: list[float], seed: int) -> tuple[float, float]:
    """El intervalo de ``a / b`` calculado siempre en el mismo orden: cambiar los lados
    invierte el intervalo, y con él la decisión, exactamente."""
    if sorted(a) <= sorted(b):
        return _ratio_interval(a, b, seed)
    low, high = _ratio_interval(b, a, seed)
    return (1 / high if high else math.inf), (1 / low if low else math.inf)


def _log(result: Verdict, a_label: str, b_label: str) -> Verdict:
    """Anota el veredicto en ``DADSBOOK_VERDICT_LOG`` (una línea JSON) si está definida.

    Sirve para comparar dos construcciones: ``conf/verdicts.py`` las pone lado a lado.
    """
    path = os.environ.get("DADSBOOK_VERDICT_LOG")
    if path:
        record = {
            "a": a_label,
            "b": b_label,
            "decision": result.decision,
            "ratio": result.ratio,
            "busy": result.busy,
            "reason": result.reason,
        }
        with open(path, "a", encoding="utf-8") as out:  # noqa: PTH123
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return result


def compare(
    a: Samples,
    b: Samples,
    *,
    a_label: str = "A",
    b_label: str = "B",
    more: str = "mayor",
    less: str = "menor",
    busy: bool = False,
    seed: int = 0,
) -> Verdict:
    """Compara las repeticiones de ``a`` con las de ``b`` y redacta la conclusión.

    ``a`` y ``b`` son :class:`~dadsbook.measure.Measurement` (se usan sus muestras y
    lo ocupada que estaba la máquina) o secuencias de números ≥ 0 (tiempos, tasas,
    resultados de varias semillas…). ``more``/``less`` son el adjetivo de ``a``
    cuando es mayor/menor («más lento», «más rápido»); ``busy=True`` declara que la
    máquina estaba ocupada cuando no se pasa una Measurement.

    >>> compare([1.0, 1.0], [2.0, 2.0]).reason
    'hacen falta al menos 5 repeticiones de cada lado'
    """
    return _log(_decide(a, b, a_label, b_label, more, less, busy, seed), a_label, b_label)


def _decide(
    a: Samples,
    b: Samples,
    a_label: str,
    b_label: str,
    more: str,
    less: str,
    busy: bool,
    seed: int,
) -> Verdict:
    va, busy_a = _values(a, "a")
    vb, busy_b = _values(b, "b")
    if not va or not vb:
        raise ValueError("a y b deben contener al menos una muestra")
    ma, mb = statistics.median(va), statistics.median(vb)
    ratio = ma / mb if mb > 0 else math.inf
    undecided = f"entre {a_label} y {b_label} no hay diferencia medible"
    if busy or busy_a or busy_b:
        return Verdict(
            "sin diferencia medible", BUSY_PHRASE, ratio, ratio, ratio, True,
            "la máquina estaba ocupada",
        )  # fmt: skip
    if len(va) < MIN_SAMPLES or len(vb) < MIN_SAMPLES:
        reason = f"hacen falta al menos {MIN_SAMPLES} repeticiones de cada lado"
        return Verdict(
            "sin diferencia medible", f"{undecided} ({reason})", ratio, ratio, ratio, False, reason
        )
    qa1, _, qa3 = _quartiles(va)
    qb1, _, qb3 = _quartiles(vb)
    # El bootstrap es lo caro: solo se calcula si las dos primeras pruebas ya separan.
    separated = (qa1 > qb3 or qa3 < qb1) and rank_test(va, vb) < ALPHA
    low, high = _interval(va, vb, seed) if separated else (math.nan, math.nan)
    if separated and qa1 > qb3 and low > 1:
        decision: Decision = "mayor"
    elif separated and qa3 < qb1 and high < 1:
        decision = "menor"
    else:
        reason = "la dispersión de las repeticiones se solapa"
        return Verdict(
            "sin diferencia medible", f"{undecided}: {reason}", ratio, low, high, False, reason
        )
    adjective = more if decision == "mayor" else less
    plural = a_label.startswith(("los ", "las "))
    verb = "fueron" if plural else "fue"
    if plural and adjective in ("mayor", "menor"):  # concordancia de los valores por omisión
        adjective += "es"
    how = (
        f"cociente de medianas {fmt.ratio(ratio)}"
        if math.isfinite(ratio) and ratio > 0
        else f"la mediana de {b_label if ratio != 0 else a_label} es 0"
    )
    phrase = (
        f"{a_label} {verb} {adjective} que {b_label} ({how}, "
        "fuera de la dispersión de las repeticiones)"
    )
    return Verdict(decision, phrase, ratio, low, high, False, "las repeticiones no se solapan")

"""La potencia de dos opciones: bolas en cajas con una o con ``d`` opciones al azar.

El modelo clásico detrás del balanceador ``two_choices``: se reparten ``n`` bolas
(peticiones) en ``n`` cajas (servidores). Con **una opción** cada bola cae en una caja
al azar y la caja más llena acaba, con alta probabilidad, con unas
``ln n / ln ln n`` bolas (Gonnet, 1981; el término principal crece sin límite, aunque
despacio). Con **d ≥ 2 opciones** cada bola mira ``d`` cajas al azar y entra en la
menos llena: la caja más llena baja a ``ln ln n / ln d + O(1)`` (Azar, Broder,
Karlin y Upfal, *Balanced Allocations*, 1994/1999; Mitzenmacher, *The Power of Two
Choices in Randomized Load Balancing*, 2001). Pasar de una opción a dos cambia el
crecimiento de forma exponencial; pasar de dos a tres solo divide por ``log₂ 3``.

Por qué funciona, en una frase: para que una caja llegue a altura ``i + 1`` con dos
opciones, **las dos** cajas sorteadas deben tener ya altura ``i``; si la fracción de
cajas con altura ≥ ``i`` es ``βᵢ``, la de altura ≥ ``i + 1`` es como mucho ``βᵢ²``, y
elevar al cuadrado una y otra vez agota las cajas en unos ``log₂ log n`` pasos.

>>> result = max_loads(1024, choices=2, seeds=[1, 2, 3])
>>> result.n, len(result.max_load)
(1024, 3)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_sequence

__all__ = [
    "MaxLoad",
    "max_load_one_choice",
    "max_loads",
    "sweep",
    "sweep_table",
    "theory_d_choices",
    "theory_one_choice",
    "throw",
]

#: Más bolas no caben en la memoria ni en el tiempo de una celda.
MAX_BALLS = 2**20


@dataclass(frozen=True)
class MaxLoad:
    """La caja más llena tras repartir ``n`` bolas en ``n`` cajas, una por semilla."""

    n: int
    choices: int
    max_load: tuple[int, ...]

    @property
    def mean(self) -> float:
        """Media de la carga máxima sobre las semillas."""
        return sum(self.max_load) / len(self.max_load)


def throw(n: int, *, choices: int, seed: int, balls: int | None = None) -> np.ndarray:
    """Reparte ``balls`` bolas (``n`` si no se dice) en ``n`` cajas y devuelve las cargas.

    Cada bola sortea ``choices`` cajas (con reemplazo, como en Azar et al.) y entra en
    la menos llena; con empate, en la primera sorteada.

    >>> loads = throw(8, choices=2, seed=0)
    >>> int(loads.sum())
    8
    """
    check_int("n", n, 1, MAX_BALLS)
    check_int("choices", choices, 1)
    balls = n if balls is None else balls
    check_int("balls", balls, 1, MAX_BALLS)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(balls, choices))
    if choices == 1:
        return np.bincount(picks[:, 0], minlength=n)
    loads = [0] * n
    if choices == 2:  # el caso del libro, sin ``min``: la primera sorteada gana el empate
        for a, b in picks.tolist():
            if loads[b] < loads[a]:
                loads[b] += 1
            else:
                loads[a] += 1
        return np.asarray(loads)
    for row in picks.tolist():  # secuencial: cada bola ve las cargas que dejaron las anteriores
        best = min(row, key=loads.__getitem__)
        loads[best] += 1
    return np.asarray(loads)


def max_loads(n: int, *, choices: int, seeds: Sequence[int]) -> MaxLoad:
    """La carga máxima con ``n`` bolas en ``n`` cajas, repetida con cada semilla."""
    check_sequence("seeds", seeds, check_int, what="semillas")
    peaks = tuple(int(throw(n, choices=choices, seed=s).max()) for s in seeds)
    return MaxLoad(n, choices, peaks)


def sweep(
    sizes: Sequence[int], *, seeds: Sequence[int], choices: Sequence[int] = (1, 2)
) -> dict[int, list[MaxLoad]]:
    """Carga máxima para cada ``n`` de ``sizes`` y cada número de opciones."""
    if not sizes:
        raise ValueError("sizes debe contener al menos un tamaño")
    return {d: [max_loads(n, choices=d, seeds=seeds) for n in sizes] for d in choices}


def theory_one_choice(n: int) -> float:
    """El término principal con una opción: ``ln n / ln ln n`` (requiere ``n ≥ 3``)."""
    check_int("n", n, 3)
    return math.log(n) / math.log(math.log(n))


def theory_d_choices(n: int, choices: int = 2) -> float:
    """El término principal con ``d ≥ 2`` opciones: ``ln ln n / ln d`` (``n ≥ 3``)."""
    check_int("n", n, 3)
    check_int("choices", choices, 2)
    return math.log(math.log(n)) / math.log(choices)


def max_load_one_choice(n: int) -> float:
    """Aproximación más fina de Gonnet con una opción: ``Γ⁻¹(n) − 3/2``.

    Se resuelve ``ln Γ(x) = ln n`` por bisección; sirve para ver cuánto se aleja de
    la curva el término principal con ``n`` pequeños.

    >>> round(max_load_one_choice(10**6), 1)
    8.9
    """
    check_int("n", n, 3)
    low, high, target = 2.0, 200.0, math.log(n)
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if math.lgamma(mid) < target else (low, mid)
    return (low + high) / 2 - 1.5


def sweep_table(results: dict[int, list[MaxLoad]]) -> Table:
    """Una fila por ``n``: carga máxima media con cada número de opciones y la teoría."""
    choices = sorted(results)
    rows = []
    for i, first in enumerate(results[choices[0]]):
        row = [fmt.number(first.n)]
        row += [fmt.number(results[d][i].mean, 2) for d in choices]
        row += [
            fmt.number(theory_one_choice(first.n), 2),
            fmt.number(theory_d_choices(first.n), 2),
        ]
        rows.append(tuple(row))
    headers = (
        "n (bolas = cajas)",
        *(f"máx. con {d} opción" if d == 1 else f"máx. con {d} opciones" for d in choices),
        "ln n / ln ln n",
        "ln ln n / ln 2",
    )
    return Table(headers, rows, caption="Carga máxima media (sobre las semillas) y la teoría")

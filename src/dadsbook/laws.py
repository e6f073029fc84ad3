"""Las leyes de la aceleración: Amdahl, Gustafson y la fracción serie medida (Karp–Flatt).

Las dos leyes hablan de una «fracción serie», pero **no es el mismo número**:

- **Amdahl** (1967): ``s`` es la fracción del tiempo de la ejecución **en serie** (con
  un trabajador) que no se reparte. Con un trabajo **fijo**, ``N`` trabajadores
  aceleran como mucho ``1 / (s + (1 - s) / N)``; el techo es ``1/s``.
- **Gustafson** (1988): ``s′`` es la fracción del tiempo de la ejecución **paralela**
  (con ``N`` trabajadores) que se pasa en la parte serie. Si el trabajo **crece** con
  ``N`` de modo que ``s′`` no cambia, la aceleración escalada es ``N - s′ (N - 1)``.

Una misma ejecución con ``N`` trabajadores tiene ``s′ = s / (s + (1 - s) / N)``
(:func:`gustafson_fraction`), mayor que ``s``: usar la ``s`` de Amdahl en la fórmula
de Gustafson sobrestima la aceleración escalada.

La **métrica de Karp–Flatt** (1990) es la fracción serie de Amdahl *determinada
experimentalmente* a partir de una aceleración medida ``S`` con ``N`` trabajadores:
``e = (1/S - 1/N) / (1 - 1/N)`` (:func:`karp_flatt`). Si ``e`` no cambia con ``N``, la
ley de Amdahl explica las medidas; si crece, hay un sobrecoste que crece con los
trabajadores (arranque, comunicación, reparto desigual). :func:`fit_amdahl` ajusta
una sola ``e`` a varias medidas por mínimos cuadrados.

>>> round(amdahl(4, 0.1), 3)
3.077
>>> round(gustafson(4, 0.1), 3)
3.7
>>> round(fit_amdahl([1, 2, 4], [1.0, 1.6, 2.5]), 2)
0.22
>>> s_prime = gustafson_fraction(4, 0.1)  # la misma ejecución, vista desde los 4 trabajadores
>>> round(s_prime, 3), round(gustafson(4, s_prime), 3)
(0.308, 3.077)
"""

from __future__ import annotations

from collections.abc import Sequence

from dadsbook.validation import check_number

__all__ = ["amdahl", "fit_amdahl", "gustafson", "gustafson_fraction", "karp_flatt"]


def amdahl(workers: float, serial: float) -> float:
    """Aceleración de Amdahl con ``workers`` trabajadores.

    ``serial`` es la fracción del tiempo **en serie** que no se reparte (la ``s`` de
    Amdahl, entre 0 y 1).
    """
    check_number("workers", workers, 1)
    check_number("serial", serial, 0, 1)
    return 1.0 / (serial + (1.0 - serial) / workers)


def gustafson(workers: float, serial: float) -> float:
    """Aceleración escalada de Gustafson con ``workers`` trabajadores.

    ``serial`` es la ``s′`` de Gustafson: la fracción del tiempo **de la ejecución
    paralela** que se pasa en la parte serie (no la ``s`` de Amdahl; para pasar de una
    a otra, :func:`gustafson_fraction`).
    """
    check_number("workers", workers, 1)
    check_number("serial", serial, 0, 1)
    return workers - serial * (workers - 1)


def gustafson_fraction(workers: float, serial: float) -> float:
    """La ``s′`` de Gustafson de una ejecución con ``workers`` trabajadores y ``s`` de Amdahl.

    Con el tiempo en serie normalizado a 1, la ejecución paralela dura
    ``s + (1 - s) / N`` y de eso ``s`` es parte serie.

    >>> gustafson_fraction(1, 0.25), round(gustafson_fraction(2, 0.25), 3)
    (0.25, 0.4)
    """
    check_number("workers", workers, 1)
    check_number("serial", serial, 0, 1)
    return serial / (serial + (1.0 - serial) / workers)


def karp_flatt(workers: float, speedup: float) -> float:
    """Métrica de Karp–Flatt: la fracción serie que implica una aceleración medida.

    Puede salir negativa (aceleración superlineal, por ejemplo porque el trabajo de
    cada trabajador cabe en su caché) o mayor que 1 (más lento que en serie): no se
    recorta, porque es una medida, no un parámetro de la ley.

    >>> round(karp_flatt(2, 1.8), 3)
    0.111
    """
    check_number("workers", workers, 1)
    if workers == 1:
        raise ValueError("workers debe ser > 1 para deducir una fracción serie")
    check_number("speedup", speedup, positive=True)
    return (1 / speedup - 1 / workers) / (1 - 1 / workers)


def fit_amdahl(workers: Sequence[float], speedups: Sequence[float]) -> float:
    """Fracción serie experimental (Karp–Flatt) ajustada a varias aceleraciones medidas.

    Mínimos cuadrados sobre ``1/S - 1/N = e (1 - 1/N)``, una recta por el origen;
    el resultado se recorta a ``[0, 1]`` para poder dibujar la ley de Amdahl con él.
    """
    if len(workers) != len(speedups) or not workers:
        raise ValueError("workers y speedups deben tener la misma longitud, no nula")
    for w, s in zip(workers, speedups, strict=True):
        check_number("workers", w, 1)
        check_number("speedups", s, positive=True)
    xs = [1 - 1 / w for w in workers]
    ys = [1 / s - 1 / w for w, s in zip(workers, speedups, strict=True)]
    denominator = sum(x * x for x in xs)
    if denominator == 0:
        raise ValueError("hace falta al menos una medida con más de un trabajador")
    estimate = sum(x * y for x, y in zip(xs, ys, strict=True)) / denominator
    return min(1.0, max(0.0, estimate))

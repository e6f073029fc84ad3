"""Frases sobre una aceleración medida, decididas por el veredicto del libro.

Una aceleración es un cociente de medianas; decir «aceleró» o «escaló como el ideal»
porque ese cociente pasa de un umbral publicaría un ganador aunque la diferencia fuera
ruido. Aquí cada palabra sale de :func:`dadsbook.verdict.compare` con las muestras de
cada ronda:

- :func:`acceleration`: ¿``N`` trabajadores con ``N`` porciones tardaron menos que un
  trabajador con las ``N``?
- :func:`speedup_verdict`: la frase completa, que además dice si llegó al ideal.
- :func:`ideal_verdict`: ¿tardaron ``N`` trabajadores lo mismo que uno con una porción?
"""

from __future__ import annotations

from collections.abc import Sequence

from dadsbook import verdict
from dadsbook.validation import check_int

__all__ = ["acceleration", "ideal_verdict", "speedup_verdict"]


def acceleration(
    one_s: Sequence[float], many_s: Sequence[float], workers: int, *, busy: bool = False
) -> verdict.Verdict:
    """¿Aceleraron ``workers`` trabajadores? Veredicto de ``workers × one_s`` frente a ``many_s``.

    ``one_s`` son los tiempos de una porción en un trabajador y ``many_s`` los de
    ``workers`` porciones repartidas entre ``workers`` trabajadores, en segundos, ronda a
    ronda. ``"mayor"`` quiere decir que un trabajador solo habría tardado más: aceleró.
    """
    check_int("workers", workers, 1)
    serial = [workers * t for t in one_s]
    return verdict.compare(
        serial,
        many_s,
        a_label="un trabajador con todas las porciones",
        b_label=f"{workers} trabajadores",
        more="más lento",
        less="más rápido",
        busy=busy,
    )


def speedup_verdict(
    one_s: Sequence[float], many_s: Sequence[float], workers: int, *, busy: bool = False
) -> str:
    """Lo que hizo una variante con ``workers`` trabajadores, decidido por el veredicto.

    Dos comparaciones de :func:`dadsbook.verdict.compare`:

    1. ¿Aceleró? (:func:`acceleration`).
    2. Si aceleró, ¿llegó al ideal? ``many_s`` frente a ``one_s`` (con el ideal, ``N``
       porciones en ``N`` trabajadores tardan lo mismo que una en uno).

    >>> speedup_verdict([1.0, 1.01, 0.99, 1.0, 1.02], [1.0, 1.02, 0.98, 1.01, 0.99], 2)
    'escaló como el ideal: su tiempo no se distingue del de una sola porción'
    >>> speedup_verdict([1.0, 1.01, 0.99, 1.0, 1.02], [2.0, 2.02, 1.98, 2.01, 1.99], 2)
    'no aceleró de forma medible (la dispersión de las repeticiones se solapa)'
    >>> speedup_verdict([1.0, 1.0], [1.0, 1.0], 2)
    'quedó sin veredicto (hacen falta al menos 5 repeticiones de cada lado)'
    """
    faster = acceleration(one_s, many_s, workers, busy=busy)
    if faster.busy:
        return f"quedó sin veredicto ({verdict.BUSY_PHRASE})"
    if faster.decision == "menor":
        return "fue más lento que un solo trabajador con las mismas porciones"
    if faster.decision == "sin diferencia medible":
        if faster.reason.startswith("hacen falta"):
            return f"quedó sin veredicto ({faster.reason})"
        return f"no aceleró de forma medible ({faster.reason})"
    ideal = ideal_verdict(one_s, many_s)
    return ideal.pick(
        mayor="aceleró, pero por debajo del ideal",
        menor="aceleró por encima del ideal (más que N×: cachés o ruido)",
        igual="escaló como el ideal: su tiempo no se distingue del de una sola porción",
    )


def ideal_verdict(
    one_s: Sequence[float], many_s: Sequence[float], *, busy: bool = False
) -> verdict.Verdict:
    """``many_s`` (``N`` porciones en ``N`` trabajadores) frente a ``one_s`` (una en uno).

    Con el ideal tardan lo mismo. ``"mayor"`` quiere decir que quedaron por debajo del
    ideal (tardaron más), fuera de la dispersión.
    """
    return verdict.compare(
        many_s,
        one_s,
        a_label="los trabajadores con una porción cada uno",
        b_label="uno solo con una porción",
        more="más lentos",
        less="más rápidos",
        busy=busy,
    )

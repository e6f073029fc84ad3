"""Conceptos: la idea de la cocina medida en esta máquina.

Un hilo que espera (una lectura de red, de disco, un ``sleep``) no usa la CPU, igual
que una olla que hierve no necesita al chef. Si las esperas se **solapan**, el total
se acerca a la espera más larga; si se hacen en fila, se suman.

:func:`overlap_waits` lo mide de verdad: ``tasks`` esperas de ``wait_s`` segundos,
primero en secuencia y luego con un hilo por espera, intercaladas y repetidas con el
arnés de :mod:`dadsbook.measure`. Cuál de las dos tardó menos no se decide con las
medianas: lo dice :meth:`WaitOverlap.verdict`, con la regla de :mod:`dadsbook.verdict`
(y sin decidir si la máquina estaba ocupada).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from dadsbook import measure, verdict
from dadsbook.validation import check_int, check_number

__all__ = ["WaitOverlap", "overlap_waits", "run_sequential", "run_threaded"]


@dataclass(frozen=True)
class WaitOverlap:
    """Resultado de :func:`overlap_waits`."""

    tasks: int
    wait_s: float
    sequential: measure.Measurement
    threaded: measure.Measurement

    @property
    def speedup(self) -> float:
        """Cuántas veces más rápido terminan las esperas solapadas."""
        return measure.speedup(self.sequential, self.threaded)

    @property
    def ideal_sequential_s(self) -> float:
        """Lo que deberían sumar las esperas en fila: ``tasks × wait_s``."""
        return self.tasks * self.wait_s

    def verdict(self) -> verdict.Verdict:
        """La frase que compara las dos versiones, decidida por :func:`dadsbook.verdict.compare`.

        ``"mayor"`` quiere decir que la versión en fila tardó más que la de los hilos.
        """
        return verdict.compare(
            self.sequential,
            self.threaded,
            a_label="la versión en fila",
            b_label="la versión con hilos",
            more="más lenta",
            less="más rápida",
        )


def _check(tasks: int, wait_s: float) -> None:
    check_int("tasks", tasks, 1, 256)
    check_number("wait_s", wait_s, 0, 5, positive=True)


def run_sequential(tasks: int, wait_s: float) -> None:
    """Hace ``tasks`` esperas de ``wait_s`` segundos, una detrás de otra."""
    _check(tasks, wait_s)
    for _ in range(tasks):
        time.sleep(wait_s)


def run_threaded(tasks: int, wait_s: float) -> None:
    """Hace ``tasks`` esperas a la vez, un hilo por espera; vuelve cuando acaban todas."""
    _check(tasks, wait_s)
    with ThreadPoolExecutor(max_workers=tasks) as pool:
        list(pool.map(time.sleep, [wait_s] * tasks))


def overlap_waits(
    tasks: int, wait_s: float, *, repeats: int | None = None, warmup: int | None = None
) -> WaitOverlap:
    """Mide ``tasks`` esperas en secuencia y solapadas con hilos.

    ``repeats`` y ``warmup`` toman por defecto los del perfil (``[measure]``).

    En secuencia, cuatro esperas de 10 ms no pueden durar menos de 40 ms (que los
    hilos las solapen lo comprueban las pruebas, que repiten si la máquina está
    cargada):

    >>> r = overlap_waits(4, 0.01, repeats=3, warmup=1)
    >>> r.sequential.min_s >= r.ideal_sequential_s
    True
    """
    _check(tasks, wait_s)
    results = measure.compare(
        {
            "en secuencia": lambda: run_sequential(tasks, wait_s),
            "con hilos": lambda: run_threaded(tasks, wait_s),
        },
        repeats=repeats,
        warmup=warmup,
    )
    return WaitOverlap(tasks, wait_s, results["en secuencia"], results["con hilos"])

"""Condiciones de carrera reales: actualizaciones perdidas con hilos y con corrutinas.

Una **condición de carrera** (*race condition*) ocurre cuando el resultado depende del
orden en que se entrelazan dos tareas. El caso de manual es un contador compartido que
varias tareas incrementan con una secuencia **leer–modificar–escribir**: si una tarea
lee el valor, otra lo cambia y la primera escribe su copia vieja, el incremento de la
segunda se pierde (*lost update*).

Tres maneras de escribir el incremento, de la más a la menos protegida por el azar:

- ``"incremento"``: ``contador.valor += 1``. En CPython con GIL, el intérprete solo
  cambia de hilo en ciertos puntos (llamadas a funciones, saltos hacia atrás), y no hay
  ninguno entre la lectura y la escritura: **el GIL lo oculta**, pero es un detalle de
  la implementación, no una garantía (en Python sin GIL se pierden).
- ``"leer-llamar-escribir"``: ``contador.valor = sumar(contador.valor)``, con una
  llamada a una función de Python en medio: ahí el intérprete puede cambiar de hilo.
- ``"leer-ceder-escribir"``: lee, cede la CPU (``time.sleep(0)``) y escribe: la
  ventana se abre siempre.

El arreglo es la **exclusión mutua**: un cerrojo (:class:`threading.Lock`,
:class:`asyncio.Lock`) alrededor de la sección crítica; o no compartir: que cada tarea
acumule lo suyo y se sume al final (:func:`per_task_sum`).

Una carrera se mide como **frecuencia**: :func:`race_stats` repite la ejecución y
cuenta en cuántas se perdió algo. :func:`main` es la misma medición como línea de
órdenes que escribe JSON, para lanzarla en otro intérprete (uno sin GIL, por ejemplo:
:func:`dadsbook.software.programming.race_survey.run_elsewhere`). Por eso este módulo
solo usa la biblioteca estándar y el formateador del libro.

>>> run_counter("leer-ceder-escribir", threads=2, increments=50, lock=True).lost
0
>>> asyncio.run(run_async_counter(tasks=3, increments=20)).lost
40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dadsbook import fmt
from dadsbook.validation import check_choice, check_int

__all__ = [
    "ASYNC_VARIANT",
    "PER_THREAD_VARIANT",
    "VARIANTS",
    "CounterRun",
    "RaceStats",
    "async_race_stats",
    "gil_enabled",
    "main",
    "per_task_stats",
    "per_task_sum",
    "race_stats",
    "run_async_counter",
    "run_counter",
]

#: Las maneras de escribir el incremento (ver el docstring del módulo).
VARIANTS = ("incremento", "leer-llamar-escribir", "leer-ceder-escribir")
#: El nombre de la variante con corrutinas y el de la que no comparte nada.
ASYNC_VARIANT = "leer-ceder-escribir (asyncio)"
PER_THREAD_VARIANT = "acumular por hilo y sumar"


def gil_enabled() -> bool:
    """Si este intérprete tiene el GIL activo (siempre, antes de Python 3.13)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


class _Counter:
    """Un contador compartido: un atributo de un objeto, como un campo de una clase."""

    def __init__(self) -> None:
        self.value = 0


def _add_one(value: int) -> int:
    return value + 1


def _plain(counter: _Counter, n: int, lock: threading.Lock | None) -> None:
    for _ in range(n):
        if lock is None:
            counter.value += 1
        else:
            with lock:
                counter.value += 1


def _call(counter: _Counter, n: int, lock: threading.Lock | None) -> None:
    for _ in range(n):
        if lock is None:
            counter.value = _add_one(counter.value)
        else:
            with lock:
                counter.value = _add_one(counter.value)


def _yield(counter: _Counter, n: int, lock: threading.Lock | None) -> None:
    for _ in range(n):
        if lock is None:
            value = counter.value
            time.sleep(0)
            counter.value = value + 1
        else:
            with lock:
                value = counter.value
                time.sleep(0)
                counter.value = value + 1


_BODIES: dict[str, Callable[[_Counter, int, threading.Lock | None], None]] = {
    "incremento": _plain,
    "leer-llamar-escribir": _call,
    "leer-ceder-escribir": _yield,
}


@dataclass(frozen=True)
class CounterRun:
    """Una ejecución: cuánto debía valer el contador y cuánto valió."""

    variant: str
    tasks: int
    increments: int
    locked: bool
    observed: int

    @property
    def expected(self) -> int:
        """Lo que debería valer: tareas × incrementos."""
        return self.tasks * self.increments

    @property
    def lost(self) -> int:
        """Incrementos perdidos."""
        return self.expected - self.observed

    def summary(self) -> str:
        """Una línea en español."""
        how = "con cerrojo" if self.locked else "sin cerrojo"
        return (
            f"{self.variant}, {how}: esperado {fmt.number(self.expected)}, "
            f"obtenido {fmt.number(self.observed)} ({fmt.number(self.lost)} perdidos)"
        )


def run_counter(
    variant: str, *, threads: int = 4, increments: int = 10_000, lock: bool = False
) -> CounterRun:
    """``threads`` hilos incrementan ``increments`` veces un contador compartido.

    Todos los hilos se esperan (``join``) antes de volver: nada sobrevive a la llamada.
    """
    check_choice("variant", variant, VARIANTS)
    check_int("threads", threads, 1, 64)
    check_int("increments", increments, 1, 1_000_000)
    counter = _Counter()
    guard = threading.Lock() if lock else None
    start = threading.Barrier(threads)
    body = _BODIES[variant]

    def work() -> None:
        start.wait()  # que empiecen a la vez: si no, el primero puede acabar solo
        body(counter, increments, guard)

    workers = [threading.Thread(target=work, name=f"contador-{i}") for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return CounterRun(variant, threads, increments, lock, counter.value)


async def run_async_counter(
    *, tasks: int = 4, increments: int = 1000, lock: bool = False
) -> CounterRun:
    """Lo mismo con corrutinas: leer, ``await asyncio.sleep(0)`` y escribir.

    Con un solo hilo no hay paralelismo, pero sí concurrencia: cada ``await`` es un
    punto donde el bucle de eventos puede dar paso a otra corrutina, y la ventana entre
    la lectura y la escritura queda abierta. ``asyncio.Lock`` la cierra.
    """
    check_int("tasks", tasks, 1, 1000)
    check_int("increments", increments, 1, 100_000)
    counter = _Counter()
    guard = asyncio.Lock() if lock else None

    async def work() -> None:
        for _ in range(increments):
            if guard is None:
                value = counter.value
                await asyncio.sleep(0)
                counter.value = value + 1
            else:
                async with guard:
                    value = counter.value
                    await asyncio.sleep(0)
                    counter.value = value + 1

    await asyncio.gather(*(work() for _ in range(tasks)))
    return CounterRun(ASYNC_VARIANT, tasks, increments, lock, counter.value)


def per_task_sum(*, threads: int = 4, increments: int = 10_000) -> CounterRun:
    """Sin compartir: cada hilo cuenta en su variable y se suman al final (sin cerrojo)."""
    check_int("threads", threads, 1, 64)
    check_int("increments", increments, 1, 1_000_000)
    partial = [0] * threads

    def work(i: int) -> None:
        local = 0
        for _ in range(increments):
            local += 1
        partial[i] = local  # cada hilo escribe solo su casilla

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return CounterRun(PER_THREAD_VARIANT, threads, increments, False, sum(partial))


@dataclass(frozen=True)
class RaceStats:
    """Varias ejecuciones de la misma carrera: en cuántas se perdió algo y cuánto.

    ``python`` y ``gil`` dicen en qué intérprete se midió (este, salvo que venga de
    :func:`main` en otro).
    """

    variant: str
    locked: bool
    runs: tuple[CounterRun, ...]
    python: str = field(default_factory=platform.python_version)
    gil: bool = field(default_factory=gil_enabled)

    def __post_init__(self) -> None:
        if not self.runs:
            raise ValueError("runs debe contener al menos una ejecución")

    @property
    def with_losses(self) -> int:
        """Ejecuciones en las que se perdió al menos un incremento."""
        return sum(r.lost > 0 for r in self.runs)

    @property
    def rate(self) -> float:
        """Fracción de ejecuciones con pérdidas."""
        return self.with_losses / len(self.runs)

    @property
    def lost_fractions(self) -> tuple[float, ...]:
        """La fracción de incrementos perdidos en cada ejecución."""
        return tuple(r.lost / r.expected for r in self.runs)

    @property
    def median_lost_fraction(self) -> float:
        """Mediana de la fracción de incrementos perdidos."""
        return float(statistics.median(self.lost_fractions))

    def label(self) -> str:
        """La variante y si llevaba cerrojo, para tablas y figuras."""
        return f"{self.variant}, {'con' if self.locked else 'sin'} cerrojo"


def race_stats(
    variant: str,
    *,
    runs: int = 10,
    threads: int = 4,
    increments: int = 10_000,
    lock: bool = False,
) -> RaceStats:
    """Repite :func:`run_counter` ``runs`` veces: una carrera se mide como frecuencia."""
    check_int("runs", runs, 1, 1000)
    return RaceStats(
        variant,
        lock,
        tuple(
            run_counter(variant, threads=threads, increments=increments, lock=lock)
            for _ in range(runs)
        ),
    )


async def async_race_stats(
    *, runs: int = 10, tasks: int = 4, increments: int = 1000, lock: bool = False
) -> RaceStats:
    """Repite :func:`run_async_counter`: con corrutinas, la carrera no depende del azar."""
    check_int("runs", runs, 1, 1000)
    done = [await run_async_counter(tasks=tasks, increments=increments, lock=lock)
            for _ in range(runs)]  # fmt: skip
    return RaceStats(ASYNC_VARIANT, lock, tuple(done))


def per_task_stats(*, runs: int = 10, threads: int = 4, increments: int = 10_000) -> RaceStats:
    """Repite :func:`per_task_sum`: sin nada compartido, nada que perder."""
    check_int("runs", runs, 1, 1000)
    done = tuple(per_task_sum(threads=threads, increments=increments) for _ in range(runs))
    return RaceStats(PER_THREAD_VARIANT, False, done)


def main(argv: Sequence[str] | None = None) -> int:
    """Línea de órdenes: ``python -m dadsbook.software.programming.races`` escribe JSON.

    La usa :func:`~dadsbook.software.programming.race_survey.run_elsewhere` para medir
    la misma carrera en otro intérprete (uno sin GIL).
    """
    parser = argparse.ArgumentParser(description="Carrera de un contador compartido (JSON).")
    parser.add_argument("--variant", choices=VARIANTS, default="incremento")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--increments", type=int, default=10_000)
    parser.add_argument("--lock", action="store_true")
    options = parser.parse_args(argv)
    try:
        stats = race_stats(
            options.variant, runs=options.runs, threads=options.threads,
            increments=options.increments, lock=options.lock,
        )  # fmt: skip
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps({
        "python": stats.python, "gil": stats.gil, "variant": stats.variant,
        "locked": stats.locked, "threads": options.threads, "increments": options.increments,
        "observed": [r.observed for r in stats.runs],
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

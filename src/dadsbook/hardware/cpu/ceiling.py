"""El techo del hardware: ``N`` trabajadores calientes que calculan a la vez, sin reparto.

La pregunta que responde el techo es «¿cuánto trabajo pueden hacer a la vez ``N``
procesos en esta máquina si nadie tuviera que repartirlo?». Para que sea de verdad un
**techo** (una cota que un *pool* no puede superar salvo por ruido), tiene que pagar
lo mismo que el *pool* en todo, excepto el reparto:

- los trabajadores se arrancan **una vez**, antes de medir, y calientan con una
  porción (intérprete especializado, páginas ya copiadas tras el ``fork``, cachés),
  igual que un *pool* que vive toda la medición;
- en cada ronda, cada trabajador recibe la orden de salida y **cronometra su propia
  porción** con :func:`time.perf_counter_ns`, sin hablar con nadie mientras calcula;
- la muestra de la ronda es la porción **más lenta**: lo que habrían tardado las
  ``N`` porciones si todas hubieran salido a la vez y nadie las hubiera repartido ni
  recogido.

Un *pool* hace lo mismo **más** el reparto: enviar las tareas por una cola, despertar
a los trabajadores y recoger los resultados. Por eso ``procesos / techo ≤ 1`` salvo por
el ruido de la medición, con cualquier número de trabajadores. (La versión anterior
del libro creaba ``N`` procesos nuevos en cada repetición; esos pagaban arranque,
cachés frías y fallos de página que el *pool* caliente no paga, y el *pool* llegaba a
superarlos: no era un techo.)

:func:`startup_cost` mide aparte lo que cuesta crear y esperar ``N`` procesos vacíos,
que es lo que ahorra reutilizar un *pool*.

>>> from functools import partial
>>> from dadsbook import workloads
>>> with WarmCeiling(partial(workloads.python_spin, 1000), workers=2) as ceiling:
...     ceiling()
...     ceiling()
>>> len(ceiling.samples_ns), len(ceiling.per_worker_ns[0])
(2, 2)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

from dadsbook import measure, workloads
from dadsbook.hardware.cpu import blas
from dadsbook.validation import check_int

__all__ = ["WarmCeiling", "ceiling_worker", "run_to_end", "startup_cost"]

Task = Callable[[], object]

_GO = b"\x01"
_STOP = b"\x00"
_READY = b"\x02"
#: Plazo máximo para que un trabajador arranque o termine una porción.
_TIMEOUT_S = 300.0


def ceiling_worker(conn: Connection, task: Task) -> None:
    """Trabajador del techo: un hilo de BLAS, una porción de calentamiento y, después,
    una porción cronometrada por cada orden de salida hasta la orden de parada.

    Envía la duración de cada porción, en nanosegundos, medida dentro del propio
    trabajador: la medición no incluye ni la orden de salida ni la respuesta.
    """
    with conn:
        blas.set_threads(1)
        task()
        conn.send_bytes(_READY)
        while True:
            try:
                message = conn.recv_bytes()
            except EOFError:
                return
            if message != _GO:
                return
            start = time.perf_counter_ns()
            task()
            conn.send(time.perf_counter_ns() - start)


def _receive(conn: Connection, what: str) -> Any:
    if not conn.poll(_TIMEOUT_S):
        raise RuntimeError(f"un trabajador del techo no {what} a tiempo")
    try:
        return conn.recv()
    except EOFError:
        raise RuntimeError("un trabajador del techo terminó antes de tiempo") from None


class WarmCeiling:
    """``workers`` procesos calientes para el techo; úsalo con ``with``.

    Cada llamada es una ronda: todos calculan una porción a la vez y se guarda en
    :attr:`samples_ns` la duración de la más lenta (en :attr:`per_worker_ns`, la de
    cada uno). Al salir del bloque, los procesos terminan y se esperan.
    """

    def __init__(self, task: Task, workers: int, *, context: Any = None) -> None:
        if not callable(task):
            raise TypeError(f"task debe ser invocable; se recibió {type(task).__name__}")
        check_int("workers", workers, 1, 4096)
        self.task = task
        self.workers = workers
        self.context = context if context is not None else multiprocessing.get_context()
        self.samples_ns: list[int] = []
        self.per_worker_ns: list[tuple[int, ...]] = []
        self._conns: list[Connection] = []
        self._processes: list[Any] = []

    def __enter__(self) -> WarmCeiling:
        try:
            for _ in range(self.workers):
                parent, child = self.context.Pipe()
                process = self.context.Process(target=ceiling_worker, args=(child, self.task))
                self._conns.append(parent)
                self._processes.append(process)
                process.start()
                child.close()
            for conn in self._conns:
                try:
                    ready = conn.poll(_TIMEOUT_S) and conn.recv_bytes() == _READY
                except EOFError:
                    ready = False
                if not ready:
                    raise RuntimeError("un trabajador del techo no llegó a estar listo")
        except BaseException:
            self._close()
            raise
        return self

    @property
    def pids(self) -> tuple[int, ...]:
        """PID de cada trabajador: los mismos en todas las rondas de un bloque ``with``."""
        return tuple(int(p.pid) for p in self._processes if p.pid is not None)

    def __call__(self) -> None:
        """Una ronda: salida simultánea y la porción más lenta como muestra."""
        if not self._conns:
            raise RuntimeError("WarmCeiling se usa dentro de un bloque with")
        for conn in self._conns:
            conn.send_bytes(_GO)
        durations = tuple(int(_receive(conn, "terminó su porción")) for conn in self._conns)
        self.per_worker_ns.append(durations)
        self.samples_ns.append(max(durations))

    def _close(self) -> None:
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.send_bytes(_STOP)
            conn.close()
        for process in self._processes:
            if process.pid is None:
                continue
            process.join(_TIMEOUT_S)
            if process.is_alive():  # pragma: no cover - un trabajador colgado
                process.terminate()
                process.join(_TIMEOUT_S)
            process.close()
        self._conns, self._processes = [], []

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()


def run_to_end(processes: Sequence[BaseProcess]) -> None:
    """Arranca ``processes`` y espera a que terminen todos.

    Si un arranque falla, los que ya arrancaron se esperan igualmente (ninguno queda
    suelto); cada proceso esperado se cierra.
    """
    try:
        for process in processes:
            process.start()
    finally:
        for process in processes:
            if process.pid is not None:
                process.join()
                process.close()


def _start_and_join(context: Any, workers: int) -> None:
    run_to_end([context.Process(target=workloads.python_spin, args=(1,)) for _ in range(workers)])


def startup_cost(workers: int, *, repeats: int = 3) -> measure.Measurement:
    """Lo que cuesta arrancar ``workers`` procesos vacíos y esperarlos.

    Es lo que ahorra un *pool* que se crea una vez y se reutiliza.
    """
    check_int("workers", workers, 1, 4096)
    check_int("repeats", repeats, 1, 1000)
    context = multiprocessing.get_context()
    return measure.measure(
        partial(_start_and_join, context, workers), repeats=repeats, warmup=1, label="arranque"
    )

"""Interbloqueo real con dos cerrojos, detectado con *timeouts* y evitado con un orden.

Un **interbloqueo** (*deadlock*) necesita las cuatro condiciones de Coffman a la vez
(Coffman, Elphick y Shoshani, «System Deadlocks», *Computing Surveys*, 1971):

1. **exclusión mutua**: un recurso lo tiene una sola tarea;
2. **retener y esperar**: quien tiene un recurso espera otro sin soltar el primero;
3. **sin expropiación**: nadie le quita el recurso a quien lo tiene;
4. **espera circular**: A espera a B y B espera a A.

:func:`transfer` reproduce el caso clásico: dos hilos toman dos cerrojos en **orden
opuesto** (A luego B; B luego A). Una barrera garantiza que cada uno tiene ya su primer
cerrojo cuando pide el segundo, así que el interbloqueo ocurre **siempre**, no por
casualidad. Para que la demostración termine, el segundo cerrojo se pide con *timeout*:
si vence, el hilo lo anota, suelta lo que tiene y sale. Con **orden global** (los dos
toman A y luego B) se rompe la espera circular y nadie espera en vano.

Cada resultado trae su cronología (:attr:`DeadlockResult.spans`): cuándo tuvo cada
hilo cada cerrojo y cuánto esperó por él, para dibujar la espera circular.

>>> transfer("opuesto").deadlocked
True
>>> transfer("global").deadlocked
False
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from dadsbook.validation import check_choice, check_number

__all__ = ["ORDERS", "DeadlockResult", "Span", "transfer"]

#: ``"opuesto"``: cada hilo toma los cerrojos en orden distinto; ``"global"``: el mismo.
ORDERS = ("opuesto", "global")


@dataclass(frozen=True)
class Span:
    """Un tramo de la cronología: ``thread`` tuvo (``"tiene"``) o esperó (``"espera"``) ``lock``.

    Los tiempos son segundos desde el arranque de :func:`transfer`.
    """

    thread: str
    lock: str
    kind: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class DeadlockResult:
    """Qué pasó: qué hilos se quedaron esperando y cuánto tardó en resolverse."""

    order: str
    timed_out: tuple[str, ...]
    completed: tuple[str, ...]
    elapsed_s: float
    timeout_s: float
    spans: tuple[Span, ...] = ()

    @property
    def deadlocked(self) -> bool:
        """Si algún hilo agotó su espera: la espera circular se cerró."""
        return bool(self.timed_out)


def transfer(order: str, *, timeout_s: float = 0.2) -> DeadlockResult:
    """Dos hilos, dos cerrojos; ``order`` decide en qué orden los toma cada uno.

    Siempre termina: el segundo cerrojo se pide con ``timeout_s`` y los hilos se
    esperan antes de volver.
    """
    check_choice("order", order, ORDERS)
    check_number("timeout_s", timeout_s, 0.01, 5.0)
    a, b = threading.Lock(), threading.Lock()
    names = {id(a): "A", id(b): "B"}
    plans = {"hilo 1": (a, b), "hilo 2": (b, a) if order == "opuesto" else (a, b)}
    both_hold_first = threading.Barrier(2) if order == "opuesto" else None
    timed_out: list[str] = []
    completed: list[str] = []
    spans: list[Span] = []
    record = threading.Lock()
    start = time.perf_counter()

    def note(name: str, lock: threading.Lock, kind: str, since: float) -> None:
        with record:
            spans.append(Span(name, names[id(lock)], kind, since - start,
                              time.perf_counter() - start))  # fmt: skip

    def work(name: str) -> None:
        first, second = plans[name]
        asked = time.perf_counter()
        with first:
            note(name, first, "espera", asked)
            held = time.perf_counter()
            try:
                if both_hold_first is not None:
                    both_hold_first.wait(timeout=5)
                asked = time.perf_counter()
                got = second.acquire(timeout=timeout_s)
                note(name, second, "espera", asked)
                if got:
                    held_second = time.perf_counter()
                    try:
                        time.sleep(0.001)  # la «transferencia»: sección crítica con los dos
                    finally:
                        second.release()
                        note(name, second, "tiene", held_second)
                    with record:
                        completed.append(name)
                else:
                    with record:
                        timed_out.append(name)
            finally:
                note(name, first, "tiene", held)

    workers = [threading.Thread(target=work, args=(n,), name=n) for n in plans]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return DeadlockResult(
        order, tuple(sorted(timed_out)), tuple(sorted(completed)),
        time.perf_counter() - start, timeout_s,
        tuple(sorted(spans, key=lambda s: (s.thread, s.lock, s.start_s))),
    )  # fmt: skip

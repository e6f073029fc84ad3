"""El bucle de eventos de Node.js (libuv) frente al de ``asyncio``: fases, colas y orden real.

Node.js recorre en cada vuelta de su bucle unas **fases** fijas, cada una con su cola
de retrollamadas (la guía «The Node.js Event Loop» y el diseño de libuv): *timers*
(``setTimeout``), *pending callbacks*, *idle/prepare* (internas), *poll* (esperar
E/S), *check* (``setImmediate``) y *close callbacks*. Entre una retrollamada y la
siguiente vacía dos colas de **microtareas**: primero la de ``process.nextTick`` y
después la de las promesas. Lo que el sistema no sabe hacer de forma asíncrona
(ficheros, ``dns.lookup``, parte de ``crypto`` y ``zlib``) va al *thread pool* de
libuv, de 4 hilos por omisión (``UV_THREADPOOL_SIZE``).

El bucle de ``asyncio`` es más sencillo: en cada vuelta (``_run_once`` en
``asyncio/base_events.py``) espera E/S con el selector (``epoll`` en Linux) como mucho
hasta el próximo temporizador, pasa a la cola de listos las retrollamadas de E/S y los
temporizadores vencidos, y ejecuta **exactamente** las que había en la cola al empezar;
lo que se programe durante la vuelta espera a la siguiente. No hay microtareas: la
continuación de una tarea y las retrollamadas de un futuro también pasan por
``call_soon``. :data:`NODE_TO_ASYNCIO` es la tabla de equivalencias y
:func:`callback_order` mide el orden real en el bucle que corre.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from dadsbook.tables import Table
from dadsbook.validation import check_number

__all__ = [
    "NODE_TO_ASYNCIO",
    "Equivalence",
    "LoopEvent",
    "LoopOrder",
    "callback_order",
    "default_executor_workers",
    "equivalence_table",
]


@dataclass(frozen=True)
class Equivalence:
    """Una pieza del bucle de Node.js, qué hace y lo más parecido en ``asyncio``."""

    node: str
    what: str
    asyncio: str


#: Fases, colas y *thread pool* de Node.js, con su equivalente en ``asyncio``.
NODE_TO_ASYNCIO: tuple[Equivalence, ...] = (
    Equivalence("fase timers: setTimeout, setInterval",
                "retrollamadas cuyo plazo ya venció",
                "loop.call_later, loop.call_at (y asyncio.sleep): los vencidos pasan a la "
                "cola de listos en cada vuelta"),
    Equivalence("fase pending callbacks",
                "retrollamadas de E/S aplazadas a la vuelta siguiente (algunos errores de TCP)",
                "no hay fase aparte: las retrollamadas de E/S van a la cola de listos"),
    Equivalence("fases idle y prepare", "uso interno de libuv", "sin equivalente"),
    Equivalence("fase poll",
                "esperar E/S nueva (epoll) como mucho hasta el próximo temporizador y "
                "ejecutar sus retrollamadas",
                "selector.select(timeout) en cada vuelta; loop.add_reader, protocolos y "
                "streams"),
    Equivalence("fase check: setImmediate", "justo después de poll, en esta vuelta",
                "loop.call_soon: en la vuelta siguiente"),
    Equivalence("fase close callbacks: socket.on('close')", "cierres de sockets y handles",
                "Protocol.connection_lost, programado con call_soon"),
    Equivalence("microtarea process.nextTick",
                "al acabar la operación en curso, antes que nada más (ni promesas)",
                "sin equivalente: lo más cercano es call_soon, que espera a la vuelta "
                "siguiente"),
    Equivalence("microtarea Promise.then, continuación tras await",
                "tras vaciar nextTick, antes de la siguiente retrollamada",
                "Future.add_done_callback y la continuación de una tarea: call_soon, "
                "vuelta siguiente"),
    Equivalence("thread pool de libuv (4 hilos; UV_THREADPOOL_SIZE)",
                "fs, dns.lookup (getaddrinfo), crypto.pbkdf2, zlib",
                "loop.run_in_executor, asyncio.to_thread (ThreadPoolExecutor por omisión); "
                "loop.getaddrinfo usa ese ejecutor"),
    Equivalence("worker_threads", "hilos con su propio bucle y su propio motor de JavaScript",
                "threading, o procesos (ProcessPoolExecutor) para cálculo"),
)  # fmt: skip


def equivalence_table(caption: str = "") -> Table:
    """:data:`NODE_TO_ASYNCIO` como tabla del libro."""
    return Table(("Node.js", "qué hace", "en asyncio"),
                 [(e.node, e.what, e.asyncio) for e in NODE_TO_ASYNCIO], caption)  # fmt: skip


def default_executor_workers(cpus: int | None = None) -> int:
    """Hilos del ejecutor por omisión de ``asyncio``: ``min(32, CPU + 4)`` (Python ≥ 3.8)."""
    n = os.cpu_count() or 1 if cpus is None else cpus
    return min(32, n + 4)


@dataclass(frozen=True)
class LoopEvent:
    """Una retrollamada que corrió: qué era, cómo se programó y en qué vuelta del bucle."""

    label: str
    how: str
    turn: int


@dataclass(frozen=True)
class LoopOrder:
    """El orden en que corrieron las retrollamadas de :func:`callback_order`."""

    events: tuple[LoopEvent, ...]

    def position(self, label: str) -> int:
        """Posición (desde 1) de ``label`` en el orden real."""
        for i, e in enumerate(self.events, 1):
            if e.label == label:
                return i
        raise ValueError(f"label no está en el orden medido: {label!r}")

    def turn(self, label: str) -> int:
        """La vuelta del bucle en que corrió ``label`` (0 = la de la corrutina que programa)."""
        return self.events[self.position(label) - 1].turn

    def sequence(self) -> str:
        """El orden como texto: «a → b → c»."""
        return " → ".join(e.label for e in self.events)

    def table(self, caption: str = "") -> Table:
        """Una fila por retrollamada, en el orden en que corrieron."""
        return Table(("orden", "qué corrió", "programado con", "vuelta del bucle"),
                     [(i, e.label, e.how, e.turn) for i, e in enumerate(self.events, 1)],
                     caption)  # fmt: skip


async def callback_order(*, timer_s: float = 0.001) -> LoopOrder:
    """Programa retrollamadas de todas las clases en el bucle que corre y anota el orden.

    Un «contador de vueltas» se reprograma con ``call_soon`` desde sí mismo: como cada
    ``call_soon`` espera a la vuelta siguiente, corre exactamente una vez por vuelta y
    da el número de vuelta a todo lo demás. El trabajo en un hilo usa un ejecutor propio
    que se cierra antes de volver (ningún hilo sobrevive a la llamada).
    """
    check_number("timer_s", timer_s, 0.0005, 1.0)
    loop = asyncio.get_running_loop()
    events: list[LoopEvent] = []
    turn = 0
    counting = True

    def tick() -> None:
        nonlocal turn
        turn += 1
        if counting:
            loop.call_soon(tick)

    def mark(label: str, how: str) -> None:
        events.append(LoopEvent(label, how, turn))

    def soon_then_soon() -> None:
        mark("call_soon", "call_soon")
        loop.call_soon(mark, "call_soon programado desde otro", "call_soon")

    async def task() -> None:
        mark("primer paso de una tarea", "create_task")
        await asyncio.sleep(0)
        mark("la tarea tras await sleep(0)", "create_task")

    loop.call_soon(tick)
    loop.call_later(0, mark, "call_later(0)", "call_later")
    loop.call_soon(soon_then_soon)
    future = loop.create_future()
    future.add_done_callback(lambda _f: mark("retrollamada de un futuro", "add_done_callback"))
    future.set_result(None)
    running = asyncio.create_task(task())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bucle") as pool:
        in_thread = loop.run_in_executor(pool, time.sleep, 0)
        in_thread.add_done_callback(lambda _f: mark("fin de run_in_executor", "run_in_executor"))
        loop.call_later(timer_s, mark, f"call_later({timer_s * 1000:g} ms)", "call_later")
        mark("la corrutina que lo programa todo", "código síncrono")
        await asyncio.gather(running, in_thread)
    await asyncio.sleep(timer_s * 2)
    counting = False
    await asyncio.sleep(0)
    return LoopOrder(tuple(events))

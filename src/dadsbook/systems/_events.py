"""Piezas de SimPy más baratas, con los mismos eventos en el mismo orden.

Los simuladores de la parte «Sistemas» crean cientos de miles de procesos y peticiones
de recursos por celda. Estas dos piezas programan exactamente los mismos eventos de
SimPy, en el mismo orden (instante, prioridad y número de evento), que lo que
sustituyen, pero sin su maquinaria; así los resultados no cambian ni en un bit:

- :class:`Soon`: la inicialización de un proceso (``simpy.events.Initialize``), pero con
  una retrollamada en lugar de un generador. Un proceso de un paso o de una cadena de
  esperas se escribe como retrollamadas que encadenan ``env.timeout(...)``. Lo único
  que desaparece es el evento de fin del proceso, que nadie espera: no tiene
  retrollamadas y quitarlo no cambia el orden de los demás.
- :class:`Slots`: ``simpy.Resource`` para el uso ``request()`` / ``yield`` /
  ``release()``, sin cancelaciones ni prioridades: la petición se concede con
  ``succeed()`` si hay hueco, y al liberar se programa un evento cuya retrollamada
  concede el hueco a la más antigua de la cola, como hace SimPy.

>>> import simpy
>>> env = simpy.Environment()
>>> seen = []
>>> _ = Soon(env, lambda _: seen.append(env.now))
>>> env.run()
>>> seen
[0]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import simpy

__all__ = ["Slots", "Soon"]


class Soon(simpy.Event):
    """Un evento ya disparado, urgente y en este instante, que llama a ``callback``:
    lo mismo que programa SimPy para arrancar un proceso."""

    def __init__(self, env: simpy.Environment, callback: Callable[[simpy.Event], None]) -> None:
        self.env = env
        self.callbacks = [callback]
        self._value = None
        self._ok = True
        env.schedule(self, simpy.events.URGENT)


class Slots:
    """``capacity`` huecos con cola FIFO: los eventos de ``simpy.Resource``, más baratos.

    >>> env = simpy.Environment()
    >>> slots = Slots(env, 1)
    >>> log = []
    >>> def user(name, hold):
    ...     yield slots.request()
    ...     log.append((env.now, name))
    ...     yield env.timeout(hold)
    ...     slots.release()
    >>> for name in "ab":
    ...     _ = env.process(user(name, 2))
    >>> env.run()
    >>> log
    [(0, 'a'), (2, 'b')]
    """

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        self.env = env
        self.capacity = capacity
        self.users = 0
        self.queue: deque[simpy.Event] = deque()

    def request(self) -> simpy.Event:
        """Pide un hueco: el evento se dispara cuando se concede."""
        event = simpy.Event(self.env)
        self.queue.append(event)
        self._grant(event)
        return event

    def release(self) -> None:
        """Devuelve un hueco; la siguiente de la cola lo recibe al procesarse la liberación."""
        self.users -= 1
        released = simpy.Event(self.env)
        released.callbacks.append(self._grant)
        released.succeed()

    def _grant(self, _: simpy.Event) -> None:
        # Como ``Resource._trigger_put``: solo se intenta con la más antigua de la cola.
        if self.queue and self.users < self.capacity:
            self.users += 1
            self.queue.popleft().succeed()

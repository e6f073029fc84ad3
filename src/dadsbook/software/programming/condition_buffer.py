"""El búfer acotado hecho a mano con :class:`threading.Condition` (OSTEP, cap. 30).

``queue.Queue`` ya es un búfer acotado; este módulo lo construye con las piezas de
debajo para ver por qué se construye así:

- **un cerrojo** protege el búfer (la ``deque``) y los contadores;
- **dos variables de condición** sobre ese cerrojo: en ``no_lleno`` duermen los
  productores que encuentran el búfer lleno, y en ``no_vacio`` los consumidores que lo
  encuentran vacío. Cada lado despierta al otro (``notify``): con una sola condición,
  un consumidor podría despertar a otro consumidor y dejar al productor dormido;
- la espera va en un bucle **while**, no en un ``if``: ``wait`` devuelve el cerrojo a
  quien despierta, pero no le garantiza que la condición siga siendo cierta (semántica
  de Mesa). Entre el ``notify`` y el momento en que el despertado recupera el
  cerrojo, otro hilo puede entrar y llevarse el elemento.

El búfer cuenta esos **despertares en vano** (despertó, miró y tuvo que volver a
dormir): cada uno habría sido un error con ``if`` (sacar de un búfer vacío o meter en
uno lleno). :func:`run_buffer` lo usa con varios productores y consumidores reales y
comprueba que cada elemento se consume exactamente una vez.

>>> run = run_buffer(producers=2, consumers=2, items=50, capacity=1)
>>> run.consumed, run.lost, run.duplicated
(100, 0, 0)
"""

from __future__ import annotations

import collections
import threading
import time
from dataclasses import dataclass
from typing import Generic, TypeVar

from dadsbook.validation import check_int

__all__ = ["BoundedBuffer", "BufferRun", "run_buffer"]

T = TypeVar("T")


class BoundedBuffer(Generic[T]):
    """Un búfer de ``capacity`` huecos: ``put`` espera si está lleno y ``get`` si está vacío."""

    def __init__(self, capacity: int) -> None:
        check_int("capacity", capacity, 1, 1_000_000)
        self.capacity = capacity
        self._items: collections.deque[T] = collections.deque()
        self._lock = threading.Lock()
        self._not_full = threading.Condition(self._lock)  # aquí duermen los productores
        self._not_empty = threading.Condition(self._lock)  # y aquí los consumidores
        #: Veces que alguien se durmió, y veces que despertó y tuvo que volver a dormir.
        self.waits = {"put": 0, "get": 0}
        self.in_vain = {"put": 0, "get": 0}
        self.max_fill = 0

    def put(self, item: T) -> None:
        """Mete ``item``; si el búfer está lleno, duerme en ``no_lleno`` hasta que haya hueco."""
        with self._lock:
            woke = False
            while len(self._items) == self.capacity:  # while, no if: volver a mirar
                self.in_vain["put"] += woke
                self.waits["put"] += 1
                self._not_full.wait()
                woke = True
            self._items.append(item)
            self.max_fill = max(self.max_fill, len(self._items))
            self._not_empty.notify()  # despierta a un consumidor, si duerme alguno

    def get(self) -> T:
        """Saca el más antiguo; si el búfer está vacío, duerme en ``no_vacio``."""
        with self._lock:
            woke = False
            while not self._items:
                self.in_vain["get"] += woke
                self.waits["get"] += 1
                self._not_empty.wait()
                woke = True
            item = self._items.popleft()
            self._not_full.notify()  # despierta a un productor, si duerme alguno
            return item


@dataclass(frozen=True)
class BufferRun:
    """Una ejecución real: qué se produjo y consumió, cuánto se esperó y cuánto en vano."""

    producers: int
    consumers: int
    capacity: int
    produced: int
    consumed: int
    lost: int
    duplicated: int
    waits: dict[str, int]
    in_vain: dict[str, int]
    max_fill: int
    elapsed_s: float

    @property
    def in_vain_total(self) -> int:
        """Despertares en vano de los dos lados: los fallos que habría tenido un ``if``."""
        return self.in_vain["put"] + self.in_vain["get"]


def run_buffer(
    *, producers: int = 2, consumers: int = 4, items: int = 1000, capacity: int = 1
) -> BufferRun:
    """``producers`` hilos meten ``items`` elementos cada uno; ``consumers`` hilos los sacan.

    Al terminar los productores se mete un centinela (``None``) por consumidor. Se
    esperan todos los hilos antes de volver, y se comprueba que cada elemento se
    consumió exactamente una vez (``lost`` y ``duplicated`` deberían ser 0).
    """
    check_int("producers", producers, 1, 64)
    check_int("consumers", consumers, 1, 64)
    check_int("items", items, 1, 1_000_000)
    buffer: BoundedBuffer[int | None] = BoundedBuffer(capacity)
    taken: list[list[int]] = [[] for _ in range(consumers)]

    def produce(p: int) -> None:
        for i in range(items):
            buffer.put(p * items + i)

    def consume(c: int) -> None:
        while (item := buffer.get()) is not None:
            taken[c].append(item)

    start = time.perf_counter()
    makers = [threading.Thread(target=produce, args=(p,), name=f"productor-{p}")
              for p in range(producers)]  # fmt: skip
    takers = [threading.Thread(target=consume, args=(c,), name=f"consumidor-{c}")
              for c in range(consumers)]  # fmt: skip
    for t in makers + takers:
        t.start()
    for t in makers:
        t.join()
    for _ in range(consumers):
        buffer.put(None)
    for t in takers:
        t.join()
    elapsed = time.perf_counter() - start
    counts = collections.Counter(x for got in taken for x in got)
    total = producers * items
    return BufferRun(
        producers, consumers, capacity, total, sum(counts.values()),
        sum(1 for x in range(total) if x not in counts),
        sum(n - 1 for n in counts.values() if n > 1),
        dict(buffer.waits), dict(buffer.in_vain), buffer.max_fill, elapsed,
    )  # fmt: skip

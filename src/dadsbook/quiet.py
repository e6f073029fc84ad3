"""Turnos entre las páginas de una construcción en paralelo: la máquina callada al medir.

Con ``sphinx-build -j 2`` se ejecutan dos páginas a la vez (cada una en su núcleo de
Jupyter). Simular o dibujar a la vez no molesta a nadie; medir sí: una medición debe
ver la máquina tranquila (:mod:`dadsbook.measure` anota la CPU que gastan otros
procesos y, si pasa de un cuarto, el veredicto no decide). Este módulo reparte los
turnos con un cerrojo de **lectores y escritor** sobre un fichero (``flock``):

- cada celda de una página (y el proceso de Sphinx mientras prepara la página, arranca
  su núcleo o convierte sus salidas) toma el cerrojo **compartido**: muchas a la vez;
- cada medición (:func:`dadsbook.measure.exclusive`) lo toma **exclusivo**: espera a que
  terminen las celdas que ya corren en otras páginas, y las que quieran empezar esperan
  a que termine ella.

El escritor tiene preferencia (un segundo fichero, el «turno», que los lectores solo
cruzan): una medición no espera para siempre a que dejen de llegar celdas. Quien toma
el exclusivo suelta antes su propio compartido: dos mediciones que esperan a la vez no
se bloquean entre sí.

Solo actúa donde la construcción lo pide: la extensión de Sphinx pone la ruta del
cerrojo en :data:`LOCK_ENV` y el núcleo la recoge al empezar (:func:`join`), quitándola
del entorno para que los procesos que lance una celda no la hereden (una celda que
lanza un proceso que mide lo envuelve en :func:`alone`). Quien mide toma primero el
turno y después el cerrojo de medición entre procesos: en el otro orden, una página
con el cerrojo esperaría el turno de una celda que espera a su hijo, que espera el
cerrojo. Fuera de una
construcción en paralelo (pruebas, el ``.ipynb`` descargado, la CLI) todo esto no hace
nada. Un proceso hijo creado con ``fork`` hereda el objeto pero no actúa con él (el
cerrojo de ``flock`` es de la descripción de fichero que comparten padre e hijo).

>>> import tempfile
>>> lock = QuietLock(Path(tempfile.mkdtemp()) / "celdas.lock")
>>> lock.share(); lock.shared
True
>>> lock.unshare(); lock.take(); lock.shared, lock.exclusive
(False, True)
>>> lock.give_back(); lock.close()
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO

__all__ = [
    "LOCK_ENV",
    "QuietLock",
    "alone",
    "alone_async",
    "cell_finished",
    "cell_started",
    "join",
    "joined",
]

#: Variable de entorno con la ruta del cerrojo de turnos de una construcción en paralelo.
LOCK_ENV = "DADSBOOK_CELL_LOCK"
#: Cada cuánto se reintenta sin bloquear desde una corrutina.
POLL_S = 0.005


class QuietLock:
    """Cerrojo de lectores (celdas) y escritor (mediciones) entre procesos.

    ``share``/``unshare`` para las celdas; ``take``/``give_back`` para una medición.
    Cada instancia es de un proceso: en otro (un hijo de ``fork``) no hace nada.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.pid = os.getpid()
        self._main: IO[bytes] = path.open("a+b")
        self._turn: IO[bytes] = path.with_name(path.name + ".turno").open("a+b")
        self.shared = False
        self.exclusive = False

    def mine(self) -> bool:
        """Si este proceso es el que abrió el cerrojo (no un hijo de ``fork``)."""
        return os.getpid() == self.pid and not self._main.closed

    def _through_turn(self, operation: int) -> None:
        """Toma el principal en ``operation`` pasando antes por el fichero de intención.

        Quien espera el exclusivo tiene el de intención: las celdas que llegan después
        esperan detrás de él (preferencia del escritor).
        """
        fcntl.flock(self._turn, operation)
        try:
            fcntl.flock(self._main, operation)
        finally:
            fcntl.flock(self._turn, fcntl.LOCK_UN)

    def share(self) -> None:
        """Toma el compartido (espera si una medición lo tiene o lo espera)."""
        if not self.mine() or self.shared or self.exclusive:
            return
        self._through_turn(fcntl.LOCK_SH)
        self.shared = True

    def unshare(self) -> None:
        """Suelta el compartido."""
        if self.mine() and self.shared:
            fcntl.flock(self._main, fcntl.LOCK_UN)
            self.shared = False

    def take(self) -> None:
        """Toma el exclusivo: suelta el compartido propio y espera a que acaben las celdas."""
        if not self.mine() or self.exclusive:
            return
        self.unshare()
        self._through_turn(fcntl.LOCK_EX)
        self.exclusive = True

    async def take_async(self) -> None:
        """:meth:`take` sin bloquear el bucle de eventos (reintenta cediendo)."""
        if not self.mine() or self.exclusive:
            return
        self.unshare()
        await _flock_async(self._turn, fcntl.LOCK_EX)
        try:
            await _flock_async(self._main, fcntl.LOCK_EX)
        finally:
            fcntl.flock(self._turn, fcntl.LOCK_UN)
        self.exclusive = True

    def give_back(self, *, share: bool = False) -> None:
        """Suelta el exclusivo; con ``share``, vuelve a tomar el compartido (una celda)."""
        if self.mine() and self.exclusive:
            fcntl.flock(self._main, fcntl.LOCK_UN)
            self.exclusive = False
        if share:
            self.share()

    def close(self) -> None:
        """Suelta todo y cierra los ficheros (solo en el proceso que los abrió)."""
        if self.mine():
            self.give_back()
            self.unshare()
            self._main.close()
            self._turn.close()


async def _flock_async(handle: IO[bytes], operation: int) -> None:
    while True:
        try:
            fcntl.flock(handle, operation | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            await asyncio.sleep(POLL_S)


_joined: list[QuietLock] = []


def join() -> QuietLock | None:
    """En el núcleo de una página: toma la ruta de :data:`LOCK_ENV` y abre el cerrojo.

    Quita la variable del entorno (los procesos que lance una celda no la heredan: un
    ``dadsbook bench`` lanzado desde una celda que mide esperaría al compartido de su
    propia celda). Sin la variable, no hace nada y devuelve ``None``.
    """
    path = os.environ.pop(LOCK_ENV, "")
    if path and not _joined:
        _joined.append(QuietLock(Path(path)))
    return joined()


def joined() -> QuietLock | None:
    """El cerrojo de este proceso, si se unió a una construcción en paralelo."""
    return _joined[0] if _joined and _joined[0].mine() else None


@contextmanager
def alone() -> Iterator[None]:
    """El turno exclusivo mientras dura el bloque (y después, el compartido si lo había).

    Lo toma :func:`dadsbook.measure.exclusive` antes del cerrojo de medición. Sirve
    también para lanzar un proceso que mide: no hereda el turno (:func:`join`) y toma
    el cerrojo él solo; con este bloque alrededor, las demás páginas esperan mientras
    corre. Fuera de una construcción en paralelo no hace nada.
    """
    lock = joined()
    if lock is None:
        yield
        return
    in_cell = lock.shared
    lock.take()
    try:
        yield
    finally:
        lock.give_back(share=in_cell)


@asynccontextmanager
async def alone_async() -> AsyncIterator[None]:
    """:func:`alone` sin bloquear el bucle de eventos mientras espera el turno."""
    lock = joined()
    if lock is None:
        yield
        return
    in_cell = lock.shared
    await lock.take_async()
    try:
        yield
    finally:
        lock.give_back(share=in_cell)


def cell_started() -> None:
    """Antes de cada celda: el compartido (no hace nada fuera de una construcción en paralelo)."""
    lock = joined()
    if lock is not None:
        lock.share()


def cell_finished() -> None:
    """Después de cada celda: suelta el compartido."""
    lock = joined()
    if lock is not None:
        lock.unshare()

"""Procesos hijos ``spawn`` con una tubería cada uno, que siempre se paran al acabar.

El arnés de las mediciones del capítulo con procesos que obedecen órdenes del padre
(:mod:`~dadsbook.software.operating_system.nice`,
:mod:`~dadsbook.software.operating_system.affinity`): cada hijo ejecuta
``target(*args, conexión)`` y atiende mensajes hasta recibir ``None``. Al cerrar, el
padre envía ese ``None``, espera a cada hijo un tiempo acotado y termina al que siga
vivo: ningún proceso sobrevive a la llamada que lo arrancó, también si algo falla.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

__all__ = ["PipedChildren"]


class PipedChildren:
    """Un hijo ``spawn`` por tupla de ``args``, cada uno con su tubería al padre.

    Como gestor de contexto arranca los hijos al entrar y los para al salir
    (:meth:`close`); ``join_timeout_s`` es lo que se espera a cada uno antes de
    terminarlo.
    """

    def __init__(
        self,
        target: Callable[..., None],
        args: Sequence[tuple[Any, ...]],
        *,
        join_timeout_s: float,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.join_timeout_s = join_timeout_s
        self.pipes = [ctx.Pipe() for _ in args]
        self.procs = [
            ctx.Process(target=target, args=(*a, child), daemon=True)
            for a, (_, child) in zip(args, self.pipes, strict=True)
        ]

    @property
    def parents(self) -> list[Connection]:
        """El extremo del padre de cada tubería, en el orden de los hijos."""
        return [parent for parent, _ in self.pipes]

    def start(self) -> None:
        """Arranca los hijos (sin esperar a que importen) y suelta sus extremos."""
        for p in self.procs:
            p.start()
        for _, child in self.pipes:
            child.close()

    def send_all(self, message: object) -> None:
        """Envía el mismo mensaje a todos los hijos."""
        for parent in self.parents:
            parent.send(message)

    def recv_all(self) -> list[Any]:
        """Una respuesta de cada hijo, en su orden."""
        return [parent.recv() for parent in self.parents]

    def close(self) -> None:
        """Despide a los hijos, espera a que terminen (o los termina) y cierra todo."""
        for parent in self.parents:
            with contextlib.suppress(OSError):  # el hijo ya no está
                parent.send(None)
        for p in self.procs:
            if p.pid is None:  # no llegó a arrancar
                continue
            p.join(timeout=self.join_timeout_s)
            if p.is_alive():
                p.terminate()
                p.join()
            p.close()  # suelta ya su descriptor, sin esperar al recolector
        for parent, child in self.pipes:
            parent.close()
            child.close()  # ya cerrado si llegaron a arrancar

    def __enter__(self) -> PipedChildren:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

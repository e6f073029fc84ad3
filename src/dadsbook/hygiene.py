"""Higiene: nada de lo que arranca una celda sobrevive a su página.

Una celda que deja un hilo, un proceso hijo (aunque ya haya terminado: un *zombi*
que nadie recogió con ``wait``) o un descriptor abierto (un socket, una tubería, un
fichero, un ``epoll``…) contamina las mediciones de las celdas siguientes y las de
otra construcción. :class:`Snapshot` fotografía el proceso antes y después;
:func:`leftovers` dice qué sobró, esperando un momento a que terminen los cierres
ordenados, y :func:`check` lanza :class:`LeakError` si sobra algo.

Se cuentan **todos** los descriptores de ``/proc/self/fd`` (no solo los puertos en
escucha y los ficheros regulares) y **todos** los procesos descendientes, zombis
incluidos. Solo se exceptúa la infraestructura que Python o una biblioteca arranca
una vez por proceso y mantiene viva a propósito (ver ``SINGLETON_*``, los ficheros de
las bibliotecas y, en el núcleo de Jupyter, :func:`kernel_snapshot` y
:func:`kernel_check`); cada excepción dice por qué lo es.

Dónde se usa: al final de cada página en sybil (``docs/conftest.py``), dentro del
núcleo de cada página en la construcción real (``conf/_ext/dadsbook_hygiene.py``) y
tras cada prueba de ``tests/`` (``tests/conftest.py``).

Solo se cuentan los hilos de Python (:func:`threading.enumerate`): los hilos nativos
de BLAS u OpenMP son *pools* que la biblioteca crea una vez y no tienen nombre propio.

>>> before = Snapshot.take()
>>> leftovers(before)
[]
>>> import os
>>> read_end, write_end = os.pipe()
>>> for leftover in leftovers(before, grace_s=0):  # doctest: +ELLIPSIS
...     print(leftover)
descriptor ...: tubería (extremo de lectura, pipe:[...])
descriptor ...: tubería (extremo de escritura, pipe:[...])
>>> os.close(read_end); os.close(write_end)
>>> check(before, where="el ejemplo")
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from dadsbook.validation import check_number

__all__ = [
    "LeakError",
    "Snapshot",
    "check",
    "describe_fd",
    "kernel_check",
    "kernel_snapshot",
    "leftovers",
]

#: Hilos que una biblioteca arranca **una vez por proceso** y mantiene vivos a
#: propósito; no son una fuga de la página que los usó primero:
#:
#: - ``Dask-Offload``: el ejecutor global de ``distributed.utils`` (un hilo) que
#:   Dask usa para (de)serializar fuera del bucle; vive mientras el proceso.
SINGLETON_THREADS = ("Dask-Offload",)

#: Procesos que ``multiprocessing`` arranca **una vez por proceso** y mantiene vivos
#: hasta que el intérprete termina (módulo y atributo que guardan su PID y el
#: descriptor de la tubería que los mantiene vivos): el ``resource_tracker`` (con
#: ``spawn`` y ``forkserver``, vigila los semáforos y la memoria compartida) y el
#: servidor de ``forkserver``. Se reconocen por el PID que guarda ``multiprocessing``
#: en este proceso, no por su línea de órdenes: los trabajadores que crea el servidor
#: heredan la suya y esos sí se cuentan.
SINGLETON_PROCESSES = (
    ("multiprocessing.resource_tracker", "_resource_tracker", "_pid", "_fd"),
    ("multiprocessing.forkserver", "_forkserver", "_forkserver_pid", "_forkserver_alive_fd"),
)

_PROC_FD = Path("/proc/self/fd")
_ACCESS = {0: "extremo de lectura", 1: "extremo de escritura", 2: "lectura y escritura"}
_ANON_INODES = {
    "eventfd": "eventfd (aviso entre hilos)",
    "eventpoll": "epoll (selector de E/S)",
    "timerfd": "timerfd (temporizador)",
    "signalfd": "signalfd (señales)",
    "pidfd": "pidfd (referencia a un proceso)",
    "inotify": "inotify (vigilancia de ficheros)",
}


class LeakError(AssertionError):
    """Algo que arrancó una página (o una prueba) sigue vivo al terminar."""


@dataclass(frozen=True)
class Snapshot:
    """Hilos de Python, procesos descendientes y descriptores abiertos de este proceso.

    ``children`` son pares ``(pid, arranque)`` (el arranque, en *ticks* desde el
    inicio del sistema, distingue un PID reutilizado) y ``fds`` pares
    ``(descriptor, destino)`` con el destino que da ``readlink`` (``socket:[…]``,
    ``pipe:[…]``, una ruta…): un número de descriptor reutilizado para otra cosa
    cuenta como nuevo.
    """

    threads: frozenset[int]
    children: frozenset[tuple[int, int]]
    fds: frozenset[tuple[int, str]]

    @classmethod
    def take(cls) -> Snapshot:
        """Fotografía el proceso actual."""
        singleton_pids, singleton_fds = _singletons()
        return cls(
            threads=frozenset(
                t.ident
                for t in threading.enumerate()
                if t.ident is not None and not t.name.startswith(SINGLETON_THREADS)
            ),
            children=frozenset(
                (pid, start)
                for pid, start in _descendants(os.getpid())
                if pid not in singleton_pids
            ),
            fds=frozenset(_open_fds(singleton_fds)),
        )

    def minus(self, before: Snapshot) -> list[str]:
        """Lo que hay en esta foto y no en ``before``, descrito en español."""
        extra: list[str] = []
        names = {t.ident: t.name for t in threading.enumerate()}
        extra += [f"hilo {names.get(i, i)!r}" for i in sorted(self.threads - before.threads)]
        extra += [_describe_child(pid) for pid, _ in sorted(self.children - before.children)]
        extra += [
            f"descriptor {fd}: {describe_fd(fd, target)}"
            for fd, target in sorted(self.fds - before.fds)
        ]
        return extra


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:  # noqa: PTH123
            return handle.read()
    except OSError:
        return ""


def _stat(pid: int) -> tuple[str, str, int] | None:
    """Nombre, estado (``Z`` si es un zombi) y arranque de ``pid``, de ``/proc/<pid>/stat``."""
    raw = _read(f"/proc/{pid}/stat")
    if not raw:
        return None
    name, _, rest = raw.partition("(")[2].rpartition(")")
    fields = rest.split()
    return name, fields[0], int(fields[19])


def _direct_children(pid: int) -> set[int]:
    """Hijos directos de ``pid`` (de cualquiera de sus hilos)."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        found.update(int(c) for c in _read(f"{task}/children").split())
    return found


def _descendants(pid: int) -> Iterable[tuple[int, int]]:
    """Todos los descendientes de ``pid``, vivos o zombis, como ``(pid, arranque)``."""
    if not Path(f"/proc/{pid}/task/{pid}/children").exists():  # núcleo sin CONFIG_PROC_CHILDREN
        for process in psutil.Process(pid).children(recursive=True):
            try:
                yield process.pid, round(process.create_time() * 100)
            except psutil.NoSuchProcess:
                continue
        return
    pending = list(_direct_children(pid))
    seen: set[int] = set()
    while pending:
        child = pending.pop()
        if child in seen:
            continue
        seen.add(child)
        stat = _stat(child)
        if stat is None:  # ya recogido
            continue
        yield child, stat[2]
        pending.extend(_direct_children(child))


def _describe_child(pid: int) -> str:
    stat = _stat(pid)
    if stat is None:
        return f"proceso hijo {pid} (terminó mientras se comprobaba)"
    name, state, _ = stat
    if state == "Z":
        return f"proceso hijo {pid} zombi ({name}: terminó y nadie lo recogió con wait)"
    command = _read(f"/proc/{pid}/cmdline").replace("\0", " ").strip() or name
    if len(command) > 80:
        command = command[:77] + "…"
    return f"proceso hijo {pid} ({command})"


def _singletons() -> tuple[set[int], set[int]]:
    """PID y descriptores de los singletons de ``multiprocessing`` de este proceso.

    El proceso guarda el extremo de escritura de una tubería hacia el
    ``resource_tracker`` y otro hacia el servidor de ``forkserver`` (si se cierra, el
    singleton termina): nacen con él y viven lo mismo que él.
    """
    pids: set[int] = set()
    fds: set[int] = set()
    for module_name, instance, pid_attribute, fd_attribute in SINGLETON_PROCESSES:
        module = sys.modules.get(module_name)  # sin importarlo: si no está, no hay singleton
        singleton = getattr(module, instance, None)
        pid, fd = getattr(singleton, pid_attribute, None), getattr(singleton, fd_attribute, None)
        if isinstance(pid, int):
            pids.add(pid)
        if isinstance(fd, int):
            fds.add(fd)
    for thread, pipe in _kernel_event_pipes().items():
        if thread.is_alive() and thread.name.startswith(SINGLETON_THREADS):
            fds.add(pipe.getsockopt(sys.modules["zmq"].FD))
    return pids, fds


def _kernel_event_pipes() -> dict[threading.Thread, Any]:
    """Los sockets zmq que ipykernel abre para cada hilo que escribe en la salida.

    En un núcleo de Jupyter, el primer ``print`` de un hilo que no es el principal abre
    un socket zmq (un ``eventfd``) para avisar al hilo de IOPub; ipykernel lo cierra
    cuando el hilo ha terminado, en una pasada periódica (cada 10 s). Fuera de un
    núcleo, vacío.
    """
    pub_thread = getattr(sys.stdout, "pub_thread", None)
    pipes = getattr(pub_thread, "_event_pipes", None)
    return dict(pipes) if isinstance(pipes, dict) else {}


def _is_library(path: str) -> bool:
    """Ficheros que abren las bibliotecas y mantienen abiertos a propósito (fuentes, …)."""
    return path.startswith((sys.prefix, sys.base_prefix)) or "/.cache/" in path


def _open_fds(exempt: set[int]) -> Iterable[tuple[int, str]]:
    """``(descriptor, destino)`` de cada descriptor abierto, salvo ``exempt`` y las bibliotecas."""
    for entry in _PROC_FD.iterdir():
        fd = int(entry.name)
        if fd in exempt:
            continue
        try:
            target = str(entry.readlink())
        except OSError:  # el propio listado de /proc/self/fd, ya cerrado
            continue
        if target.startswith("/") and _is_library(target):
            continue
        yield fd, target


def _address(family: int, address: object) -> str:
    if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host, port = address[0], address[1]
        return f"[{host}]:{port}" if family == socket.AF_INET6 else f"{host}:{port}"
    if isinstance(address, bytes):  # Unix abstracto: empieza por un byte nulo
        return "@" + address.lstrip(b"\0").decode(errors="replace") if address else ""
    return str(address or "")


def _describe_socket(fd: int, target: str) -> str:
    """Familia, tipo, direcciones y si escucha, preguntando a una copia (``dup``) del socket."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return f"socket ({target})"
    with sock:
        family, kind = sock.family, sock.type
        try:
            local = _address(family, sock.getsockname())
        except OSError:
            local = ""
        try:
            peer = _address(family, sock.getpeername())
        except OSError:
            peer = ""
        listening = bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
    if family == socket.AF_UNIX:
        name = local or peer
        where = name if name else "sin nombre (p. ej. socketpair o multiprocessing.Pipe)"
        return f"{'socket Unix en escucha' if listening else 'socket Unix'} {where}"
    if family in (socket.AF_INET, socket.AF_INET6):
        protocol = {socket.SOCK_STREAM: "TCP", socket.SOCK_DGRAM: "UDP"}.get(kind, kind.name)
        if listening:
            return f"puerto en escucha {local} (socket {protocol})"
        unbound = local.endswith(":0") and not peer
        where = "sin dirección" if unbound else local + (f" → {peer}" if peer else "")
        return f"socket {protocol} {where}"
    return f"socket {getattr(family, 'name', family)} ({target})"


def describe_fd(fd: int, target: str) -> str:
    """Qué es el descriptor ``fd`` (de este proceso), en español, a partir de su destino."""
    if target.startswith("socket:"):
        return _describe_socket(fd, target)
    if target.startswith("pipe:"):
        flags = 0
        for line in _read(f"/proc/self/fdinfo/{fd}").splitlines():
            if line.startswith("flags:"):
                flags = int(line.split()[1], 8)
        return f"tubería ({_ACCESS.get(flags & 3, 'extremo desconocido')}, {target})"
    if target.startswith("anon_inode:"):
        kind = target.removeprefix("anon_inode:").strip("[]")
        return _ANON_INODES.get(kind, f"descriptor anónimo {kind}")
    if target.startswith("/"):
        path = Path(target.removesuffix(" (deleted)"))
        if target.endswith(" (deleted)"):
            return f"fichero borrado aún abierto {path}"
        if target.startswith("/dev/"):
            return f"dispositivo {path}"
        if path.is_dir():
            return f"directorio abierto {path}"
        return f"fichero abierto {path}"
    return f"descriptor de tipo desconocido ({target})"


def leftovers(before: Snapshot, *, grace_s: float = 3.0) -> list[str]:
    """Lo que sobra respecto a ``before``, tras esperar hasta ``grace_s`` segundos."""
    deadline = time.monotonic() + check_number("grace_s", grace_s)
    while True:
        extra = Snapshot.take().minus(before)
        if not extra or time.monotonic() >= deadline:
            return extra
        time.sleep(0.05)


def check(before: Snapshot, *, where: str, grace_s: float = 3.0) -> None:
    """Lanza :class:`LeakError` si sobra algo respecto a ``before``; ``where`` dice dónde.

    >>> check(Snapshot.take(), where="la página conceptos")
    """
    extra = leftovers(before, grace_s=grace_s)
    if extra:
        raise LeakError(f"{where} dejó vivos: " + "; ".join(extra))


#: La extensión de Sphinx ``dadsbook_hygiene`` pone esta variable a ``1`` en la
#: construcción (el núcleo de Jupyter la hereda). Sin ella, :func:`kernel_snapshot` y
#: :func:`kernel_check` no hacen nada: el cuaderno ``.ipynb`` que se descarga del libro
#: lleva las dos celdas ocultas, y en el Jupyter de quien lo lee no deben ni fallar por
#: lo que tenga abierto su entorno ni cerrar el ejecutor de su bucle.
BUILD_ENV = "DADSBOOK_KERNEL_HYGIENE"


def _in_build() -> bool:
    return os.environ.get(BUILD_ENV) == "1"


def kernel_snapshot() -> Snapshot:
    """:meth:`Snapshot.take` dentro de un núcleo de Jupyter, tras arrancar su infraestructura.

    pyzmq libera los mensajes enviados sin copia (ipykernel envía así las salidas
    grandes) con un recolector propio que crea la primera vez y mantiene mientras viva
    el proceso (``zmq.utils.garbage.gc``: un hilo, un contexto zmq con sus ``epoll`` y
    ``eventfd``, y un socket). No es de la página que escribió la primera salida
    grande: un mensaje sin copia creado y liberado aquí lo arranca antes de la foto.
    Solo en la construcción (ver ``BUILD_ENV``) y dentro de ipykernel.
    """
    zmq = sys.modules.get("zmq")
    if _in_build() and zmq is not None and getattr(sys.stdout, "pub_thread", None) is not None:
        frame = zmq.Frame(b"\0" * (2 * zmq.COPY_THRESHOLD), copy=False)
        del frame
    return Snapshot.take()


def _close_dead_thread_event_pipes() -> None:
    """Cierra los sockets de ipykernel de hilos que ya terminaron, como hace él cada 10 s."""
    pub_thread = getattr(sys.stdout, "pub_thread", None)
    lock = getattr(pub_thread, "_event_pipe_gc_lock", None)
    pipes = getattr(pub_thread, "_event_pipes", None)
    if lock is None or not isinstance(pipes, dict):
        return
    with lock:
        for thread, pipe in list(pipes.items()):
            if not thread.is_alive():
                pipe.close()
                del pipes[thread]


async def kernel_check(before: Snapshot, *, where: str, grace_s: float = 3.0) -> None:
    """:func:`check` al final de una página, dentro de su núcleo de Jupyter (con ``await``).

    Hace lo mismo que el desmontaje de sybil antes de comprobar: cierra el ejecutor por
    defecto del bucle (sus hilos ``asyncio_N`` los crea, por ejemplo, la resolución de
    nombres de aiohttp). Cierra también los sockets zmq que ipykernel abrió para hilos
    que **ya terminaron** (ver :func:`_kernel_event_pipes`), para no depender de cuándo
    pasa su limpieza. Mientras espera a los cierres ordenados deja correr el bucle del
    núcleo. Solo en la construcción (ver ``BUILD_ENV``).
    """
    if not _in_build():
        return
    deadline = time.monotonic() + check_number("grace_s", grace_s)
    await asyncio.get_running_loop().shutdown_default_executor()
    while True:
        _close_dead_thread_event_pipes()
        extra = Snapshot.take().minus(before)
        if not extra or time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.05)
    if extra:
        raise LeakError(f"{where} dejó vivos: " + "; ".join(extra))

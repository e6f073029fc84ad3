"""Un límite de memoria de verdad: un proceso hijo con ``RLIMIT_AS`` que se queda sin ella.

El ``limits.memory`` de un contenedor acaba en ``memory.max`` de su cgroup, y cuando
el contenedor lo supera y el núcleo no puede recuperar páginas, el **OOM killer** del
cgroup le manda ``SIGKILL``: no hay excepción que capturar, el proceso desaparece y
Kubernetes anota ``OOMKilled`` (código de salida 137 = 128 + 9).

Crear un cgroup pide privilegios; :func:`run_child` muestra lo que sí se puede sin
ellos: un hijo real que fija su propio ``RLIMIT_AS`` (``resource.setrlimit``, el
límite de espacio de direcciones virtuales) y reserva memoria hasta que una reserva
falla. Con ese límite, el núcleo no mata a nadie: ``mmap`` devuelve ``ENOMEM``, la
reserva falla y Python lanza ``MemoryError``, que el programa puede capturar (modo
``catch``) o no (modo ``crash``: muere con estado 1 y la traza en *stderr*). El hijo
se espera siempre (``subprocess.run``): no queda ningún proceso vivo.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int

__all__ = ["ChildRun", "kill_status", "run_child", "runs_table"]

_CHILD = Path(__file__).with_name("_memory_child.py")
#: Tiempo máximo de un hijo: reservar unas decenas de MiB tarda milisegundos.
TIMEOUT_S = 60.0
Mode = Literal["catch", "crash"]


@dataclass(frozen=True)
class ChildRun:
    """Lo que hizo un hijo: su límite, lo que reservó y cómo terminó."""

    mode: Mode
    headroom_bytes: int
    chunk_bytes: int
    returncode: int
    reserved_bytes: int | None
    error: str
    stderr_last_line: str

    @property
    def ended(self) -> str:
        """Cómo terminó, en español."""
        if self.returncode == 0:
            return "terminó bien (estado 0)"
        if self.returncode < 0:
            return f"lo mató la señal {signal.Signals(-self.returncode).name}"
        return f"murió con estado {self.returncode}: «{self.stderr_last_line}»"


def kill_status(sig: signal.Signals = signal.SIGKILL) -> int:
    """El código de salida que informa un contenedor muerto por una señal (128 + señal).

    >>> kill_status()
    137
    """
    return 128 + int(sig)


def run_child(headroom_mib: int = 64, *, chunk_mib: int = 8, mode: Mode = "catch") -> ChildRun:
    """Ejecuta un hijo con ``RLIMIT_AS`` = su tamaño virtual + ``headroom_mib`` MiB.

    Reserva trozos de ``chunk_mib`` MiB hasta que uno falla.
    """
    headroom = check_int("headroom_mib", headroom_mib, 1, 1024)
    chunk = check_int("chunk_mib", chunk_mib, 1, headroom)
    if mode not in ("catch", "crash"):
        raise ValueError(f"mode debe ser 'catch' o 'crash'; se recibió {mode!r}")
    # El intérprete actual y un guion del propio paquete, sin shell.
    done = subprocess.run(
        [sys.executable, "-I", str(_CHILD), str(headroom), str(chunk), mode],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    report: dict[str, object] = {}
    if done.returncode == 0:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    reserved = report.get("reserved")
    return ChildRun(
        mode=mode,
        headroom_bytes=headroom * 1024**2,
        chunk_bytes=chunk * 1024**2,
        returncode=done.returncode,
        reserved_bytes=int(reserved) if isinstance(reserved, int) else None,
        error=str(report.get("error", lines[-1] if lines else "")),
        stderr_last_line=lines[-1] if lines else "",
    )


def runs_table(runs: list[ChildRun]) -> Table:
    """Una fila por hijo: holgura, trozo, lo reservado y cómo terminó."""
    rows = [
        (
            "captura MemoryError" if r.mode == "catch" else "no la captura",
            fmt.size(r.headroom_bytes),
            fmt.size(r.chunk_bytes),
            fmt.size(r.reserved_bytes) if r.reserved_bytes is not None else "—",
            r.error or "—",
            r.ended,
        )
        for r in runs
    ]
    return Table(("hijo", "límite sobre su tamaño", "trozo", "reservó", "error", "final"), rows)

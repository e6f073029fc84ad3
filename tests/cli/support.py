"""Ayudas comunes a las pruebas de la línea de órdenes (``from cli.support import …``).

- :func:`run`: ``dadsbook.cli.main.main`` dentro del proceso (con la entrada estándar
  que se le dé), con su estado, su salida, su error, los segundos que tardó (de reloj y
  de CPU) y los MB de memoria que añadió (pico de memoria residente menos la de antes, con
  ``/proc/self/clear_refs`` en Linux).
- :func:`output`, :func:`json_of`, :func:`solved` y :func:`text_of`: lo mismo cuando la
  orden debe terminar bien, devolviendo su salida, su JSON, la solución de ``sim … -c
  --json`` o el texto de ``sim … -c``.
- :func:`one_spanish_line`: el error de una orden rechazada, una sola línea en español.
- :data:`ENTRY`: el punto de entrada real que instala el paquete (``.venv/bin/dadsbook``),
  y :func:`dadsbook`: ``python -m dadsbook`` en un subproceso, para lo que solo se ve
  desde fuera (el estado de salida real, la entrada estándar, Ctrl-C).

Las pruebas del contrato van dentro del proceso siempre que se puede: un subproceso
cuesta un arranque de Python (e importar el núcleo del capítulo) por orden.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from dadsbook.cli.main import main

ROOT = Path(__file__).resolve().parents[2]

#: ``dadsbook`` tal como lo instala ``pip``; si no está junto al intérprete, el del PATH.
ENTRY = str(Path(sys.executable).with_name("dadsbook"))
if not Path(ENTRY).exists():  # pragma: no cover - depende de cómo se instaló
    ENTRY = shutil.which("dadsbook") or ENTRY

#: Lo que promete la línea de órdenes a cualquier entrada aceptada en esta máquina.
SECONDS_MAX = 10.0
MEGABYTES_MAX = 400
#: Holgura del reloj frente a la CPU (:func:`run`): la red contra órdenes que se cuelgan.
HANG_FACTOR = 3

#: Restos de mensajes de Python o de argparse que nunca deben llegar a quien usa la orden.
ENGLISH = re.compile(
    r"Traceback|invalid literal|codec|Exceeds the limit|NoneType|object has no|"
    r"expected |must be|not allowed|could not|unrecognized|usage:|argument ",
)


class TooSlow(BaseException):
    """La orden superó su límite de CPU o se colgó (se lanza desde la alarma)."""


@dataclass(frozen=True)
class Result:
    """Lo que hizo una llamada a ``main``."""

    status: int
    out: str
    err: str
    seconds: float
    megabytes: float
    cpu_seconds: float


def _memory(field: str) -> int:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    found = re.search(rf"{field}:\s+(\d+)", status)
    return int(found.group(1)) if found else 0


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """``TooSlow`` tras ``seconds`` de CPU del proceso o :data:`HANG_FACTOR` veces eso de reloj.

    CPU (``ITIMER_PROF``) y no reloj: en make test la construcción del libro corre a la vez
    en los mismos 2 núcleos, y una orden de 3,6 s de CPU pasa de 10 s de reloj. El reloj,
    con holgura, sigue parando lo que se cuelga sin gastar CPU.
    """

    def ring(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGPROF:
            raise TooSlow(f"más de {seconds:g} s de CPU")
        raise TooSlow(f"más de {HANG_FACTOR * seconds:g} s de reloj")

    previous = {number: signal.signal(number, ring) for number in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, HANG_FACTOR * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _stdin(text: str | None) -> Iterator[None]:
    """``sys.stdin`` lee ``text`` (si no es ``None``) mientras dura el bloque."""
    if text is None:
        yield
        return
    previous, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = previous


def run(argv: Sequence[str], *, limit: float = SECONDS_MAX, stdin: str | None = None) -> Result:
    """Ejecuta ``main(argv)`` dentro del proceso y mide tiempo y memoria añadida.

    ``limit`` son segundos de CPU, con un reloj de red más holgado (:func:`_alarm`). Con
    ``stdin``, la orden lee ese texto como su entrada estándar.
    """
    before = _memory("VmRSS")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    out, err = io.StringIO(), io.StringIO()
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        with (
            _alarm(limit),
            _stdin(stdin),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            status = main(list(argv))
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak = _memory("VmHWM")
    megabytes = max(peak - before, 0) / 1024
    return Result(status, out.getvalue(), err.getvalue(), seconds, megabytes, cpu_seconds)


def one_spanish_line(err: str) -> str:
    """El error de una orden rechazada: exactamente una línea, sin restos en inglés."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dadsbook"), err
    assert not ENGLISH.search(lines[0]), err
    return lines[0]


def output(*argv: str, limit: float = 60.0) -> str:
    """La salida de ``dadsbook ARGV`` dentro del proceso; la orden debe terminar con 0."""
    result = run(argv, limit=limit)
    assert result.status == 0, (argv, result.err)
    return result.out


def json_of(*argv: str) -> dict[str, Any]:
    """El JSON de ``dadsbook ARGV --json`` dentro del proceso."""
    data: dict[str, Any] = json.loads(output(*argv, "--json"))
    return data


def solved(*args: str) -> dict[str, Any]:
    """``dadsbook sim ARGS -c --json`` dentro del proceso: la solución."""
    solution: dict[str, Any] = json_of("sim", *args, "-c")["solution"]
    return solution


def text_of(*args: str) -> str:
    """``dadsbook sim ARGS -c`` dentro del proceso: el problema y la solución en texto."""
    return output("sim", *args, "-c")


def dadsbook(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m dadsbook ARGS`` en un subproceso, desde la raíz del repositorio."""
    return subprocess.run(
        [sys.executable, "-m", "dadsbook", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, input=stdin,
    )  # fmt: skip

"""Ejercicios del libro: la orden que ve quien lee y su respuesta, calculadas al construir.

Cada capítulo termina con ejercicios al estilo de los deberes de OSTEP: ``dadsbook sim
NOMBRE -s N`` plantea un problema, quien lee predice la respuesta y ``-c`` la revela.
Las soluciones no se pegan a mano: :func:`run` ejecuta la **misma orden** en este
proceso (el mismo código que el terminal) y devuelve su salida, que la página muestra
en un desplegable. Si el simulador cambia, la solución cambia con él; si la orden deja
de funcionar, la construcción y las pruebas fallan.

>>> out = run("dadsbook sim scheduler -s 1")
>>> out.command
'dadsbook sim scheduler -s 1'
>>> "-c" in out.text
True
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadsbook import quiet

__all__ = ["CommandOutput", "Runner", "check", "run", "solution", "solved", "terminal"]

PROGRAM = "dadsbook"


@dataclass(frozen=True)
class CommandOutput:
    """Lo que imprimió una orden ``dadsbook``: se ve como texto en el libro y en la terminal."""

    command: str
    text: str

    def __repr__(self) -> str:
        return f"$ {self.command}\n{self.text}"

    def _repr_html_(self) -> str:
        return (
            '<pre class="dadsbook-output"><span class="dadsbook-prompt">$ '
            f"{html.escape(self.command)}</span>\n{html.escape(self.text)}</pre>"
        )


def _argv(command: str) -> list[str]:
    if not isinstance(command, str):
        raise TypeError(f"command debe ser una cadena; se recibió {type(command).__name__}")
    words = shlex.split(command)
    if not words or words[0] != PROGRAM:
        raise ValueError(f"command debe empezar por «{PROGRAM} »; se recibió {command!r}")
    return words[1:]


def check(command: str) -> None:
    """Comprueba que ``command`` es una orden válida sin ejecutarla (p. ej. ``bench``).

    >>> check("dadsbook bench hardware/cpu --profile quick")
    >>> check("dadsbook bench --perfil rapido")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: la orden «dadsbook bench --perfil rapido» no es válida: ...
    """
    from dadsbook.cli.main import build_parser

    argv = _argv(command)
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            build_parser().parse_args(argv)
    except SystemExit as stop:
        if stop.code not in (0, None):
            message = stderr.getvalue().strip().splitlines()
            detail = message[-1] if message else f"estado {stop.code}"
            raise ValueError(f"la orden «{command}» no es válida: {detail}") from None


def run(command: str) -> CommandOutput:
    """Ejecuta ``command`` (``dadsbook sim …``) en este proceso y devuelve su salida.

    Falla con ``RuntimeError`` si la orden no termina con estado 0: un ejercicio cuya
    orden no funciona no llega al libro.
    """
    from dadsbook.cli.main import main

    argv = _argv(command)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(argv)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    if status not in (0, None):
        raise RuntimeError(
            f"la orden «{command}» terminó con estado {status}: {stderr.getvalue().strip()}"
        )
    return CommandOutput(command, stdout.getvalue().rstrip("\n"))


#: Quien ejecuta una orden ``dadsbook …`` y devuelve su salida: :func:`run` (en las
#: pruebas, uno falso que no ejecuta nada).
Runner = Callable[[str], CommandOutput]


def solved(command: str, run: Runner = run) -> tuple[CommandOutput, Any]:
    """La solución que ve quien lee (``command -c``) y sus datos (la misma orden con ``--json``)."""
    return run(f"{command} -c"), json.loads(run(f"{command} -c --json").text)


def solution(command: str, run: Runner = run) -> Any:
    """Los datos de la solución (``solution`` de ``command --json``) para explicarla con números.

    ``command`` ya lleva ``-c``; ``run`` ejecuta la orden (:func:`run` por omisión).
    """
    return json.loads(run(f"{command} --json").text)["solution"]


#: Variables con las que el núcleo de Jupyter fuerza colores que un terminal no tendría.
FORCED_COLOR = frozenset({"FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"})


def terminal(command: str, folder: Path | str, *, timeout_s: float = 300) -> CommandOutput:
    """Ejecuta ``command`` en **otro proceso**, como en un terminal, dentro de ``folder``.

    Para las órdenes que miden (``dadsbook bench``): corren como las lanzaría quien lee,
    sin colores, y en una construcción en paralelo con el turno exclusivo
    (:func:`dadsbook.quiet.alone`), así que ninguna otra página calcula mientras miden.
    Falla con ``RuntimeError`` si la orden no termina con estado 0.
    """
    argv = [sys.executable, "-m", PROGRAM, *_argv(command)]
    env = {k: v for k, v in os.environ.items() if k not in FORCED_COLOR}
    env |= {"MPLBACKEND": "Agg", "TERM": "dumb", "NO_COLOR": "1"}
    with quiet.alone():
        done = subprocess.run(
            argv, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout_s
        )
    if done.returncode != 0:
        raise RuntimeError(
            f"la orden «{command}» terminó con estado {done.returncode}: {done.stderr.strip()}"
        )
    return CommandOutput(command, done.stdout.rstrip("\n"))

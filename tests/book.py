"""El libro de una sesión de pruebas: cada página se ejecuta **una sola vez**.

La construcción real (Sphinx + myst-nb, un núcleo de Jupyter por página, perfil
``quick``, caché de ejecución nueva) es la única que ejecuta las celdas del libro en
una sesión de pytest. De ella beben:

- sybil (``docs/conftest.py``): cada celda ``{code-cell}`` de una página es una prueba
  que comprueba, en el cuaderno ejecutado de esa construcción, que su celda corrió sin
  error ni salida de error (y que es la misma celda: el mismo código, en el mismo
  orden); las celdas ocultas que añade la construcción (la foto y la comprobación de
  higiene, la huella de la caché) se revisan al final de la página;
- las pruebas del HTML, del sitio en Chromium, de la ortografía y del PDF/EPUB
  (``built_book`` en ``tests/conftest.py``), que además exigen que la construcción
  termine sin avisos.

Qué se construye lo decide la sesión: si alguna prueba fuera de ``docs/`` pide el libro
(``built_book``), el libro entero; si solo hay fragmentos de algunas páginas (``pytest
docs/hardware/cpu.md``), solo esas páginas (con ``DADSBOOK_PAGES``, como ``make page``).
La construcción de las pruebas deja los errores de las celdas en su salida
(``nb_execution_allow_errors``) en vez de pararse en el primero, para que sybil señale
cada celda que falla; ``built_book`` sigue fallando si hubo cualquier error o aviso.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: Celdas que añade la construcción (``conf/_ext/dadsbook_hygiene.py`` y
#: ``dadsbook_cache.py``): no están en el ``.md`` y sybil no las ve.
HIDDEN_MARKERS = ("# dadsbook: higiene", "# dadsbook: huella", "__dadsbook_hygiene__.kernel_check")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Lo más que puede tardar la construcción de la sesión.
TIMEOUT_S = 3600
#: Opciones de Sphinx de la construcción de la sesión. Las demás construcciones que
#: reutilizan su caché y su entorno (ortografía, EPUB, PDF) pasan las mismas: con otra
#: configuración, Sphinx volvería a leer todas las páginas.
OPTIONS = ("-D", "nb_execution_allow_errors=1")


@dataclass
class BookBuild:
    """Una construcción del libro: dónde quedó, qué páginas y cómo terminó."""

    out: Path
    pages: tuple[str, ...] | None  # None: el libro entero
    returncode: int
    stdout: str
    stderr: str
    notebooks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def html(self) -> Path:
        return self.out / "html"

    def notebook(self, docname: str) -> Path:
        """El cuaderno ejecutado de una página (lo escribe myst-nb junto al HTML)."""
        return self.out / "jupyter_execute" / f"{docname}.ipynb"

    def load_notebooks(self) -> None:
        """Lee ya las celdas de código de todos los cuadernos ejecutados.

        Otra construcción con la misma caché y la carpeta de al lado (la ortografía, el
        PDF) reescribe esos ficheros **sin salidas** (myst-nb escribe el cuaderno sin
        las salidas que toma de la caché): se leen antes de que pueda pasar.
        """
        folder = self.out / "jupyter_execute"
        for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
            docname = path.relative_to(folder).with_suffix("").as_posix()
            data = json.loads(path.read_text(encoding="utf-8"))
            self.notebooks[docname] = [c for c in data["cells"] if c["cell_type"] == "code"]

    def failure(self) -> str:
        """El final del registro, para los mensajes de error."""
        return self.stdout[-4000:] + self.stderr[-8000:]


_BUILDS: dict[str, BookBuild] = {}
_RUNNING: dict[str, tuple[Path, tuple[str, ...] | None]] = {}

#: Lanza la construcción **separada** de pytest (doble ``fork`` y sesión propia): sus
#: procesos (Sphinx y un núcleo de Jupyter por página) no son descendientes de pytest,
#: así que la comprobación de higiene de cada prueba no los ve aparecer y desaparecer.
#: Deja el PID en ``pid.txt``, la salida en ``stdout.txt``/``stderr.txt`` y el estado
#: de salida en ``rc.txt`` al terminar.
LAUNCHER = """
import os, subprocess, sys
out, command = sys.argv[1], sys.argv[2:]
if os.fork():
    os._exit(0)
os.setsid()
with open(os.path.join(out, "pid.txt"), "w") as pid:
    pid.write(str(os.getpid()))
o, e = open(os.path.join(out, "stdout.txt"), "wb"), open(os.path.join(out, "stderr.txt"), "wb")
rc = subprocess.call(command, stdin=subprocess.DEVNULL, stdout=o, stderr=e)
o.close()
e.close()
with open(os.path.join(out, "rc.tmp"), "w") as f:
    f.write(str(rc))
os.replace(os.path.join(out, "rc.tmp"), os.path.join(out, "rc.txt"))
"""


def docname(path: Path) -> str | None:
    """``docs/hardware/cpu.md`` → ``hardware/cpu``; ``None`` fuera de ``docs/``."""
    path = Path(path).resolve()
    if path.suffix != ".md" or not path.is_relative_to(DOCS):
        return None
    return str(path.relative_to(DOCS).with_suffix(""))


def pages_needed(session: pytest.Session) -> tuple[str, ...] | None:
    """Las páginas que la sesión necesita construidas; ``None`` si hace falta el libro entero."""
    pages: set[str] = set()
    for item in session.items:
        name = docname(Path(str(item.path)))
        if name is not None:
            pages.add(name)
        elif "built_book" in getattr(item, "fixturenames", ()):
            return None
    return tuple(sorted(pages))


def _folder(session: pytest.Session) -> Path:
    """Una carpeta nueva bajo la carpeta temporal de pytest (``--basetemp``)."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if isinstance(factory, pytest.TempPathFactory):
        return factory.mktemp("libro")
    return Path(tempfile.mkdtemp(prefix="dadsbook-libro-"))


def start(session: pytest.Session) -> None:
    """Arranca la construcción en segundo plano, si la sesión la necesita y no está en marcha.

    Se llama al terminar la recogida de pruebas: mientras Sphinx ejecuta las páginas en
    una CPU, las pruebas que no necesitan el libro (las primeras de la sesión) corren en
    la otra. Las mediciones no se solapan: las celdas que miden y las pruebas que miden
    toman el mismo cerrojo entre procesos (:func:`dadsbook.measure.exclusive`).
    """
    if "book" in _BUILDS or "book" in _RUNNING:
        return
    pages = pages_needed(session)
    if pages == ():
        return
    out = _folder(session)
    env = dict(
        os.environ,
        DADSBOOK_PROFILE="quick",
        DADSBOOK_CACHE_DIR=str(out / "cache"),
        DADSBOOK_EXECUTION_MODE="cache",
    )
    env.pop("MPLBACKEND", None)  # el núcleo usa el backend de Jupyter
    env.pop("DADSBOOK_PAGES", None)
    if pages is not None:
        env["DADSBOOK_PAGES"] = " ".join(pages)
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-n",
        *OPTIONS,
        "-b", "html", "-d", str(out / "doctrees"), str(DOCS), str(out / "html"),
    ]  # fmt: skip
    launcher = [sys.executable, "-c", LAUNCHER, str(out), *command]
    subprocess.run(launcher, env=env, check=True, stdin=subprocess.DEVNULL, timeout=60)
    _RUNNING["book"] = (out, pages)


def build(session: pytest.Session) -> BookBuild:
    """La construcción de la sesión: espera a la que arrancó :func:`start` (o la lanza)."""
    if "book" in _BUILDS:
        return _BUILDS["book"]
    start(session)
    if "book" not in _RUNNING:
        raise RuntimeError("esta sesión no tiene páginas del libro que construir")
    out, pages = _RUNNING["book"]
    deadline = time.monotonic() + TIMEOUT_S
    while not (out / "rc.txt").is_file():
        if time.monotonic() > deadline:
            stop()
            raise TimeoutError(f"la construcción del libro tardó más de {TIMEOUT_S} s")
        time.sleep(0.2)
    _RUNNING.pop("book")
    read = lambda name: (out / name).read_text(encoding="utf-8", errors="replace")  # noqa: E731
    returncode = int(read("rc.txt"))
    built = BookBuild(out, pages, returncode, read("stdout.txt"), read("stderr.txt"))
    built.load_notebooks()
    _BUILDS["book"] = built
    return built


def stop() -> None:
    """Al acabar la sesión: una construcción que nadie esperó no sobrevive a pytest."""
    for out, _ in _RUNNING.values():
        pid_file = out / "pid.txt"
        for _ in range(50):  # el lanzador escribe el PID nada más separarse
            if pid_file.is_file() and pid_file.read_text(encoding="utf-8").strip():
                break
            time.sleep(0.1)
        else:
            continue
        if not (out / "rc.txt").is_file():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid_file.read_text(encoding="utf-8")), signal.SIGKILL)
    _RUNNING.clear()


def build_of(html: Path) -> BookBuild:
    """La construcción de esta sesión cuya carpeta HTML es ``html``."""
    built = _BUILDS["book"]
    assert built.html == html
    return built


@dataclass
class ExecutedPage:
    """Las celdas de código de una página tal como las ejecutó la construcción."""

    name: str
    cells: list[dict[str, Any]]
    position: int = 0

    @classmethod
    def load(cls, built: BookBuild, name: str) -> ExecutedPage:
        if not built.notebooks:
            built.load_notebooks()
        if name not in built.notebooks:
            raise AssertionError(
                f"la construcción del libro no dejó el cuaderno ejecutado de {name} "
                f"(código {built.returncode}):\n{built.failure()}"
            )
        return cls(name, built.notebooks[name])

    @staticmethod
    def source(cell: dict[str, Any]) -> str:
        raw = cell["source"]
        return ("".join(raw) if isinstance(raw, list) else str(raw)).strip()

    def is_hidden(self, cell: dict[str, Any]) -> bool:
        return any(marker in self.source(cell) for marker in HIDDEN_MARKERS)

    @staticmethod
    def problem(cell: dict[str, Any]) -> str | None:
        """Por qué una celda ejecutada no pasa (error, salida de error, sin ejecutar)."""
        if cell.get("execution_count") is None:
            return "la construcción no ejecutó esta celda (¿falló antes otra?)"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                trace = "\n".join(output.get("traceback", []))
                return ANSI.sub("", trace) or f"{output.get('ename')}: {output.get('evalue')}"
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                return "la celda escribió en la salida de error:\n" + (
                    "".join(text) if isinstance(text, list) else str(text)
                )
        return None

    def verify(self, source: str, *, skipped: bool) -> None:
        """Comprueba la siguiente celda visible: la misma que ``source``, y sin fallos."""
        while self.position < len(self.cells) and self.is_hidden(self.cells[self.position]):
            self._verify_hidden(self.cells[self.position])
            self.position += 1
        if self.position >= len(self.cells):
            raise AssertionError(f"{self.name}: la construcción tiene menos celdas que la página")
        cell = self.cells[self.position]
        self.position += 1
        if self.source(cell) != source.strip():
            raise AssertionError(
                f"{self.name}: la celda ejecutada no es la de la página "
                f"(¿cambió el .md durante la sesión?):\n{self.source(cell)[:500]}"
            )
        if skipped:
            if cell.get("execution_count") is not None:
                raise AssertionError(f"{self.name}: una celda skip-execution se ejecutó")
            return
        problem = self.problem(cell)
        if problem is not None:
            raise AssertionError(problem)

    def _verify_hidden(self, cell: dict[str, Any]) -> None:
        problem = self.problem(cell)
        if problem is not None:
            raise AssertionError(f"{self.name} (celda oculta de la construcción): {problem}")

    def finish(self) -> None:
        """Al terminar la página: las celdas ocultas del final (la higiene) pasaron."""
        for cell in self.cells[self.position :]:
            if not self.is_hidden(cell):
                raise AssertionError(f"{self.name}: sybil no comprobó una celda de la página")
            self._verify_hidden(cell)
        self.position = len(self.cells)

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
from collections.abc import Callable
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
        PDF) reescribe esos ficheros: se leen antes, y así cada prueba ve los de esta.
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


#: La construcción del libro entero y lo que se deriva de ella, **separado** de pytest:
#: construye el HTML, escribe su estado (así pytest sigue en cuanto está) y arranca a la
#: vez las construcciones derivadas del plan (:func:`follow_up`), cada una con su carpeta
#: (``despues/NOMBRE``: ``stdout.txt``, ``stderr.txt``, ``started.txt``, ``rc.txt``).
#: Matar el grupo de procesos (:func:`stop`) las mata todas.
PIPELINE = """
import json, os, subprocess, sys, time
out = sys.argv[1]
plan = json.load(open(os.path.join(out, "plan.json"), encoding="utf-8"))
if os.fork():
    os._exit(0)
os.setsid()
def put(folder, name, text):
    with open(os.path.join(folder, name + ".tmp"), "w") as f:
        f.write(text)
    os.replace(os.path.join(folder, name + ".tmp"), os.path.join(folder, name))
put(out, "pid.txt", str(os.getpid()))
o, e = open(os.path.join(out, "stdout.txt"), "wb"), open(os.path.join(out, "stderr.txt"), "wb")
rc = subprocess.call(plan["build"], stdin=subprocess.DEVNULL, stdout=o, stderr=e)
o.close()
e.close()
running = []
for name, step in plan["after"].items() if rc == 0 else ():
    folder = os.path.join(out, "despues", name)
    os.makedirs(folder, exist_ok=True)
    put(folder, "started.txt", str(time.time()))
    so = open(os.path.join(folder, "stdout.txt"), "wb")
    se = open(os.path.join(folder, "stderr.txt"), "wb")
    running.append((folder, subprocess.Popen(step["command"], env=step["env"], cwd=step["cwd"],
                   stdin=subprocess.DEVNULL, stdout=so, stderr=se)))
put(out, "rc.txt", str(rc))
for folder, process in running:
    put(folder, "rc.txt", str(process.wait()))
put(out, "fin.txt", str(rc))
"""


@dataclass
class Step:
    """Una construcción derivada del libro: la orden, su entorno y su carpeta de trabajo."""

    command: list[str]
    env: dict[str, str] | None = None
    cwd: Path | None = None


@dataclass
class JobResult:
    """Cómo terminó una construcción derivada."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Job:
    """Una construcción derivada, en marcha en su carpeta (``stdout.txt``, ``rc.txt``…)."""

    name: str
    folder: Path
    #: En el plan de la construcción (:data:`PIPELINE`): si esta terminó sin arrancarla
    #: (falló el libro), no hay nada que esperar.
    planned: bool = False

    def wait(self, timeout: float = TIMEOUT_S) -> JobResult:
        deadline = time.monotonic() + timeout
        pipeline_done = self.folder.parent.parent / "fin.txt"
        while not (self.folder / "rc.txt").is_file():
            if self.planned and pipeline_done.is_file():
                raise AssertionError(f"{self.name} no arrancó: la construcción del libro falló")
            if time.monotonic() > deadline:
                stop()
                raise TimeoutError(f"{self.name} tardó más de {timeout:.0f} s")
            time.sleep(0.2)
        read = lambda name: (self.folder / name).read_text(encoding="utf-8", errors="replace")  # noqa: E731
        seconds = (self.folder / "rc.txt").stat().st_mtime - float(read("started.txt"))
        return JobResult(int(read("rc.txt")), read("stdout.txt"), read("stderr.txt"), seconds)


#: Construcciones derivadas que arrancan nada más terminar el libro entero sin errores
#: (la ortografía, el EPUB, el PDF, las visitas en el navegador): nombre → (módulo de
#: pruebas que las usa, función que da su orden a partir de la carpeta del libro).
FollowUp = Callable[[Path], Step]
_FOLLOW_UPS: dict[str, tuple[Path, FollowUp]] = {}
_JOBS: dict[str, Job] = {}
#: Las derivadas que :func:`job` lanzó fuera del plan (cada una con su grupo de procesos).
_LAUNCHED: list[Path] = []


def follow_up(name: str, module: str) -> Callable[[FollowUp], FollowUp]:
    """Registra una construcción derivada que arranca nada más terminar la del libro.

    Así corre en segundo plano, mientras pytest sigue con las pruebas que no la
    necesitan, en lugar de esperar a que llegue su prueba. Entra en el plan de la
    sesión (:data:`PIPELINE`) si la sesión tiene pruebas de ``module``; si no, :func:`job`
    la lanza cuando alguien la pide. La función recibe la carpeta de la construcción
    (``html/``, ``doctrees/``, ``cache/`` dentro) y devuelve su :class:`Step`.
    """

    def register(factory: FollowUp) -> FollowUp:
        _FOLLOW_UPS[name] = (Path(module).resolve(), factory)
        return factory

    return register


def job(name: str, built: BookBuild) -> Job:
    """La construcción derivada ``name`` de ``built``: la del plan o una nueva, ya."""
    if name not in _JOBS:
        step = _FOLLOW_UPS[name][1](built.out)
        folder = built.out / "despues" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "started.txt").write_text(str(time.time()), encoding="utf-8")
        launcher = [sys.executable, "-c", LAUNCHER, str(folder), *step.command]
        subprocess.run(
            launcher, env=step.env, cwd=step.cwd, check=True, stdin=subprocess.DEVNULL, timeout=60
        )
        _JOBS[name] = Job(name, folder)
        _LAUNCHED.append(folder)
    return _JOBS[name]


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
    # Como make html: en paralelo (conf/_ext/dadsbook_parallel.py), así las pruebas del
    # sitio revisan lo que sale de ese camino.
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-n",
        "-j", "auto", *OPTIONS,
        "-b", "html", "-d", str(out / "doctrees"), str(DOCS), str(out / "html"),
    ]  # fmt: skip
    after: dict[str, Step] = {}
    if pages is None:
        wanted = {Path(str(item.path)).resolve() for item in session.items}
        after = {
            name: factory(out)
            for name, (module, factory) in _FOLLOW_UPS.items()
            if module in wanted
        }
    _JOBS.update(launch_pipeline(out, command, after, env=env))
    _RUNNING["book"] = (out, pages)


def launch_pipeline(
    out: Path, command: list[str], after: dict[str, Step], *, env: dict[str, str] | None = None
) -> dict[str, Job]:
    """Lanza :data:`PIPELINE` en ``out``: ``command`` y, si termina bien, ``after`` a la vez.

    Devuelve las construcciones derivadas, para esperarlas con :meth:`Job.wait`.
    """
    steps = {
        name: {"command": step.command, "env": step.env,
               "cwd": None if step.cwd is None else str(step.cwd)}
        for name, step in after.items()
    }  # fmt: skip
    plan = {"build": command, "after": steps}
    (out / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    pipeline = [sys.executable, "-c", PIPELINE, str(out)]
    subprocess.run(pipeline, env=env, check=True, stdin=subprocess.DEVNULL, timeout=60)
    return {name: Job(name, out / "despues" / name, planned=True) for name in after}


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


def _kill(out: Path, finished: str = "rc.txt") -> None:
    """Mata el grupo de procesos de una orden lanzada en ``out``, si sigue viva.

    ``finished`` es el fichero que escribe al terminar del todo (``fin.txt`` en el de la
    construcción con sus derivadas).
    """
    pid_file = out / "pid.txt"
    for _ in range(50):  # el lanzador escribe el PID nada más separarse
        if pid_file.is_file() and pid_file.read_text(encoding="utf-8").strip():
            break
        time.sleep(0.1)
    else:
        return
    if not (out / finished).is_file():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(pid_file.read_text(encoding="utf-8")), signal.SIGKILL)


def stop() -> None:
    """Al acabar la sesión: nada de lo lanzado (construcción, derivadas) sobrevive a pytest."""
    for out in [*(out for out, _ in _RUNNING.values()), *(b.out for b in _BUILDS.values())]:
        _kill(out, "fin.txt")  # la construcción y, con su grupo de procesos, sus derivadas
    for folder in _LAUNCHED:
        _kill(folder)
    _RUNNING.clear()
    _JOBS.clear()
    _LAUNCHED.clear()


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

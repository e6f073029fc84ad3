"""Construcción en paralelo (``conf/_ext/dadsbook_parallel.py``): páginas a la vez, medir solo."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
import time
from multiprocessing.context import ForkProcess
from pathlib import Path
from types import ModuleType

import pytest
from sphinx.util.parallel import ParallelTasks

ROOT = Path(__file__).resolve().parents[1]


def load_extension() -> ModuleType:
    path = ROOT / "conf" / "_ext" / "dadsbook_parallel.py"
    spec = importlib.util.spec_from_file_location("dadsbook_parallel_ext", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXT = load_extension()


def _work(task: tuple[str, Path]) -> None:
    """Espera a la señal de salida: ninguna tarea acaba antes de que estén todas añadidas."""
    _, go = task
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_sphinx_starts_the_pages_in_the_order_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``launch_order`` compensa cómo ``ParallelTasks`` saca las tareas que esperan.

    Se anota el orden en que Sphinx **arranca** cada proceso (no cuándo le toca la CPU,
    que con la máquina ocupada puede ir en otro orden). Las tareas esperan a que estén
    todas añadidas, como las páginas del libro, que tardan segundos: si una acabara
    mientras se añaden las demás, ``add_task`` arrancaría ya la última que espera (con
    la máquina cargada, una espera fija de 50 ms no bastaba).
    """
    started: list[str] = []
    original = ForkProcess.start

    def start(process: ForkProcess) -> None:
        started.append(process._args[2][0])  # type: ignore[attr-defined]  # (tubería, tarea, (página, señal))
        original(process)

    monkeypatch.setattr(ForkProcess, "start", start)
    names = ["a", "b", "c", "d", "e", "f"]
    go = tmp_path / "adelante"
    tasks = ParallelTasks(2)
    for name in EXT.launch_order(names, 2):
        tasks.add_task(_work, (name, go))
    go.touch()
    tasks.join()
    assert started == names


def test_costs_come_from_the_file_or_else_from_the_size(tmp_path: Path) -> None:
    costs = tmp_path / "costes.json"
    costs.write_text('{"a": 3.5, "b": "mucho", "c": true}', encoding="utf-8")
    assert EXT.page_costs(costs) == {"a": 3.5}
    assert EXT.page_costs(tmp_path / "no-está.json") == {}
    (tmp_path / "roto.json").write_text("[", encoding="utf-8")
    assert EXT.page_costs(tmp_path / "roto.json") == {}


HEADER = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  name: python3
---
"""

SPIN = """\
import os, time
from pathlib import Path
from dadsbook import measure
OUT = Path(os.environ["DADSBOOK_TEST_WINDOWS"])
def spin(name, seconds):
    start = time.monotonic()
    while time.monotonic() < start + seconds:
        pass
    (OUT / name).write_text(f"{start!r} {time.monotonic()!r}")
def wait_for(pattern, limit_s=60):
    start = time.monotonic()
    while not any(OUT.glob(pattern)) and time.monotonic() < start + limit_s:
        time.sleep(0.01)
"""


def cell(code: str) -> str:
    return "```{code-cell} ipython3\n" + textwrap.dedent(code).strip() + "\n```\n\n"


@pytest.mark.build
@pytest.mark.slow
def test_no_cell_of_another_page_runs_while_a_page_measures(tmp_path: Path) -> None:
    docs, windows = tmp_path / "docs", tmp_path / "ventanas"
    docs.mkdir()
    windows.mkdir()
    (docs / "conf.py").write_text(
        textwrap.dedent(f"""\
            import sys
            sys.path.insert(0, {str(ROOT / "conf" / "_ext")!r})
            extensions = ["myst_nb", "dadsbook_parallel", "dadsbook_hygiene"]
            nb_execution_mode = "cache"
            nb_execution_cache_path = {str(tmp_path / "cache")!r}
            nb_execution_raise_on_error = True
            exclude_patterns = ["_build"]
        """),
        encoding="utf-8",
    )
    (docs / "index.md").write_text("# Índice\n\n```{toctree}\nmide\ncalcula\n```\n", "utf-8")
    # Una cita entre las dos páginas (aunque la máquina vaya cargada): «mide» calcula en
    # cuanto «calcula» ha terminado su primera celda, y la última celda de «calcula»
    # espera a que «mide» haya calculado. Así las dos calculan a la vez seguro, y
    # después «mide» mide.
    measuring = HEADER + "# Mide\n\n" + cell(SPIN)
    measuring += cell('wait_for("b-00")\nspin("a-calcula", 0.5)')
    measuring += cell('with measure.exclusive():\n    spin("a-mide", 1.0)')
    (docs / "mide.md").write_text(measuring, encoding="utf-8")
    computing = HEADER + "# Calcula\n\n" + cell(SPIN)
    computing += "".join(cell(f'spin("b-{i:02d}", 0.25)') for i in range(11))
    computing += cell(
        't = time.monotonic()\nwait_for("a-calcula")\n'
        '(OUT / "b-11").write_text(f"{t!r} {time.monotonic()!r}")'
    )
    (docs / "calcula.md").write_text(computing, encoding="utf-8")
    env = dict(
        os.environ,
        DADSBOOK_TEST_WINDOWS=str(windows),
        DADSBOOK_LOCK_FILE=str(tmp_path / "medir.lock"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    env.pop("DADSBOOK_CELL_LOCK", None)
    command = [sys.executable, "-m", "sphinx", "-j", "2", "-q", "-b", "html", str(docs)]
    done = subprocess.run(
        [*command, str(tmp_path / "html")], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-3000:]

    def window(name: str) -> tuple[float, float]:
        start, end = (windows / name).read_text().split()
        return float(start), float(end)

    measured = window("a-mide")
    computed = window("a-calcula")
    others = [window(p.name) for p in sorted(windows.glob("b-*"))]
    assert len(others) == 12
    overlapping = [w for w in others if w[0] < measured[1] and measured[0] < w[1]]
    assert not overlapping, f"celdas de otra página durante la medición: {overlapping}"
    # Y las páginas sí corrieron a la vez fuera de la medición.
    assert any(w[0] < computed[1] and computed[0] < w[1] for w in others)

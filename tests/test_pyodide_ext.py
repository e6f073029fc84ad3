"""La extensión ``conf/_ext/dadsbook_pyodide.py``: Pyodide fijado, fuentes y simuladores ofrecidos.

La prueba más importante ejecuta **todos** los simuladores del catálogo en Pyodide (con
Node, el mismo ``pyodide.mjs`` que sirve el sitio y el mismo código Python que el worker
del navegador) y comprueba la lista :data:`OFFERED` en los dos sentidos: cada simulador
ofrecido da la salida de la orden byte a byte, y cada uno no ofrecido falla al importar
una biblioteca que el sitio no sirve (si deja de hacerlo, hay que ofrecerlo).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "conf" / "_ext"))

import dadsbook_pyodide  # noqa: E402

from dadsbook.cli.catalog import CATALOG  # noqa: E402

WORKER = ROOT / "conf" / "_ext" / "pyodide_static" / "dadsbook-simulador-worker.mjs"

NODE_SCRIPT = """
import { loadPyodide } from %(module)s;
import { readFileSync } from "node:fs";
const [zip, runner, jobs] = process.argv.slice(2);
const py = await loadPyodide({ packages: [] });
py.unpackArchive(new Uint8Array(readFileSync(zip)), "zip", { extractDir: "/home/pyodide/src" });
py.runPython("import sys; sys.path.insert(0, '/home/pyodide/src')");
py.runPython(readFileSync(runner, "utf8"));
const run = py.globals.get("_dadsbook_run");
const results = JSON.parse(readFileSync(jobs, "utf8")).map((job) => run(...job).toJs());
process.stdout.write(JSON.stringify(results));
"""


def _need_pyodide() -> None:
    """Salta sin Node o sin ``npm ci``; en CI, falla."""
    message = dadsbook_pyodide.missing_pyodide_message()
    if shutil.which("node") is None:
        message = "No hay Node.js («apt-get install nodejs npm»): no se prueba Pyodide"
    if message is None:
        return
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (en CI esta prueba no se salta)", pytrace=False)
    pytest.skip(message)


def worker_runner() -> str:
    """El código Python que el worker del navegador ejecuta en Pyodide (tal cual)."""
    source = WORKER.read_text(encoding="utf-8")
    match = re.search(r"const RUNNER = `(.*?)`;", source, re.S)
    assert match is not None, "el worker ya no define RUNNER"
    return match.group(1).replace("\\\\", "\\")


def test_missing_pyodide_names_npm_ci(tmp_path: Path) -> None:
    message = dadsbook_pyodide.missing_pyodide_message(tmp_path)
    assert message is not None
    assert "npm ci" in message and "pyodide.asm.wasm" in message
    with pytest.raises(ExtensionError, match="npm ci"):
        dadsbook_pyodide.check_pyodide(tmp_path)


def test_other_pyodide_version_is_refused(tmp_path: Path) -> None:
    for name in dadsbook_pyodide.PYODIDE_FILES:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"version": "0.27.0"}', encoding="utf-8")
    assert dadsbook_pyodide.missing_pyodide_message(tmp_path) is None
    with pytest.raises(ExtensionError, match=r"0\.27\.0.*npm ci"):
        dadsbook_pyodide.check_pyodide(tmp_path)


def test_pyodide_is_pinned_with_integrity() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    wanted = package["dependencies"]["pyodide"]
    assert re.fullmatch(r"314\.\d+\.\d+", wanted), "versión exacta de la serie 314"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == wanted == dadsbook_pyodide.pinned_version()
    assert entry["integrity"].startswith("sha512-")


def test_source_zip_is_deterministic_and_has_the_package() -> None:
    first, second = dadsbook_pyodide.source_zip(), dadsbook_pyodide.source_zip()
    assert first == second
    names = set(zipfile.ZipFile(io.BytesIO(first)).namelist())
    package = ROOT / "src" / "dadsbook"
    expected = {
        str(p.relative_to(package.parent))
        for p in package.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert names == expected
    assert "dadsbook/cli/main.py" in names


def test_widget_html_labels_every_field() -> None:
    text = dadsbook_pyodide.widget_html("mesi")
    for field in ("semilla", "opciones"):
        assert f'<label for="simulador-mesi-{field}">' in text
        assert f'id="simulador-mesi-{field}"' in text
    for action in ("plantear", "resolver", "detener"):
        assert f'data-accion="{action}"' in text
    assert 'role="status"' in text and 'role="alert"' in text


def _sphinx(tmp_path: Path, body: str, builder: str = "dummy") -> tuple[str, Path]:
    """Construye una página rst con la extensión; devuelve los avisos y la salida."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['dadsbook_pyodide']\n", encoding="utf-8")
    (src / "index.rst").write_text(f"Prueba\n======\n\n{body}\n", encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(
        str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), builder,
        status=None, warning=warnings, freshenv=True,
    )  # fmt: skip
    app.build()
    return warnings.getvalue(), tmp_path / "out"


def test_directive_refuses_a_simulator_that_needs_numpy(tmp_path: Path) -> None:
    warnings, _ = _sphinx(tmp_path, ".. simulador:: scheduler\n")
    assert "'scheduler' no se ofrece en el navegador" in warnings


def test_role_refuses_a_simulator_that_needs_numpy(tmp_path: Path) -> None:
    warnings, _ = _sphinx(tmp_path, "Compruébalo :pruebalo:`scheduler`.\n")
    assert "'scheduler' no se ofrece en el navegador" in warnings


def test_directive_refuses_the_same_simulator_twice(tmp_path: Path) -> None:
    warnings, _ = _sphinx(tmp_path, ".. simulador:: mesi\n\n.. simulador:: mesi\n")
    assert "'mesi' ya está en esta página" in warnings


def test_directive_accepts_an_offered_simulator(tmp_path: Path) -> None:
    warnings, _ = _sphinx(tmp_path, ".. simulador:: zns\n")
    # Otra aplicación de Sphinx del mismo proceso ya registró la directiva: solo ese aviso.
    assert "ERROR" not in warnings and "no se ofrece" not in warnings, warnings


def test_outside_the_web_the_widget_and_link_disappear(tmp_path: Path) -> None:
    body = "Compruébalo con ``-c``:pruebalo:`mesi`.\n\n.. simulador:: mesi\n"
    warnings, out = _sphinx(tmp_path, body, "text")
    assert "ERROR" not in warnings, warnings
    text = (out / "index.txt").read_text(encoding="utf-8")
    assert "Compruébalo con" in text
    assert "pruébalo aquí" not in text and "Semilla" not in text


def test_copy_to_site(tmp_path: Path) -> None:
    _need_pyodide()
    total = dadsbook_pyodide.copy_to_site(tmp_path)
    folder = tmp_path / dadsbook_pyodide.SITE_FOLDER
    files = [*dadsbook_pyodide.PYODIDE_FILES, dadsbook_pyodide.SOURCE_ZIP]
    assert total == sum((folder / name).stat().st_size for name in files)
    info = json.loads((folder / "version.json").read_text(encoding="utf-8"))
    assert info["pyodide"] == dadsbook_pyodide.pinned_version()


def cli_stdout(args: list[str]) -> str:
    """Lo que escribe ``dadsbook ARGS`` (la misma ``main`` que la orden, en este proceso)."""
    from dadsbook.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(args)
    assert status in (0, None), args
    return out.getvalue()


def test_the_command_line_in_this_process_writes_what_the_command_writes() -> None:
    """La comparación de abajo usa :func:`cli_stdout`: escribe lo mismo que la orden."""
    args = ["sim", "mesi", "-s", "1", "-c"]
    done = subprocess.run(
        [sys.executable, "-m", "dadsbook", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and cli_stdout(args) == done.stdout


@pytest.mark.slow
def test_offered_simulators_are_exactly_those_that_run_in_pyodide(tmp_path: Path) -> None:
    _need_pyodide()
    (tmp_path / "src.zip").write_bytes(dadsbook_pyodide.source_zip())
    (tmp_path / "runner.py").write_text(worker_runner(), encoding="utf-8")
    jobs = [[name, "1", "", compute] for name in CATALOG for compute in (False, True)]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    module = json.dumps((dadsbook_pyodide.NODE_PYODIDE / "pyodide.mjs").as_uri())
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT % {"module": module}, encoding="utf-8")
    result = subprocess.run(
        ["node", str(script), *(str(tmp_path / n) for n in ("src.zip", "runner.py", "jobs.json"))],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    outcomes = json.loads(result.stdout)
    for (name, _, _, compute), (status, stdout, stderr) in zip(jobs, outcomes, strict=True):
        if name in dadsbook_pyodide.OFFERED:
            args = ["sim", name, "-s", "1", *(["-c"] if compute else [])]
            assert (status, stdout, stderr) == (0, cli_stdout(args), ""), args
        elif status != 0:
            assert status == 1 and "No module named" in stderr, (name, stderr)
    failing = {n for (n, *_), (s, *_) in zip(jobs, outcomes, strict=True) if s != 0}
    newly_pure = set(CATALOG) - failing - set(dadsbook_pyodide.OFFERED)
    assert newly_pure == set(), f"ya funcionan en Pyodide: añádelos a OFFERED: {newly_pure}"

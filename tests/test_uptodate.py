"""``make html`` sin cambios no arranca Sphinx (``conf/uptodate.py``), y con cualquiera, sí."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_uptodate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("uptodate", ROOT / "conf" / "uptodate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


uptodate = load_uptodate()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Un repositorio pequeño: una página, la configuración y un módulo."""
    for name, text in {
        "docs/pagina.md": "# Página\n",
        "conf/conf.py": "x = 1\n",
        "src/dadsbook/modulo.py": "y = 2\n",
        "pyproject.toml": "[project]\n",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for key in [k for k in os.environ if k.startswith("DADSBOOK_")]:
        monkeypatch.delenv(key)
    return tmp_path


def built(tree: Path, profile: str = "quick") -> Path:
    """Lo que hace ``make html``: mirar, construir (aquí nada) y anotar."""
    html = tree / "_build" / "html"
    if not uptodate.is_fresh(html, profile, "", tree):
        uptodate.record(html, profile, "", tree)
    return html


def touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_nothing_changed_is_fresh(tree: Path) -> None:
    html = built(tree)
    assert uptodate.is_fresh(html, "quick", "", tree)


@pytest.mark.parametrize("where", ["docs/pagina.md", "conf/conf.py", "src/dadsbook/modulo.py"])
def test_an_edited_file_needs_a_build(tree: Path, where: str) -> None:
    html = built(tree)
    touch(tree / where)
    assert not uptodate.is_fresh(html, "quick", "", tree)


def test_a_new_or_removed_file_needs_a_build(tree: Path) -> None:
    html = built(tree)
    (tree / "docs" / "nueva.md").write_text("# Nueva\n", encoding="utf-8")
    assert not uptodate.is_fresh(html, "quick", "", tree)
    html = built(tree)
    (tree / "docs" / "nueva.md").unlink()
    assert not uptodate.is_fresh(html, "quick", "", tree)


def test_profile_options_and_environment_count(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = built(tree)
    assert not uptodate.is_fresh(html, "full", "", tree)
    html = built(tree)
    assert not uptodate.is_fresh(html, "quick", "-D nb_execution_mode=force", tree)
    html = built(tree)
    monkeypatch.setenv("DADSBOOK_BASE_URL", "https://otra.example/libro/")
    assert not uptodate.is_fresh(html, "quick", "", tree)


def test_a_file_edited_during_the_build_is_not_taken_as_built(tree: Path) -> None:
    html = tree / "_build" / "html"
    assert not uptodate.is_fresh(html, "quick", "", tree)  # empieza la construcción
    touch(tree / "docs" / "pagina.md")  # alguien guarda mientras Sphinx trabaja
    uptodate.record(html, "quick", "", tree)  # termina bien
    assert not uptodate.is_fresh(html, "quick", "", tree)


def test_python_bytecode_and_build_folders_do_not_count(tree: Path) -> None:
    html = built(tree)
    cache = tree / "src" / "dadsbook" / "__pycache__"
    cache.mkdir()
    (cache / "modulo.cpython-311.pyc").write_bytes(b"\0")
    (tree / "docs" / "_build").mkdir()
    (tree / "docs" / "_build" / "x.html").write_text("x", encoding="utf-8")
    assert uptodate.is_fresh(html, "quick", "", tree)


def test_the_command_line_says_it_in_spanish(tmp_path: Path) -> None:
    html = tmp_path / "html"
    gate = [sys.executable, str(ROOT / "conf" / "uptodate.py")]
    check = subprocess.run([*gate, "check", str(html), "--profile", "quick"], check=False)
    assert check.returncode == 1
    subprocess.run([*gate, "record", str(html), "--profile", "quick"], check=True)
    again = subprocess.run(
        [*gate, "check", str(html), "--profile", "quick"], capture_output=True, text=True
    )
    assert again.returncode == 0 and "ya está al día" in again.stdout

"""Sybil comprueba cada celda en la construcción de la sesión (``tests/book.py``).

Cada página se ejecuta una sola vez por sesión de pruebas: la construye Sphinx con
myst-nb (errores guardados en su celda) y sybil revisa el cuaderno ejecutado. Aquí se
construye de verdad una página pequeña con las extensiones del libro y se evalúan sus
fragmentos con el ``docs/conftest.py`` real.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import book
import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
FRONT = textwrap.dedent(
    """\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """
)
GOOD = "```{code-cell} ipython3\nx = 20 + 1\nprint(x)\n```\n\n"
FAILING = "```{code-cell} ipython3\nraise ValueError('x debe ser positivo')\n```\n\n"
SKIP_TAGS = "```{code-cell} ipython3\n:tags: [skip-execution]\n"
SKIPPED = SKIP_TAGS + "# omitida: ejemplo\nwhile True: pass\n```\n\n"
STDERR = "```{code-cell} ipython3\nimport sys\nprint('cuidado', file=sys.stderr)\n```\n\n"
AFTER = "```{code-cell} ipython3\ny = x * 2\n```\n\n"
PROSE = "```python\nz = 3\n```\n\n"
LEAK = "```{code-cell} ipython3\nimport os\nread_end, write_end = os.pipe()\n```\n\n"


def build_page(tmp_path: Path, body: str) -> tuple[book.BookBuild, Path]:
    """Construye ``docs/pagina.md`` como el libro de las pruebas (errores guardados)."""
    docs, conf = tmp_path / "docs", tmp_path / "conf"
    docs.mkdir()
    conf.mkdir()
    (conf / "conf.py").write_text(
        textwrap.dedent(
            f"""
            import os, sys
            sys.path.insert(0, {str(ROOT / "conf" / "_ext")!r})
            sys.path.insert(0, {str(ROOT / "src")!r})
            os.environ["PYTHONPATH"] = {str(ROOT / "src")!r}
            extensions = ["myst_nb", "dadsbook_kernel", "dadsbook_hygiene"]
            root_doc = "pagina"
            language = "es"
            nb_execution_mode = "cache"
            nb_execution_cache_path = {str(tmp_path / "cache")!r}
            nb_execution_allow_errors = True
            nb_output_stderr = "show"
            """
        ),
        encoding="utf-8",
    )
    page = docs / "pagina.md"
    page.write_text(FRONT + "\n(sec-prueba)=\n# Una página\n\n" + body, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    command = [sys.executable, "-m", "sphinx", "-c", str(conf), "-q", "-b", "html"]
    command += [str(docs), str(tmp_path / "html")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    built = book.BookBuild(tmp_path, None, result.returncode, result.stdout, result.stderr)
    return built, page


def load_conftest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "dadsbook_docs_conftest_book", ROOT / "docs" / "conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(
    monkeypatch: pytest.MonkeyPatch, built: book.BookBuild, page: Path
) -> tuple[ModuleType, Any, list[BaseException | None]]:
    """Evalúa cada fragmento de ``page`` como sybil; devuelve el error de cada uno."""
    monkeypatch.setattr(book, "DOCS", page.parent)
    conftest = load_conftest()
    document = conftest.sybil.parse(page)
    conftest.setup(document.namespace)
    document.namespace["executed_book"] = built
    outcomes: list[BaseException | None] = []
    for example in document:
        try:
            example.evaluate()
        except AssertionError as error:
            outcomes.append(error)
        else:
            outcomes.append(None)
    return conftest, document, outcomes


def test_each_snippet_is_judged_by_its_own_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, page = build_page(tmp_path, GOOD + FAILING + SKIPPED + STDERR + AFTER + PROSE)
    assert built.notebook("pagina").is_file(), built.failure()
    conftest, document, outcomes = evaluate(monkeypatch, built, page)
    good, failing, skipped, stderr, after, prose = outcomes
    assert good is None and skipped is None and after is None and prose is None
    assert failing is not None and "ValueError: x debe ser positivo" in str(failing)
    assert stderr is not None and "salida de error:\ncuidado" in str(stderr)
    assert document.namespace["z"] == 3  # la prosa se ejecuta aquí
    conftest.teardown(document.namespace)


def test_a_leak_fails_the_page_at_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built, page = build_page(tmp_path, GOOD + LEAK)
    conftest, document, outcomes = evaluate(monkeypatch, built, page)
    assert outcomes == [None, None]
    with pytest.raises(AssertionError, match=r"pagina \(celda oculta de la construcción\):"):
        conftest.teardown(document.namespace)


def test_a_page_changed_after_the_build_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, page = build_page(tmp_path, GOOD + AFTER)
    page.write_text(page.read_text(encoding="utf-8").replace("x * 2", "x * 3"), encoding="utf-8")
    _, _, outcomes = evaluate(monkeypatch, built, page)
    assert outcomes[0] is None
    assert outcomes[1] is not None and "no es la de la página" in str(outcomes[1])


def test_a_missing_notebook_says_how_the_build_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "docs" / "pagina.md"
    page.parent.mkdir()
    page.write_text(FRONT + GOOD, encoding="utf-8")
    built = book.BookBuild(tmp_path, None, 2, "", "Sphinx se cayó por esto")
    _, _, outcomes = evaluate(monkeypatch, built, page)
    assert outcomes[0] is not None and "Sphinx se cayó por esto" in str(outcomes[0])


def test_the_session_builds_only_what_it_needs() -> None:
    class Item:
        def __init__(self, path: Path, fixtures: tuple[str, ...] = ()) -> None:
            self.path, self.fixturenames = path, fixtures

    class Session:
        def __init__(self, *items: Item) -> None:
            self.items = list(items)

    docs = ROOT / "docs"
    only_pages = Session(Item(docs / "hardware" / "cpu.md"), Item(ROOT / "tests" / "test_fmt.py"))
    assert book.pages_needed(only_pages) == ("hardware/cpu",)  # type: ignore[arg-type]
    whole = Session(Item(docs / "conceptos.md"), Item(ROOT / "tests" / "x.py", ("built_book",)))
    assert book.pages_needed(whole) is None  # type: ignore[arg-type]


def test_derived_builds_start_when_the_book_is_built(tmp_path: Path) -> None:
    """La construcción escribe su estado y lanza a la vez sus derivadas; cada una, el suyo."""
    python = sys.executable
    build = [python, "-c", "print('libro hecho')"]
    after = {
        "eco": book.Step([python, "-c", "import os; print(os.getcwd())"], cwd=tmp_path),
        "falla": book.Step([python, "-c", "import sys; sys.exit('no hay diccionario')"]),
    }
    jobs = book.launch_pipeline(tmp_path, build, after)
    try:
        echo, failing = jobs["eco"].wait(timeout=60), jobs["falla"].wait(timeout=60)
    finally:
        book._kill(tmp_path, "fin.txt")
    assert (tmp_path / "stdout.txt").read_text(encoding="utf-8") == "libro hecho\n"
    assert (echo.returncode, echo.stdout.strip()) == (0, str(tmp_path))
    assert failing.returncode == 1 and "no hay diccionario" in failing.stderr
    assert echo.seconds >= 0


def test_a_failed_book_starts_nothing_and_nobody_waits_forever(tmp_path: Path) -> None:
    python = sys.executable
    build = [python, "-c", "raise SystemExit(3)"]
    jobs = book.launch_pipeline(tmp_path, build, {"eco": book.Step([python, "-c", "pass"])})
    deadline = time.monotonic() + 60
    while not (tmp_path / "fin.txt").is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (tmp_path / "rc.txt").read_text(encoding="utf-8") == "3"
    with pytest.raises(AssertionError, match="eco no arrancó: la construcción del libro falló"):
        jobs["eco"].wait(timeout=60)
    assert not (tmp_path / "despues").exists()

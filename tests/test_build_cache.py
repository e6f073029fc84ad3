"""La caché de ejecución se invalida por página cuando cambia el código que la página usa."""

from __future__ import annotations

import copy
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def load_extension() -> ModuleType:
    path = ROOT / "conf" / "_ext" / "dadsbook_cache.py"
    spec = importlib.util.spec_from_file_location("dadsbook_cache_ext", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXT = load_extension()
PROFILE = [ROOT / "conf" / "profiles" / "quick" / "base.toml"]


def digests(src: Path) -> dict[str, str | None]:
    pages = {"conceptos": ROOT / "docs" / "conceptos.md", "index": ROOT / "docs" / "index.md"}
    return {
        name: EXT.page_digest(p.read_text(encoding="utf-8"), src, PROFILE)
        for name, p in pages.items()
    }


def test_closure_follows_imports() -> None:
    known = EXT.module_files(ROOT / "src")
    closure = EXT.closure({"dadsbook.concepts.kitchen"}, known)
    assert {
        "dadsbook",
        "dadsbook.concepts.kitchen",
        "dadsbook.concepts",
        "dadsbook.tables",
    } <= closure
    assert "dadsbook.measure" not in closure


def test_editing_a_module_changes_only_the_pages_that_use_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "dadsbook", src / "dadsbook")
    before = digests(src)
    kitchen = src / "dadsbook" / "concepts" / "kitchen.py"
    kitchen.write_text(kitchen.read_text(encoding="utf-8") + "\n# cambio\n", encoding="utf-8")
    after = digests(src)
    assert after["conceptos"] != before["conceptos"]
    assert after["index"] == before["index"]


def test_the_profile_is_part_of_the_digest() -> None:
    text = (ROOT / "docs" / "conceptos.md").read_text(encoding="utf-8")
    src = ROOT / "src"
    full = [ROOT / "conf" / "profiles" / "full" / "base.toml"]
    assert EXT.page_digest(text, src, PROFILE) != EXT.page_digest(text, src, full)


def test_pages_without_cells_have_no_digest() -> None:
    assert EXT.page_digest("# Título\n\nTexto.\n", ROOT / "src", PROFILE) is None


def test_options_and_await_in_cells_are_understood() -> None:
    cell = (
        "```{code-cell} ipython3\n:tags: [remove-cell]\nimport dadsbook.concepts.kitchen\n"
        "await x\n```\n"
    )
    known = EXT.module_files(ROOT / "src")
    assert EXT.CELL.findall(cell) == ["import dadsbook.concepts.kitchen\nawait x\n"]
    assert EXT.imports_in(EXT.CELL.findall(cell)[0], "", known) >= {"dadsbook.concepts.kitchen"}


def test_what_changes_the_numbers_is_part_of_the_digest() -> None:
    """Otro Python, otra NumPy u otra CPU: otra huella (la caché no reutiliza sus números)."""
    text = (ROOT / "docs" / "conceptos.md").read_text(encoding="utf-8")
    here = EXT.environment()
    for field in ("python", "numpy", "cpu", "lógicas", "disponibles"):
        assert f"{field} " in here
    elsewhere = here.replace("lógicas ", "lógicas 9")
    src = ROOT / "src"
    assert EXT.page_digest(text, src, PROFILE, env=here) == EXT.page_digest(text, src, PROFILE)
    assert EXT.page_digest(text, src, PROFILE, env=elsewhere) != EXT.page_digest(
        text, src, PROFILE, env=here
    )


def test_editing_one_chapter_profile_changes_only_that_chapter(tmp_path: Path) -> None:
    profiles = tmp_path / "quick"
    shutil.copytree(ROOT / "conf" / "profiles" / "quick", profiles)
    pages = {
        name: (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        for name in ("conceptos", "hardware/cpu", "hardware/memoria")
    }
    src = ROOT / "src"

    def all_digests() -> dict[str, str | None]:
        files = sorted(profiles.glob("*.toml"))
        return {name: EXT.page_digest(text, src, files, env="") for name, text in pages.items()}

    before = all_digests()
    cpu = profiles / "cpu.toml"
    cpu.write_text(
        cpu.read_text(encoding="utf-8").replace("rounds = 200", "rounds = 201"), encoding="utf-8"
    )
    after = all_digests()
    assert after["hardware/cpu"] != before["hardware/cpu"]
    assert after["conceptos"] == before["conceptos"]
    assert after["hardware/memoria"] == before["hardware/memoria"]
    base = profiles / "base.toml"
    base.write_text(base.read_text(encoding="utf-8") + "\n# cambio\n", encoding="utf-8")
    assert all(before[name] != digest for name, digest in all_digests().items())


def test_a_page_that_runs_the_book_depends_on_the_whole_profile() -> None:
    cell = '```{code-cell} ipython3\nterminal("dadsbook bench conceptos")\n```\n'
    files = sorted((ROOT / "conf" / "profiles" / "quick").glob("*.toml"))
    assert len(EXT.profile_parts(files, "", everything=True)) > len(files)
    assert EXT.page_digest(cell, ROOT / "src", files, env="") != EXT.page_digest(
        cell, ROOT / "src", files[:1], env=""
    )


class _CachedClient:
    """Como el cliente de caché de MyST-NB: al entrar, las salidas van a una copia."""

    def __init__(self, notebook: Any) -> None:
        self._notebook = notebook
        self.closed = False

    def __enter__(self) -> _CachedClient:
        merged = copy.deepcopy(self._notebook)
        merged.cells[0].outputs = [nbformat.v4.new_output("stream", text="42\n")]
        self._notebook = merged
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True

    @property
    def notebook(self) -> Any:
        return self._notebook


def test_a_page_from_the_cache_keeps_its_outputs_in_the_downloadable_notebook() -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(42)")])
    client = _CachedClient(notebook)
    with EXT._KeepOutputs(client, notebook) as inside:
        assert inside is client
    assert client.closed
    assert notebook.cells[0].outputs[0]["text"] == "42\n"
    from myst_nb import sphinx_

    EXT.keep_cached_outputs()
    EXT.keep_cached_outputs()  # una sola envoltura aunque se cargue dos veces
    wrapped = sphinx_.create_client
    assert getattr(wrapped, "dadsbook_keeps_outputs", False)
    assert wrapped.__closure__ is not None
    inner = [c.cell_contents for c in wrapped.__closure__ if callable(c.cell_contents)]
    assert not any(getattr(f, "dadsbook_keeps_outputs", False) for f in inner)

"""El catálogo de simuladores: descubierto en los ``sims.py``, por capítulo y en el orden del libro.

Cada simulador vive en el ``sims.py`` del paquete de su capítulo; :mod:`dadsbook.cli.catalog`
los lee sin importarlos. Aquí se comprueba que esa lectura dice lo mismo que importar los
módulos, que cada ``sims.py`` está en el paquete de la página de su capítulo (el espejo
del README), que los capítulos siguen el orden de ``docs/index.md`` y que la tabla del
README es la que genera el paquete.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest
from cli.support import ROOT

from dadsbook.chapters import CHAPTERS
from dadsbook.cli import catalog, readme
from dadsbook.cli.catalog import CATALOG
from dadsbook.cli.registry import Example, Simulator

README = ROOT / "README.md"


def _imported() -> dict[str, tuple[str, Simulator]]:
    """Todos los simuladores de todos los ``sims.py`` del paquete, importándolos."""
    found: dict[str, tuple[str, Simulator]] = {}
    for path in sorted(catalog.PACKAGE.glob("**/sims.py")):
        name = ".".join(("dadsbook", *path.relative_to(catalog.PACKAGE).with_suffix("").parts))
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, Simulator):
                assert value.name not in found, value.name
                found[value.name] = (name, value)
    return found


def test_reading_the_adapters_says_the_same_as_importing_them() -> None:
    imported = _imported()
    assert list(CATALOG) == [name for name in CATALOG if name in imported]
    assert set(CATALOG) == set(imported)
    for name, (module, sim) in imported.items():
        assert CATALOG[name] == catalog.Entry(module, sim.chapter, sim.help), name


def _mirror() -> dict[str, str]:
    """El espejo del README: página → paquete (``hardware/memoria`` → ``hardware/memory``)."""
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w/-]+)\.md` \| `([\w/]+)/` \| `([\w/]+)/` \|$", text, re.M)
    assert rows, "el README ya no tiene la tabla del espejo página ↔ paquete ↔ pruebas"
    return {page: package for page, package, _ in rows}


def test_each_simulator_lives_in_the_package_of_its_chapter() -> None:
    mirror = _mirror()
    for name, entry in CATALOG.items():
        package = mirror[entry.chapter].replace("/", ".")
        assert entry.module == f"dadsbook.{package}.sims", name


def test_the_mirror_of_the_readme_exists() -> None:
    for page, package in _mirror().items():
        assert (ROOT / "docs" / f"{page}.md").is_file(), page
        assert (ROOT / "src" / "dadsbook" / package / "__init__.py").is_file(), package
        assert (ROOT / "tests" / package).is_dir(), package


def test_chapters_follow_the_book_and_their_labels_exist() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    toc = re.findall(
        r"^([a-z][\w/-]*)$", "\n".join(re.findall(r"```\{toctree\}(.*?)```", index, re.S)), re.M
    )
    pages = [chapter.page for chapter in CHAPTERS]
    assert [page for page in toc if page in pages] == pages
    for chapter in CHAPTERS:
        source = (ROOT / "docs" / f"{chapter.page}.md").read_text(encoding="utf-8")
        assert re.search(rf"^\({re.escape(chapter.label)}\)=\n# ", source, re.M), chapter.page


def test_the_readme_table_is_the_generated_one() -> None:
    table = catalog.markdown_table()
    assert table in README.read_text(encoding="utf-8"), (
        "la tabla de simuladores del README no es la del paquete: regenérala con "
        "python -m dadsbook.cli.readme"
    )


def test_the_book_page_generates_its_table() -> None:
    page = (ROOT / "docs" / "ejecuta-el-libro.md").read_text(encoding="utf-8")
    assert "Markdown(catalog.markdown_table(links=True))" in page
    linked = catalog.markdown_table(links=True)
    assert "| {ref}`Memoria <sec-hardware-memoria>` | `tlb`, " in linked


def test_the_table_groups_by_chapter_in_book_order() -> None:
    rows = catalog.markdown_table().splitlines()[2:]
    titles = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert titles == [chapter.title for chapter, _ in catalog.by_chapter()]
    assert titles[:2] == ["Conceptos", "CPU"] and titles[-1] == "Nube"
    assert sum(row.count("`") // 2 for row in rows) == len(CATALOG)


def test_write_table_rewrites_only_the_table(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text(
        "Antes.\n\n| capítulo | simuladores |\n|---|---|\n| CPU | `viejo` |\n\nDespués.\n",
        encoding="utf-8",
    )
    assert catalog.write_table(target) is True
    text = target.read_text(encoding="utf-8")
    assert text == f"Antes.\n\n{catalog.markdown_table()}\n\nDespués.\n"
    assert catalog.write_table(target) is False
    target.write_text("sin tabla\n", encoding="utf-8")
    with pytest.raises(ValueError, match="capítulo \\| simuladores"):
        catalog.write_table(target)


def test_the_readme_command_prints_and_writes_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert readme.main(["--print"]) == 0
    assert capsys.readouterr().out.strip() == catalog.markdown_table()
    target = tmp_path / "README.md"
    target.write_text("| capítulo | simuladores |\n| CPU | `viejo` |\n", encoding="utf-8")
    assert readme.main([str(target)]) == 0
    assert "tabla de simuladores actualizada" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == catalog.markdown_table() + "\n"
    with pytest.raises(SystemExit) as stop:
        readme.main([str(tmp_path / "no-existe.md")])
    assert stop.value.code == 2
    assert "no-existe.md" in capsys.readouterr().err


def _adapter(folder: Path, *declarations: str) -> Path:
    """Un ``sims.py`` con una declaración ``X = Simulator(...)`` por argumento, sin importar."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sims.py"
    body = "".join(f"X{k} = Simulator(\n    {args},\n)\n" for k, args in enumerate(declarations))
    path.write_text(f'CHAPTER = "hardware/cpu"\n{body}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("declarations", "error"),
    [
        (['"x", chapter=CHAPTER, help="h"'], "con nombre"),
        (['name="x", chapter=CHAPTER'], "con nombre"),
        (['name="x", chapter="otro", help="h"'], "capítulo 'otro' desconocido"),
        (['name=NAME, chapter=CHAPTER, help="h"'], "texto literal"),
        (['name="x", chapter=CHAPTER, help="h"'] * 2, "declarado dos veces"),
    ],
)
def test_a_badly_declared_simulator_is_named(
    tmp_path: Path, declarations: list[str], error: str
) -> None:
    path = _adapter(tmp_path, *declarations)
    with pytest.raises(ValueError, match=error):
        catalog.read_simulators(path, "dadsbook.x.sims")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('X = Simulator(name="x", chapter="conceptos", help="h")\n', "al principio de línea"),
        ('X = Simulator(name="x", help=(\n)\n)\n', "no se puede leer"),
    ],
)
def test_a_declaration_must_close_at_the_start_of_a_line(
    tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "sims.py"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"sims\.py:1: .*{error}"):
        catalog.read_simulators(path, "dadsbook.x.sims")


def test_discovery_finds_new_adapters_and_refuses_repeated_names(tmp_path: Path) -> None:
    _adapter(tmp_path / "a", 'name="uno", chapter=CHAPTER, help="h"')
    _adapter(tmp_path / "b" / "c", 'name="dos", chapter="conceptos", help="h"')
    found = catalog.discover(tmp_path)
    assert list(found) == ["dos", "uno"]  # Conceptos va antes que CPU en el libro
    assert found["dos"].module == "dadsbook.b.c.sims"
    _adapter(tmp_path / "d", 'name="uno", chapter=CHAPTER, help="h"')
    with pytest.raises(ValueError, match=r"'uno' está en dadsbook\.a\.sims y en dadsbook\.d\.sims"):
        catalog.discover(tmp_path)


def test_simulators_are_declared_with_keywords() -> None:
    sim = CATALOG["workingset"]
    assert sim.title == "Memoria"
    with pytest.raises(TypeError):
        Simulator("x", "conceptos", "h", None, None, None, None, None, Example("t", "a"))  # type: ignore[misc]
    module = importlib.import_module(sim.module)
    declared = module.WORKINGSET
    with pytest.raises(dataclasses.FrozenInstanceError):
        declared.max_steps = 1

"""Los ejercicios del libro: en cada capítulo, con la forma de OSTEP y órdenes que funcionan.

Cada página de contenido termina con una sección «Ejercicios» (etiquetada, citable) de
4 a 8 preguntas numeradas; cada una con su solución en un desplegable. Cada orden
``dadsbook …`` que aparece en la sección se comprueba aquí: las de ``sim`` se ejecutan
(estado 0), las demás (``bench``, ``compare``…) se validan con el analizador real.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadsbook import exercises

ROOT = Path(__file__).resolve().parents[1]
CONTENT_PAGES = (
    "conceptos",
    "hardware/cpu",
    "hardware/memoria",
    "hardware/disco",
    "software/programacion",
    "software/sistemas-operativos",
    "sistemas/servidores-web",
    "sistemas/contenedores",
    "sistemas/nube",
)
COMMAND = re.compile(r"`(dadsbook [^`]+)`")
ITEM = re.compile(r"^(\d+)\. ", re.MULTILINE)
SECTION = re.compile(
    r"^\(sec-[\w-]+-ejercicios\)=\n## Ejercicios\n(.*?)(?=^\(sec-[^)]+\)=\n#{1,2} |\Z)",
    re.MULTILINE | re.DOTALL,
)


def exercise_section(page: str) -> str:
    """El texto de la sección «Ejercicios» de una página (hasta el siguiente título ##)."""
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    match = SECTION.search(text)
    if match is None:
        pytest.fail(f"{page}: falta la sección «## Ejercicios» con etiqueta sec-…-ejercicios")
    return match.group(1)


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_chapter_has_exercises_in_ostep_form(page: str) -> None:
    section = exercise_section(page)
    items = ITEM.findall(section)
    assert 4 <= len(items) <= 8, f"{page}: {len(items)} preguntas (se esperan de 4 a 8)"
    assert section.count("{dropdown} Solución") >= len(items), f"{page}: cada pregunta con solución"
    commands = COMMAND.findall(section)
    assert any(c.startswith("dadsbook bench") for c in commands), f"{page}: falta bench"
    assert any(c.startswith("dadsbook compare") for c in commands), f"{page}: falta compare"
    assert computes_answers(section), f"{page}: las soluciones se calculan al construir"


#: ``from dadsbook.hardware.cpu import exercise_answers`` o
#: ``from dadsbook.software.programming.exercise_answers import exercise_answers``.
ANSWERS_IMPORT = re.compile(
    r"^from (dadsbook[\w.]*?)(?:\.exercise_answers)? import exercise_answers", re.M
)


def computes_answers(section: str) -> bool:
    """Las soluciones salen de órdenes ejecutadas al construir (:func:`exercises.run`).

    En la sección misma o en el módulo ``exercise_answers`` del capítulo que importa.
    """
    if "exercises.run(" in section:
        return True
    match = ANSWERS_IMPORT.search(section)
    if match is None:
        return False
    module = ROOT / "src" / Path(*match[1].split(".")) / "exercise_answers.py"
    return module.is_file() and "exercises.run" in module.read_text(encoding="utf-8")


def test_answers_in_the_package_count_only_if_they_run_the_commands() -> None:
    assert computes_answers("glue(exercises.run('dadsbook sim mesi -s 1 -c'))")
    assert computes_answers("from dadsbook.hardware.cpu import exercise_answers\n")
    assert not computes_answers("from dadsbook.hardware.cpu import figures\n")
    assert not computes_answers("from dadsbook.nothing import exercise_answers\n")


def _commands() -> list[tuple[str, str]]:
    found = []
    for page in CONTENT_PAGES:
        path = ROOT / "docs" / f"{page}.md"
        if "## Ejercicios" not in path.read_text(encoding="utf-8"):
            continue
        found += [(page, c) for c in dict.fromkeys(COMMAND.findall(exercise_section(page)))]
    return found


@pytest.mark.parametrize(("page", "command"), _commands())
def test_every_command_in_the_exercises_works(page: str, command: str) -> None:
    if command.split()[1] == "sim" and "--help" not in command:
        assert exercises.run(command).text
    else:
        exercises.check(command)


def test_run_rejects_a_failing_command() -> None:
    with pytest.raises(RuntimeError, match="terminó con estado 2"):
        exercises.run("dadsbook sim scheduler --quantum -1 -c")
    with pytest.raises(ValueError, match="debe empezar por «dadsbook »"):
        exercises.run("ls -l")


def test_the_output_shows_the_command_and_escapes_html() -> None:
    out = exercises.CommandOutput("dadsbook sim x", "<b>")
    assert out._repr_html_().endswith("&lt;b&gt;</pre>")
    assert repr(out) == "$ dadsbook sim x\n<b>"


def test_terminal_runs_the_command_in_another_process(tmp_path: Path) -> None:
    out = exercises.terminal("dadsbook sim scheduler -s 1", tmp_path)
    assert out.command == "dadsbook sim scheduler -s 1"
    assert out.text == exercises.run("dadsbook sim scheduler -s 1").text
    assert "\x1b[" not in out.text  # sin los colores que fuerza el núcleo
    with pytest.raises(RuntimeError, match="terminó con estado 2"):
        exercises.terminal("dadsbook sim scheduler --jobs -1", tmp_path)
    with pytest.raises(ValueError, match="debe empezar por"):
        exercises.terminal("ls -la", tmp_path)

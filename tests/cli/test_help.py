"""La ayuda de cada simulador: en español, con valores por omisión y un ejemplo que funciona.

También el contrato del arranque: ``dadsbook --version`` no importa ningún simulador ni
matplotlib, y ``dadsbook sim NOMBRE`` solo el ``sims.py`` del capítulo de NOMBRE (la
velocidad se mide aparte, con ``python -m dadsbook.cli.startup``).
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys

import pytest
from cli.support import run

from dadsbook.cli.catalog import CATALOG, by_chapter
from dadsbook.cli.main import load, simulator_parser

#: Opciones comunes a todos los simuladores (su ayuda está en main).
COMMON = {"-h", "-s", "-c", "--json", "--plot"}


def _own_actions(name: str) -> list[argparse.Action]:
    return [
        action
        for action in simulator_parser(name)._actions
        if action.option_strings and not set(action.option_strings) & COMMON
    ]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_help_ends_with_a_complete_example(name: str) -> None:
    result = run(["sim", name, "--help"])
    assert result.status == 0
    lines = result.out.rstrip().splitlines()
    assert lines[-1] == f"  dadsbook sim {name} {load(name).example.args}"
    assert any(line.startswith("Ejemplo: ") for line in lines[-4:])
    assert "--plot FICHERO" in result.out and "implica -c" in result.out


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_the_example_of_the_help_runs(name: str) -> None:
    result = run(["sim", name, *shlex.split(load(name).example.args)])
    assert result.status == 0, result.err
    assert result.out


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_option_has_a_spanish_placeholder_and_its_default(name: str) -> None:
    for action in _own_actions(name):
        assert action.help and "(por omisión: " in action.help, action.option_strings
        if action.nargs != 0:  # argparse pondría el nombre interno: SWITCH_COST
            assert action.metavar and "_" not in str(action.metavar), action.option_strings
        kind = getattr(action.type, "__qualname__", "")
        if kind.startswith(("number_list", "int_list", "token_list")):
            assert "separad" in (action.help or ""), action.option_strings


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("scheduler", ["-p", "-l", "-j", "-m", "-q"]),
        ("paging", ["-a", "-p", "-C", "-n", "-m"]),
        ("raid", ["-L", "-D", "-C", "-5", "-n", "-R"]),
    ],
)
def test_ostep_spellings_are_accepted_and_documented(name: str, flags: list[str]) -> None:
    strings = {s for action in _own_actions(name) for s in action.option_strings}
    assert set(flags) <= strings
    helps = " ".join(action.help or "" for action in _own_actions(name))
    assert "de OSTEP" in helps


def test_ostep_scheduler_command_gives_the_same_answer() -> None:
    ostep = run(["sim", "scheduler", "-p", "SJF", "-l", "100,10,10", "-c"])
    ours = run(["sim", "scheduler", "--policy", "sjf", "--jobs", "100,10,10", "-c"])
    assert ostep.status == ours.status == 0 and ostep.out == ours.out
    assert "Medias: respuesta 10, retorno 50, espera 10" in ostep.out


def test_ostep_random_scheduler_with_count_and_length() -> None:
    result = run(["sim", "scheduler", "-j", "7", "-m", "3", "-p", "FIFO", "-c", "--json"])
    assert result.status == 0, result.err
    assert '"run_time": 4' not in result.out and result.out.count('"name": "J') >= 7


def test_ostep_paging_and_raid_spellings() -> None:
    belady = run(["sim", "paging", "-p", "FIFO", "-a", "1,2,3,4,1,2,5,1,2,3,4,5", "-C", "3", "-c"])
    assert belady.status == 0 and re.search(r"FIFO\s*\|\s*3\s*\|\s*9\s*\|", belady.out)
    raid = run(["sim", "raid", "-L", "5", "-D", "4", "-C", "8k", "-5", "LS", "-n", "3", "-c"])
    assert raid.status == 0, raid.err
    assert "RAID 5" in raid.out


def test_sim_help_lists_every_simulator_under_its_chapter_in_book_order() -> None:
    result = run(["sim", "--help"])
    assert result.status == 0
    listing = result.out.split("por capítulo:\n", 1)[1].split("\nargumentos:", 1)[0]
    chapters: list[tuple[str, list[str]]] = []
    for line in listing.splitlines():
        if re.fullmatch(r"  \S.*", line):
            chapters.append((line.strip(), []))
        elif re.match(r"    \S", line):
            chapters[-1][1].append(line.split()[0])
    assert chapters == [(chapter.title, names) for chapter, names in by_chapter()]
    assert sorted(name for _, names in chapters for name in names) == sorted(CATALOG)


def test_the_help_of_a_simulator_names_its_chapter() -> None:
    result = run(["sim", "workingset", "--help"])
    assert "(capítulo Memoria)" in result.out


def _imported_after(*argv: str) -> set[str]:
    code = (
        "import sys; from dadsbook.cli.main import main\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    return set(result.stdout.strip().splitlines()[-1].split(","))


def _adapters(modules: set[str]) -> set[str]:
    return {m for m in modules if m.endswith(".sims")}


def test_version_imports_no_simulator_and_no_matplotlib() -> None:
    modules = _imported_after("--version")
    assert not {m for m in modules if m.startswith(("matplotlib", "numpy", "simpy"))}
    assert not _adapters(modules)


def test_a_simulator_imports_only_the_adapter_of_its_chapter() -> None:
    modules = _imported_after("sim", "scaleset", "-s", "1")
    assert _adapters(modules) == {"dadsbook.systems.cloud.sims"}
    assert not {m for m in modules if m.startswith("matplotlib")}


def test_help_of_every_simulator_imports_no_adapter() -> None:
    assert not _adapters(_imported_after("sim", "--help"))

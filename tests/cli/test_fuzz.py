"""Valores hostiles en cada opción de cada simulador: solo estados 0 o 2, nunca una traza.

hypothesis elige, para cada simulador, unas cuantas de sus opciones y les da valores
hostiles (vacíos, negativos, ``nan``, ``inf``, ``1e16``, enteros de cincuenta cifras,
texto, listas mal formadas, listas enormes) o texto al azar, casi siempre con ``-c``
para que también se resuelva. Cada orden corre dentro del proceso (rápido) con una
alarma de :data:`~cli.support.SECONDS_MAX` segundos y se mide la memoria que añade.
Los ejemplos son deterministas (``derandomize``): la prueba es reproducible en CI;
``DADSBOOK_FUZZ=200`` la convierte en una exploración al azar más larga.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex

import pytest
from cli.support import MEGABYTES_MAX, SECONDS_MAX, one_spanish_line, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dadsbook.cli import bench
from dadsbook.cli.catalog import CATALOG
from dadsbook.cli.main import load, simulator_parser

#: Valores que rompen simuladores ingenuos, en las formas que acepta una terminal.
HOSTILE = (
    "", " ", "0", "-0", "1", "2", "-1", "0.5", "1e-9", "1e-300", "1e6", "1e9", "1e16",
    "1e308", "-1e308", "1e400", "nan", "NaN", "inf", "-inf", "9" * 50, "-" + "9" * 50,
    "0x10", "1_000", "١٢", "²", "abc", ",", ",,", "1,,2", "1,-1", "0,0,0", "1,2,3",
    "3,2,1", "1e16,0", "a0,a0,w1:0,r0", "0:7,1:3", "0R0,1W8", "5,5/1", "/", "///",
    "never", "FIFO", "rr", "LRU", "LS", "5", "\x00", "é", "\ufeff1", "10:2", "-", "--",
    "1," * 999 + "1", "1e6," * 999 + "1e6", "99999999999999999999,1",
    # Valores válidos en los bordes: llegan a resolverse con números extremos.
    "0.001", "0.01", "0.1", "0.99", "3", "8", "64", "100", "1000", "4096", "10000", "86400",
    "1000000", "1,1000000", "1000000,1", "0.001,1000000", "0,1000000", "1000000,0",
    "1,2,3,4,1,2,5", "0R0,1R0,1W8", "a0,w0:0,f0,r0", "0:1", "never,0.5", "5,0/0,5",
)  # fmt: skip

#: Opciones comunes que no se prueban aquí: la semilla y ``--plot`` tienen su prueba.
SKIPPED = {"-h", "--help", "-s", "--seed", "--plot", "-c", "--compute", "--json"}


#: Números que, repetidos en listas, buscan los bordes de lo que acepta cada opción.
NUMBERS = (
    "0", "1", "2", "3", "7", "8", "16", "64", "255", "256", "1000", "1024", "4096", "10000",
    "36000", "86400", "100000", "1000000", "1e9", "1099511627775", "0.001", "0.01", "0.1",
    "0.5", "0.99", "1.5",
)  # fmt: skip
CANDIDATES = (
    *HOSTILE,
    *NUMBERS,
    *(",".join([n] * k) for n in NUMBERS for k in (3, 60, 1000)),
    "0,1000000", "1000000,0,1", "0,0,1000000", "1,1000000,1",
)  # fmt: skip


def _accepted(action: argparse.Action, example: dict[str, str]) -> list[str]:
    """Los candidatos que la opción acepta (valores válidos en sus bordes) y el del ejemplo."""
    found = [example[s] for s in action.option_strings if s in example]
    for text in CANDIDATES:
        try:
            value = action.type(text) if callable(action.type) else text  # type: ignore[misc]
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue
        if action.choices is None or value in action.choices:
            found.append(text)
    return found


def _example(name: str) -> dict[str, str]:
    """Opción → valor en el ejemplo de la ayuda del simulador (valores que seguro valen)."""
    words = shlex.split(load(name).example.args)
    pairs = {}
    for i, word in enumerate(words):
        option, _, value = word.partition("=")
        if value:
            pairs[option] = value
        elif option.startswith("-") and i + 1 < len(words) and not words[i + 1].startswith("-"):
            pairs[option] = words[i + 1]
    return pairs


def _options(name: str) -> tuple[dict[str, list[str]], list[str]]:
    """Opciones con valor (con sus valores aceptados) e interruptores del simulador ``name``."""
    example = _example(name)
    valued, flags = {}, []
    for action in simulator_parser(name)._actions:
        strings = [s for s in action.option_strings if s not in SKIPPED]
        if not strings or set(action.option_strings) & SKIPPED:
            continue
        if action.nargs == 0:
            flags.extend(strings)
        else:
            valued[max(strings, key=len)] = _accepted(action, example)
    return valued, flags


def _argv(name: str) -> st.SearchStrategy[list[str]]:
    valued, flags = _options(name)
    hostile = st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=12),
        st.integers(-(10**20), 10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )

    def pair(option: str) -> st.SearchStrategy[tuple[str, str]]:
        accepted = valued[option]
        good = st.sampled_from(accepted) if accepted else hostile
        return st.tuples(st.just(option), st.one_of(good, good, good, hostile))

    pairs = st.lists(st.sampled_from(sorted(valued)).flatmap(pair), min_size=1, max_size=3)
    switches = st.lists(st.sampled_from(flags), max_size=2) if flags else st.just([])
    tail = st.sampled_from((["-c"], ["-c"], ["-c", "--json"], []))
    return st.builds(
        lambda ps, fs, t: ["sim", name, *(f"{o}={v}" for o, v in ps), *fs, *t],
        pairs,
        switches,
        tail,
    )


#: Ejemplos por simulador. ``DADSBOOK_FUZZ=200`` explora más (y al azar) al cambiar la CLI.
EXPLORE = int(os.environ.get("DADSBOOK_FUZZ", "0"))
EXAMPLES = EXPLORE or 12

OPTION = re.compile(r"(?<![\w-])--?[a-zA-Z5]")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CATALOG))
def test_hostile_values_exit_0_or_2_in_time(name: str) -> None:
    """Toda orden termina con 0 o con 2 y una línea en español que nombra la opción."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_argv(name))
    def check(argv: list[str]) -> None:
        result = run(argv)
        assert result.status in (0, 2), (argv, result.status, result.err[-500:])
        # CPU y no reloj: make test construye el libro a la vez (ver cli.support._alarm).
        assert result.cpu_seconds <= SECONDS_MAX, (argv, result.cpu_seconds, result.seconds)
        assert result.megabytes <= MEGABYTES_MAX, (argv, result.megabytes)
        if result.status == 2:
            line = one_spanish_line(result.err)
            assert OPTION.search(line.partition("error:")[2]), (argv, line)
        else:
            assert "Traceback" not in result.err and result.out, (argv, result.err)

    check()


def test_every_simulator_has_options_to_fuzz() -> None:
    """La prueba de arriba no es vacía: cada simulador tiene opciones propias."""
    for name in CATALOG:
        valued, _ = _options(name)
        assert valued, name


def test_option_values_never_reach_argparse_as_english() -> None:
    """Una comprobación directa del traductor: los errores de argparse salen en español."""
    parser = simulator_parser("scheduler")
    assert isinstance(parser, argparse.ArgumentParser)
    result = run(["sim", "scheduler", "--quantum"])
    assert result.status == 2
    assert "falta su valor" in one_spanish_line(result.err)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
_KEYS = st.sampled_from(["format", "pages", "machine", "partial"])


@settings(max_examples=80, derandomize=True, database=None)
@given(
    st.one_of(
        _JSON,
        st.dictionaries(_KEYS, _JSON),
        st.dictionaries(_KEYS, _JSON).map(lambda d: {**d, "format": "dadsbook-bench/1"}),
    )
)
def test_compare_schema_check_never_crashes(data: object) -> None:
    """Cualquier JSON: o es un resultado válido o un ValueError que nombra la clave."""
    try:
        bench.validate(data)
    except ValueError as error:
        assert "clave" in str(error) or "objeto de resultados" in str(error)

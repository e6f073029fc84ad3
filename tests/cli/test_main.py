"""El contrato de todos los simuladores y la ayuda, dentro del proceso; por el punto de
entrada real (un subproceso) solo lo que se ve desde fuera: el estado de salida."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli.support import dadsbook, one_spanish_line, output, run, text_of

from dadsbook.cli.catalog import CATALOG


def test_help_is_spanish() -> None:
    result = run(["--help"])
    assert result.status == 0
    assert "uso: dadsbook" in result.out and "muestra esta ayuda" in result.out


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_simulator_follows_the_contract(name: str) -> None:
    """Sin -c plantea y se detiene; el mismo -s da el mismo JSON; -c resuelve ese problema."""
    assert "Usa -c para ver la solución." in output("sim", name, "-s", "4")
    first = json.loads(output("sim", name, "-s", "4", "-c", "--json"))
    second = json.loads(output("sim", name, "-s", "4", "-c", "--json"))
    stated = json.loads(output("sim", name, "-s", "4", "--json"))
    assert first == second
    assert set(first) == {"simulator", "seed", "problem", "solution"}
    assert stated["problem"] == first["problem"] and "solution" not in stated


def test_the_real_entry_point_runs_a_simulator() -> None:
    """Lo mismo por el punto de entrada real: un subproceso de ``python -m dadsbook``."""
    stated = dadsbook("sim", "kitchen", "-s", "4")
    assert stated.returncode == 0 and "Usa -c para ver la solución." in stated.stdout
    solved = json.loads(dadsbook("sim", "kitchen", "-s", "4", "-c", "--json").stdout)
    assert solved["solution"]["makespan"] > 0


def test_compute_prints_the_worked_solution() -> None:
    recipes = ["--recipe", "sopa=a5,w20,a2", "--recipe", "ensalada=a4,a6,a2"]
    out = text_of("kitchen", "--chefs", "2", "--interleave", *recipes)
    assert "Total: 27 minutos" in out and "fuego" in out


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_plot(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"figura{suffix}"
    output("sim", "balancer", "-s", "1", "-c", "--requests", "300", "--plot", str(target))
    assert target.stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sim", "nada"], "valor no válido 'nada'"),
        (["sim", "kitchen", "--chefs", "0"], "opción --chefs: se espera un entero ≥ 1"),
        (["sim", "kitchen", "--chefs", "dos"], "opción --chefs: se espera un entero"),
        (["sim", "kitchen", "--recipe", "sopa=x5", "-c"], "--recipe: paso 'x5' no válido"),
        (["sim", "balancer", "--load", "2"], "opción --load: se espera un número entre 0 y 1"),
        (["sim", "balancer", "--policy", "mejor"], "opción --policy: valor no válido 'mejor'"),
        (["sim", "balancer", "--speeds", "1,-1"], "opción --speeds: en la lista '1,-1'"),
        (["sim", "kitchen", "-c", "--plot", "x.pdf"], "--plot debe terminar en .svg o .png"),
        (["sim", "kitchen", "--sin-esto"], "argumentos no reconocidos: --sin-esto"),
        (["sim"], "faltan argumentos obligatorios: SIMULADOR"),
        (["bench", "no-existe"], "páginas desconocidas: no-existe"),
        (["compare", "no-existe.json"], "no existe el fichero no-existe.json"),
        (["scaling", "--repeats", "0"], "opción --repeats: se espera un entero"),
    ],
)
def test_errors_are_one_spanish_line_with_status_2(args: list[str], expected: str) -> None:
    result = run(args)
    assert result.status == 2
    assert expected in one_spanish_line(result.err)


def test_an_error_through_the_entry_point_is_one_line_with_status_2() -> None:
    result = dadsbook("youtube", "-", stdin="")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no contiene ningún capítulo" in lines[0], result.stderr


def test_youtube_from_stdin() -> None:
    result = run(["youtube", "-", "--base-url", "https://ejemplo.org/l/"],
                 stdin="0:00 sec-conceptos\n1:10 sec-conceptos-cocina\n")  # fmt: skip
    assert result.status == 0, result.err
    assert result.out.splitlines()[1] == (
        "01:10 La cocina, como simulación — https://ejemplo.org/l/conceptos.html#sec-conceptos-cocina"
    )

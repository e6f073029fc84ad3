"""``dadsbook scaling``: la medición de escalado del capítulo de CPU, en español como el resto.

Antes era un guion aparte (``python -m dadsbook.hardware.cpu.scaling``) con la ayuda en
inglés; ahora es una orden más, con sus opciones acotadas y sus errores en una línea.
"""

from __future__ import annotations

import os

import pytest
from cli.support import one_spanish_line, output, run

CPUS = len(os.sched_getaffinity(0))


def test_help_is_spanish_and_shows_every_default() -> None:
    result = run(["scaling", "--help"])
    assert result.status == 0
    assert result.out.startswith("uso: dadsbook scaling")
    for option in ("--workload", "--iterations", "--repeats", "--warmup", "--max-workers",
                   "--numpy-size", "--numpy-repeats"):  # fmt: skip
        assert option in result.out
    assert " ".join(result.out.split()).count("(por omisión: ") == 7
    assert "show this help" not in result.out


def test_the_main_help_lists_scaling() -> None:
    assert "scaling" in output("--help")


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--iterations", "0"], "--iterations"),
        (["--iterations", "1e9"], "--iterations"),
        (["--iterations", "9" * 5000], "--iterations"),
        (["--repeats", "-1"], "--repeats"),
        (["--warmup", "0"], "--warmup"),
        (["--max-workers", "0"], "--max-workers"),
        (["--max-workers", str(CPUS + 1)], "--max-workers"),
        (["--workload", "gpu"], "--workload"),
        (["--numpy-size", "abc"], "--numpy-size"),
        (["--numpy-repeats", "nan"], "--numpy-repeats"),
    ],
)
def test_hostile_values_are_one_spanish_line(argv: list[str], option: str) -> None:
    result = run(["scaling", *argv], limit=5)
    assert result.status == 2 and result.out == ""
    line = one_spanish_line(result.err)
    assert line.startswith("dadsbook scaling: error: ") and option in line


def test_an_error_of_the_measurement_names_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from dadsbook.hardware.cpu import scaling

    def refuse(**options: object) -> str:
        raise ValueError("iterations debe ser un entero ≥ 1")

    monkeypatch.setattr(scaling, "report", refuse)
    result = run(["scaling"])
    assert result.status == 2
    assert one_spanish_line(result.err).startswith("dadsbook scaling: error: ")


def test_scaling_prints_the_table() -> None:
    """La tabla con sus columnas para cualquier número de núcleos (hasta dos aquí)."""
    workers = min(2, CPUS)
    argv = ["scaling", "--iterations", "2000", "--repeats", "1", "--max-workers", str(workers)]
    out = output(*argv, limit=120)
    for column in ("trabajadores", "ideal", "techo", "procesos", "procesos/techo"):
        assert column in out
    assert "Dispersión" in out and "uno" in out
    assert "El pool de procesos frente al techo" in out and "1 trabajador:" in out
    if workers == 2:
        assert "con dos trabajadores el pool de procesos llegó a" in out


def test_numpy_workload_measures_both_pools() -> None:
    """Con --workload numpy la tabla lleva procesos e hilos y no habla del techo."""
    argv = ["scaling", "--workload", "numpy", "--numpy-size", "16", "--numpy-repeats", "1"]
    out = output(*argv, "--repeats", "1", "--max-workers", str(min(2, CPUS)), limit=120)
    assert "hilos" in out and "procesos" in out
    assert "techo" not in out

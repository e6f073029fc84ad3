"""Pruebas del guion de escalado (dadsbook.hardware.cpu.scaling)."""

from __future__ import annotations

import pytest

from dadsbook.hardware.cpu import scaling


def test_targets_met_and_missed() -> None:
    """Los objetivos se calculan, no se suponen: 0,95 del techo y 1,85× con dos."""
    ok = scaling.targets_met([1, 2], [0.99, 0.96], [1.0, 1.9])
    assert (ok.ratio_ok, ok.two_workers_ok) == (True, True)
    bad = scaling.targets_met([1, 2], [0.99, 0.90], [1.0, 1.8])
    assert (bad.ratio_ok, bad.two_workers_ok, bad.worst_ratio) == (False, False, 0.9)
    assert scaling.targets_met([1], [1.0], [1.0]).two_workers_ok is None


def test_targets_need_matching_lengths() -> None:
    """Longitudes distintas se rechazan."""
    with pytest.raises(ValueError, match="misma longitud"):
        scaling.targets_met([1, 2], [1.0], [1.0, 2.0])


def test_main_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    """El guion imprime la tabla con sus columnas para cualquier número de núcleos."""
    assert scaling.main(["--iterations", "2000", "--repeats", "1", "--max-workers", "2"]) == 0
    out = capsys.readouterr().out
    for column in ("trabajadores", "ideal", "techo", "procesos", "procesos/techo"):
        assert column in out
    assert "aceleración con 2 trabajadores" in out
    assert "Dispersión" in out and "uno" in out


def test_main_numpy_workload_measures_both_pools(capsys: pytest.CaptureFixture[str]) -> None:
    """Con --workload numpy la tabla lleva procesos e hilos y no habla del techo."""
    argv = ["--workload", "numpy", "--numpy-size", "16", "--numpy-repeats", "1"]
    assert scaling.main([*argv, "--repeats", "1", "--max-workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "hilos" in out and "procesos" in out
    assert "techo" not in out


def test_main_rejects_bad_options() -> None:
    """Opciones imposibles terminan con un error de argparse, no con una traza."""
    with pytest.raises(SystemExit):
        scaling.main(["--iterations", "0"])
    with pytest.raises(SystemExit):
        scaling.main(["--workload", "numpy", "--numpy-size", "0"])
    with pytest.raises(SystemExit):
        scaling.main(["--workload", "gpu"])

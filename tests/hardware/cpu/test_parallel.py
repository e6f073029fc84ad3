"""Pruebas de hilos, procesos y techo (dadsbook.hardware.cpu.parallel, blas, freethreaded)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dadsbook import workloads
from dadsbook.hardware.cpu import blas, freethreaded, parallel


def test_measure_scaling_structure() -> None:
    """Una medición pequeña: un punto por número de trabajadores y las tres variantes."""
    result = parallel.measure_scaling(
        parallel.python_task(2_000), [1, 2], repeats=1, warmup=1, workload="python"
    )
    assert result.workers == [1, 2]
    assert result.variants == ["techo", "procesos", "hilos"]
    assert all(s > 0 for v in result.variants for s in result.speedups(v))
    table = result.table()
    assert list(table.headers)[-1] == "procesos/techo" and len(table.rows) == 2
    assert 0 <= result.serial_fraction("hilos") <= 1
    assert result.as_dict()["points"][1]["workers"] == 2


def test_speedup_definition() -> None:
    """La aceleración es N × mediana de uno / mediana de la variante."""
    result = parallel.measure_scaling(
        parallel.numpy_task(16, 1), [2], variants=("hilos",), repeats=1, warmup=1
    )
    point = result.points[0]
    expected = 2 * point.baseline.median_s / point.variants["hilos"].median_s
    assert point.speedup("hilos") == pytest.approx(expected)
    with pytest.raises(ValueError, match="variant"):
        point.speedup("techo")
    spread = result.spread_table()
    assert list(spread.headers) == ["trabajadores", "uno", "hilos"]
    assert spread.rows[0][1] == pytest.approx(100 * point.baseline.relative_spread)


def test_tasks_compute_the_workloads() -> None:
    """Las porciones son los trabajos compartidos del libro."""
    assert parallel.python_task(100)() == workloads.python_spin(100)
    assert parallel.run_task(parallel.numpy_task(8, 1)) == workloads.numpy_kernel(8, 1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"workers": []}, "workers"),
        ({"workers": [0]}, "workers"),
        ({"variants": ("gpu",)}, "variants"),
        ({"warmup": 0}, "warmup"),
    ],
)
def test_bad_measure_scaling(kwargs: dict[str, object], match: str) -> None:
    """measure_scaling valida sus argumentos antes de arrancar nada."""
    args: dict[str, object] = {"workers": [1]} | kwargs
    with pytest.raises(ValueError, match=match):
        parallel.measure_scaling(parallel.python_task(10), **args)  # type: ignore[arg-type]


def test_bad_tasks() -> None:
    """Las porciones validan su tamaño."""
    with pytest.raises(ValueError, match="iterations"):
        parallel.python_task(0)
    with pytest.raises(ValueError, match="size"):
        parallel.numpy_task(0, 1)
    with pytest.raises(TypeError, match="task"):
        parallel.measure_scaling("no", [1])  # type: ignore[arg-type]


def test_blas_limit_restores() -> None:
    """blas.limit fija un hilo dentro del bloque y restaura el valor anterior."""
    before = blas.current()
    with blas.limit(1):
        assert blas.current() in (1, None)
    assert blas.current() == before
    with pytest.raises(ValueError, match="threads"):
        blas.set_threads(0)


def test_freethreaded_module_prints_json() -> None:
    """El módulo del subproceso imprime JSON también en un intérprete con GIL."""
    src = Path(freethreaded.__file__).resolve().parents[3]
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-m", "dadsbook.hardware.cpu.freethreaded", "--workers", "1,2",
         "--iterations", "1000", "--repeats", "1", "--warmup", "0"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    data = json.loads(out.stdout)
    assert [p["workers"] for p in data["points"]] == [1, 2]
    assert isinstance(data["gil_enabled"], bool)


def test_freethreaded_run_uses_the_interpreter() -> None:
    """run() lanza el intérprete pedido y devuelve su JSON."""
    data = freethreaded.run(sys.executable, [1], iterations=1_000, repeats=1, warmup=0)
    assert data["python"] == sys.version.split()[0]


def test_find_interpreter_honours_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """DADSBOOK_FREETHREADED_PYTHON manda; si no existe, no hay intérprete."""
    monkeypatch.setenv(freethreaded.ENV_VAR, sys.executable)
    assert freethreaded.find_interpreter() == sys.executable
    monkeypatch.setenv(freethreaded.ENV_VAR, "/no/existe/python3.13t")
    assert freethreaded.find_interpreter() is None


def test_bad_freethreaded_workers() -> None:
    """measure_threads valida sus argumentos."""
    with pytest.raises(ValueError, match="workers"):
        freethreaded.measure_threads([], iterations=1, repeats=1, warmup=0)
    with pytest.raises(ValueError, match="iterations"):
        freethreaded.measure_threads([1], iterations=0, repeats=1, warmup=0)


def test_startup_cost_is_measured() -> None:
    """El arranque de procesos vacíos se mide con el arnés (sin afirmar tiempos)."""
    cost = parallel.startup_cost(2, repeats=1)
    assert cost.label == "arranque" and len(cost.samples_ns) == 1
    with pytest.raises(ValueError, match="workers"):
        parallel.startup_cost(0)


def test_ceiling_times_from_the_start_signal() -> None:
    """El techo guarda una muestra por llamada, tomada desde la salida (no desde start())."""
    result = parallel.measure_scaling(
        parallel.python_task(1_000), [2], variants=("techo",), repeats=2, warmup=1
    )
    assert len(result.points[0].variants["techo"].samples_ns) == 2


def test_verdict_words() -> None:
    """verdict elige la frase según la aceleración y valida sus argumentos."""
    assert parallel.verdict(4.0, 4) == "escaló casi como el ideal"
    with pytest.raises(ValueError, match="workers"):
        parallel.verdict(1.0, 0)
    with pytest.raises(ValueError, match="speedup"):
        parallel.verdict(0.0, 2)

"""Pruebas de hilos, procesos y techo (dadsbook.hardware.cpu.parallel, blas, freethreaded)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dadsbook import fmt, measure, workloads
from dadsbook.hardware.cpu import blas, freethreaded, parallel, speedup


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
    assert spread.rows[0][1] == fmt.percent(point.baseline.relative_spread)
    assert result.max_spread() >= point.baseline.relative_spread


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


def test_freethreaded_module_prints_json(tmp_path: Path) -> None:
    """El módulo del subproceso imprime JSON también en un intérprete con GIL."""
    src = Path(freethreaded.__file__).resolve().parents[3]
    # Su propio cerrojo: con el de siempre, el plazo de 60 s correría mientras espera a que
    # mida la construcción del libro que make test lanza a la vez. Solo mira la forma.
    env = dict(os.environ, PYTHONPATH=str(src), DADSBOOK_LOCK_FILE=str(tmp_path / "medir.lock"))
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


def test_ceiling_keeps_one_sample_per_round() -> None:
    """El techo guarda una muestra por ronda medida (las de calentamiento se descartan)."""
    result = parallel.measure_scaling(
        parallel.python_task(1_000), [2], variants=("techo",), repeats=2, warmup=1
    )
    techo = result.points[0].variants["techo"]
    assert len(techo.samples_ns) == 2 and techo.load == result.points[0].baseline.load


def test_tables_use_the_book_formatter() -> None:
    """Las tablas salen con coma decimal y el signo ×, nunca con reprs de float."""
    result = _synthetic({"procesos": 1.0, "techo": 1.0}, workers=2)
    row = result.table().rows[0]
    assert row[1] == "2×" and row[2] == "2×" and row[-1] == "1,00"
    assert all("." not in str(cell) for cell in row)


ONE = (100, 101, 99, 100, 102, 100, 98)


def _measurement(label: str, factor: float) -> measure.Measurement:
    return measure.Measurement(label, tuple(round(factor * t) for t in ONE), 0)


def _synthetic(factors: dict[str, float], workers: int) -> parallel.ScalingResult:
    """Un punto inventado: cada variante tarda ``factor`` veces lo que tarda «uno»."""
    variants = {v: _measurement(v, f) for v, f in factors.items()}
    point = parallel.ScalingPoint(workers, _measurement("uno", 1.0), variants)
    return parallel.ScalingResult("python", (point,))


def test_speedup_samples_pair_each_round() -> None:
    """La aceleración ronda a ronda usa la referencia de la misma ronda."""
    point = _synthetic({"procesos": 0.5}, workers=2).points[0]
    assert point.speedup_samples("procesos") == pytest.approx([4.0] * len(ONE), rel=0.02)
    with pytest.raises(ValueError, match="variant"):
        point.speedup_samples("techo")


@pytest.mark.parametrize(
    ("factor", "expected"),
    [
        (1.0, "escaló como el ideal"),
        (1.3, "aceleró, pero por debajo del ideal"),
        (2.0, "no aceleró de forma medible"),
        (3.0, "fue más lento que un solo trabajador"),
    ],
)
def test_speedup_phrase_comes_from_the_verdict(factor: float, expected: str) -> None:
    """Dos trabajadores: la frase sale de dadsbook.verdict, no de un umbral sobre la mediana."""
    point = _synthetic({"hilos": factor}, workers=2).points[0]
    assert point.speedup_phrase("hilos").startswith(expected)


def test_speedup_phrase_does_not_decide_when_it_cannot() -> None:
    """Pocas repeticiones o la máquina ocupada: sin veredicto, y dice por qué."""
    assert speedup.speedup_verdict([1.0] * 3, [0.5] * 3, 2).startswith("quedó sin veredicto")
    busy = speedup.speedup_verdict(list(ONE), [t / 2 for t in ONE], 2, busy=True)
    assert "la máquina estaba ocupada" in busy
    with pytest.raises(ValueError, match="workers"):
        speedup.speedup_verdict([1.0], [1.0], 0)


def test_pool_vs_ceiling_verdict() -> None:
    """El pool frente al techo con la regla del veredicto, en los dos sentidos."""
    slower = _synthetic({"procesos": 1.2, "techo": 1.0}, workers=2).points[0]
    assert slower.pool_vs_ceiling().decision == "menor"
    same = _synthetic({"procesos": 1.0, "techo": 1.0}, workers=2).points[0]
    assert same.pool_vs_ceiling().decision == "sin diferencia medible"

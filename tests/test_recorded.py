"""Los números que pegan las páginas, anotados por el paquete para ``benchmarks.json``."""

from __future__ import annotations

import time
from pathlib import Path

import myst_nb
import pytest

from dadsbook import measure, recorded
from dadsbook.hygiene import BUILD_ENV


def test_only_finite_numbers_are_kept() -> None:
    values = {"a": 1, "b": 2.5, "c": True, "d": "3", "e": float("nan"), "f": None}
    assert recorded.numbers(values) == {"a": 1.0, "b": 2.5}


def test_outside_the_build_nothing_is_wrapped_or_published(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(BUILD_ENV, raising=False)
    original = myst_nb.glue
    recorded.start()
    assert myst_nb.glue is original


def test_in_the_build_every_glue_is_recorded_once_and_still_glued(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, object, bool]] = []
    monkeypatch.setenv(BUILD_ENV, "1")
    monkeypatch.setattr(myst_nb, "glue", lambda n, v, display=True: calls.append((n, v, display)))
    monkeypatch.setattr(recorded, "_RECORDED", {})
    recorded.start()
    recorded.start()  # una segunda vez no envuelve dos veces
    myst_nb.glue("cpu_s", 0.25, display=False)
    myst_nb.glue("frase", "hola", display=False)
    assert calls == [("cpu_s", 0.25, False), ("frase", "hola", False)]
    assert recorded.recorded() == {"cpu_s": 0.25}


def test_published_values_are_read_back_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUILD_ENV, "1")
    monkeypatch.setenv(recorded.VALUES_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(recorded, "_RECORDED", {"x": 2.0, "y": 0.5})
    recorded.publish("hardware/cpu")
    assert recorded.read(tmp_path, "hardware/cpu") == {"x": 2.0, "y": 0.5}
    assert recorded.read(tmp_path, "hardware/disco") == {}
    assert not list(tmp_path.rglob("*.tmp"))


def test_outside_the_build_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BUILD_ENV, raising=False)
    monkeypatch.setenv(recorded.VALUES_DIR_ENV, str(tmp_path))
    recorded.publish("conceptos")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("docname", ["", "/etc/passwd", "../fuera", "a/../../b"])
def test_a_docname_outside_the_folder_is_refused(tmp_path: Path, docname: str) -> None:
    with pytest.raises(ValueError, match="docname debe ser una página del libro"):
        recorded.read(tmp_path, docname)


def test_each_cell_is_timed_and_published_with_the_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Los eventos del núcleo: antes y después de cada celda, con su primera línea."""
    handlers: dict[str, list[object]] = {"pre_run_cell": [], "post_run_cell": []}

    class Events:
        def register(self, name: str, handler: object) -> None:
            handlers[name].append(handler)

    class Shell:
        events = Events()

    class Info:
        raw_cell = "# mide\nresultado = medir(10)\n"

    class Result:
        info = Info()

    monkeypatch.setattr("IPython.get_ipython", lambda: Shell())
    monkeypatch.setattr(recorded, "_CELLS", [])
    # Su propio cerrojo: con el de siempre, la celda esperaría a que midiese la construcción
    # del libro que make test lanza a la vez, y esa espera cuenta en «seconds» (< 5 s).
    monkeypatch.setenv("DADSBOOK_LOCK_FILE", str(tmp_path / "medir.lock"))
    recorded._time_cells()
    (before,), (after,) = handlers["pre_run_cell"], handlers["post_run_cell"]
    after(Result())  # type: ignore[operator]  # la celda que registra: sin «antes», no cuenta
    before(None)  # type: ignore[operator]
    with measure.exclusive():  # la celda mide un rato
        time.sleep(0.05)
    after(Result())  # type: ignore[operator]
    monkeypatch.setenv(BUILD_ENV, "1")
    monkeypatch.setenv(recorded.VALUES_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(recorded, "_RECORDED", {})
    recorded.publish("hardware/cpu")
    ((line, seconds, measuring),) = recorded.cell_times(tmp_path, "hardware/cpu")
    assert line == "resultado = medir(10)" and 0.05 <= measuring <= seconds < 5
    assert recorded.cell_times(tmp_path, "hardware/disco") == []

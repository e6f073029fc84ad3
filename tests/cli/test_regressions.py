"""Cada fallo encontrado al probar la línea de órdenes como un lector nuevo, con su prueba.

Las órdenes de la incidencia que colgaban la máquina, imprimían trazas o daban números
falsos con estado 0. Las que dependen del proceso (Ctrl-C, una tubería cerrada, el
guion instalado) van por el punto de entrada real; el resto, dentro del proceso (la
carpeta actual, con ``monkeypatch.chdir``; la entrada estándar, con ``run(stdin=…)``).
"""

from __future__ import annotations

import importlib
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from cli.support import ENTRY, ROOT, one_spanish_line, run

from dadsbook.cli import bench, paths
from dadsbook.cli.catalog import CATALOG
from dadsbook.cli.main import build_parser, load


def rejected(*argv: str) -> str:
    """La orden termina enseguida con estado 2 y una línea en español; devuelve la línea."""
    result = run(argv, limit=5)
    assert result.status == 2, (argv, result.status, result.out[-300:])
    # CPU y no reloj: make test construye el libro a la vez (ver cli.support._alarm).
    assert result.cpu_seconds < 5 and result.out == ""
    return one_spanish_line(result.err)


# --- Órdenes que colgaban la máquina o se comían la memoria -----------------------------
def test_scaleset_with_a_billion_seconds_is_rejected_before_simulating() -> None:
    assert "--duration" in rejected("sim", "scaleset", "--duration", "1000000000", "-c")


def test_cfs_with_a_nanosecond_period_is_rejected() -> None:
    assert "opción --period" in rejected("sim", "cfs", "--period", "1e-9", "-c")


@pytest.mark.parametrize(
    "args",
    [
        ["--duration", "1e9"],
        ["--rate", "1e9"],
        ["-s", "1", "--duration", "86400"],
    ],
    ids=["duración", "tasa", "un-día"],
)
def test_serverless_that_ran_for_minutes_is_rejected(args: list[str]) -> None:
    line = rejected("sim", "serverless", *args, "-c")
    assert "--duration" in line or "--rate" in line


def test_cluster_with_nanosecond_mtbf_is_rejected_naming_mtbf() -> None:
    assert "--mtbf: el problema necesitaría" in rejected("sim", "cluster", "--mtbf", "1e-9", "-c")


def test_balancer_with_ten_million_requests_is_rejected() -> None:
    assert "--requests" in rejected("sim", "balancer", "--requests", "10000000", "-c")


def test_rejection_happens_without_compute_too() -> None:
    """El tope se comprueba una vez, antes de resolver, con -c o sin él."""
    assert "--duration" in rejected("sim", "scaleset", "--duration", "1000000000")


# --- Números falsos con estado 0 -----------------------------------------------------
def test_scheduler_arrival_of_1e16_is_rejected_instead_of_printing_nan() -> None:
    line = rejected(
        "sim", "scheduler", "--jobs", "1,2", "--arrivals", "1e16,0", "--policy", "fifo", "-c"
    )
    assert "--arrivals" in line and "1000000" in line


def test_paging_with_a_thirty_digit_page_is_rejected_instead_of_a_type_error() -> None:
    line = rejected("sim", "paging", "--refs", "1" + "0" * 30, "-c")
    assert "--refs" in line


def test_scaleset_min_above_max_is_rejected_without_compute() -> None:
    assert "--min (5) no puede ser mayor que --max (2)" in rejected(
        "sim", "scaleset", "--min", "5", "--max", "2"
    )


def test_an_option_whose_value_is_a_double_dash_is_rejected() -> None:
    """argparse de Python 3.11 convertía --chefs=-- en una lista vacía (y una traza)."""
    assert "se recibió '--'" in rejected("sim", "kitchen", "--chefs=--", "-c")


# --- Mensajes con nombres internos o en inglés -----------------------------------------
@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["sim", "kitchen", "--recipe", "sopa=a1e400", "-c"], "--recipe"),
        (["sim", "kitchen", "--recipe", "a=a5", "--recipe", "a=w1", "-c"], "--recipe"),
        (["sim", "interrupts", "--work", "1e400", "-c"], "--work"),
        (["sim", "ftl", "--op", "0.02", "--blocks", "8", "-c"], "--op"),
        (["sim", "mesi", "--preset", "false-sharing", "--cores", "64", "-c"], "--line-size"),
        (["sim", "zns", "--zones", "1", "--ops", "w0:99", "-c"], "--zone-size"),
        (["sim", "nice", "--nice=" + "9" * 5000], "--nice"),
        (["sim", "stealing", "--queues", "/", "-c"], "--queues"),
        (["sim", "pipeline", "--program", ";", "-c"], "--program"),
    ],
)
def test_errors_name_the_command_line_option(argv: list[str], option: str) -> None:
    line = rejected(*argv)
    assert option in line
    for internal in ("minutes", "min_instances", "work debe", "lines", "stride", "op debe"):
        assert internal not in line


def test_youtube_with_no_chapters_names_the_file_not_a_parameter() -> None:
    result = run(["youtube", "-"], stdin="# nada\n")
    assert result.status == 2
    line = one_spanish_line(result.err)
    assert "- no contiene ningún capítulo" in line and "lines" not in line


# --- --plot ---------------------------------------------------------------------------
def test_plot_without_compute_solves_and_writes_the_figure(tmp_path: Path) -> None:
    target = tmp_path / "figura.svg"
    result = run(["sim", "scaleset", "-s", "1", "--plot", str(target)])
    assert result.status == 0, result.err
    assert "Demanda sin atender" in result.out and target.stat().st_size > 1000
    assert list(tmp_path.iterdir()) == [target]  # sin temporales olvidados


def test_plot_into_a_missing_folder_fails_before_solving(tmp_path: Path) -> None:
    line = rejected("sim", "mesi", "-c", "--plot", str(tmp_path / "no" / "x.png"))
    assert "--plot: no existe la carpeta" in line


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "--plot debe terminar en .svg o .png"), ("figura", "--plot debe terminar en .svg"),
     ("figura.pdf", "se recibió 'figura.pdf'"), ("no/hay/x.svg", "--plot: no existe la carpeta")],
)  # fmt: skip
def test_bad_plot_targets_are_rejected_before_solving(
    name: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert expected in rejected("sim", "nice", "-s", "1", "--plot", name)
    assert list(tmp_path.iterdir()) == []


def test_plot_suffix_is_case_insensitive(tmp_path: Path) -> None:
    target = tmp_path / "FIGURA.PNG"
    assert run(["sim", "nice", "-s", "1", "--plot", str(target), "--json"]).status == 0
    assert target.read_bytes().startswith(b"\x89PNG")


def test_plot_onto_a_folder_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "dir.png").mkdir()
    assert "es una carpeta" in rejected("sim", "tlb", "--plot", str(tmp_path / "dir.png"))


def test_every_simulator_offers_a_figure() -> None:
    """--plot vale en todos: todas las soluciones traen su figura (sin dibujarla aquí)."""
    parser = build_parser()
    for name in CATALOG:
        sim = load(name)
        namespace = parser.parse_args(["sim", name, "-s", "1"])
        assert sim.solve(sim.make_problem(namespace, random.Random(1))).figure, name


@pytest.mark.parametrize(
    "name", ["mesi", "tlb", "numa", "writeback", "zns", "keda", "policymix", "coroutines"]
)
def test_the_eight_simulators_without_a_figure_now_draw_one(name: str, tmp_path: Path) -> None:
    target = tmp_path / f"{name}.png"
    result = run(["sim", name, "-s", "2", "--plot", str(target)])
    assert result.status == 0, result.err
    assert target.stat().st_size > 1000


# --- compare -----------------------------------------------------------------------
def _stamp() -> dict[str, object]:
    from dadsbook import machine

    return machine.stamp().as_dict()


def _results(**pages: dict[str, float]) -> dict[str, object]:
    return {"format": bench.FORMAT, "partial": False, "machine": _stamp(), "pages": pages}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "no es un objeto de resultados sino una lista"),
        ("null", "no es un objeto de resultados sino null"),
        ('"texto"', "no es un objeto de resultados sino un texto"),
        ("{}", "la clave format debe valer dadsbook-bench/1"),
        ('{"format": "dadsbook-bench/1"}', "la clave pages debe ser un objeto"),
        ('{"format": "dadsbook-bench/1", "pages": {"a": 1}}', "la clave pages.a debe ser"),
        ('{"format": "dadsbook-bench/1", "pages": {"a": {"x": "1"}}}', "pages.a.x debe ser un"),
        ('{"format": "dadsbook-bench/1", "pages": {"a": {"x": NaN}}}', "pages.a.x debe ser un"),
        ('{"format": "dadsbook-bench/1", "pages": {}}', "la clave machine debe ser un objeto"),
        ('{"format": "dadsbook-bench/1", "pages": {}, "machine": {}}', "falta la clave machine."),
        ("{", "no es JSON válido (línea 1, columna 2)"),
        ("[" * 100_000, "no es JSON válido"),
    ],
)
def test_compare_validates_the_schema_naming_the_key(
    content: str, expected: str, tmp_path: Path
) -> None:
    mine = tmp_path / "mio.json"
    mine.write_text(content, encoding="utf-8")
    book = tmp_path / "libro.json"
    book.write_text(json.dumps(_results(a={"x": 1.0})), encoding="utf-8")
    assert expected in rejected("compare", str(mine), "--book", str(book))


def test_compare_reports_a_wrongly_typed_machine_key(tmp_path: Path) -> None:
    data = _results(a={"x": 1.0})
    data["machine"] = {**_stamp(), "logical_cores": "dos"}  # type: ignore[dict-item]
    mine = tmp_path / "mio.json"
    mine.write_text(json.dumps(data), encoding="utf-8")
    line = rejected("compare", str(mine), "--book", str(mine))
    assert "machine.logical_cores tiene un tipo que no corresponde" in line


def test_compare_with_a_folder_or_a_binary_file(tmp_path: Path) -> None:
    assert "es una carpeta" in rejected("compare", str(tmp_path), "--book", str(tmp_path))
    binary = tmp_path / "latin1.json"
    binary.write_bytes("{'año': 1}".encode("latin-1"))
    assert "no es texto UTF-8" in rejected("compare", str(binary), "--book", str(binary))


def test_compare_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    mine = tmp_path / "mio.json"
    mine.write_text("\ufeff" + json.dumps(_results(a={"x": 2.0})), encoding="utf-8")
    book = tmp_path / "libro.json"
    book.write_text(json.dumps(_results(a={"x": 1.0})), encoding="utf-8")
    result = run(["compare", str(mine), "--book", str(book)])
    assert result.status == 0, result.err
    assert result.out.rstrip().endswith("| 2×")  # fmt.ratio, como en el libro


def test_compare_rejects_a_url_for_the_book_saying_what_to_do(tmp_path: Path) -> None:
    mine = tmp_path / "mio.json"
    mine.write_text(json.dumps(_results(a={"x": 2.0})), encoding="utf-8")
    line = rejected("compare", str(mine), "--book", "https://dadsbook.github.io/b.json")
    assert "--book espera un fichero local" in line and "https://dadsbook.github.io/b.json" in line


def test_compare_without_book_outside_the_repository_says_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "repository", lambda: None)
    (tmp_path / "mio.json").write_text(json.dumps(_results(a={"x": 2.0})), encoding="utf-8")
    line = rejected("compare", "mio.json")
    assert "--book" in line and "make html" in line


def test_the_default_book_is_found_from_the_clone_in_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clon"
    (clone / "docs").mkdir(parents=True)
    (clone / "docs" / "index.md").write_text("# libro\n", encoding="utf-8")
    (clone / "_build" / "html").mkdir(parents=True)
    (clone / paths.BOOK_RESULTS).write_text(json.dumps(_results(a={"x": 1.0})), encoding="utf-8")
    elsewhere = tmp_path / "otra"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(paths, "repository", lambda: clone)
    (elsewhere / "mio.json").write_text(json.dumps(_results(a={"x": 3.0})), encoding="utf-8")
    result = run(["compare", "mio.json"])
    assert result.status == 0, result.err
    assert result.out.rstrip().endswith("| 3×")


# --- youtube fuera de la raíz ---------------------------------------------------------
def test_youtube_works_from_another_folder_and_accepts_a_byte_order_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapters = tmp_path / "capitulos.txt"
    chapters.write_text("\ufeff0:00 sec-conceptos\n1:10 sec-conceptos-cocina\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(["youtube", chapters.name])
    assert result.status == 0, result.err
    assert result.out.splitlines()[0].startswith("00:00 ")


def test_youtube_without_docs_says_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "repository", lambda: None)
    (tmp_path / "c.txt").write_text("0:00 sec-conceptos\n", encoding="utf-8")
    assert "--docs" in rejected("youtube", "c.txt")


# --- bench ----------------------------------------------------------------------------
def test_bench_checks_the_output_folder_before_measuring(tmp_path: Path) -> None:
    line = rejected("bench", "conceptos", "-o", str(tmp_path / "no" / "dir" / "out.json"))
    assert "--output: no existe la carpeta" in line


def test_bench_without_the_docs_extra_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "myst_nb", None)
    line = rejected("bench", "conceptos")
    assert "pip install 'dadsbook[docs]'" in line


def test_bench_writes_its_results_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    bench._write_atomically(target, '{"a": 1}')
    assert json.loads(target.read_text(encoding="utf-8")) == {"a": 1}
    assert list(tmp_path.iterdir()) == [target]


# --- Ctrl-C y tuberías cerradas, por el punto de entrada real ------------------------------
def _interrupt(process: subprocess.Popen[str], *, cpu_seconds: float) -> tuple[str, str]:
    """Espera a que el proceso haya trabajado ``cpu_seconds`` y le manda SIGINT."""
    watched = psutil.Process(process.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        times = watched.cpu_times()
        if times.user + times.system >= cpu_seconds:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    return process.communicate(timeout=30)


@pytest.mark.slow
def test_ctrl_c_while_waiting_for_input_is_one_spanish_line() -> None:
    process = subprocess.Popen(
        [ENTRY, "youtube", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    watched = psutil.Process(process.pid)
    time.sleep(1.0)
    deadline = time.monotonic() + 20
    while watched.status() != psutil.STATUS_SLEEPING and time.monotonic() < deadline:
        time.sleep(0.05)  # hasta que espera la entrada estándar
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip() == "dadsbook: interrumpido con Ctrl-C"


@pytest.mark.slow
def test_ctrl_c_while_simulating_is_one_spanish_line() -> None:
    process = subprocess.Popen(
        [ENTRY, "sim", "scheduler", "-l", ",".join(["199"] * 600), "-p", "rr", "-q", "1", "-c",
         "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _, err = _interrupt(process, cpu_seconds=0.35)  # ya cargado, a mitad de la simulación
    assert process.returncode == 130, err
    assert err.strip() == "dadsbook: interrumpido con Ctrl-C"


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly() -> None:
    """``| head -1``: sin BrokenPipeError ni avisos, como las órdenes de Unix."""
    jobs = ",".join(["50"] * 300)
    command = f"'{ENTRY}' sim scheduler -l {jobs} -p rr -q 1 -c 2>&1 | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.splitlines() == [
        "Una CPU planificada con RR con quantum 1; cada cambio de contexto cuesta 0. Los trabajos:"
    ]
    assert result.returncode == 141  # el estado de quien muere por SIGPIPE


def test_the_entry_point_is_the_installed_script() -> None:
    result = subprocess.run([ENTRY, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("dadsbook ")
    assert Path(ENTRY).exists() and ROOT.is_dir()


def test_an_internal_failure_is_one_line_with_status_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """Un fallo de dadsbook (no de la orden) tampoco enseña una traza: estado 1, una línea."""
    cli_main = importlib.import_module("dadsbook.cli.main")

    def broken(name: str) -> object:
        raise RuntimeError("roto\ncon dos líneas")

    monkeypatch.setattr(cli_main, "load", broken)
    result = run(["sim", "nice", "-s", "1"])
    assert result.status == 1
    assert result.err.strip().splitlines() == [
        "dadsbook: error interno (RuntimeError: roto con dos líneas); es un fallo de dadsbook, "
        "no de tu orden: avísanos con la orden completa"
    ]

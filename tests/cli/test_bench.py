"""``dadsbook bench`` y ``compare``: medir en tu máquina y compararlo con el libro.

Las órdenes se prueban sobre un libro pequeño propio (``--docs``): las páginas del libro
de verdad solo las ejecuta la construcción de la sesión de pruebas, una vez.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dadsbook.cli import bench

ROOT = Path(__file__).resolve().parents[2]
FRONT = "---\nkernelspec:\n  name: python3\n---\n\n"
QUICK_PAGE = (
    FRONT + "# Una página\n\n```{code-cell} ipython3\nfrom myst_nb import glue\n\n"
    'glue("platos_total", 63, display=False)\nglue("overlap_speedup", 2.0, display=False)\n'
    'glue("frase", "no es un número", display=False)\n```\n'
)
#: Una página que mide con procesos trabajadores durante mucho tiempo (Ctrl-C la para).
SLOW_PAGE = (
    FRONT + "# Lenta\n\n```{code-cell} ipython3\nimport multiprocessing, time\n\n"
    'ctx = multiprocessing.get_context("spawn")\n'
    "workers = [ctx.Process(target=time.sleep, args=(60,)) for _ in range(2)]\n"
    "for w in workers:\n    w.start()\nfor w in workers:\n    w.join()\n```\n"
)


def small_book(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "capitulo").mkdir(parents=True)
    (docs / "index.md").write_text("# Un libro pequeño\n", encoding="utf-8")
    (docs / "uno.md").write_text(QUICK_PAGE, encoding="utf-8")
    (docs / "capitulo" / "lenta.md").write_text(SLOW_PAGE, encoding="utf-8")
    return docs


def test_discover_pages_finds_pages_with_cells(tmp_path: Path) -> None:
    docs = small_book(tmp_path)
    (docs / "sin-celdas.md").write_text("# Solo texto\n", encoding="utf-8")
    assert sorted(bench.discover_pages(docs)) == ["capitulo/lenta", "uno"]
    pages = bench.discover_pages(ROOT / "docs")
    assert "conceptos" in pages and "glosario" not in pages


@pytest.mark.slow  # arranca un núcleo de Jupyter que ejecuta la página: segundos
def test_bench_and_compare(tmp_path: Path) -> None:
    out, docs = tmp_path / "mio.json", small_book(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "dadsbook", "bench", "uno", "--docs", str(docs), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == bench.FORMAT and data["partial"] is False
    assert data["pages"] == {"uno": {"platos_total": 63.0, "overlap_speedup": 2.0}}
    assert data["machine"]["logical_cores"] >= 1
    book = tmp_path / "libro.json"
    data["pages"]["uno"]["overlap_speedup"] *= 2
    book.write_text(json.dumps(data), encoding="utf-8")
    compared = subprocess.run(
        [sys.executable, "-m", "dadsbook", "compare", str(out), "--book", str(book)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    line = next(x for x in compared.stdout.splitlines() if "overlap_speedup" in x)
    assert line.rstrip().endswith("0,5×")  # fmt.ratio: coma decimal, sin ceros de más


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_keeps_partial_results(tmp_path: Path) -> None:
    """SIGINT a mitad de una medición con procesos: estado 130, JSON parcial, sin hijos."""
    out, docs = tmp_path / "parcial.json", small_book(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "dadsbook", "bench", "uno", "capitulo/lenta", "--docs", str(docs),
         "-o", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    # Espera a que la página lenta arranque sus procesos trabajadores.
    while time.monotonic() < deadline and len(seen) < 2 and process.poll() is None:
        seen |= {c.pid for c in psutil.Process(process.pid).children(recursive=True)}
        time.sleep(0.1)
    assert seen, "la medición no llegó a arrancar procesos"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Interrumpido" in err and "Traceback" not in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["partial"] is True and data["pages"]["uno"]["platos_total"] == 63.0
    survivors = [
        pid for pid in seen
        if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    ]  # fmt: skip
    assert survivors == []


def test_comparison_ratio_is_written_in_spanish() -> None:
    """El cociente sale de ``fmt.ratio``: coma decimal y sin ceros de más («1,25×», «2×»)."""
    mine = {"pages": {"p": {"a": 2.5, "b": 4.0, "c": 1.0}}}
    book = {"pages": {"p": {"a": 2.0, "b": 2.0, "c": 0.0}}}
    ratios = [row[4] for row in bench.comparison_rows(mine, book)]
    assert ratios == ["1,25×", "2×", "—"]

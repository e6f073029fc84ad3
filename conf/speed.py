"""Mide lo que espera quien escribe el libro, y lo compara con los objetivos.

Uso:

- ``python conf/speed.py build --profile full``: una construcción limpia, una
  reconstrucción sin cambios y una tras añadir una frase al final de una página (que
  debe re-ejecutar solo esa página; la frase se quita al terminar, pase lo que pase).
  Construye en una carpeta temporal propia, sin tocar ``_build/``.
- ``python conf/speed.py test``: ``make check`` y ``make test`` tal como los lanza
  quien escribe (con la ``.venv`` ya instalada).

Cada cifra sale con su objetivo (los de la incidencia «A fast loop for authors») y
si lo cumple. Son tiempos de reloj de **esta** máquina: en una más lenta o más
ocupada saldrán otros. Mide con la máquina tranquila.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dadsbook import fmt, machine, recorded  # noqa: E402

#: Objetivos en segundos.
TARGETS = {
    "construcción limpia": 180.0,
    "reconstrucción sin cambios": 3.0,
    "make check": 60.0,
    "make test": 360.0,
}
#: La página que se edita para medir una reconstrucción tras un cambio de texto.
EDITED_PAGE = "conceptos.md"
SUMMARY = re.compile(r"^=*\s*\d+ (?:passed|failed).*$", re.M)
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)
EXECUTED = re.compile(
    r"/docs/(?P<page>[\w/-]+)\.md: Executed notebook in (?P<seconds>[\d.]+) seconds"
)
#: Donde la construcción en paralelo lee el orden de las páginas (``dadsbook_parallel``).
COSTS = ROOT / "conf" / "page-costs.json"


@dataclass(frozen=True)
class Timing:
    """Un tiempo medido y, si lo hay, su objetivo."""

    what: str
    seconds: float
    note: str = ""

    def line(self) -> str:
        target = TARGETS.get(self.what)
        verdict = ""
        if target is not None:
            mark = "cumple" if self.seconds <= target else "NO cumple"
            verdict = f" (objetivo ≤ {fmt.seconds(target)}: {mark})"
        note = f"; {self.note}" if self.note else ""
        return f"- {self.what}: {fmt.seconds(self.seconds)}{verdict}{note}"


def sphinx(docs: Path, out: Path, profile: str, jobs: str) -> tuple[float, dict[str, float]]:
    """Construye ``docs`` en ``out`` como ``make html``; devuelve el tiempo y lo ejecutado.

    Lo ejecutado: cada página con lo que tardó su cuaderno (en paralelo, esperas de
    turno incluidas).

    Como ``make html``: primero :mod:`uptodate` mira si algo cambió desde la última
    construcción (si nada cambió, Sphinx ni arranca); si cambió, Sphinx construye y se
    anota la huella.
    """
    env = dict(os.environ, DADSBOOK_PROFILE=profile, DADSBOOK_CACHE_DIR=str(out / "cache"))
    env.pop("DADSBOOK_PAGES", None)
    gate = [sys.executable, str(ROOT / "conf" / "uptodate.py")]
    where = [str(out / "html"), "--profile", profile]
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going",
        "-n", "-j", jobs, "-b", "html", "-d", str(out / "doctrees"), str(docs), str(out / "html"),
    ]  # fmt: skip
    start = time.perf_counter()
    if subprocess.run([*gate, "check", *where], env=env, capture_output=True).returncode == 0:
        return time.perf_counter() - start, {}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"la construcción falló:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    subprocess.run([*gate, "record", *where], env=env, check=True)
    seconds = time.perf_counter() - start
    return seconds, {m["page"]: float(m["seconds"]) for m in EXECUTED.finditer(result.stdout)}


def measure_build(profile: str, jobs: str) -> list[Timing]:
    docs = ROOT / "docs"
    page = docs / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="dadsbook-velocidad-") as tmp:
        out = Path(tmp)
        clean, executed = sphinx(docs, out, profile, jobs)
        again, executed_again = sphinx(docs, out, profile, jobs)
        try:
            page.write_text(original + "\nUna frase nueva al final.\n", encoding="utf-8")
            edited, executed_edited = sphinx(docs, out, profile, jobs)
        finally:
            page.write_text(original, encoding="utf-8")
        slowest = slowest_cells(out / "cache" / "dadsbook-valores")
        total, measuring = cell_totals(out / "cache" / "dadsbook-valores")
    if profile == "full" and executed:
        COSTS.write_text(json.dumps(dict(sorted(executed.items())), indent=2) + "\n", "utf-8")
        print(f"Lo que tardó cada página, anotado en {COSTS.relative_to(ROOT)} (el orden de -j).")
    ran = ", ".join(executed_edited) or "ninguna"
    print(
        f"Celdas de la construcción limpia: {fmt.seconds(total)} en total, "
        f"{fmt.seconds(measuring)} midiendo (eso no se reparte entre procesos)."
    )
    print("Las celdas más lentas (entre paréntesis, lo que pasaron midiendo):")
    for doc, cell in slowest:
        print(f"  {fmt.seconds(cell.seconds)} ({fmt.seconds(cell.measuring)})  {doc}: {cell.line}")
    return [
        Timing(
            "construcción limpia",
            clean,
            f"perfil {profile}, -j {jobs}, {len(executed)} páginas ejecutadas",
        ),
        Timing("reconstrucción sin cambios", again, f"páginas ejecutadas: {len(executed_again)}"),
        Timing(f"reconstrucción tras editar {EDITED_PAGE}", edited, f"re-ejecutó: {ran}"),
    ]


def all_cells(values: Path) -> list[tuple[str, recorded.CellTime]]:
    """Cada celda de la última ejecución de cada página (página y celda)."""
    found = []
    for path in values.rglob("*.celdas.json"):
        page = path.relative_to(values).as_posix().removesuffix(".celdas.json")
        found += [(page, cell) for cell in recorded.cell_times(values, page)]
    return found


def slowest_cells(values: Path, count: int = 12) -> list[tuple[str, recorded.CellTime]]:
    """Las ``count`` celdas que más tardaron (página y celda)."""
    return sorted(all_cells(values), key=lambda row: -row[1].seconds)[:count]


def cell_totals(values: Path) -> tuple[float, float]:
    """Segundos de todas las celdas y, de ellos, los que pasaron midiendo (en exclusiva)."""
    cells = [cell for _, cell in all_cells(values)]
    return sum(c.seconds for c in cells), sum(c.measuring for c in cells)


def measure_make(target: str) -> Timing:
    start = time.perf_counter()
    result = subprocess.run(["make", target], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summaries = SUMMARY.findall(result.stdout)
    summary = summaries[-1].strip("= ") if summaries else "sin resumen de pytest"
    state = "pasó" if result.returncode == 0 else f"FALLÓ (estado {result.returncode})"
    # Una cifra con un fallo no sirve sin saber qué falló: se nombran (pytest -ra).
    failed = FAILED.findall(result.stdout)
    which = f" [{'; '.join(failed)}]" if failed else ""
    return Timing(f"make {target}", seconds, f"{state}: {summary}{which}")


def main() -> None:
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(
        description="Mide la velocidad del libro para quien lo escribe, frente a sus objetivos."
    )
    sub = parser.add_subparsers(dest="what", required=True)
    build = sub.add_parser(
        "build", help="construcción limpia, sin cambios y tras editar una página"
    )
    build.add_argument("--profile", choices=("quick", "full"), default="full")
    build.add_argument("--jobs", default="auto", help="procesos de Sphinx (-j), como make html")
    sub.add_parser("test", help="make check y make test")
    args = parser.parse_args()
    if args.what == "build":  # el sello dice el perfil de lo que se mide
        os.environ["DADSBOOK_PROFILE"] = args.profile
    stamp = machine.stamp()
    print(f"Máquina: {stamp.summary()}")
    timings = (
        measure_build(args.profile, args.jobs)
        if args.what == "build"
        else [measure_make("check"), measure_make("test")]
    )
    for timing in timings:
        print(timing.line())


if __name__ == "__main__":
    main()

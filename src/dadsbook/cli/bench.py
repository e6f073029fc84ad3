"""``dadsbook bench`` y ``dadsbook compare``: las mediciones del libro en tu máquina.

``bench`` ejecuta las celdas de las páginas del libro (las mismas que ve quien lo
lee), con el perfil elegido, y guarda cada valor numérico que la página inserta en
el texto (``glue``) en un JSON con el sello de la máquina. ``compare`` pone ese JSON
junto al que publicó el libro (``benchmarks.json``, al lado del sitio).

Ctrl-C detiene la medición limpiamente: las celdas cierran lo que abrieron (sus
bloques ``with``), se terminan los procesos hijos que quedaran y el JSON se escribe
con lo medido hasta entonces, marcado como parcial.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import io
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from dadsbook import machine, notebook
from dadsbook.tables import Table

__all__ = ["FORMAT", "compare", "discover_pages", "run"]

FORMAT = "dadsbook-bench/1"


def _docs(path: Path | None) -> Path:
    candidates = [path] if path else [Path("docs"), Path(__file__).resolve().parents[3] / "docs"]
    for candidate in candidates:
        if candidate is not None and (candidate / "index.md").is_file():
            return candidate
    raise ValueError(
        "no encuentro la carpeta docs/ del libro: ejecuta desde el repositorio o usa --docs"
    )


def discover_pages(docs: Path) -> dict[str, Path]:
    """Páginas con celdas de código: nombre (``hardware/cpu``) → fichero."""
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        if "_build" in path.parts or path.name.startswith("_"):
            continue
        if notebook.code_cells(path):
            pages[path.relative_to(docs).with_suffix("").as_posix()] = path
    return pages


@contextmanager
def _capture_glue(store: dict[str, float]) -> Iterator[None]:
    import myst_nb

    original = myst_nb.glue

    def record(name: str, variable: Any, display: bool = True) -> None:
        if isinstance(variable, int | float) and not isinstance(variable, bool):
            store[name] = float(variable)

    myst_nb.glue = record
    try:
        yield
    finally:
        myst_nb.glue = original


def _terminate_children() -> int:
    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(children, timeout=3)
    for child in alive:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            continue
    return len(children)


def _run_page(
    path: Path, cells: list[notebook.Cell], values: dict[str, float], progress: Any, task: Any
) -> None:
    namespace: dict[str, Any] = {"__name__": "__dadsbook_bench__"}
    loop = asyncio.new_event_loop()
    try:
        with _capture_glue(values), contextlib.redirect_stdout(io.StringIO()):
            for cell in cells:
                if "skip-execution" not in cell.tags:
                    notebook.execute(
                        cell.source, namespace, loop, str(path), line=cell.line, cwd=path.parent
                    )
                progress.advance(task)
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        import matplotlib.pyplot as plt

        plt.close("all")


def run(args: argparse.Namespace) -> int:
    """Ejecuta las páginas pedidas y escribe el JSON de resultados."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )  # fmt: skip

    docs = _docs(args.docs)
    available = discover_pages(docs)
    names = args.pages or list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ValueError(
            f"páginas desconocidas: {', '.join(unknown)}; válidas: {', '.join(available)}"
        )
    os.environ["DADSBOOK_PROFILE"] = args.profile
    os.environ.setdefault("MPLBACKEND", "Agg")
    cells = {name: notebook.code_cells(available[name]) for name in names}
    result: dict[str, Any] = {
        "format": FORMAT,
        "partial": False,
        "profile": args.profile,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine.stamp().as_dict(),
        "pages": {},
        "seconds": {},
        "errors": {},
    }
    status = 0
    columns = (
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("celdas ·"), TimeElapsedColumn(), TextColumn("· quedan"), TimeRemainingColumn(),
    )  # fmt: skip
    try:
        with Progress(*columns, console=None, transient=False) as progress:
            task = progress.add_task("midiendo", total=sum(len(c) for c in cells.values()))
            for name in names:
                progress.update(task, description=f"midiendo {name}")
                start = time.perf_counter()
                try:
                    values = result["pages"].setdefault(name, {})
                    _run_page(available[name], cells[name], values, progress, task)
                except KeyboardInterrupt:
                    raise
                except Exception as error:  # la página falla: se anota y se sigue
                    result["errors"][name] = f"{type(error).__name__}: {error}"
                    status = 1
                result["seconds"][name] = round(time.perf_counter() - start, 3)
    except KeyboardInterrupt:
        # Lo que las bibliotecas registren al deshacerse a medias (tareas de asyncio que
        # no llegaron a arrancar, avisos de Dask) no interesa: se calla y se limpia.
        logging.disable(logging.CRITICAL)
        result["partial"] = True
        stopped = _terminate_children()
        message = (
            f"\nInterrumpido: se guardan los resultados parciales ({stopped} procesos terminados)."
        )
        print(message, file=sys.stderr)
        status = 130
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    measured = sum(len(v) for v in result["pages"].values())
    print(f"{measured} valores de {len(result['pages'])} páginas en {args.output}"
          + (" (parcial)" if result["partial"] else ""))  # fmt: skip
    for name, message in result["errors"].items():
        print(f"error en {name}: {message}", file=sys.stderr)
    return status


def _load(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no existe {what} {path}") from None
    except json.JSONDecodeError:
        raise ValueError(f"{what} {path} no es JSON válido") from None
    if data.get("format") != FORMAT:
        raise ValueError(f"{what} {path} no es un resultado de dadsbook (formato {FORMAT})")
    return dict(data)


def comparison_rows(
    mine: dict[str, Any], book: dict[str, Any]
) -> list[tuple[str, str, float, float, str]]:
    """Filas (página, valor, libro, tuyo, cociente) de los valores que están en ambos."""
    rows = []
    for page, values in sorted(mine["pages"].items()):
        theirs = book["pages"].get(page, {})
        for key, value in sorted(values.items()):
            if key in theirs:
                base = theirs[key]
                ratio = f"{value / base:.2f}×" if base else "—"
                rows.append((page, key, base, value, ratio))
    return rows


def compare(args: argparse.Namespace) -> int:
    """Imprime la tabla comparativa de dos resultados."""
    mine = _load(args.mine, "el fichero")
    book = _load(args.book, "el resultado del libro")
    rows = comparison_rows(mine, book)
    if not rows:
        raise ValueError("los dos resultados no tienen ningún valor en común")
    print(f"Libro:  {machine.MachineStamp(**book['machine']).summary()}")
    print(f"Tuyo:   {machine.MachineStamp(**mine['machine']).summary()}"
          + (" — PARCIAL" if mine.get("partial") else ""))  # fmt: skip
    print()
    print(Table(("página", "valor", "libro", "tuyo", "tuyo/libro"), rows))
    return 0

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
import dataclasses
import datetime
import io
import json
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from dadsbook import fmt, machine, notebook
from dadsbook.cli import paths
from dadsbook.pages import CodeCell
from dadsbook.tables import Table

__all__ = ["FORMAT", "compare", "discover_pages", "run", "validate"]

FORMAT = "dadsbook-bench/1"


def _check_extras() -> None:
    """Las páginas se ejecutan con myst-nb e IPython, que instala el extra ``docs``."""
    try:
        import IPython  # noqa: F401
        import myst_nb  # noqa: F401
    except ImportError:
        raise ValueError(
            "bench necesita el extra docs (myst-nb e IPython): instálalo con "
            "pip install 'dadsbook[docs]' (o make install desde un clon)"
        ) from None


def _check_output(path: Path) -> None:
    """Comprueba antes de medir que el JSON de salida se podrá escribir."""
    folder = path.parent
    if path.is_dir():
        raise ValueError(f"--output: {path} es una carpeta, no un fichero")
    if not folder.is_dir():
        raise ValueError(f"--output: no existe la carpeta {folder}; créala antes de medir")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ValueError(f"--output: no se puede escribir {path}")


def _write_atomically(path: Path, text: str) -> None:
    """Escribe ``text`` en un temporal de la misma carpeta y lo renombra: todo o nada."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


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
    path: Path, cells: list[CodeCell], values: dict[str, float], progress: Any, task: Any
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

    _check_extras()
    _check_output(args.output)
    docs = paths.docs_folder(args.docs)
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
    try:
        _write_atomically(args.output, json.dumps(result, ensure_ascii=False, indent=1))
    except OSError as error:
        backup = Path(tempfile.mkstemp(prefix="dadsbook-bench-", suffix=".json")[1])
        backup.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        raise ValueError(
            f"--output: no se pudo escribir {args.output} ({error.strerror}); "
            f"los resultados están en {backup}"
        ) from None
    measured = sum(len(v) for v in result["pages"].values())
    print(f"{measured} valores de {len(result['pages'])} páginas en {args.output}"
          + (" (parcial)" if result["partial"] else ""))  # fmt: skip
    for name, message in result["errors"].items():
        print(f"error en {name}: {message}", file=sys.stderr)
    return status


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _kind(value: object) -> str:
    """Qué es un valor JSON, en español."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true o false"
    return {list: "una lista", str: "un texto", int: "un número", float: "un número"}.get(
        type(value), "otro valor"
    )


def _stamp_errors(stamp: object) -> str | None:
    """Qué clave de ``machine`` falta o tiene un tipo que no toca (``None`` si ninguna)."""
    if not isinstance(stamp, dict):
        return "la clave machine debe ser un objeto con los datos de la máquina"
    for item in dataclasses.fields(machine.MachineStamp):
        kind = {"int": int, "float": int | float, "str": str, "bool": bool}.get(
            str(item.type), object
        )
        value = stamp.get(item.name)
        if item.name not in stamp:
            return f"falta la clave machine.{item.name}"
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            return f"la clave machine.{item.name} tiene un tipo que no corresponde"
    return None


def validate(data: object) -> dict[str, Any]:
    """Comprueba el esquema de un resultado de ``bench``; el error nombra la clave que falla."""
    if not isinstance(data, dict):
        raise ValueError(f"no es un objeto de resultados sino {_kind(data)}")
    if data.get("format") != FORMAT:
        raise ValueError(f"no es un resultado de dadsbook: la clave format debe valer {FORMAT}")
    pages = data.get("pages")
    if not isinstance(pages, dict):
        raise ValueError("la clave pages debe ser un objeto página → valores")
    for page, values in pages.items():
        if not isinstance(values, dict):
            raise ValueError(f"la clave pages.{page} debe ser un objeto nombre → número")
        for key, value in values.items():
            if not _is_number(value):
                raise ValueError(f"la clave pages.{page}.{key} debe ser un número finito")
    problem = _stamp_errors(data.get("machine"))
    if problem is not None:
        raise ValueError(problem)
    if not isinstance(data.get("partial", False), bool):
        raise ValueError("la clave partial debe ser true o false")
    return data


def _load(path: Path, what: str) -> dict[str, Any]:
    text = paths.read_text(path, what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{what} {path} no es JSON válido (línea {error.lineno}, columna {error.colno})"
        ) from None
    except RecursionError:
        raise ValueError(f"{what} {path} no es JSON válido (demasiado anidado)") from None
    try:
        return validate(data)
    except ValueError as error:
        raise ValueError(f"{what} {path}: {error}") from None


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
                ratio = fmt.ratio(value / base) if base else "—"
                rows.append((page, key, base, value, ratio))
    return rows


def compare(args: argparse.Namespace) -> int:
    """Imprime la tabla comparativa de dos resultados."""
    mine = _load(args.mine, "el fichero")
    book = _load(paths.book_results(args.book), "el resultado del libro")
    rows = comparison_rows(mine, book)
    if not rows:
        raise ValueError("los dos resultados no tienen ningún valor en común")
    print(f"Libro:  {machine.MachineStamp(**book['machine']).summary()}")
    print(f"Tuyo:   {machine.MachineStamp(**mine['machine']).summary()}"
          + (" — PARCIAL" if mine.get("partial") else ""))  # fmt: skip
    print()
    print(Table(("página", "valor", "libro", "tuyo", "tuyo/libro"), rows))
    return 0

"""Fixtures de las pruebas del sitio publicado: servidor local, navegador y recorrido.

El libro lo construye una sola vez ``built_book`` (``tests/conftest.py``). Aquí se sirve
esa carpeta en ``127.0.0.1`` (puerto libre) bajo la misma ruta que tendrá en GitHub Pages
(``/dadsbook/``), y Chromium sin cabeza (el de Debian, manejado por Playwright; nunca se
descarga un navegador) recorre todas las páginas una vez: errores de consola,
peticiones, accesibilidad (axe-core; en modo oscuro se repite la regla de contraste),
imágenes y lo que no cabe a 390 px. Las pruebas leen ese recorrido. La maquinaria
(servidor, navegador, visita) está en ``tests/visits.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import book
import pytest
import visits
from visits import Browsing, Visit

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Páginas que genera Sphinx además de las del libro (sin genindex: no se construye).
EXTRA_PAGES = ["search.html", "404.html"]


_REPORT: list[str] = []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``site_page``: cada página del libro (según las fuentes) más las que genera Sphinx."""
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", book_page_urls())


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Al final de la sesión: tamaño del sitio y tiempo del recorrido en el navegador."""
    if _REPORT:
        terminalreporter.section("sitio publicado")
        for line in _REPORT:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def site_report() -> list[str]:
    """Líneas que se muestran al final de la sesión de pruebas."""
    return _REPORT


def on_ci() -> bool:
    """En CI (``CI=true``) las pruebas del sitio no pueden saltarse."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Salta la prueba con un motivo en español; en CI, falla."""
    if on_ci():
        pytest.fail(f"{reason} (en CI estas pruebas no se saltan)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def unavailable() -> Any:
    """``unavailable(motivo)``: salta la prueba en español o, en CI, la hace fallar."""
    return skip_or_fail


def book_page_urls() -> list[str]:
    """Rutas relativas (``hardware/cpu.html``) de las páginas del libro, desde las fuentes."""
    pages = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
    found = [
        str(p.relative_to(DOCS).with_suffix(".html"))
        for p in pages
        if not p.name.startswith("_") and "conftest" not in p.name
    ]
    return found + EXTRA_PAGES


@pytest.fixture(scope="session")
def site_prefix(built_book: Path) -> str:
    """Ruta bajo la que se publica el libro (``/dadsbook/``), sacada de ``html_baseurl``."""
    return visits.site_prefix(built_book)


@pytest.fixture(scope="session")
def missing_files() -> list[str]:
    """Peticiones que el servidor no pudo atender (``HTTP 404: /ruta``), en orden."""
    return []


@pytest.fixture(scope="session")
def site_url(built_book: Path, site_prefix: str, missing_files: list[str]) -> Iterator[str]:
    """Sirve el libro construido en ``http://127.0.0.1:<puerto libre><prefijo>``.

    El servidor vive en un hilo y se apaga siempre al terminar la sesión.
    """
    with visits.serve(built_book, site_prefix, missing_files) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Un Chromium sin cabeza para toda la sesión (el de Debian, sin descargas)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("Falta Playwright (pip install playwright): no se prueban las páginas")
    if not visits.CHROMIUM.is_file() or not os.access(visits.CHROMIUM, os.X_OK):
        skip_or_fail(
            f"No hay Chromium en {visits.CHROMIUM}: instálalo con «apt-get install chromium» "
            "para probar el sitio en el navegador"
        )
    with visits.chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def browsing(browser: Any, site_url: str, missing_files: list[str]) -> Iterator[Browsing]:
    """Un contexto del navegador (una sesión de lector) contra el sitio servido."""
    session = Browsing(browser, site_url, missing_files)
    try:
        yield session
    finally:
        session.close()


#: Procesos que se reparten las visitas (cada uno con su Chromium): uno por CPU de esta
#: máquina de pruebas, que tiene dos.
VISITORS = 2


def _visitor(part: int) -> book.FollowUp:
    def step(out: Path) -> book.Step:
        command = [
            sys.executable, str(visits.__file__), "--html", str(out / "html"),
            "--out", str(out / "visitas" / f"visitas-{part}.json"),
            *book_page_urls()[part::VISITORS],
        ]  # fmt: skip
        return book.Step(command)

    return step


# Las páginas van en orden alfabético: alternarlas reparte las largas entre los procesos.
for _part in range(VISITORS):
    book.follow_up(f"visitas-{_part}", str(Path(__file__).with_name("test_browser.py")))(
        _visitor(_part)
    )


@pytest.fixture(scope="session")
def site_visits(built_book: Path, site_report: list[str]) -> dict[str, Visit]:
    """Cada página del libro abierta una vez: consola, peticiones, axe-core e imágenes.

    Las visitas arrancan en segundo plano en cuanto termina la construcción
    (:func:`_visitor`, dos procesos con su propio Chromium); aquí se esperan y se leen.
    """
    built = book.build_of(built_book)
    found: dict[str, Visit] = {}
    seconds = []
    for part in range(VISITORS):
        result = book.job(f"visitas-{part}", built).wait()
        assert result.returncode == 0, f"las visitas {part} fallaron:\n{result.output[-6000:]}"
        found.update(visits.read_visits(built.out / "visitas" / f"visitas-{part}.json"))
        seconds.append(result.seconds)
    site_report.append(
        f"navegador: {len(found)} páginas abiertas y revisadas con axe-core por "
        f"{VISITORS} procesos a la vez, en segundo plano ({max(seconds):.0f} s el más lento)"
    )
    paths = [path for path in book_page_urls() if (built_book / path).is_file()]
    return {path: found[path] for path in paths}

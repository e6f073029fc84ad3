"""Fixtures de las pruebas del sitio publicado: servidor local, navegador y recorrido.

El libro lo construye una sola vez ``built_book`` (``tests/conftest.py``). Aquí se sirve
esa carpeta en ``127.0.0.1`` (puerto libre) bajo la misma ruta que tendrá en GitHub Pages
(``/dadsbook/``), y un único Chromium sin cabeza (el de Debian, manejado por Playwright;
nunca se descarga un navegador) recorre todas las páginas una vez: errores de consola,
peticiones, accesibilidad (axe-core; en modo oscuro se repite la regla de contraste) e
imágenes. Las pruebas leen ese recorrido.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = Path(os.environ.get("DADSBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Páginas que genera Sphinx además de las del libro (sin genindex: no se construye).
EXTRA_PAGES = ["search.html", "404.html"]
LOAD_TIMEOUT_MS = 30_000


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Sirve ficheros sin escribir nada por petición; apunta las rutas que no existen."""

    missing: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        """Sin registro por petición: ensuciaría la salida de pytest."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.missing.append(f"HTTP {code}: {self.path}")
        super().send_error(code, message, explain)


@pytest.fixture(scope="session")
def site_prefix(built_book: Path) -> str:
    """Ruta bajo la que se publica el libro (``/dadsbook/``), sacada de ``html_baseurl``."""
    info = json.loads((built_book / "sections.json").read_text(encoding="utf-8"))
    path = urllib.parse.urlparse(info.get("base_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


@pytest.fixture(scope="session")
def missing_files() -> list[str]:
    """Peticiones que el servidor no pudo atender (``HTTP 404: /ruta``), en orden."""
    return []


@pytest.fixture(scope="session")
def site_url(built_book: Path, site_prefix: str, missing_files: list[str]) -> Iterator[str]:
    """Sirve el libro construido en ``http://127.0.0.1:<puerto libre><prefijo>``.

    El servidor vive en un hilo y se apaga siempre al terminar la sesión.
    """
    root = Path(tempfile.mkdtemp(prefix="dadsbook-sitio-"))
    mount = root / site_prefix.strip("/") if site_prefix.strip("/") else root
    try:
        if mount == root:
            root.rmdir()
            root = built_book
        else:
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(built_book, target_is_directory=True)
        handler = functools.partial(
            type("Handler", (_QuietHandler,), {"missing": missing_files}), directory=str(root)
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="sitio", daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{site_prefix}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    finally:
        if root != built_book:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Un Chromium sin cabeza para toda la sesión (el de Debian, sin descargas)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Falta Playwright (pip install playwright): no se prueban las páginas")
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(
            f"No hay Chromium en {CHROMIUM}: instálalo con «apt-get install chromium» "
            "para probar el sitio en el navegador"
        )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class Visit:
    """Lo que pasó al abrir una página: consola, peticiones, accesibilidad e imágenes."""

    path: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, str]] = field(default_factory=list)
    #: Cajas de búsqueda visibles en el escritorio (el tema debe dejar una).
    search_boxes: int = 0
    #: Ancho del documento en un teléfono de 390 px (más: la página se desplaza de lado).
    phone_width: int = 0
    #: Lo que sobresale en el teléfono: etiqueta, clase y ancho de los culpables.
    phone_overflow: list[str] = field(default_factory=list)


class Browsing:
    """Abre páginas del sitio servido anotando errores y peticiones de cada una."""

    def __init__(self, browser: Any, base_url: str, missing: list[str]) -> None:
        self.base_url = base_url
        self.missing = missing
        self.context = browser.new_context(
            locale="es-ES", viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        self.context.set_default_timeout(LOAD_TIMEOUT_MS)

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path)

    def open(self, path: str, visit: Visit | None = None) -> tuple[Any, Visit]:
        """Abre ``path`` en una pestaña nueva y espera a que la red quede en calma."""
        visit = visit or Visit(path)
        page = self.context.new_page()
        page.on(
            "console",
            lambda message: (
                visit.console_errors.append(f"consola: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: visit.console_errors.append(f"excepción: {error}"))
        page.on("request", lambda request: visit.requests.append(request.url))
        already = len(self.missing)
        response = page.goto(self.url(path), wait_until="load")
        page.wait_for_load_state("networkidle")
        visit.console_errors.extend(f"servidor: {m}" for m in self.missing[already:])
        visit.status = response.status if response is not None else None
        return page, visit

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def browsing(browser: Any, site_url: str, missing_files: list[str]) -> Iterator[Browsing]:
    """Un contexto del navegador (una sesión de lector) contra el sitio servido."""
    session = Browsing(browser, site_url, missing_files)
    try:
        yield session
    finally:
        session.close()


_DARK_MODE = """() => {
    document.documentElement.dataset.mode = 'dark';
    document.documentElement.dataset.theme = 'dark';
}"""
_CONTRAST_ONLY = {
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 390, "height": 844}
_SEARCH_BOXES_JS = """() => Array.from(document.querySelectorAll(
    '.search-button-field, form.bd-search')).filter(e => e.offsetParent !== null).length"""
_OVERFLOW_JS = """() => {
    const limit = document.documentElement.clientWidth;
    const out = [];
    for (const e of document.querySelectorAll('.bd-article *')) {
        const r = e.getBoundingClientRect();
        if (r.right > limit + 1 && e.offsetParent !== null) {
            let scroller = false;
            for (let p = e.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p.clientWidth <= limit) {
                    scroller = true; break;
                }
            }
            const name = `${e.tagName.toLowerCase()}.${e.className}`;
            if (!scroller) out.push(`${name} (${Math.round(r.right)} px)`);
        }
    }
    return out.slice(0, 5);
}"""
_IMAGES_JS = """() => Array.from(document.querySelectorAll('.bd-article img')).map(img => ({
    src: img.getAttribute('src') || '',
    alt: img.getAttribute('alt'),
}))"""


@pytest.fixture(scope="session")
def site_visits(browsing: Browsing, built_book: Path, site_report: list[str]) -> dict[str, Visit]:
    """Cada página del libro abierta una vez: consola, peticiones, axe-core e imágenes."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    start = time.perf_counter()
    visits: dict[str, Visit] = {}
    for path in book_page_urls():
        if not (built_book / path).is_file():
            continue
        page, visit = browsing.open(path)
        # axe-core vuelve a pedir las hojas de estilo (y resuelve mal un @import del tema):
        # los errores de consola que cuentan son los de la carga, no los del análisis.
        load_errors = list(visit.console_errors)
        try:
            result = axe.run(page)
            visit.violations = list(result.response.get("violations", []))
            # El modo oscuro es otro juego de colores: se repite la regla de contraste.
            page.evaluate(_DARK_MODE)
            page.wait_for_timeout(600)  # el tema anima el cambio de colores
            dark = axe.run(page, options=_CONTRAST_ONLY)
            visit.violations += [
                {**violation, "id": f"{violation['id']} (modo oscuro)"}
                for violation in dark.response.get("violations", [])
            ]
            visit.images = page.evaluate(_IMAGES_JS)
            visit.search_boxes = page.evaluate(_SEARCH_BOXES_JS)
            page.set_viewport_size(PHONE)
            page.wait_for_timeout(300)
            visit.phone_width = page.evaluate("document.documentElement.scrollWidth")
            visit.phone_overflow = page.evaluate(_OVERFLOW_JS)
        finally:
            page.close()
        visit.console_errors = load_errors
        visits[path] = visit
    site_report.append(
        f"navegador: {len(visits)} páginas abiertas y revisadas con axe-core en "
        f"{time.perf_counter() - start:.1f} s"
    )
    return visits

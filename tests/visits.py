"""Lo que ve quien lee: el sitio construido servido en local y abierto en Chromium.

Lo usan las pruebas del sitio (``tests/site/conftest.py``): un servidor en
``127.0.0.1`` (puerto libre) bajo la misma ruta que tendrá en GitHub Pages
(``/dadsbook/``), un Chromium sin cabeza (el de Debian, manejado por Playwright; nunca
se descarga un navegador) y la **visita** de cada página: errores de consola,
peticiones, accesibilidad (axe-core; en modo oscuro se repite la regla de contraste),
imágenes, cajas de búsqueda y, a 390 px, lo que sobresale y las salidas que se cortan.

El contraste del código coloreado se comprueba con **muestras**: en cada página con
código, una copia del primer bloque coloreado de cada clase de sitio (celda, salida,
aviso…), con un trozo de cada clase de Pygments, junto al original (mismos antepasados,
mismos estilos). Los bloques reales quedan
fuera de axe-core: son miles de ``<span>`` con las mismas pocas clases (en
«Programación», dos de cada cinco nodos que revisa la regla), y la muestra revisa todas
las clases, también las que la página no usa, y las demás reglas sobre su ``pre``.

Las pruebas del sitio no esperan a abrir las páginas: en cuanto termina la
construcción del libro, dos procesos aparte (:func:`book.follow_up`) se reparten las
páginas y las visitan a la vez, cada uno con su servidor y su Chromium, mientras pytest
comprueba los fragmentos. Cada proceso es este módulo como programa::

    python tests/visits.py --html DIR --prefix /dadsbook/ --out visitas.json PÁGINA…

que sirve ``DIR``, visita las páginas y escribe las visitas en JSON
(:func:`read_visits` las vuelve a leer).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pygments.token import STANDARD_TYPES

CHROMIUM = Path(os.environ.get("DADSBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOAD_TIMEOUT_MS = 30_000
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Sirve ficheros sin escribir nada por petición; apunta las rutas que no existen."""

    missing: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        """Sin registro por petición: ensuciaría la salida de pytest."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.missing.append(f"HTTP {code}: {self.path}")
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serve(html: Path, prefix: str, missing: list[str]) -> Iterator[str]:
    """Sirve ``html`` en ``http://127.0.0.1:<puerto libre><prefix>`` mientras dura el bloque.

    El servidor vive en un hilo y se apaga siempre al salir; ``missing`` recibe cada
    petición que no pudo atender (``HTTP 404: /ruta``).
    """
    root = Path(tempfile.mkdtemp(prefix="dadsbook-sitio-"))
    mount = root / prefix.strip("/") if prefix.strip("/") else root
    try:
        if mount == root:
            root.rmdir()
            root = html
        else:
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(html, target_is_directory=True)
        handler = functools.partial(
            type("Handler", (_QuietHandler,), {"missing": missing}), directory=str(root)
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="sitio", daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    finally:
        if root != html:
            shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Un Chromium sin cabeza (Playwright síncrono) que se cierra al salir del bloque."""
    from playwright.sync_api import sync_playwright

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
    #: El origen desde el que se sirvió (``http://127.0.0.1:PUERTO/``): las peticiones
    #: a cualquier otro sitio salen del ordenador de quien lee.
    origin: str = ""
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
    #: Salidas de celda que no se ajustan a 390 px (``white-space``, anchos y comienzo).
    clipped_outputs: list[str] = field(default_factory=list)
    #: Muestras de código (todas las clases de Pygments) que revisó axe-core: una por
    #: clase de sitio donde hay bloques coloreados (0: la página no tiene código).
    token_specimens: int = 0


class Browsing:
    """Abre páginas del sitio servido anotando errores y peticiones de cada una."""

    def __init__(self, browser: Any, base_url: str, missing: list[str]) -> None:
        self.base_url = base_url
        self.missing = missing
        self.context = browser.new_context(
            locale="es-ES", viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        self.context.set_default_timeout(LOAD_TIMEOUT_MS)

    @property
    def origin(self) -> str:
        return "{0.scheme}://{0.netloc}/".format(urllib.parse.urlparse(self.base_url))

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path)

    def open(self, path: str, visit: Visit | None = None) -> tuple[Any, Visit]:
        """Abre ``path`` en una pestaña nueva y espera a que la red quede en calma."""
        visit = visit or Visit(path, origin=self.origin)
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


# El tema anima el cambio de colores y la retirada de los paneles laterales en un
# teléfono: se espera a que acaben esas transiciones (que getAnimations crea al
# recalcular el estilo), no un plazo fijo, porque con la máquina cargada el navegador
# puede tardar más de 0,6 s en terminar una de 0,3 s.
_TRANSITIONS_DONE = """
    const finite = document.getAnimations().filter(
        a => a.effect && isFinite(a.effect.getComputedTiming().endTime));
    await Promise.all(finite.map(a => a.finished.catch(() => null)));"""
TRANSITIONS_DONE_JS = f"async () => {{{_TRANSITIONS_DONE}\n}}"
DARK_MODE_JS = f"""async () => {{
    document.documentElement.dataset.mode = 'dark';
    document.documentElement.dataset.theme = 'dark';{_TRANSITIONS_DONE}
}}"""
_CONTRAST_ONLY = {
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
    "resultTypes": ["violations"],
}
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
#: Las salidas de celda (``<pre>``) visibles que no se ajustan al ancho: o no parten
#: líneas (``white-space: pre``) o sobresalen de su caja.
CLIPPED_OUTPUTS_JS = """() => {
    const wrapping = new Set(['pre-wrap', 'pre-line', 'break-spaces', 'normal']);
    const out = [];
    for (const pre of document.querySelectorAll(
            '.bd-article div.cell_output pre, .bd-article pre.dadsbook-output')) {
        if (pre.offsetParent === null) continue;  // en una pestaña sin abrir
        const style = getComputedStyle(pre);
        const clipped = pre.scrollWidth > pre.clientWidth + 1;
        if (!wrapping.has(style.whiteSpace) || clipped) {
            out.push(`${style.whiteSpace}, ${pre.scrollWidth} px en ${pre.clientWidth} px: ` +
                     pre.textContent.trim().slice(0, 60));
        }
    }
    return out;
}"""


def clipped_outputs(page: Any) -> list[str]:
    """Las salidas de ``page`` que se cortan en un teléfono de 390 px."""
    page.set_viewport_size(PHONE)
    page.evaluate(TRANSITIONS_DONE_JS)  # los paneles laterales se retiran con una transición
    return list(page.evaluate(CLIPPED_OUTPUTS_JS))


#: Cada clase que Pygments pone a un trozo de código (``k``, ``s2``, ``c1``…).
TOKEN_CLASSES = sorted({name for name in STANDARD_TYPES.values() if name})
SPECIMEN_CLASS = "dadsbook-muestra"
#: Añade una muestra junto al primer bloque coloreado de cada clase de sitio (celda de
#: código, salida, aviso, pestaña, prosa…: el fondo puede cambiar); devuelve cuántas.
_ADD_SPECIMEN_JS = f"""classes => {{
    const seen = new Set();
    for (const pre of document.querySelectorAll('.bd-article div.highlight pre')) {{
        const block = pre.closest('div.highlight');
        const place = block.parentElement.closest(
            '.cell_input, .cell_output, .admonition, .sd-tab-content, .sd-card, table, blockquote');
        const key = block.parentElement.className + ' | ' + (place ? place.className : '');
        if (seen.has(key)) continue;
        seen.add(key);
        const copy = block.cloneNode(false);
        copy.classList.add('{SPECIMEN_CLASS}');
        const sample = pre.cloneNode(false);
        for (const name of classes) {{
            const token = document.createElement('span');
            token.className = name;
            token.textContent = 'ejemplo ' + name;  // con un solo carácter, axe-core no decide
            sample.append(token, '\\n');  // una por línea: las que se salen del bloque no cuentan
        }}
        copy.appendChild(sample);
        block.after(copy);
    }}
    return seen.size;
}}"""
_REMOVE_SPECIMEN_JS = f"""() => document.querySelectorAll('.{SPECIMEN_CLASS}')
    .forEach(e => e.remove())"""
#: Lo que revisa axe-core: todo menos los bloques coloreados reales; la muestra, que es
#: una copia de uno (con los atributos de su ``div`` y su ``pre``), sí.
AXE_CONTEXT = {"exclude": [[f"div.highlight:not(.{SPECIMEN_CLASS})"]]}


def visit_page(browsing: Browsing, axe: Any, path: str) -> Visit:
    """Abre ``path`` y anota todo lo que comprueban las pruebas del sitio."""
    page, visit = browsing.open(path)
    # axe-core vuelve a pedir las hojas de estilo (y resuelve mal un @import del tema):
    # los errores de consola que cuentan son los de la carga, no los del análisis.
    load_errors = list(visit.console_errors)
    try:
        visit.token_specimens = page.evaluate(_ADD_SPECIMEN_JS, TOKEN_CLASSES)
        result = axe.run(page, context=AXE_CONTEXT)
        visit.violations = list(result.response.get("violations", []))
        # El modo oscuro es otro juego de colores: se repite la regla de contraste.
        page.evaluate(DARK_MODE_JS)  # vuelve cuando el tema ha terminado de animar los colores
        dark = axe.run(page, context=AXE_CONTEXT, options=_CONTRAST_ONLY)
        visit.violations += [
            {**violation, "id": f"{violation['id']} (modo oscuro)"}
            for violation in dark.response.get("violations", [])
        ]
        page.evaluate(_REMOVE_SPECIMEN_JS)
        visit.images = page.evaluate(_IMAGES_JS)
        visit.search_boxes = page.evaluate(_SEARCH_BOXES_JS)
        visit.clipped_outputs = clipped_outputs(page)
        page.wait_for_timeout(100)
        visit.phone_width = page.evaluate("document.documentElement.scrollWidth")
        visit.phone_overflow = page.evaluate(_OVERFLOW_JS)
    finally:
        page.close()
    visit.console_errors = load_errors
    return visit


def visit_pages(browsing: Browsing, paths: Sequence[str]) -> dict[str, Visit]:
    """Cada página de ``paths``, visitada una vez."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    return {path: visit_page(browsing, axe, path) for path in paths}


def site_prefix(html: Path) -> str:
    """Ruta bajo la que se publica el libro (``/dadsbook/``), sacada de ``sections.json``."""
    info = json.loads((html / "sections.json").read_text(encoding="utf-8"))
    path = urllib.parse.urlparse(info.get("base_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def read_visits(path: Path) -> dict[str, Visit]:
    """Las visitas que escribió :func:`main` en ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {page: Visit(**fields) for page, fields in data.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Visita páginas del sitio construido.")
    parser.add_argument("--html", type=Path, required=True, help="carpeta del HTML construido")
    parser.add_argument(
        "--prefix", help="ruta bajo la que se publica (/dadsbook/); sin ella, la de sections.json"
    )
    parser.add_argument("--out", type=Path, required=True, help="JSON con las visitas")
    parser.add_argument("paths", nargs="*", help="páginas (hardware/cpu.html)")
    args = parser.parse_args(argv)
    prefix = args.prefix or site_prefix(args.html)
    paths = [path for path in args.paths if (args.html / path).is_file()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    missing: list[str] = []
    with serve(args.html, prefix, missing) as base_url, chromium() as browser:
        browsing = Browsing(browser, base_url, missing)
        try:
            visits = visit_pages(browsing, paths)
        finally:
            browsing.close()
    data = {path: asdict(visit) for path, visit in visits.items()}
    temporary = args.out.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

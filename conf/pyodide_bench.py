"""Mide los simuladores del navegador: el primer resultado con la caché fría y el segundo.

Uso: ``python conf/pyodide_bench.py [--site _build/html] [--simulador mesi]``. Sirve el
sitio construido en ``127.0.0.1``, abre la página con Chromium (el de Debian, sin
descargas) en un perfil nuevo (caché del navegador vacía) y pulsa «Resolver» dos veces:

- **primer resultado**: desde el clic hasta la salida, con la descarga de Pyodide
  (desde el propio servidor), su arranque y el de las fuentes de ``dadsbook``;
- **segunda ejecución**: desde el clic hasta la salida con el worker ya cargado.

Los tiempos se miden dentro de la página (``performance.now()``), sin el sondeo de
Playwright. Objetivo de la incidencia: ≤ 5 s y ≤ 200 ms en la máquina del proyecto.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dadsbook import fmt  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

#: Pulsa «Resolver» y resuelve con los milisegundos hasta que el widget tiene resultado.
_CLICK = """name => new Promise(resolve => {
    const widget = document.querySelector('#simulador-' + name);
    const observer = new MutationObserver(() => {
        if (widget.dataset.estado !== undefined) {
            observer.disconnect();
            resolve({ms: performance.now() - start, estado: widget.dataset.estado});
        }
    });
    observer.observe(widget, {attributes: true, attributeFilter: ['data-estado']});
    const start = performance.now();
    widget.querySelector('button[data-accion="resolver"]').click();
})"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Sin registro por petición."""


def measure(site: Path, page_path: str, name: str) -> tuple[float, float]:
    """Milisegundos hasta el primer resultado (caché fría) y hasta el segundo."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="banco-pyodide", daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{page_path}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            try:
                page = browser.new_context(service_workers="block").new_page()
                page.goto(url, wait_until="load")
                page.locator(f"#simulador-{name} input[name='semilla']").fill("1")
                first = page.evaluate(_CLICK, name)
                second = page.evaluate(_CLICK, name)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    for run in (first, second):
        if run["estado"] != "0":
            raise SystemExit(
                f"pyodide_bench: el simulador {name} terminó con estado {run['estado']}"
            )
    return float(first["ms"]), float(second["ms"])


def main() -> None:
    """Imprime los dos tiempos en español."""
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(description="Mide los simuladores del libro en el navegador.")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", metavar="CARPETA")
    parser.add_argument("--page", default="ejecuta-el-libro.html", metavar="PÁGINA")
    parser.add_argument("--simulador", default="mesi", metavar="NOMBRE")
    args = parser.parse_args()
    if not (args.site / "_static" / "pyodide" / "pyodide.asm.wasm").is_file():
        parser.error(f"{args.site} no tiene Pyodide: construye el libro con la extensión antes")
    first, second = measure(args.site, args.page, args.simulador)
    print(f"primer resultado (caché fría): {fmt.seconds(first / 1000)}")
    print(f"segunda ejecución: {fmt.seconds(second / 1000)}")


if __name__ == "__main__":
    main()

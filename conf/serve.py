"""Sirve el libro construido como lo sirve GitHub Pages (``make serve``).

El libro se construye para una dirección pública (``DADSBOOK_BASE_URL``, por defecto
``https://dadsbook.github.io/dadsbook/``) y algunas páginas dependen de su ruta: la 404,
con rutas absolutas, solo funciona bajo ``/dadsbook/``. Este servidor monta el libro
bajo esa misma ruta (la lee de ``sections.json``), lleva ``/`` a ella y responde a lo que
no existe con la página 404 del libro y el código 404, como GitHub Pages.

Uso: ``python conf/serve.py [--port 8000] [--directory _build/html]``. Con ``--port 0``
elige un puerto libre. Escucha solo en ``127.0.0.1`` y dice la dirección al arrancar.
"""

from __future__ import annotations

import functools
import http.server
import json
import posixpath
import sys
import urllib.parse
from http import HTTPStatus
from pathlib import Path
from typing import Any

DEFAULT_BASE_URL = "https://dadsbook.github.io/dadsbook/"


def site_prefix(directory: Path) -> str:
    """Ruta bajo la que se publica el libro construido en ``directory`` (``/dadsbook/``)."""
    sections = directory / "sections.json"
    base = DEFAULT_BASE_URL
    if sections.is_file():
        base = json.loads(sections.read_text(encoding="utf-8")).get("base_url") or base
    path = urllib.parse.urlparse(base).path or "/"
    return path if path.endswith("/") else path + "/"


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Ficheros del libro bajo ``prefix``; lo demás, la 404 del libro."""

    prefix = "/"
    quiet = False

    def do_GET(self) -> None:
        if self._redirect_to_prefix():
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if self._redirect_to_prefix():
            return
        super().do_HEAD()

    def _redirect_to_prefix(self) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        if self.prefix != "/" and path in {"/", "/index.html", self.prefix.rstrip("/")}:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def translate_path(self, path: str) -> str:
        clean = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__fuera_del_libro__")
        relative = posixpath.normpath(clean[len(self.prefix) :]).lstrip("/")
        if relative.startswith(".."):
            return str(Path(self.directory) / "__fuera_del_libro__")
        target = Path(self.directory) / (relative if relative != "." else "")
        if clean.endswith("/") and not str(target).endswith("/"):
            return str(target) + "/"
        return str(target)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def make_server(directory: Path, port: int, *, quiet: bool = False) -> http.server.HTTPServer:
    """Un servidor (sin arrancar) del libro de ``directory`` en ``127.0.0.1:port``."""
    handler = type("Handler", (BookHandler,), {"prefix": site_prefix(directory), "quiet": quiet})
    factory = functools.partial(handler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), factory)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(
        description="Sirve el libro construido bajo su ruta pública, como GitHub Pages."
    )
    parser.add_argument("--port", type=int, default=8000, help="puerto (0: uno libre)")
    parser.add_argument(
        "--directory", type=Path, default=Path("_build/html"), help="carpeta del libro"
    )
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(
            f"No hay libro en {args.directory}: constrúyelo antes con «make html».",
            file=sys.stderr,
        )
        return 2
    server = make_server(args.directory, args.port)
    port = server.server_address[1]
    print(
        f"Libro en http://127.0.0.1:{port}{site_prefix(args.directory)} (Ctrl-C para parar)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

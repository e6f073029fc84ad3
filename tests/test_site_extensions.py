"""Las piezas del sitio que no necesitan construir el libro.

La barra A–Z del glosario (``conf/_ext/dadsbook_glossary.py``), la incidencia con la
página ya escrita (``dadsbook_chrome.py``), las figuras SVG que acepta un EPUB
(``dadsbook_books.py``) y el servidor de ``make serve`` (``conf/serve.py``), que monta el
libro bajo su ruta pública y responde con la página 404 del libro.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path, name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "conf" / "_ext"))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "conf" / "_ext"))


GLOSSARY = load(ROOT / "conf" / "_ext" / "dadsbook_glossary.py", "dadsbook_glossary_ext")
CHROME = load(ROOT / "conf" / "_ext" / "dadsbook_chrome.py", "dadsbook_chrome_ext")
BOOKS = load(ROOT / "conf" / "_ext" / "dadsbook_books.py", "dadsbook_books_ext")
SERVE = load(ROOT / "conf" / "serve.py", "dadsbook_serve")


# --- Glosario -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "letter"),
    [("aceleración", "A"), ("índice", "I"), ("Ñandú", "N"), ("ñ", "N"), ("GIL", "G"),
     ("  espacios", "E"), ("3 capas", "#"), ("«cita»", "#"), ("", "#")],
)  # fmt: skip
def test_initial_ignores_accents_like_the_sorted_glossary(term: str, letter: str) -> None:
    assert GLOSSARY.initial(term) == letter


def test_bar_links_present_letters_and_dims_the_rest() -> None:
    bar = GLOSSARY.bar_html({"A": "glosario-a", "C": "glosario-c"})
    assert bar.startswith('<nav class="dadsbook-az" aria-label=')
    assert '<a href="#glosario-a">A</a>' in bar and '<a href="#glosario-c">C</a>' in bar
    assert '<span class="dadsbook-az-empty" title="Ningún término con B">B</span>' in bar
    assert bar.count("<a ") == 2 and bar.count("dadsbook-az-empty") == 24  # 26 − 2
    assert "#</" not in bar, "sin términos de símbolo no se muestra el grupo «#»"
    assert '<a href="#glosario-otros">#</a>' in GLOSSARY.bar_html({"#": "glosario-otros"})


# --- Abrir una incidencia -------------------------------------------------------------


def test_issue_url_on_github_carries_page_address_and_commit() -> None:
    url = CHROME.issue_url(
        "https://github.com/yo/libro", "https://yo.github.io/libro/hardware/cpu.html",
        "hardware/cpu", "abc123def456",
    )  # fmt: skip
    parts = urllib.parse.urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/yo/libro/issues/new"
    )
    query = urllib.parse.parse_qs(parts.query)
    assert query["title"] == ["Página hardware/cpu: "]
    assert "https://yo.github.io/libro/hardware/cpu.html" in query["body"][0]
    assert "abc123def456" in query["body"][0]


def test_issue_url_on_gitlab_uses_its_form() -> None:
    url = CHROME.issue_url("https://gitlab.com/yo/libro", "https://x/cpu.html", "cpu", "c0")
    parts = urllib.parse.urlsplit(url)
    assert parts.path == "/yo/libro/-/issues/new"
    query = urllib.parse.parse_qs(parts.query)
    assert query["issue[title]"] == ["Página cpu: "]
    assert "https://x/cpu.html" in query["issue[description]"][0]


# --- Figuras del EPUB -----------------------------------------------------------------


def test_svg_loses_its_external_doctype_and_nothing_else(tmp_path: Path) -> None:
    svg = tmp_path / "figura.svg"
    body = '<svg xmlns="http://www.w3.org/2000/svg"><text>µs ≥ 2×</text></svg>\n'
    svg.write_text(
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + body,
        encoding="utf-8",
    )
    BOOKS.standalone_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert "DOCTYPE" not in text and text.endswith(body)
    BOOKS.standalone_svg(svg)
    assert svg.read_text(encoding="utf-8") == text


def test_inline_svg_gets_its_namespace_once() -> None:
    html = '<span><svg version="1.1" class="sd-octicon"></svg><svg xmlns="x"></svg></span>'
    fixed = BOOKS.INLINE_SVG.sub(f'<svg xmlns="{BOOKS.SVG_NS}"', html)
    assert fixed.count("xmlns=") == 2
    assert f'<svg xmlns="{BOOKS.SVG_NS}" version="1.1"' in fixed


# --- make serve -----------------------------------------------------------------------


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """Un «libro» mínimo construido para ``https://yo.github.io/libro/``."""
    (tmp_path / "index.html").write_text("<h1>Portada</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Página no encontrada</h1>", encoding="utf-8")
    (tmp_path / "hardware").mkdir()
    (tmp_path / "hardware" / "cpu.html").write_text("<h1>CPU</h1>", encoding="utf-8")
    (tmp_path / "sections.json").write_text(
        json.dumps({"base_url": "https://yo.github.io/libro/"}), encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def served(book_dir: Path) -> Iterator[str]:
    """El servidor de ``make serve`` en un puerto libre; se apaga al terminar la prueba.

    ``shutdown`` espera a que ``serve_forever`` vuelva a mirar si debe parar: cada
    ``poll_interval`` (medio segundo por omisión, que pagaría cada prueba al desmontarse).
    """
    server = SERVE.make_server(book_dir, 0, quiet=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="make-serve", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str) -> tuple[int, str, str]:
    """(código, cuerpo, Location) sin seguir redirecciones."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), error.headers.get("Location", "")


def test_site_prefix_comes_from_the_build(book_dir: Path, tmp_path: Path) -> None:
    assert SERVE.site_prefix(book_dir) == "/libro/"
    empty = tmp_path / "vacio"
    empty.mkdir()
    assert SERVE.site_prefix(empty) == "/dadsbook/"


def test_serve_mounts_the_book_under_its_public_path(served: str) -> None:
    assert fetch(served + "/")[0::2] == (302, "/libro/")
    assert fetch(served + "/libro")[0::2] == (302, "/libro/")
    assert fetch(served + "/libro/")[:2] == (200, "<h1>Portada</h1>")
    assert fetch(served + "/libro/hardware/cpu.html")[:2] == (200, "<h1>CPU</h1>")


@pytest.mark.parametrize(
    "path", ["/libro/no-existe.html", "/libro/hardware/no.html", "/otra/index.html",
             "/libro/../sections.json", "/libro/%2e%2e/sections.json"],
)  # fmt: skip
def test_serve_answers_what_is_missing_with_the_book_404(served: str, path: str) -> None:
    status, body, _ = fetch(served + path)
    assert (status, body) == (404, "<h1>Página no encontrada</h1>")

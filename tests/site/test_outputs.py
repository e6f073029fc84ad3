"""Lo que el lector ve de las celdas se lee como un libro, no como un volcado de Python.

Se revisa el HTML del libro de las pruebas (``built_book``): el texto de cada salida de
celda (``div.cell_output``, también las tablas que pinta) y de cada valor pegado
(``span.pasted-text``). Ninguno puede mostrar un *repr* de Python (tuplas, listas,
diccionarios, ``np.float64(…)``, ``True``/``False``/``None`` sueltos), un decimal con
seis cifras o más, notación científica (``7.81e-05``), un decimal con punto delante de
una unidad (``0.0 KiB``) ni un entero de más de cuatro cifras sin separar (``1000000``).
Los valores pasan por ``dadsbook.fmt`` y las tablas por ``dadsbook.tables.Table``.

Quedan fuera, porque no son cantidades: lo que va en ``<code>`` (código y órdenes), los
números pegados a una letra, una barra, dos puntos o un guion (rutas, puertos tras
``host:``, sumas de control, semillas ``-s 12345``), los que siguen a «puerto» o
«PID» y las columnas de una tabla tituladas con un fichero del núcleo (``cpu.max``), que
enseñan su contenido literal (``max 100000``). Los años tienen cuatro cifras y no
llegan a la regla de los enteros.

Y ninguna línea de salida se corta por la derecha: en un teléfono (390 px), cada
``pre`` de las salidas parte sus líneas (``white-space: pre-wrap``) y no es más ancho que
su caja. Las dos comprobaciones se prueban primero con un caso malo hecho a mano.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from snippets import book_pages
from visits import clipped_outputs

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

_LITERAL = r"""(?:-?\d+(?:\.\d+)?|'[^'\n]*'|"[^"\n]*"|True|False|None)"""


@dataclass(frozen=True)
class Rule:
    """Un patrón que delata un valor sin formatear, con lo que hay que hacer."""

    name: str
    pattern: re.Pattern[str]
    fix: str


RULES = (
    Rule(
        "tupla o lista de Python",
        re.compile(rf"[(\[]\s*{_LITERAL}(?:\s*,\s*{_LITERAL})+\s*,?\s*[)\]]"),
        "una frase o una tabla (dadsbook.tables.Table)",
    ),
    Rule(
        "diccionario de Python",
        re.compile(r"\{\s*(?:'[^'\n]*'|\"[^\"\n]*\"|-?\d+)\s*:\s*"),
        "una tabla o una frase",
    ),
    Rule(
        "repr de NumPy",
        re.compile(r"\bnp\.\w+\(|\barray\(|\bdtype="),
        "float()/int() y dadsbook.fmt",
    ),
    Rule(
        "True, False o None sueltos",
        re.compile(r"(?<![\w.'\"])(?:True|False|None)(?![\w'\"])"),
        "«sí», «no» o una frase",
    ),
    Rule(
        "decimal con seis cifras o más",
        re.compile(r"(?<![\w.,:/-])\d+[.,]\d{6,}(?![\w])"),
        "dadsbook.fmt con cifras significativas",
    ),
    Rule(
        "notación científica",
        re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?[eE][-+]\d+(?![\w])"),
        "dadsbook.fmt con la unidad que toque (µs, ns…)",
    ),
    Rule(
        "decimal con punto delante de una unidad",
        re.compile(
            r"(?<![\w.])\d+\.\d+\s?(?:KiB|MiB|GiB|KB|MB|GB|ms|µs|ns|s|MB/s|GB/s|%|×)(?![\w])"
        ),
        "dadsbook.fmt (coma decimal)",
    ),
    Rule(
        "entero de más de cuatro cifras sin separar",
        re.compile(r"(?<![\w.,:/#=\\-])(?<!puerto )(?<!PID )(?<!pid )\d{5,}(?![\w/.,]\d|[\w/])"),
        "dadsbook.fmt (separa los miles)",
    ),
)


def problems(text: str) -> list[str]:
    """Cada valor sin formatear de ``text``: «regla: «trozo» (qué hacer)»."""
    found = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            found.append(f"{rule.name}: «{match.group(0)}» ({rule.fix})")
    return found


#: Cabecera que es el nombre de un fichero de interfaz del núcleo (``cpu.max``, ``memory.max``).
KERNEL_FILE = re.compile(r"^[a-z_]+\.[a-z_]+$")
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr"}
_INLINE = {"span", "em", "strong", "b", "i", "a", "code", "sub", "sup", "abbr", "small"}


class _ReaderText(HTMLParser):
    """Texto de las salidas de celda y de los valores pegados, sin lo que va en ``<code>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (etiqueta, lector, código)
        self._current: list[str] = []
        self._headers: list[str] = []  # cabeceras de la tabla en curso
        self._header: list[str] | None = None  # texto del <th> en curso
        self._column = 0

    def _inside(self) -> tuple[bool, bool]:
        reader = any(r for _, r, _ in self._stack)
        code = any(c for _, _, c in self._stack)
        return reader, code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._separate(tag)
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        was_reader, _ = self._inside()
        reader = "cell_output" in classes or "pasted-text" in classes
        if reader and not was_reader:
            self._current = []
        code = tag == "code"
        if tag == "table":
            self._headers = []
        elif tag == "tr":
            self._column = 0
        elif tag == "th":
            self._header = []
        elif tag == "td":
            self._column += 1
            headers = self._headers
            # Una columna titulada con un fichero del núcleo («cpu.max») enseña su
            # contenido literal («max 100000»): es código, como lo que va en <code>.
            code = len(headers) >= self._column and bool(
                KERNEL_FILE.match(headers[self._column - 1])
            )
        self._stack.append((tag, reader, code))

    def _separate(self, tag: str) -> None:
        """Cada celda de tabla, fila o bloque es otro trozo de texto (no «12» + «34»)."""
        if tag not in _INLINE and self._inside()[0]:
            self._current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._header is not None:
            self._headers.append("".join(self._header).strip())
            self._header = None
        self._separate(tag)
        if all(name != tag for name, _, _ in self._stack):
            return  # una etiqueta vacía (<br/>) o mal cerrada
        while self._stack:
            name, reader, _ = self._stack.pop()
            if reader and not self._inside()[0]:
                self.pieces.append("".join(self._current))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._header is not None:
            self._header.append(data)
        reader, code = self._inside()
        if reader and not code:
            self._current.append(data)


def reader_texts(page_html: str) -> list[str]:
    """Los textos que el lector ve como resultados: salidas de celda y valores pegados."""
    parser = _ReaderText()
    parser.feed(page_html)
    parser.close()
    return [html.unescape(piece) for piece in parser.pieces if piece.strip()]


def page_problems(page_html: str) -> list[str]:
    return [problem for text in reader_texts(page_html) for problem in problems(text)]


# --- El detector falla con un caso malo hecho a mano ------------------------------------

BAD_PAGE = """<html><body><div class="bd-article">
<div class="cell_output docutils container"><div class="output text_plain"><pre>
(0.5, 1.25)
{'hilos': 3, 'procesos': 4}
np.float64(0.1234567890123)
True
7.81e-05
0.0 KiB … (506 veces más)
1000000 operaciones
[1, 2, 3]
</pre></div></div>
<div class="cell_output docutils container"><table><thead><tr><th>pod</th><th>cpu.max</th>
<th>periodo (µs)</th></tr></thead><tbody><tr><td>web</td><td>max 100000</td><td>100000</td>
</tr></tbody></table></div>
<p>Tardó <span class="pasted-text">107334</span> ms y <span class="pasted-text">None</span>.</p>
</div></body></html>"""

GOOD_PAGE = """<html><body><div class="bd-article">
<div class="cell_output docutils container"><div class="output stream"><pre>
XOR de NumPy: mediana 19,7 ms (RIC 19,5 ms–20,3 ms, mín 18,7 ms; 7 repeticiones)
1\u202f000\u202f000 operaciones en 2026, servidor en 127.0.0.1:54321, PID 123456
$ <code>dadsbook sim raid -s 12345 -c</code>
</pre></div></div>
<div class="cell_output docutils container"><table><thead><tr><th>pod</th><th>cpu.max</th>
</tr></thead><tbody><tr><td>api</td><td>50000 100000</td></tr></tbody></table></div>
<p>Hubo <span class="pasted-text">200\u202f000</span> KiB/s y <span class="pasted-text">3,4</span>
GB/s (la ruta <code>/proc/98765/stat</code>, no un valor).</p>
</div></body></html>"""


def test_detector_finds_every_kind_of_raw_value() -> None:
    found = page_problems(BAD_PAGE)
    kinds = {problem.split(":")[0] for problem in found}
    assert kinds == {rule.name for rule in RULES}, "\n".join(found)
    assert any("107334" in problem for problem in found), "los valores pegados también cuentan"
    # «max 100000» es el contenido de cpu.max; el 100000 de la columna de al lado, no.
    assert sum("«100000»" in problem for problem in found) == 1, "\n".join(found)


def test_detector_leaves_formatted_values_years_ports_pids_and_code_alone() -> None:
    assert page_problems(GOOD_PAGE) == []


@pytest.mark.parametrize("page", book_pages(DOCS), ids=lambda p: str(p.relative_to(DOCS)))
def test_outputs_read_like_a_book(built_book: Path, page: Path) -> None:
    """Ninguna salida ni valor pegado del libro muestra un valor de Python sin formatear."""
    built = built_book / page.relative_to(DOCS).with_suffix(".html")
    found = page_problems(built.read_text(encoding="utf-8"))
    assert not found, f"{page.relative_to(DOCS)}:\n" + "\n".join(found)


# --- Ninguna línea de salida se corta (en el navegador, a 390 px) ----------------------

CLIPPED_PAGE = """<!doctype html><html><head><style>
pre { white-space: pre; overflow-x: auto; }
</style></head><body><div class="bd-article"><div class="cell_output">
<pre>{line}</pre></div></div></body></html>"""


def test_clipping_detector_sees_a_line_that_does_not_wrap(browser: Any) -> None:
    page = browser.new_page()
    try:
        page.set_content(CLIPPED_PAGE.replace("{line}", "una línea de salida muy larga " * 20))
        assert clipped_outputs(page), "una salida con white-space: pre debería delatarse"
    finally:
        page.close()


def test_no_output_line_is_clipped_on_a_phone(
    site_visits: dict[str, Any], built_book: Path
) -> None:
    """Ninguna salida de celda se corta a 390 px (lo mide la visita de cada página)."""
    clipped: dict[str, list[str]] = {}
    for source in book_pages(DOCS):
        path = str(source.relative_to(DOCS).with_suffix(".html"))
        if "cell_output" not in (built_book / path).read_text(encoding="utf-8"):
            continue
        assert path in site_visits, f"{path} no se visitó en el navegador"
        if site_visits[path].clipped_outputs:
            clipped[path] = site_visits[path].clipped_outputs
    assert not clipped, "\n".join(f"{path}: {lines}" for path, lines in clipped.items())

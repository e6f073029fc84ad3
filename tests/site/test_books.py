"""El libro entero en EPUB y en PDF, como lo construyen ``make epub`` y ``make pdf``.

Se construyen a partir del libro de las pruebas (``built_book``): con su entorno de
Sphinx (una copia de sus *doctrees*) y su caché de ejecución, igual que ``make epub`` y
``make pdf`` reutilizan los de ``make html``. Se comprueba que no se re-ejecuta ninguna
página, que el EPUB pasa epubcheck (el de Debian) y lleva cada página con los mismos
números pegados que el HTML, y que el PDF (XeLaTeX) tiene cada capítulo, los mismos
números y ningún carácter que falte en su letra.

Para no gastar el presupuesto de ``make test``, LaTeX se ejecuta una sola vez (sin las
pasadas que solo rellenan el índice y las referencias, que sí hace ``make pdf``).
"""

from __future__ import annotations

import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import book
import pytest
from snippets import book_pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BASENAME = "dadsbook"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
PASTED_HTML = re.compile(r'<span class="pasted-text">(?P<text>[^<]*)</span>')
PASTED_TEX = re.compile(r"\\DUrole\{pasted-text\}\{(?P<text>(?:[^{}]|\{[^{}]*\})*)\}")
TEX_ESCAPES = {
    r"\sphinxhyphen{}": "-",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbackslash{}": "\\",
    r"\%": "%",
    r"\&": "&",
    r"\#": "#",
    r"\_": "_",
    r"\{": "{",
    r"\}": "}",
    r"\$": "$",
}


@dataclass
class Books:
    """Lo que dejaron las construcciones del EPUB y del PDF."""

    epub: Path
    tex: Path
    pdf: Path
    latex_log: str
    epubcheck: str
    sphinx_output: dict[str, str] = field(default_factory=dict)


def run(command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command[:4])}…:\n{output[-6000:]}"
    return output


def sphinx_command(builder: str, built: Path, out: Path) -> tuple[list[str], dict[str, str]]:
    """``sphinx-build -b builder`` con el entorno y la caché del libro de las pruebas.

    Usa una copia de sus *doctrees* (``doctrees-BUILDER``; el de ``make html`` queda
    intacto): la orden es una cadena de shell que la copia primero, porque se prepara
    antes de que exista (arranca nada más terminar la construcción del HTML).
    """
    doctrees = out / f"doctrees-{builder}"
    env = dict(
        os.environ,
        DADSBOOK_PROFILE="quick",
        DADSBOOK_CACHE_DIR=str(built / "cache"),
        DADSBOOK_EXECUTION_MODE="cache",
    )
    env.pop("MPLBACKEND", None)
    copy = ["cp", "-a", str(built / "doctrees"), str(doctrees)]
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-n",
        *book.OPTIONS, "-b", builder, "-d", str(doctrees), str(DOCS), str(out / builder),
    ]  # fmt: skip
    return ["bash", "-c", f"mkdir -p {shlex.quote(str(out))} && {shlex.join(copy)} && "
            f"{shlex.join(command)}"], env  # fmt: skip


#: Separa, en la salida de una cadena, lo que escribió Sphinx de lo que vino después.
THEN = "=== dadsbook: siguiente paso ==="


def chain(first: list[str], then: list[str], *, cwd: Path | None = None) -> list[str]:
    """Una orden de shell: ``first`` y, si va bien, ``then`` (en ``cwd``), con su separador."""
    step = shlex.join(then) if cwd is None else f"cd {shlex.quote(str(cwd))} && {shlex.join(then)}"
    return ["bash", "-c", f"{shlex.join(first)} && echo {shlex.quote(THEN)} && {step}"]


def tools_missing() -> str | None:
    """Qué herramienta de Debian falta para construir el EPUB y el PDF, si falta alguna."""
    for tool in ("java", "xelatex", "rsvg-convert", "pdftotext"):
        if shutil.which(tool) is None:
            return f"Falta {tool}: instala los paquetes de Debian que pone .ci/run"
    if not EPUBCHECK.is_file():
        return "Falta epubcheck: apt-get install epubcheck"
    return None


@book.follow_up("epub", __file__)
def epub_step(out: Path) -> book.Step:
    """EPUB y epubcheck, en segundo plano nada más construirse el HTML."""
    command, env = sphinx_command("epub", out, out / "libro-entero")
    check = [
        "java",
        "-jar",
        str(EPUBCHECK),
        str(out / "libro-entero" / "epub" / f"{BASENAME}.epub"),
    ]
    return book.Step(chain(command, check), env=env)


@book.follow_up("pdf", __file__)
def pdf_step(out: Path) -> book.Step:
    """LaTeX y XeLaTeX (una pasada), en segundo plano nada más construirse el HTML."""
    command, env = sphinx_command("latex", out, out / "libro-entero")
    xelatex = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{BASENAME}.tex"]
    return book.Step(chain(command, xelatex, cwd=out / "libro-entero" / "latex"), env=env)


def finished(name: str, built: book.BookBuild) -> tuple[str, str, float]:
    """Espera la cadena ``name``: (salida de Sphinx, salida del paso siguiente, segundos)."""
    result = book.job(name, built).wait()
    assert result.returncode == 0, f"{name}:\n{result.output[-6000:]}"
    sphinx_output, _, rest = result.stdout.partition(THEN)
    return sphinx_output + result.stderr, rest, result.seconds


@pytest.fixture(scope="session")
def books(built_book: Path, site_report: list[str], unavailable: Any) -> Books:
    """EPUB y PDF del libro de las pruebas, con su entorno y su caché (sin re-ejecutar).

    Las dos cadenas (EPUB y epubcheck; LaTeX y XeLaTeX) arrancan en segundo plano en
    cuanto termina la construcción del HTML (:func:`book.follow_up`), mientras pytest
    comprueba los fragmentos y el sitio.
    """
    missing = tools_missing()
    if missing is not None:
        unavailable(missing)
    built = book.build_of(built_book)
    epub_output, epubcheck, epub_seconds = finished("epub", built)
    latex_output, _, pdf_seconds = finished("pdf", built)
    out = built.out / "libro-entero"
    latex = out / "latex"
    pdf = latex / f"{BASENAME}.pdf"
    site_report.append(
        f"libro entero en EPUB y PDF, en segundo plano: EPUB y epubcheck {epub_seconds:.0f} s, "
        f"LaTeX y XeLaTeX {pdf_seconds:.0f} s; PDF de {pdf.stat().st_size / 2**20:.1f} MiB"
    )
    return Books(
        epub=out / "epub" / f"{BASENAME}.epub",
        tex=latex / f"{BASENAME}.tex",
        pdf=pdf,
        latex_log=(latex / f"{BASENAME}.log").read_text(encoding="utf-8", errors="replace"),
        epubcheck=epubcheck,
        sphinx_output={"epub": epub_output, "latex": latex_output},
    )


def pasted_in_html(text: str) -> list[str]:
    return [html.unescape(m["text"]) for m in PASTED_HTML.finditer(text)]


def pasted_in_tex(text: str) -> list[str]:
    values = []
    for match in PASTED_TEX.finditer(text):
        value = match["text"]
        for escaped, plain in TEX_ESCAPES.items():
            value = value.replace(escaped, plain)
        values.append(value)
    return values


def chapter_title(page: Path) -> str:
    match = re.search(r"^# (?P<title>.+)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{page.name} no tiene título"
    return match["title"].strip()


def test_books_reuse_the_html_execution(books: Books) -> None:
    """Ninguna página se vuelve a ejecutar: los números son los de la construcción del HTML."""
    for builder, output in books.sphinx_output.items():
        assert "Executing notebook" not in output, f"{builder} re-ejecutó páginas:\n{output}"


def test_epub_passes_epubcheck(books: Books) -> None:
    assert "No errors or warnings detected" in books.epubcheck, books.epubcheck[-4000:]


def test_epub_has_every_page_with_the_html_numbers(books: Books, built_book: Path) -> None:
    with zipfile.ZipFile(books.epub) as epub:
        names = set(epub.namelist())
        for page in book_pages(DOCS):
            name = str(page.relative_to(DOCS).with_suffix(".xhtml"))
            assert name in names, f"al EPUB le falta {name}"
            xhtml = epub.read(name).decode("utf-8")
            page_html = (built_book / page.relative_to(DOCS).with_suffix(".html")).read_text(
                encoding="utf-8"
            )
            assert pasted_in_html(xhtml) == pasted_in_html(page_html), (
                f"{name}: los números pegados no son los del HTML"
            )


def test_pdf_has_every_chapter(books: Books) -> None:
    text = " ".join(run(["pdftotext", "-enc", "UTF-8", str(books.pdf), "-"]).split())
    missing = [
        chapter_title(page)
        for page in book_pages(DOCS)
        if page.name != "index.md" and chapter_title(page) not in text
    ]
    assert not missing, f"al PDF le faltan capítulos: {missing}"
    assert "Presentación" in text, "la portada debería ser el capítulo «Presentación»"


def test_pdf_has_the_html_numbers(books: Books, built_book: Path) -> None:
    expected: Counter[str] = Counter()
    for page in book_pages(DOCS):
        page_html = built_book / page.relative_to(DOCS).with_suffix(".html")
        expected.update(pasted_in_html(page_html.read_text(encoding="utf-8")))
    found = Counter(pasted_in_tex(books.tex.read_text(encoding="utf-8")))
    assert expected, "el libro debería tener números pegados"
    assert found == expected, (
        f"solo en el HTML: {dict(expected - found)}; solo en el PDF: {dict(found - expected)}"
    )


def test_books_keep_each_chapter_references(books: Books) -> None:
    """Las citas y la lista «Referencias» de cada capítulo salen también en el EPUB y el PDF."""
    with zipfile.ZipFile(books.epub) as epub:
        cpu = epub.read("hardware/cpu.xhtml").decode("utf-8")
    assert 'id="sec-hardware-cpu-referencias"' in cpu
    assert "Schrage (1968)" in re.sub(r"<[^>]+>", "", cpu)
    assert "A proof of the optimality of the shortest remaining" in cpu
    text = " ".join(run(["pdftotext", "-enc", "UTF-8", str(books.pdf), "-"]).split())
    assert "Schrage (1968)" in text and "Operations Research" in text
    # Sphinx juntaría todas las entradas en una «Bibliografía» al final del libro.
    assert "Bibliografía" not in text, "cada lista de referencias debe quedarse en su capítulo"


def test_pdf_font_has_every_character(books: Books) -> None:
    """XeLaTeX no falla si a la letra le falta un carácter (×, µ, ≥, →, espacio fino…): avisa."""
    missing = sorted(set(re.findall(r"Missing character: There is no .*", books.latex_log)))
    assert not missing, "\n".join(missing)

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
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
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


def sphinx(builder: str, built: Path, out: Path) -> str:
    """``sphinx-build -b builder`` con el entorno (copiado) y la caché del libro de las pruebas."""
    doctrees = out / f"doctrees-{builder}"
    shutil.copytree(built / "doctrees", doctrees)  # el de make html queda intacto
    env = dict(
        os.environ,
        DADSBOOK_PROFILE="quick",
        DADSBOOK_CACHE_DIR=str(built / "cache"),
        DADSBOOK_EXECUTION_MODE="cache",
    )
    env.pop("MPLBACKEND", None)
    return run(
        [sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-n",
         *book.OPTIONS, "-b", builder, "-d", str(doctrees), str(DOCS), str(out / builder)],
        env=env,
    )  # fmt: skip


def timed(seconds: dict[str, float], name: str, action: Any) -> Any:
    start = time.perf_counter()
    try:
        return action()
    finally:
        seconds[name] = time.perf_counter() - start


@pytest.fixture(scope="session")
def books(
    built_book: Path,
    tmp_path_factory: pytest.TempPathFactory,
    site_report: list[str],
    unavailable: Any,
) -> Books:
    """EPUB y PDF del libro de las pruebas, con su entorno y su caché (sin re-ejecutar).

    Las dos cadenas (EPUB y epubcheck; LaTeX y XeLaTeX) corren a la vez, una por núcleo.
    """
    for tool in ("java", "xelatex", "rsvg-convert", "pdftotext"):
        if shutil.which(tool) is None:
            unavailable(f"Falta {tool}: instala los paquetes de Debian que pone .ci/run")
    if not EPUBCHECK.is_file():
        unavailable("Falta epubcheck: apt-get install epubcheck")
    built = built_book.parent
    out = tmp_path_factory.mktemp("libro-entero")
    epub = out / "epub" / f"{BASENAME}.epub"
    latex = out / "latex"
    seconds: dict[str, float] = {}

    def epub_chain() -> tuple[str, str]:
        built_output = timed(seconds, "epub", lambda: sphinx("epub", built, out))
        check = timed(
            seconds, "epubcheck", lambda: run(["java", "-jar", str(EPUBCHECK), str(epub)])
        )
        return built_output, check

    def pdf_chain() -> str:
        built_output = timed(seconds, "latex", lambda: sphinx("latex", built, out))
        command = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{BASENAME}.tex"]
        timed(seconds, "xelatex", lambda: run(command, cwd=latex))
        return str(built_output)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="libro-entero") as pool:
        epub_job, pdf_job = pool.submit(epub_chain), pool.submit(pdf_chain)
        epub_output, epubcheck = epub_job.result()
        latex_output = pdf_job.result()
    pdf = latex / f"{BASENAME}.pdf"
    site_report.append(
        f"libro entero en EPUB y PDF: {time.perf_counter() - start:.0f} s ("
        + ", ".join(f"{name} {value:.0f} s" for name, value in seconds.items())
        + f"; PDF de {pdf.stat().st_size / 2**20:.1f} MiB)"
    )
    return Books(
        epub=epub,
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

"""Configuración de Sphinx del libro dadsbook.

Se construye con ``sphinx-build -c conf docs _build/html``. El perfil de
construcción (``quick`` o ``full``) se elige con la variable ``DADSBOOK_PROFILE``.
"""

from __future__ import annotations

import datetime
import html
import os
import shutil
import subprocess
import sys
import tomllib
import urllib.parse
from pathlib import Path
from typing import Any

CONF = Path(__file__).resolve().parent
ROOT = CONF.parent
sys.path.insert(0, str(CONF / "_ext"))
sys.path.insert(0, str(ROOT / "src"))

PROFILE = os.environ.setdefault("DADSBOOK_PROFILE", "quick")
os.environ.setdefault("DADSBOOK_PROFILES_DIR", str(CONF / "profiles"))
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
# El núcleo de Jupyter hereda este entorno: importa dadsbook desde src/.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from dadsbook_site import load_redirects  # noqa: E402

import dadsbook  # noqa: E402
from dadsbook import machine  # noqa: E402
from dadsbook import profile as _profile  # noqa: E402

_profile.load(PROFILE)  # falla pronto, en español, si el perfil no existe

project = "Concurrencia y paralelismo"
version = release = dadsbook.__version__
author = "dadsbook"
copyright = "2026, dadsbook"
language = "es"
html_search_language = "es"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_reredirects",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_last_updated_by_git",
    "dadsbook_kernel",
    "dadsbook_parallel",
    "dadsbook_cache",
    "dadsbook_site",
    "dadsbook_hygiene",
    "dadsbook_books",
    "dadsbook_chrome",
    "dadsbook_glossary",
    "dadsbook_pyodide",
    "dadsbook_bibliography",  # carga sphinxcontrib.bibtex con los estilos en español
]
if os.environ.get("DADSBOOK_SPELLING"):
    # Solo para la revisión ortográfica: necesita hunspell-es y libenchant (Debian).
    extensions.append("sphinxcontrib.spelling")
    spelling_lang = "es_ES"
    spelling_word_list_filename = str(CONF / "spelling_wordlist.txt")
    spelling_ignore_contributor_names = False
    spelling_ignore_pypi_package_names = False
    spelling_show_suggestions = True
    spelling_warning = True

root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "conftest.py", "**/__pycache__", "**/_*.md"]

# Construir solo algunas páginas mientras se escriben: DADSBOOK_PAGES="hardware/cpu conceptos".
# Se excluye el resto y se callan los avisos de índice y de referencias a otras páginas;
# la construcción completa (make html, las pruebas) no los calla.
ONLY = os.environ.get("DADSBOOK_PAGES", "").split()
if ONLY:
    keep = {"index", "conceptos", "glosario", *ONLY}  # portada, un capítulo y los términos
    exclude_patterns += [
        str(p.relative_to(ROOT / "docs").with_suffix("")) + ".md"
        for p in (ROOT / "docs").rglob("*.md")
        if str(p.relative_to(ROOT / "docs").with_suffix("")) not in keep
    ]
    suppress_warnings = ["toc.excluded", "toc.not_readable", "toc.not_included", "ref.ref"]

# --- MyST y ejecución ------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 0

nb_execution_mode = os.environ.get("DADSBOOK_EXECUTION_MODE", "cache")
# Una ruta relativa en DADSBOOK_CACHE_DIR (make page) es relativa a la raíz del
# repositorio: Sphinx lee este fichero desde conf/, así que resolverla aquí la dejaría
# en conf/_build.
_CACHE = Path(os.environ.get("DADSBOOK_CACHE_DIR") or ROOT / "_build" / ".jupyter_cache" / PROFILE)
nb_execution_cache_path = str(_CACHE if _CACHE.is_absolute() else ROOT / _CACHE)
# Los números que anota cada página (dadsbook.recorded) viven junto a su ejecución en caché.
VALUES_DIR = Path(nb_execution_cache_path) / "dadsbook-valores"
os.environ["DADSBOOK_VALUES_DIR"] = str(VALUES_DIR)
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"
nb_merge_streams = True
# Las celdas pueden devolver MyST (la rejilla de la conclusión se genera así).
nb_render_markdown_format = "myst"
nb_mime_priority_overrides = [
    ("html", "image/svg+xml", 5),
    ("html", "image/png", 10),
    # PDF: las figuras SVG (las convierte a PDF dadsbook_books) antes que su repr de texto.
    ("latex", "image/svg+xml", 15),
]

dadsbook_src = str(ROOT / "src")
dadsbook_profile_files = [str(p) for p in _profile.files(PROFILE)]

# --- Sitio: dirección pública, sello de la construcción --------------------
# DADSBOOK_BASE_URL cambia la dirección pública (un fork, una subruta).
html_baseurl = os.environ.get("DADSBOOK_BASE_URL") or "https://dadsbook.github.io/dadsbook/"
if not html_baseurl.endswith("/"):
    html_baseurl += "/"
# DADSBOOK_REPOSITORY_URL: el repositorio al que apuntan «Editar esta página» y «Abrir una
# incidencia» (un fork pone el suyo); DADSBOOK_REPOSITORY_BRANCH, su rama (main).
dadsbook_repository_url = (
    os.environ.get("DADSBOOK_REPOSITORY_URL") or "https://github.com/dadsbook/dadsbook"
).rstrip("/")
dadsbook_repository_branch = os.environ.get("DADSBOOK_REPOSITORY_BRANCH") or "main"


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _commit_date() -> datetime.datetime:
    """La fecha del commit construido (o ``SOURCE_DATE_EPOCH``, la convención de las
    construcciones reproducibles); sin git, ahora.

    No es la hora de la construcción: así dos construcciones del mismo commit escriben
    el mismo HTML, y Sphinx no reescribe todas las páginas solo porque pasó un minuto
    (el pie forma parte de la configuración del tema).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _git("log", "-1", "--format=%ct")
    if epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


_stamp = machine.stamp()
dadsbook_build_info = {
    "commit": _git("rev-parse", "--short=12", "HEAD") or "sin commit",
    # La fecha del commit (ver _commit_date), no la hora de la construcción.
    "built": _commit_date().strftime("%Y-%m-%d %H:%M UTC"),
    "profile": PROFILE,
    "machine": _stamp.summary(),
    "machine_details": _stamp.as_dict(),
}
dadsbook_redirects = str(CONF / "redirects.toml")
redirects = {
    old: new + ".html" for old, new in load_redirects(CONF / "redirects.toml")["pages"].items()
}

# --- HTML -----------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Concurrencia y paralelismo"
# El <title> de la portada (el del primer capítulo también sería «Concurrencia y paralelismo»).
dadsbook_front_title = "Concurrencia y paralelismo: un libro ejecutable, de la CPU a la nube"
html_static_path = [str(CONF / "_static")]
templates_path = [str(CONF / "_templates")]
html_css_files = ["dadsbook.css"]
# Textos de la interfaz que el tema deja en inglés o mal traducidos, y las figuras que se
# desplazan de lado en un teléfono, enfocables (ver cada fichero).
html_js_files = [
    ("dadsbook-es.js", {"defer": "defer"}),
    ("dadsbook-figuras.js", {"defer": "defer"}),
]
# Sin favicon, el navegador pide /favicon.ico en la raíz del dominio (un 404 en cada página).
html_favicon = str(CONF / "_static" / "favicon.svg")
html_last_updated_fmt = "%d/%m/%Y"
html_theme_options = {
    "repository_url": dadsbook_repository_url,
    "repository_branch": dadsbook_repository_branch,
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_download_button": True,
    "use_source_button": True,
    # Textos en español y la incidencia con la página citada: extensión dadsbook_chrome.
    "use_edit_page_button": True,
    "use_issues_button": True,
    "show_toc_level": 2,
    "search_bar_text": "Buscar en el libro…",
    "extra_footer": (
        '<p class="dadsbook-stamp">'
        f"Commit {dadsbook_build_info['commit']} (del {dadsbook_build_info['built']})"
        f" · números medidos en: {html.escape(_stamp.summary())}</p>"
    ),
}
# default_mode: sin él, la primera visita registra un error en la consola («invalid theme mode»).
html_context = {"dadsbook_profile": PROFILE, "default_mode": "auto"}
# Sin índice alfabético (genindex, que saldría a medio traducir): el glosario, con su barra
# de salto A–Z, hace ese papel.
html_use_index = False

# --- Bibliografía (sphinxcontrib-bibtex) y comprobación de enlaces ------------
# Las páginas citan con {cite:t}/{cite:p}; cada capítulo acaba en «Referencias», con solo
# lo que cita él. Los estilos «dadsbook» (en español: «y», «et al.», autor y año) los
# registra la extensión dadsbook_bibliography.
bibtex_bibfiles = ["../docs/referencias.bib"]  # relativo a conf/
bibtex_default_style = "dadsbook"
bibtex_reference_style = "dadsbook"
# Una obra citada en varios capítulos sale en la lista de cada uno (filtro «docname in
# docnames»): sphinxcontrib-bibtex lo avisa como cita repetida, pero cada cita enlaza con
# la lista de su página (lo comprueba tests/site/test_references.py).
suppress_warnings = [*globals().get("suppress_warnings", []), "bibtex.duplicate_citation"]

# make linkcheck (necesita red): lo que no se pide, las redirecciones esperadas y las
# anclas que pone JavaScript, cada cosa con su motivo, en conf/linkcheck.toml.
_linkcheck = tomllib.loads((CONF / "linkcheck.toml").read_text(encoding="utf-8"))
linkcheck_ignore = list(_linkcheck["ignore"])
linkcheck_allowed_redirects = dict(_linkcheck["redirects"])
linkcheck_anchors_ignore_for_url = list(_linkcheck["anchors"])
linkcheck_timeout = 30
linkcheck_retries = 2

# --- Figuras y tablas numeradas ----------------------------------------------
# «Figura N» y «Tabla N» seguidos en todo el libro, los mismos en el HTML, el EPUB y el
# PDF (numfig_secnum_depth = 0: la numeración no vuelve a 1 en cada capítulo), para
# citarlas desde un vídeo o unos apuntes. Solo se numeran las que llevan pie.
numfig = True
numfig_secnum_depth = 0
numfig_format = {
    "figure": "Figura %s",
    "table": "Tabla %s",
    "code-block": "Código %s",
    "section": "Sección %s",
}

# --- El libro entero: EPUB y PDF (make epub, make pdf; extensión dadsbook_books) ---
# Los dos reutilizan el entorno y la caché de ejecución del HTML: no re-ejecutan nada,
# así que llevan los mismos números pegados que el HTML de esa construcción.
dadsbook_book_basename = "dadsbook"
dadsbook_book_author = "dadsbook, a partir del artículo de Juan G. Carmona"
epub_basename = dadsbook_book_basename
epub_title = project
epub_author = dadsbook_book_author
epub_publisher = html_baseurl
epub_copyright = copyright
# Sphinx escribe epub_uid como id del identificador en content.opf y como dtb:uid en
# toc.ncx, que debe coincidir con su valor (epubcheck, NCX-001): los dos iguales.
epub_identifier = epub_uid = "dadsbook-concurrencia-y-paralelismo"
epub_scheme = ""
epub_description = (
    "Libro ejecutable sobre concurrencia y paralelismo, de la CPU a la nube "
    "(serie DADS, episodio 3)."
)
epub_theme = "epub"
epub_css_files = ["dadsbook-epub.css"]  # no la hoja del sitio (dadsbook.css)
epub_use_index = False
epub_show_urls = "no"
epub_tocdepth = 2
# Lo que el sitio web deja en la carpeta de salida y no es parte del libro.
epub_exclude_files = [
    "search.html",
    "404.html",
    "genindex.html",
    "sections.json",
    "build-info.json",
    "benchmarks.json",
    "sitemap.xml",
    "robots.txt",
    "_static/dadsbook-anchors.js",
    "_static/dadsbook-es.js",
    "_static/dadsbook-figuras.js",
    "_static/dadsbook.css",
    "_static/dadsbook-social.png",
]

latex_engine = "xelatex"  # Unicode (×, µ, ≥, →, espacio fino) con fontspec y polyglossia
latex_documents = [
    (root_doc, f"{dadsbook_book_basename}.tex", project, dadsbook_book_author, "manual")
]
latex_use_xindy = False
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "extraclassoptions": "openany,oneside",
    "printindex": "",
    # FreeSerif para el texto (la de Sphinx con XeLaTeX); DejaVu para los títulos y el
    # código: FreeSans y FreeMono no tienen todos los caracteres del libro (ᵢ, U+1D62).
    "fontpkg": r"""
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic,
  BoldFont=*Bold, BoldItalicFont=*BoldItalic]
\setsansfont{DejaVu Sans}[Scale=MatchLowercase]
\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase]
""",
    # Sphinx titula el índice general con el pie del primer toctree («Los conceptos»).
    "preamble": r"\addto\captionsspanish{\renewcommand{\contentsname}{Índice}}",
}


def _offer_notebook(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Botón de descarga ``.ipynb``: el cuaderno que ejecutó MyST-NB, junto a la fuente ``.md``.

    sphinx-book-theme lo ofrece si la página trae ``ipynb_source`` (Jupyter Book lo ponía;
    MyST-NB no). Se copia el cuaderno ejecutado, con sus salidas, a ``_sources/``.
    """
    if doctree is None or app.builder.name != "html":  # no en el EPUB (también es «html»)
        return
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not notebook.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _spelling_outputs(app: Any, config: Any) -> None:
    """Salidas de las celdas para el constructor ``spelling`` (``DADSBOOK_SPELLING=1``).

    MyST-NB no trae prioridades para él y avisaría en cada salida (un error con ``-W``).
    Solo texto plano (un bloque literal, que no se revisa) o imágenes: las salidas de las
    celdas no pasan por la ortografía.
    """
    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        ("spelling", "text/plain", 10),
        ("spelling", "image/svg+xml", 20),
        ("spelling", "image/png", 30),
    ]


def setup(app: Any) -> None:
    """Ajustes del tema que necesitan código (antes que los botones de sphinx-book-theme)."""
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("config-inited", _spelling_outputs)


# OpenGraph, mapa del sitio y página 404 (con rutas absolutas, válida en GitHub Pages).
ogp_site_url = html_baseurl
ogp_site_name = "Concurrencia y paralelismo — dadsbook"
ogp_image = html_baseurl + "_static/dadsbook-social.png"
ogp_image_alt = "Diagrama de Gantt de dos chefs preparando tres platos a la vez"
ogp_description_length = 200
ogp_type = "book"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}
sitemap_url_scheme = "{link}"
sitemap_locales = [None]
notfound_urls_prefix = urllib.parse.urlparse(html_baseurl).path or "/"
notfound_context = {
    "title": "Página no encontrada",
    "body": (
        "<h1>Página no encontrada</h1><p>Esta dirección no existe en el libro. "
        # La ruta, no la dirección entera: la portada de este mismo servidor (también con
        # make serve, que monta el libro bajo la misma ruta).
        'Vuelve a la <a href="' + notfound_urls_prefix + '">portada</a> o usa la búsqueda.</p>'
    ),
}
git_last_updated_timezone = "UTC"
suppress_warnings = [*globals().get("suppress_warnings", []), "git.too_shallow"]

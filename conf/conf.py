"""Configuración de Sphinx del libro dadsbook.

Se construye con ``sphinx-build -c conf docs _build/html``. El perfil de
construcción (``quick`` o ``full``) se elige con la variable ``DADSBOOK_PROFILE``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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

from dadsbook import profile as _profile  # noqa: E402

_profile.load(PROFILE)  # falla pronto, en español, si el perfil no existe

project = "Concurrencia y paralelismo"
author = "dadsbook"
copyright = "2026, dadsbook"
language = "es"
html_search_language = "es"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "dadsbook_cache",
]

root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "conftest.py", "**/__pycache__", "**/_*.md"]

# Construir solo algunas páginas mientras se escriben: DADSBOOK_PAGES="hardware/cpu conceptos".
# Se excluye el resto y se callan los avisos de índice y de referencias a otras páginas;
# la construcción completa (make html, las pruebas) no los calla.
ONLY = os.environ.get("DADSBOOK_PAGES", "").split()
if ONLY:
    keep = {"index", *ONLY}
    exclude_patterns += [
        str(p.relative_to(ROOT / "docs").with_suffix("")) + ".md"
        for p in (ROOT / "docs").rglob("*.md")
        if str(p.relative_to(ROOT / "docs").with_suffix("")) not in keep
    ]
    suppress_warnings = ["toc.excluded", "toc.not_readable", "toc.not_included", "ref.ref"]

# --- MyST y ejecución ------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist", "attrs_inline"]
myst_heading_anchors = 0

nb_execution_mode = os.environ.get("DADSBOOK_EXECUTION_MODE", "cache")
nb_execution_cache_path = os.environ.get(
    "DADSBOOK_CACHE_DIR", str(ROOT / "_build" / ".jupyter_cache" / PROFILE)
)
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"
nb_merge_streams = True
nb_mime_priority_overrides = [
    ("html", "image/svg+xml", 5),
    ("html", "image/png", 10),
]

dadsbook_src = str(ROOT / "src")
dadsbook_profile_files = [str(p) for p in _profile.files(PROFILE)]

# --- HTML -----------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Concurrencia y paralelismo"
html_static_path: list[str] = []
html_last_updated_fmt = ""
html_theme_options = {
    "repository_url": "https://github.com/dadsbook/dadsbook",
    "use_repository_button": True,
    "use_download_button": True,
    "show_toc_level": 2,
}
html_context = {"dadsbook_profile": PROFILE}

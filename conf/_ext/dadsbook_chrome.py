"""Extensión de Sphinx: lo que rodea a cada página del sitio (botones y título).

- El menú del repositorio (sphinx-book-theme) ofrece, en español, «Editar esta página»
  (el ``.md`` en la rama del repositorio) y «Abrir una incidencia» con la página, su
  dirección pública y el commit de la construcción ya escritos. El repositorio sale de
  ``DADSBOOK_REPOSITORY_URL`` (``conf.py``), así que un *fork* apunta al suyo.
- La portada tiene un ``<title>`` propio: sin él se leía «Concurrencia y paralelismo —
  Concurrencia y paralelismo», igual que el primer capítulo.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from sphinx.application import Sphinx

#: Textos de los botones del repositorio: etiqueta del tema → (texto, ayuda).
REPOSITORY_TEXTS = {
    "source-repository-button": ("Repositorio", "Repositorio del libro"),
    "source-file-button": ("Ver la fuente", "Ver la fuente de esta página"),
    "source-edit-button": ("Editar esta página", "Editar esta página en el repositorio"),
    "source-issues-button": ("Abrir una incidencia", "Abrir una incidencia sobre esta página"),
}


def issue_url(repository: str, page_url: str, pagename: str, commit: str) -> str:
    """Dirección para abrir una incidencia sobre ``pagename`` con los datos ya escritos.

    >>> url = issue_url("https://github.com/u/libro", "https://u.github.io/libro/cpu.html",
    ...                 "cpu", "abc123")
    >>> url.startswith("https://github.com/u/libro/issues/new?title=P%C3%A1gina%20cpu")
    True
    >>> "abc123" in urllib.parse.unquote(url)
    True
    """
    title = f"Página {pagename}: "
    body = (
        f"Página: {page_url}\n"
        f"Construcción: commit {commit}\n\n"
        "Qué has visto y dónde (si puedes, cita la sección: la dirección con #sec-…):\n"
    )
    if "gitlab" in urllib.parse.urlparse(repository).netloc:
        query = {"issue[title]": title, "issue[description]": body}
        return f"{repository}/-/issues/new?" + urllib.parse.urlencode(
            query, quote_via=urllib.parse.quote
        )
    query = {"title": title, "body": body}
    return f"{repository}/issues/new?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)


def _repository_buttons(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html":
        return
    config: Any = app.config
    commit = str(config.dadsbook_build_info.get("commit", ""))
    for group in context.get("header_buttons", []):
        if group.get("label") != "source-buttons":
            continue
        group["tooltip"] = "Repositorio del libro"
        for button in group["buttons"]:
            label = button.get("label", "")
            if label in REPOSITORY_TEXTS:
                button["text"], button["tooltip"] = REPOSITORY_TEXTS[label]
            if label == "source-issues-button":
                page_url = f"{config.html_baseurl}{pagename}.html"
                button["url"] = issue_url(
                    config.dadsbook_repository_url, page_url, pagename, commit
                )


def _front_page_title(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config: Any = app.config
    if pagename == config.root_doc and config.dadsbook_front_title:
        # conf/_templates/layout.html lo usa, entero, como <title> (sin « — libro»).
        context["dadsbook_page_title"] = config.dadsbook_front_title


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dadsbook_repository_url", "", "html")
    app.add_config_value("dadsbook_repository_branch", "main", "html")
    app.add_config_value("dadsbook_front_title", "", "html")
    # Después de los botones de sphinx-book-theme (prioridad 501).
    app.connect("html-page-context", _repository_buttons, priority=502)
    app.connect("html-page-context", _front_page_title)
    return {"version": "1.0", "parallel_read_safe": True}

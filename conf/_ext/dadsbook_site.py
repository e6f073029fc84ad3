"""Extensión de Sphinx: lo que hace citable y verificable el sitio publicado.

- ``sections.json``: mapa de cada sección (etiqueta, título, página, URL) junto al sitio.
- ``_static/dadsbook-anchors.js``: si alguien llega con ``#etiqueta`` a una página donde
  esa sección ya no está (se movió o se redirigió), el lector salta a su sitio actual.
  Las etiquetas antiguas se declaran en ``conf/redirects.toml`` (``[labels]``).
- ``build-info.json``: commit, fecha, perfil y máquina que produjeron los números.
- La imagen para redes sociales (OpenGraph) se dibuja con el propio paquete.
- Los números pegados con ``{glue:text}`` se escriben en español (coma decimal, miles
  separados) con el formateador único del libro, :mod:`dadsbook.fmt`.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from dadsbook.citation import Section


def load_redirects(path: Path) -> dict[str, dict[str, str]]:
    """Lee ``conf/redirects.toml``: ``[pages]`` (página → página) y ``[labels]``."""
    if not path.is_file():
        return {"pages": {}, "labels": {}}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {"pages": dict(data.get("pages", {})), "labels": dict(data.get("labels", {}))}


def collect_sections(app: Sphinx) -> dict[str, Section]:
    """Secciones con etiqueta ``sec-…`` según el entorno de Sphinx."""
    config: Any = app.config
    base = config.html_baseurl or "/"
    labels = app.env.domaindata["std"]["labels"]
    sections: dict[str, Section] = {}
    for label, (docname, anchor, title) in sorted(labels.items()):
        if not label.startswith("sec-") or not title:
            continue
        url = f"{base.rstrip('/')}/{docname}.html#{anchor}"
        sections[label] = Section(label, title, docname, url)
    return sections


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config: Any = app.config
    out = Path(app.outdir)
    sections = collect_sections(app)
    redirects = load_redirects(Path(config.dadsbook_redirects))
    info = dict(config.dadsbook_build_info)
    payload = {
        **info,
        "base_url": config.html_baseurl,
        "sections": [s.as_dict() for s in sections.values()],
    }
    (out / "sections.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (out / "build-info.json").write_text(
        json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    anchors = {label: f"{s.page}.html#{label}" for label, s in sections.items()}
    for old, new in redirects["labels"].items():
        if new in anchors:
            anchors[old] = anchors[new]
    script = (
        "// Generado por dadsbook_site: etiqueta → página#etiqueta, para enlaces antiguos.\n"
        f"const DADSBOOK_ANCHORS = {json.dumps(anchors, ensure_ascii=False, sort_keys=True)};\n"
        "document.addEventListener('DOMContentLoaded', () => {\n"
        "  const label = decodeURIComponent(window.location.hash.slice(1));\n"
        "  if (!label || document.getElementById(label)) return;\n"
        "  const target = DADSBOOK_ANCHORS[label];\n"
        "  if (!target) return;\n"
        "  const root = document.documentElement.dataset.content_root || './';\n"
        "  window.location.replace(new URL(root + target, window.location.href).href);\n"
        "});\n"
    )
    static = out / "_static"
    static.mkdir(exist_ok=True)
    (static / "dadsbook-anchors.js").write_text(script, encoding="utf-8")
    _social_image(static / "dadsbook-social.png")
    _benchmarks(app, out, info)


def _benchmarks(app: Sphinx, out: Path, info: dict[str, Any]) -> None:
    """``benchmarks.json``: los valores numéricos que cada página insertó en el texto.

    Es el mismo formato que escribe ``dadsbook bench``, para que ``dadsbook compare``
    ponga los números de un lector junto a los del libro publicado. Los valores los anota
    el paquete mientras se ejecuta cada página (:mod:`dadsbook.recorded`), que los guarda
    junto a la caché de ejecución: no se leen de los ficheros internos de myst-nb.
    """
    from dadsbook import recorded
    from dadsbook.cli.bench import FORMAT

    folder = Path(os.environ[recorded.VALUES_DIR_ENV])
    pages: dict[str, dict[str, float]] = {}
    for docname in sorted(app.env.found_docs):
        values = recorded.read(folder, docname)
        if values:
            pages[docname] = values
    payload = {
        "format": FORMAT,
        "partial": False,
        "profile": info.get("profile"),
        "created": info.get("built"),
        "commit": info.get("commit"),
        "machine": info.get("machine_details"),
        "pages": pages,
        "seconds": {},
        "errors": {},
    }
    (out / "benchmarks.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _social_image(path: Path) -> None:
    """Imagen OpenGraph: el Gantt de la cocina concurrente y paralela, con el título."""
    from dadsbook.concepts import figures, kitchen

    fig = figures.kitchen_figure(
        kitchen.cook(kitchen.MENU, chefs=2, interleave=True),
        "Concurrencia y paralelismo — un libro ejecutable",
    )
    fig.set_size_inches(6, 3.15)
    fig.savefig(path, dpi=200)


class SpanishGlueNumbers(SphinxPostTransform):
    """Cada número pegado con ``{glue:text}`` sale con la convención del libro.

    myst-nb aplica el formato pedido (``:.2f``) con la convención de Python (punto
    decimal); aquí, después, :func:`dadsbook.fmt.spanish_number_text` lo reescribe con
    coma decimal y miles separados: una sola convención en todo el libro, sin que cada
    página tenga que acordarse.
    """

    default_priority = 10  # después de resolver las referencias de glue entre páginas (5)

    def run(self, **kwargs: Any) -> None:
        from dadsbook.fmt import spanish_number_text

        for node in self.document.findall(nodes.inline):
            if "pasted-text" not in node.get("classes", []):
                continue
            text = node.astext()
            new = spanish_number_text(text)
            if new != text:
                node.children = []
                node += nodes.Text(new)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(SpanishGlueNumbers)
    app.add_config_value("dadsbook_redirects", "", "env")
    app.add_config_value("dadsbook_build_info", {}, "html")
    app.add_js_file("dadsbook-anchors.js", loading_method="defer")
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True}

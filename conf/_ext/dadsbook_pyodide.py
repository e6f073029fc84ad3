"""Los simuladores del libro en el navegador de quien lee, con Pyodide servido por el sitio.

- La directiva ```` ```{simulador} NOMBRE ```` pone en la página un formulario (semilla,
  otras opciones, «Plantear», «Resolver», «Detener») que ejecuta ``dadsbook sim NOMBRE``
  **con el código del propio paquete**: la función ``dadsbook.cli.main.main`` dentro de
  Pyodide, en un *Web Worker* que se crea solo al pulsar un botón.
- Al terminar la construcción HTML se copian al sitio (``_static/pyodide/``) los ficheros
  de Pyodide instalados con ``npm ci`` (versión e integridad fijadas en
  ``package-lock.json``) y un zip determinista con las fuentes de ``src/dadsbook``: nada
  sale del origen del sitio.

Si falta Pyodide (``node_modules/pyodide``), la construcción falla con una línea que dice
qué ejecutar (``npm ci``): instalar paquetes de npm es una decisión de quien construye
(red, caché de npm), no un efecto escondido de ``sphinx-build``.

Solo se ofrecen los simuladores de :data:`OFFERED`: los que funcionan sin NumPy ni
matplotlib (Pyodide se sirve sin paquetes de terceros). La prueba
``tests/test_pyodide_ext.py`` los ejecuta en Pyodide y comprueba, en los dos sentidos, que
la lista dice la verdad.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective, SphinxRole

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STATIC = HERE / "pyodide_static"
PACKAGE = ROOT / "src" / "dadsbook"
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"

#: Ficheros de Pyodide que necesita el navegador (el núcleo, sin paquetes de terceros).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

#: Carpeta del sitio donde quedan Pyodide y las fuentes del paquete.
SITE_FOLDER = "_static/pyodide"

#: Nombre del zip con las fuentes de ``dadsbook`` dentro de :data:`SITE_FOLDER`.
SOURCE_ZIP = "dadsbook-src.zip"

#: Simuladores que se ofrecen en el navegador: los que se importan y resuelven sin NumPy
#: ni matplotlib. Los demás cargan uno de los dos al importar su módulo.
OFFERED = (
    "coroutines",
    "dma",
    "ftl",
    "hdd",
    "interleavings",
    "kitchen",
    "mesi",
    "mlfq",
    "multitasking",
    "overprovision",
    "pipeline",
    "raid",
    "scaleset",
    "stealing",
    "workingset",
    "zns",
)

#: Fecha fija de las entradas del zip: el mismo código da el mismo fichero.
_ZIP_DATE = (2024, 9, 20, 0, 0, 0)


def missing_pyodide_message(folder: Path = NODE_PYODIDE) -> str | None:
    """La línea en español que explica cómo instalar Pyodide, o ``None`` si está."""
    absent = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if not absent:
        return None
    return (
        f"Falta Pyodide ({folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}: "
        f"no están {', '.join(absent)}); los simuladores del navegador lo necesitan: "
        "ejecuta «npm ci» en la raíz del repositorio (instala la versión fijada en "
        "package-lock.json, con su hash de integridad) y vuelve a construir"
    )


def pinned_version() -> str:
    """La versión de Pyodide fijada en ``package-lock.json``."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/pyodide"]["version"])


def check_pyodide(folder: Path = NODE_PYODIDE) -> None:
    """Falla con un mensaje en español si Pyodide falta o no es la versión fijada."""
    message = missing_pyodide_message(folder)
    if message is not None:
        raise ExtensionError(message)
    installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != pinned_version():
        raise ExtensionError(
            f"Pyodide {installed} instalado, pero package-lock.json fija {pinned_version()}: "
            "ejecuta «npm ci» en la raíz del repositorio"
        )


def source_zip(package: Path = PACKAGE) -> bytes:
    """Un zip determinista con los ``.py`` de ``dadsbook`` (para ``sys.path`` en Pyodide)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            info = zipfile.ZipInfo(str(path.relative_to(package.parent)), _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def copy_to_site(outdir: Path, folder: Path = NODE_PYODIDE) -> int:
    """Copia Pyodide y el zip de fuentes a ``outdir/_static/pyodide``; devuelve los bytes."""
    check_pyodide(folder)
    target = outdir / SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in PYODIDE_FILES:
        source, copy = folder / name, target / name
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, copy)
        total += copy.stat().st_size
    data = source_zip()
    zipped = target / SOURCE_ZIP
    if not zipped.is_file() or zipped.read_bytes() != data:
        zipped.write_bytes(data)
    total += len(data)
    digest = hashlib.sha256(data).hexdigest()[:16]
    (target / "version.json").write_text(
        json.dumps({"pyodide": pinned_version(), "source": digest}) + "\n", encoding="utf-8"
    )
    return total


def widget_html(name: str) -> str:
    """El formulario del simulador ``name`` (HTML que el JavaScript anima)."""
    key = f"simulador-{name}"
    command = html.escape(f"dadsbook sim {name}")
    return f"""\
<section class="dadsbook-simulador" id="{key}" data-simulador="{html.escape(name)}"
 aria-labelledby="{key}-titulo">
<p class="dadsbook-simulador-titulo" id="{key}-titulo"><strong>Pruébalo aquí:</strong>
<code>{command}</code> en tu navegador, con el código del paquete.</p>
<div class="dadsbook-simulador-campos">
<label for="{key}-semilla">Semilla (<code>-s</code>)</label>
<input id="{key}-semilla" name="semilla" type="text" inputmode="numeric" value="1"
 size="10" autocomplete="off" spellcheck="false">
<label for="{key}-opciones">Otras opciones</label>
<input id="{key}-opciones" name="opciones" type="text" value="" size="28"
 autocomplete="off" spellcheck="false" aria-describedby="{key}-ayuda">
</div>
<p class="dadsbook-simulador-ayuda" id="{key}-ayuda">Las mismas de la orden, por ejemplo
<code>--help</code>.</p>
<div class="dadsbook-simulador-botones">
<button type="button" data-accion="plantear">Plantear</button>
<button type="button" data-accion="resolver">Resolver</button>
<button type="button" data-accion="detener" disabled>Detener</button>
</div>
<p class="dadsbook-simulador-estado" role="status" aria-live="polite"></p>
<p class="dadsbook-simulador-orden" hidden><code></code></p>
<p class="dadsbook-simulador-error" role="alert" hidden></p>
<pre class="dadsbook-simulador-salida" tabindex="0" aria-label="Salida del simulador"
 hidden></pre>
<noscript><p>El simulador del navegador necesita JavaScript; en tu máquina:
<code>{command} -s 1 -c</code>.</p></noscript>
</section>
"""


#: Constructores que publican el sitio web: solo en ellos hay widget (y Pyodide). En el
#: EPUB y el PDF el widget y los «pruébalo aquí» desaparecen (allí no hay JavaScript).
WEB_BUILDERS = ("html", "dirhtml")


class simulator(nodes.General, nodes.Element):  # noqa: N801 - convención de docutils
    """El widget de un simulador (se dibuja solo en el sitio web)."""


class try_it(nodes.Inline, nodes.TextElement):  # noqa: N801 - convención de docutils
    """El enlace «pruébalo aquí» a un widget de la misma página (solo en el sitio web)."""


def _visit_simulator_html(translator: Any, node: simulator) -> None:
    if translator.builder.name in WEB_BUILDERS:
        translator.body.append(widget_html(node["name"]))
    raise nodes.SkipNode


def _visit_try_it_html(translator: Any, node: try_it) -> None:
    if translator.builder.name in WEB_BUILDERS:
        name = html.escape(node["name"])
        translator.body.append(
            f' (o <a href="#simulador-{name}">pruébalo aquí</a>, en el navegador)'
        )
    raise nodes.SkipNode


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _offered(name: str) -> str | None:
    """El error en español si ``name`` no se ofrece en el navegador."""
    if name in OFFERED:
        return None
    return (
        f"simulador: {name!r} no se ofrece en el navegador; solo {', '.join(OFFERED)} "
        "(los demás importan NumPy, matplotlib o psutil al cargarse)"
    )


class SimulatorDirective(SphinxDirective):
    """```` ```{simulador} NOMBRE ````: el simulador ``NOMBRE`` ejecutable en la página."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        error = _offered(name)
        if error is not None:
            raise self.error(error)
        seen = cast("set[str]", self.env.temp_data.setdefault("dadsbook_simulators", set()))
        if name in seen:
            raise self.error(f"simulador: {name!r} ya está en esta página (una vez por página)")
        seen.add(name)
        return [simulator("", name=name)]


class TryItRole(SphinxRole):
    """``{pruebalo}`NOMBRE```: « (o pruébalo aquí, en el navegador)» hacia el widget."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        error = _offered(name)
        if error is not None:
            message = self.inliner.reporter.error(error, line=self.lineno)
            return [], [message]
        return [try_it("", name=name)], []


def _builder_inited(app: Sphinx) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    check_pyodide()
    app.config.html_static_path.append(str(STATIC))
    app.add_js_file("dadsbook-simulador.js", defer="defer")
    app.add_css_file("dadsbook-simulador.css")


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name in WEB_BUILDERS:
        copy_to_site(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    """Registra la directiva, el rol, los ficheros estáticos y la copia de Pyodide."""
    skip = (_skip, None)
    app.add_node(
        simulator, html=(_visit_simulator_html, None),
        latex=skip, text=skip, man=skip, texinfo=skip,
    )  # fmt: skip
    app.add_node(
        try_it, html=(_visit_try_it_html, None),
        latex=skip, text=skip, man=skip, texinfo=skip,
    )  # fmt: skip
    app.add_directive("simulador", SimulatorDirective)
    app.add_role("pruebalo", TryItRole())
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""El sitio publicado, visto en un navegador de verdad (Chromium sin cabeza).

Cada página del libro se abre una vez (``site_visits``) y se comprueba que carga sin
errores en la consola, que no pide nada fuera de ``127.0.0.1``, que axe-core no encuentra
problemas de accesibilidad graves ni críticos y que sus figuras tienen texto alternativo.
Además: la búsqueda en español, los anclajes citables (también los de otra página o
antiguos), el modo oscuro, los textos de la interfaz y el peso de las imágenes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
Browsing = Any  # conftest.Browsing: abre páginas del sitio servido
Visit = Any  # conftest.Visit: lo que pasó al abrir una página
SERIOUS = {"serious", "critical"}
GENERIC_ALT = {"gráfico", "grafico", "figura", "imagen", "image", "figure", "plot", "png", "svg"}
IMAGE_SUFFIXES = {".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
MAX_IMAGE_BYTES = 400 * 1024
PHONE = {"width": 390, "height": 844}
# Palabras que se buscan y la página que debe aparecer si está en el libro construido.
SEARCHES = [("hilos", "conceptos"), ("planificación", "hardware/cpu")]
# El repositorio al que apuntan los botones (conf.py: DADSBOOK_REPOSITORY_URL).
REPOSITORY = (
    os.environ.get("DADSBOOK_REPOSITORY_URL") or "https://github.com/dadsbook/dadsbook"
).rstrip("/")
ENGLISH_UI = re.compile(
    r"^(Toggle .*|Link to this .*|Search\.*|Source repositor.*|Repository|Show source|"
    r"Main|Page|Contents|Download.*|Descarga esta pagina)$"
)


def visit_of(site_visits: dict[str, Visit], path: str) -> Visit:
    if path not in site_visits:
        pytest.fail(f"{path} no está en el libro construido", pytrace=False)
    return site_visits[path]


# --- Cada página -------------------------------------------------------------------


def test_page_fits_a_phone(site_visits: dict[str, Visit], site_page: str) -> None:
    """A 390 px ninguna página se desplaza de lado (tablas y salidas llevan su barra)."""
    visit = visit_of(site_visits, site_page)
    assert visit.phone_width <= 390, (
        f"{site_page}: {visit.phone_width} px de ancho en un teléfono de 390 px; "
        f"sobresalen: {visit.phone_overflow}"
    )


def test_page_has_one_search_box(site_visits: dict[str, Visit], site_page: str) -> None:
    """Una sola caja de búsqueda (la cabecera duplicada del tema añadía otra).

    La página de búsqueda lleva además su propio formulario de resultados: dos.
    """
    expected = 2 if site_page == "search.html" else 1
    assert visit_of(site_visits, site_page).search_boxes == expected


def test_page_loads_without_console_errors(site_visits: dict[str, Visit], site_page: str) -> None:
    visit = visit_of(site_visits, site_page)
    assert visit.status == 200, f"{site_page}: el servidor respondió {visit.status}"
    assert not visit.console_errors, f"{site_page}: errores en la consola: {visit.console_errors}"


def test_page_requests_stay_on_localhost(site_visits: dict[str, Visit], site_page: str) -> None:
    visit = visit_of(site_visits, site_page)
    assert visit.origin.startswith("http://127.0.0.1:"), visit.origin
    outside = [
        url for url in visit.requests if not url.startswith((visit.origin, "data:", "blob:"))
    ]
    assert not outside, f"{site_page}: peticiones a otros servidores: {sorted(set(outside))}"


def test_page_has_no_serious_accessibility_violation(
    site_visits: dict[str, Visit], site_page: str
) -> None:
    serious = [v for v in visit_of(site_visits, site_page).violations if v.get("impact") in SERIOUS]
    report = [
        f"{v['impact']} {v['id']} ({v['help']}): "
        + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:5])
        for v in serious
    ]
    assert not report, f"{site_page}: axe-core encontró:\n" + "\n".join(report)


def test_code_colours_enter_the_contrast_check(
    site_visits: dict[str, Visit], site_page: str, built_book: Path
) -> None:
    """En cada página con código coloreado, axe-core revisó muestras de todas las clases.

    Los bloques reales quedan fuera de la revisión (``visits.AXE_CONTEXT``): si no
    entrara ninguna muestra, el contraste del código no lo revisaría nadie.
    """
    page = built_book / site_page
    has_code = page.is_file() and 'class="highlight"' in page.read_text(encoding="utf-8")
    specimens = visit_of(site_visits, site_page).token_specimens
    assert (specimens > 0) == has_code, f"{site_page}: {specimens} muestras de código"


def test_content_images_have_spanish_alt_text(
    site_visits: dict[str, Visit], site_page: str
) -> None:
    bad = []
    for image in visit_of(site_visits, site_page).images:
        alt = (image.get("alt") or "").strip()
        name = Path(urllib.parse.urlparse(image["src"]).path).name
        if not alt or alt.lower() in GENERIC_ALT or alt in {name, Path(name).stem, image["src"]}:
            bad.append(f"{name}: alt={alt!r}")
    assert not bad, f"{site_page}: imágenes sin texto alternativo útil: {bad}"


# --- Búsqueda ------------------------------------------------------------------------


def pages_mentioning(word: str, built: Path) -> set[str]:
    """Páginas construidas cuya fuente contiene ``word`` (sin distinguir mayúsculas)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    found = set()
    for source in DOCS.rglob("*.md"):
        page = str(source.relative_to(DOCS).with_suffix(""))
        if (built / f"{page}.html").is_file() and pattern.search(source.read_text("utf-8")):
            found.add(page)
    return found


def search_results(browsing: Browsing, word: str) -> set[str]:
    """Páginas que devuelve la búsqueda del sitio para ``word``."""
    page, _ = browsing.open("search.html?q=" + urllib.parse.quote(word))
    try:
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }"
        )
        hrefs: list[str] = page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.href)"
        )
    finally:
        page.close()
    base = browsing.url("")
    return {
        urllib.parse.urldefrag(href)[0].removeprefix(base).split("?")[0].removesuffix(".html")
        for href in hrefs
    }


@pytest.mark.parametrize(("word", "preferred"), SEARCHES)
def test_search_finds_spanish_words(
    browsing: Browsing, built_book: Path, word: str, preferred: str
) -> None:
    expected = pages_mentioning(word, built_book)
    assert expected, f"ninguna página construida menciona «{word}»: elige otra palabra"
    found = search_results(browsing, word)
    if preferred in expected:
        assert preferred in found, f"buscar «{word}» no encuentra {preferred}: {sorted(found)}"
    assert found & expected, f"buscar «{word}» no encuentra {sorted(expected)}: {sorted(found)}"


# --- Anclajes citables ---------------------------------------------------------------


def sections_of(built: Path, page: str) -> list[str]:
    import json

    data = json.loads((built / "sections.json").read_text(encoding="utf-8"))
    return [s["label"] for s in data["sections"] if s["page"] == page]


_IN_VIEWPORT = """label => {
    const section = document.getElementById(label);
    if (!section) return null;
    const heading = section.querySelector('h1, h2, h3, h4, h5, h6') || section;
    const box = heading.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, height: window.innerHeight, y: window.scrollY};
}"""


_IN_VIEWPORT_NOW = f"""label => {{
    const box = ({_IN_VIEWPORT})(label);
    return !box || (box.bottom > 0 && box.top < box.height);
}}"""


def settle(page: Any, condition: str, arg: object = None) -> None:
    """Espera a que ``condition(arg)`` se cumpla (hasta 10 s) y a dos fotogramas más.

    No un plazo fijo: con la máquina cargada (make test construye el PDF y visita el sitio
    a la vez) el navegador puede tardar más. Si no llega a cumplirse, lo dice la aserción
    que sigue, con lo que ve.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(condition, arg=arg, timeout=10_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def assert_in_viewport(page: Any, label: str) -> None:
    settle(page, _IN_VIEWPORT_NOW, label)  # el desplazamiento ocurre tras la carga
    box = page.evaluate(_IN_VIEWPORT, label)
    assert box is not None, f"la página no tiene el elemento #{label}"
    assert box["bottom"] > 0 and box["top"] < box["height"], f"#{label} fuera de la vista: {box}"


def test_cited_anchor_scrolls_to_its_section(browsing: Browsing, built_book: Path) -> None:
    labels = sections_of(built_book, "conceptos")
    assert len(labels) > 2, "conceptos debería tener varias secciones etiquetadas"
    label = labels[-1]  # la última sección: obliga a desplazarse
    page, _ = browsing.open(f"conceptos.html#{label}")
    try:
        assert_in_viewport(page, label)
        assert page.evaluate("window.scrollY") > 0, "la página no se desplazó hasta la sección"
    finally:
        page.close()


def test_label_from_another_page_jumps_to_its_page(browsing: Browsing, built_book: Path) -> None:
    labels = sections_of(built_book, "conceptos")
    label = "sec-conceptos-cocina" if "sec-conceptos-cocina" in labels else labels[-1]
    page, _ = browsing.open(f"index.html#{label}")
    try:
        page.wait_for_url(f"**/conceptos.html#{label}")
        page.wait_for_load_state("load")
        assert_in_viewport(page, label)
    finally:
        page.close()


def test_old_labels_jump_to_their_new_place(browsing: Browsing, built_book: Path) -> None:
    """Cada etiqueta antigua de ``conf/redirects.toml`` lleva a la sección nueva."""
    old_labels = tomllib.loads((ROOT / "conf" / "redirects.toml").read_text("utf-8"))
    anchors = (built_book / "_static" / "dadsbook-anchors.js").read_text(encoding="utf-8")
    for old, new in old_labels.get("labels", {}).items():
        assert f'"{old}":' in anchors, f"dadsbook-anchors.js no conoce la etiqueta antigua {old}"
        page, _ = browsing.open(f"index.html#{old}")
        try:
            page.wait_for_function(f"() => window.location.hash === '#{new}'")
            assert_in_viewport(page, new)
        finally:
            page.close()


# --- Tema ----------------------------------------------------------------------------


def test_dark_mode_toggles_and_figures_stay_readable(browsing: Browsing) -> None:
    page, visit = browsing.open("conceptos.html")
    try:
        before = page.get_attribute("html", "data-theme")
        target = "light" if before == "dark" else "dark"
        page.locator(".theme-switch-button:visible").first.click()
        page.locator(f".theme-change-button[data-mode='{target}']:visible").first.click()
        assert page.get_attribute("html", "data-theme") == target
        page.locator(".theme-switch-button:visible").first.click()
        page.locator(".theme-change-button[data-mode='dark']:visible").first.click()
        assert page.get_attribute("html", "data-theme") == "dark"
        backgrounds = page.eval_on_selector_all(
            ".bd-article figure img, .bd-article .cell_output img",
            "images => images.map(i => getComputedStyle(i).backgroundColor)",
        )
        assert backgrounds, "conceptos debería tener figuras"
        assert set(backgrounds) == {"rgb(255, 255, 255)"}, (
            f"en modo oscuro las figuras necesitan fondo claro: {set(backgrounds)}"
        )
        assert not visit.console_errors, visit.console_errors
    finally:
        page.evaluate("localStorage.clear()")
        page.close()


_UI_TEXTS = """() => {
    const texts = [];
    for (const attribute of ['title', 'aria-label', 'placeholder']) {
        for (const element of document.querySelectorAll(`[${attribute}]`)) {
            if (!element.closest('.bd-article')) texts.push(element.getAttribute(attribute));
        }
    }
    for (const element of document.querySelectorAll('.headerlink[title]')) {
        texts.push(element.getAttribute('title'));
    }
    for (const element of document.querySelectorAll('.btn__text-container')) {
        texts.push(element.textContent.trim());
    }
    return texts;
}"""


def test_interface_is_in_spanish_with_source_buttons(browsing: Browsing, built_book: Path) -> None:
    page, _ = browsing.open("conceptos.html")
    try:
        english = sorted({t for t in page.evaluate(_UI_TEXTS) if ENGLISH_UI.match(t.strip())})
        placeholder = page.get_attribute(".bd-search input[name='q']", "placeholder")
        repository = page.eval_on_selector_all(
            ".btn-source-repository-button", "links => links.map(a => a.href)"
        )
        downloads = page.eval_on_selector_all(
            ".dropdown-download-buttons a", "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert not english, f"textos de la interfaz en inglés: {english}"
    assert placeholder and placeholder.startswith("Buscar"), placeholder
    assert any(url.rstrip("/") == REPOSITORY for url in repository), repository
    for suffix in (".md", ".ipynb"):
        links = [href for href in downloads if href.endswith(suffix)]
        assert links, f"falta el botón de descarga {suffix}: {downloads}"
        assert (built_book / links[0]).is_file(), f"el botón {suffix} apunta a {links[0]}"
    # El cuaderno que se descarga trae las salidas, también si la página salió de la caché.
    notebook = json.loads((built_book / links[0]).read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code"), links[0]


# --- Peso de las imágenes (no necesita navegador) ------------------------------------


def test_no_image_is_heavy(built_book: Path, site_report: list[str]) -> None:
    images = {
        path: path.stat().st_size
        for path in built_book.rglob("*")
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()
    }
    total = sum(p.stat().st_size for p in built_book.rglob("*") if p.is_file())
    heavy = {str(p.relative_to(built_book)): n // 1024 for p, n in images.items()}
    largest = max(heavy.items(), key=lambda item: item[1], default=("ninguna", 0))
    site_report.append(
        f"sitio: {total / 2**20:.1f} MiB; {len(images)} imágenes, "
        f"{sum(images.values()) / 2**20:.1f} MiB (la mayor: {largest[0]}, {largest[1]} KiB)"
    )
    too_big = {name: kib for name, kib in heavy.items() if kib * 1024 > MAX_IMAGE_BYTES}
    assert not too_big, f"imágenes de más de {MAX_IMAGE_BYTES // 1024} KiB: {too_big}"


# --- Navegación en un teléfono -------------------------------------------------------

_DRAWER_OPEN = """drawer => {
    const dialog = document.getElementById(drawer);
    if (dialog?.open !== true) return false;
    const links = Array.from(dialog.querySelectorAll('a'));
    return links.filter(a => a.checkVisibility({visibilityProperty: true})).length > 3;
}"""


@pytest.mark.parametrize(
    ("toggle", "drawer"),
    [(".primary-toggle", "pst-primary-sidebar-modal"),
     (".secondary-toggle", "pst-secondary-sidebar-modal")],
)  # fmt: skip
def test_phone_toggles_open_their_drawers(browsing: Browsing, toggle: str, drawer: str) -> None:
    """A 390 px, el botón del índice del libro y el de la página abren su panel.

    Con la cabecera duplicada del tema, los guiones enlazaban los botones de una
    cabecera oculta y los visibles solo mostraban una ayuda emergente.
    """
    page, visit = browsing.open("hardware/cpu.html")
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        buttons = page.locator(f"{toggle}:visible")
        assert buttons.count() == 1, f"{toggle}: {buttons.count()} botones visibles"
        buttons.first.click()
        settle(page, _DRAWER_OPEN, drawer)
        opened = page.evaluate(f"document.getElementById('{drawer}')?.open === true")
        links = page.locator(f"#{drawer} a:visible").count()
    finally:
        page.close()
    assert opened, f"{toggle} no abrió #{drawer}"
    assert links > 3, f"#{drawer} se abrió vacío ({links} enlaces)"
    assert not visit.console_errors


_FIGURE_JS = """id => {
    const figure = document.getElementById(id);
    const image = figure.querySelector(':scope > img');
    const caption = figure.querySelector(':scope > figcaption');
    const before = caption.getBoundingClientRect().left;
    figure.scrollLeft = figure.scrollWidth;
    const moved = figure.scrollLeft;
    const after = caption.getBoundingClientRect().left;
    figure.scrollLeft = 0;
    return {image: image.clientWidth, figure: figure.clientWidth, moved: moved,
            captionShift: Math.abs(after - before), tabindex: figure.getAttribute('tabindex')};
}"""
#: Una figura de dos paneles (la más ancha de su página).
WIDE_FIGURE = ("sistemas/servidores-web.html", "fig-web-rendimiento")


def test_figures_keep_readable_text_on_a_phone(browsing: Browsing) -> None:
    """A 390 px, la figura guarda al menos 520 px y se desplaza de lado; su pie, quieto.

    Encogida al ancho del teléfono, su texto quedaba en 6 o 7 px. La figura que se
    desplaza se alcanza con el teclado (``tabindex``); en el escritorio cabe y no lo
    necesita.
    """
    path, figure = WIDE_FIGURE
    page, visit = browsing.open(path)
    try:
        desk = page.evaluate(_FIGURE_JS, figure)
        page.set_viewport_size({"width": 390, "height": 844})
        settle(page, "id => document.getElementById(id).getAttribute('tabindex') === '0'", figure)
        phone = page.evaluate(_FIGURE_JS, figure)
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert desk["image"] <= desk["figure"] and desk["moved"] == 0, desk
    assert desk["tabindex"] is None, desk
    assert phone["image"] >= 520 and phone["moved"] > 0, phone
    assert phone["captionShift"] < 1 and phone["tabindex"] == "0", phone
    assert width <= 390, f"la página se desplaza de lado: {width} px"
    assert not visit.console_errors


# --- Botones del repositorio y el libro entero -----------------------------------------


def test_edit_issue_and_whole_book_buttons(browsing: Browsing) -> None:
    """Cada página: «Editar esta página», «Abrir una incidencia» y el libro en PDF y EPUB."""
    page, visit = browsing.open("conceptos.html")
    try:
        page.locator(".dropdown-source-buttons button:visible").first.click()
        edit = page.locator(".dropdown-source-buttons a:visible", has_text="Editar esta página")
        issue = page.locator(".dropdown-source-buttons a:visible", has_text="Abrir una incidencia")
        assert edit.count() == 1 and issue.count() == 1, "faltan los botones del repositorio"
        edit_url = edit.first.get_attribute("href") or ""
        issue_url = issue.first.get_attribute("href") or ""
        page.keyboard.press("Escape")
        page.locator(".dropdown-download-buttons button:visible").first.click()
        book = {
            text: page.locator(
                ".dropdown-download-buttons a:visible", has_text=text
            ).first.evaluate("a => a.href")
            for text in ("Libro en PDF", "Libro en EPUB")
        }
    finally:
        page.close()
    assert edit_url.startswith(REPOSITORY + "/edit/"), edit_url
    assert edit_url.endswith("/docs/conceptos.md"), edit_url
    issue_parts = urllib.parse.urlsplit(issue_url)
    assert issue_url.startswith(REPOSITORY + "/issues/new?"), issue_url
    fields = urllib.parse.parse_qs(issue_parts.query)
    assert fields["title"] == ["Página conceptos: "], fields
    assert "conceptos.html" in fields["body"][0], fields
    assert book == {
        "Libro en PDF": browsing.url("dadsbook.pdf"),
        "Libro en EPUB": browsing.url("dadsbook.epub"),
    }, "el libro entero se descarga de la raíz del sitio, desde cualquier página"
    assert not visit.console_errors, visit.console_errors


# --- Glosario ---------------------------------------------------------------------------


_JUMP = """anchor => {
    const bar = document.querySelector('nav.dadsbook-az').getBoundingClientRect();
    const term = document.getElementById(anchor).closest('dt').getBoundingClientRect();
    return {bar: bar.bottom, top: term.top, height: window.innerHeight,
            width: document.documentElement.scrollWidth};
}"""

_JUMPED = f"""anchor => {{
    const box = ({_JUMP})(anchor);
    return box.bar - 1 <= box.top && box.top < box.height;
}}"""


def test_glossary_jump_bar_takes_a_phone_reader_to_the_letter(browsing: Browsing) -> None:
    """A 390 px la barra A–Z cabe, sigue a la vista y cada salto deja el término debajo."""
    page, visit = browsing.open("glosario.html")
    try:
        page.set_viewport_size(PHONE)
        links = page.locator("nav.dadsbook-az a")
        assert links.count() > 10, f"barra A–Z con {links.count()} letras"
        for index in (links.count() - 1, links.count() // 2):
            link = links.nth(index)
            anchor = (link.get_attribute("href") or "#").removeprefix("#")
            link.click()
            settle(page, _JUMPED, anchor)
            box = page.evaluate(_JUMP, anchor)
            assert box["width"] <= PHONE["width"], f"el glosario se desplaza de lado: {box}"
            assert box["bar"] - 1 <= box["top"] < box["height"], (
                f"tras pulsar {link.inner_text()} el término queda tapado o fuera: {box}"
            )
    finally:
        page.close()
    assert not visit.console_errors, visit.console_errors


# --- make serve ---------------------------------------------------------------------------


@pytest.fixture
def make_serve(built_book: Path) -> Any:
    """El servidor de ``make serve`` (``conf/serve.py``) sobre el libro, en un puerto libre."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "conf" / "serve.py"), "--port", "0",
         "--directory", str(built_book)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/\S*)", line)
        assert match, f"make serve no dijo su dirección: {line!r}"
        yield match[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_make_serve_uses_the_pages_like_server() -> None:
    recipe = subprocess.run(
        ["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "conf/serve.py" in recipe, recipe


def test_404_page_works_under_make_serve(browser: Any, make_serve: str) -> None:
    """Lo que no existe recibe la 404 del libro, con su estilo, y su enlace lleva a la portada."""
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlparse(make_serve))
    context = browser.new_context(locale="es-ES", service_workers="block")
    failed: list[str] = []
    try:
        page = context.new_page()
        # Lo que la página pide (hojas, guiones, imágenes, letras); el icono de la pestaña lo
        # pide el navegador por su cuenta y a veces lo cancela al navegar.
        page.on(
            "requestfailed",
            lambda request: (
                failed.append(f"{request.url} ({request.failure})")
                if request.resource_type in {"stylesheet", "script", "image", "font"}
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                failed.append(f"{response.status} {response.url}")
                if response.status >= 400 and "no-existe" not in response.url
                else None
            ),
        )
        response = page.goto(origin)  # «/» lleva a la ruta del libro, como en GitHub Pages
        assert response is not None and response.status == 200
        assert page.url == make_serve, page.url
        response = page.goto(make_serve + "capitulo/no-existe.html", wait_until="networkidle")
        assert response is not None and response.status == 404
        heading = page.get_by_role("heading", level=1, name="Página no encontrada")
        assert heading.is_visible(), "la 404 no dice «Página no encontrada»"
        sheets = page.evaluate(
            "() => Array.from(document.styleSheets).filter(s => s.href).map(s => s.cssRules.length)"
        )
        assert sheets and all(rules > 0 for rules in sheets), "la 404 se ve sin estilo"
        page.wait_for_timeout(300)  # el icono se pide después de la carga
        assert not failed, f"recursos de la 404 que no cargaron: {failed}"
        page.get_by_role("link", name="portada").first.click()
        page.wait_for_load_state("load")
        assert page.url.rstrip("/") + "/" == make_serve, page.url
    finally:
        context.close()

"""Los simuladores del libro en Chromium, con Pyodide servido por el propio sitio.

Si ``conf/conf.py`` ya registra ``dadsbook_pyodide``, se usa el libro de ``built_book``;
si no, se construye un mini-sitio (portada, Conceptos, glosario y «Ejecuta el libro») con
una configuración que añade la extensión a la del libro. Se abre «Ejecuta el libro»
(tiene un widget por cada simulador ofrecido) y se comprueba:

- «Plantear» y «Resolver» con semilla 1 dan, byte a byte, la salida de
  ``dadsbook sim NOMBRE -s 1`` y ``-s 1 -c``;
- una entrada hostil muestra la misma línea de error en español que la orden;
- «Detener» termina el worker y la página sigue funcionando;
- ninguna petición sale del origen del sitio; axe-core no ve infracciones graves.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import visits

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "conf" / "_ext"))

import dadsbook_pyodide

ROOT = Path(__file__).resolve().parents[2]
PAGE = "ejecuta-el-libro.html"
RUN_TIMEOUT_MS = 120_000

#: La pestaña de «Ejecuta el libro», sus peticiones y sus errores de consola.
Reader = tuple[Any, list[str], list[str]]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """La orden real ``dadsbook`` con estos argumentos."""
    return subprocess.run(
        [sys.executable, "-m", "dadsbook", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture(scope="module")
def pyodide_site(built_book: Path, unavailable: Any) -> Path:
    """El libro de las pruebas: conf.py registra la extensión, así que lleva los widgets."""
    message = dadsbook_pyodide.missing_pyodide_message()
    if message is not None:
        unavailable(message)
    return built_book


@pytest.fixture(scope="module")
def origin(pyodide_site: Path) -> Iterator[str]:
    """El sitio servido en ``http://127.0.0.1:<puerto>/`` (el servidor se apaga al final)."""
    with visits.serve(pyodide_site, "/", []) as url:
        yield url


@pytest.fixture(scope="module")
def reader(browser: Any, origin: str) -> Iterator[Reader]:
    """Una pestaña en «Ejecuta el libro» con las peticiones y los errores anotados."""
    context = browser.new_context(locale="es-ES", service_workers="block")
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(origin + PAGE, wait_until="load")
    try:
        yield page, requests, errors
    finally:
        context.close()


def run_widget(page: Any, name: str, seed: str, options: str, action: str) -> dict[str, Any]:
    """Rellena el widget de ``name``, pulsa ``action`` y devuelve estado, salida y error."""
    widget = page.locator(f"#simulador-{name}")
    widget.locator('input[name="semilla"]').fill(seed)
    widget.locator('input[name="opciones"]').fill(options)
    widget.locator(f'button[data-accion="{action}"]').click()
    page.wait_for_function(
        f"() => document.querySelector('#simulador-{name}').dataset.estado !== undefined",
        timeout=RUN_TIMEOUT_MS,
    )
    return dict(
        widget.evaluate(
            """w => ({
                estado: w.dataset.estado,
                salida: w.querySelector('.dadsbook-simulador-salida').textContent,
                error: w.querySelector('.dadsbook-simulador-error').textContent,
            })"""
        )
    )


def test_page_offers_every_simulator(reader: Reader) -> None:
    page, _, _ = reader
    found = page.eval_on_selector_all(
        ".dadsbook-simulador", "ws => ws.map(w => w.dataset.simulador)"
    )
    assert sorted(found) == sorted(dadsbook_pyodide.OFFERED)


#: En el navegador, «Resolver» con cada simulador ofrecido (cada uno se importa del zip que
#: sirve el sitio) y «Plantear» con uno: que cada simulador da en Pyodide lo mismo que la
#: orden, con y sin -c, ya lo comprueba tests/test_pyodide_ext.py (Pyodide en Node).
WIDGET_RUNS = [(name, True) for name in dadsbook_pyodide.OFFERED] + [("kitchen", False)]


@pytest.mark.parametrize(
    ("name", "compute"),
    WIDGET_RUNS,
    ids=[f"{'resolver' if c else 'plantear'}-{n}" for n, c in WIDGET_RUNS],
)
def test_output_equals_cli(reader: Reader, name: str, compute: bool) -> None:
    page, _, _ = reader
    got = run_widget(page, name, "1", "", "resolver" if compute else "plantear")
    expected = cli("sim", name, "-s", "1", *(["-c"] if compute else []))
    assert expected.returncode == 0, expected.stderr
    assert got["estado"] == "0", got["error"]
    assert got["salida"] == expected.stdout
    assert got["error"] == ""


@pytest.mark.parametrize(
    ("seed", "options"),
    [("-1; rm -rf /", ""), ("1", "--writes 1e999"), ("1", "--preset 'sin cerrar")],
    ids=["semilla", "opcion", "comillas"],
)
def test_hostile_input_gets_spanish_error(reader: Reader, seed: str, options: str) -> None:
    page, _, _ = reader
    got = run_widget(page, "mesi", seed, options, "resolver")
    assert got["estado"] == "2"
    assert got["salida"] == ""
    assert got["error"].startswith("dadsbook sim mesi: error: ")
    assert "\n" not in got["error"] and "Traceback" not in got["error"]
    if "'" not in options:
        expected = cli("sim", "mesi", "-s", seed, *options.split(), "-c")
        assert expected.returncode == 2
        assert got["error"] == expected.stderr.strip()


def test_stop_terminates_the_worker(browser: Any, origin: str) -> None:
    context = browser.new_context(locale="es-ES", service_workers="block")
    try:
        page = context.new_page()
        page.goto(origin + PAGE, wait_until="load")
        widget = page.locator("#simulador-pipeline")
        widget.locator('button[data-accion="resolver"]').click()
        stop = widget.locator('button[data-accion="detener"]')
        assert stop.is_enabled()
        stop.click()
        assert widget.get_attribute("data-estado") == "detenido"
        assert "Detenido" in widget.locator(".dadsbook-simulador-estado").inner_text()
        assert not stop.is_enabled()
        assert widget.locator('button[data-accion="plantear"]').is_enabled()
        again = run_widget(page, "pipeline", "1", "", "plantear")
        assert again["estado"] == "0"
        assert again["salida"] == cli("sim", "pipeline", "-s", "1").stdout
    finally:
        context.close()


def test_nothing_leaves_the_origin(reader: Reader, origin: str) -> None:
    page, requests, errors = reader
    run_widget(page, "zns", "2", "", "resolver")
    foreign = [u for u in requests if not u.startswith((origin, "data:", "blob:"))]
    assert foreign == []
    assert any(u.endswith("pyodide.asm.wasm") for u in requests)
    assert any(u.endswith(dadsbook_pyodide.SOURCE_ZIP) for u in requests)
    assert errors == []


def test_widget_has_no_serious_axe_violation(reader: Reader) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _, _ = reader
    run_widget(page, "mesi", "1", "", "resolver")
    result = Axe().run(page, context={"include": [[".dadsbook-simulador"]]})
    serious = [
        f"{v['id']}: {v['help']}: {[n['html'][:160] for n in v['nodes']]}"
        for v in result.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert serious == []


def test_try_it_links_reach_a_widget(browser: Any, origin: str) -> None:
    context = browser.new_context(locale="es-ES", service_workers="block")
    try:
        page = context.new_page()
        page.goto(origin + PAGE, wait_until="load")
        targets = page.eval_on_selector_all(
            'a[href^="#simulador-"]', "links => links.map(a => a.getAttribute('href'))"
        )
        assert targets, "«Ejecuta el libro» no enlaza a ningún simulador"
        for target in targets:
            assert page.locator(f"{target}.dadsbook-simulador").count() == 1, target
        assert page.locator("a", has_text="pruébalo aquí").count() == len(targets)
    finally:
        context.close()

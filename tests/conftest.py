"""Configuración común de las pruebas del paquete."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import book
import pytest
from hypothesis import settings

from dadsbook import hygiene

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

# Un solo perfil de hypothesis para todas las pruebas de propiedades: sin plazo por
# ejemplo (los simuladores y las mediciones tardan lo que tardan en una máquina de 2
# núcleos ocupada), sin base de datos de ejemplos (nada que escribir en el árbol) y
# derandomizado (CI y quien escribe ven los mismos ejemplos). Cada prueba fija solo
# cuántos ejemplos necesita (``@settings(max_examples=…)``).
#
# ``make check`` elige el perfil ``check`` (``HYPOTHESIS_PROFILE=check``): el mismo, pero
# cada prueba de propiedades recogida corre la cuarta parte de sus ejemplos
# (:func:`check_examples`: ``CHECK_DIVISOR``, nunca menos de ``CHECK_MIN_EXAMPLES`` ni
# más de los suyos). ``make test`` (sin la variable) corre todos los de cada prueba.
settings.register_profile("dadsbook", deadline=None, database=None, derandomize=True)
settings.register_profile("check", parent=settings.get_profile("dadsbook"))
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dadsbook")
settings.load_profile(HYPOTHESIS_PROFILE)
CHECK_DIVISOR = 4
CHECK_MIN_EXAMPLES = 10

ROOT = Path(__file__).resolve().parents[1]


def check_examples(full: int) -> int:
    """Los ejemplos que corre en el perfil ``check`` una prueba que pide ``full``."""
    return min(full, max(CHECK_MIN_EXAMPLES, full // CHECK_DIVISOR))


def scale_examples(test: object) -> None:
    """Ajusta a :func:`check_examples` los ejemplos de una prueba ``@given`` (una vez).

    hypothesis lee sus ajustes al llamar a la prueba (``_hypothesis_internal_use_settings``,
    los del perfil o los de su ``@settings``), así que basta con cambiarlos al recogerla.
    Los ejemplos que pedía quedan en ``_dadsbook_full_examples``.
    """
    function = getattr(test, "__func__", test)
    if not getattr(function, "is_hypothesis_test", False):
        return
    if hasattr(function, "_dadsbook_full_examples"):
        return  # una prueba parametrizada: la misma función en varios elementos
    own = function._hypothesis_internal_use_settings  # type: ignore[attr-defined]
    function._dadsbook_full_examples = own.max_examples  # type: ignore[attr-defined]
    if HYPOTHESIS_PROFILE == "check":
        function._hypothesis_internal_use_settings = settings(  # type: ignore[attr-defined]
            own, max_examples=check_examples(own.max_examples)
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "hygiene_exempt(reason): la prueba puede dejar vivo algo (hilo, proceso, descriptor);"
        " el motivo es obligatorio",
    )


@pytest.fixture(autouse=True)
def nothing_survives(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tras cada prueba no sobrevive ningún hilo, proceso hijo (zombis incluidos) ni descriptor.

    Se fotografía el proceso antes de la prueba (y de sus fixtures de función; las de
    sesión o de módulo ya están en la foto) y se compara al terminar
    (:func:`dadsbook.hygiene.check`): si sobra algo, la prueba falla en su desmontaje
    nombrando cada cosa. Una prueba que no pueda cumplirlo lleva
    ``@pytest.mark.hygiene_exempt(reason="…")``. Las pruebas del sitio (``tests/site``)
    no se comprueban: el servidor y el navegador viven toda la sesión a propósito.
    """
    marker = request.node.get_closest_marker("hygiene_exempt")
    if marker is not None and not str(marker.kwargs.get("reason", "")).strip():
        pytest.fail('hygiene_exempt necesita un motivo: reason="…"', pytrace=False)
    if marker is not None or Path(str(request.node.path)).is_relative_to(ROOT / "tests" / "site"):
        yield
        return
    before = hygiene.Snapshot.take()
    yield
    hygiene.check(before, where=f"la prueba {request.node.nodeid}")


@pytest.fixture
def root() -> Path:
    """Carpeta raíz del repositorio."""
    return ROOT


@pytest.fixture(scope="session")
def built_book(request: pytest.FixtureRequest) -> Path:
    """El libro entero construido con el perfil quick, con ``-W -n``, en una carpeta temporal.

    Una sola construcción por sesión de pruebas (:mod:`book`): la misma que verifica los
    fragmentos con sybil, y la comparten las comprobaciones del HTML, la ortografía (que
    reutiliza su caché de ejecución), el PDF/EPUB y las pruebas en el navegador. Falla si
    la construcción dio cualquier error o aviso. Devuelve la carpeta del HTML; la caché
    queda en ``<html>/../cache``.
    """
    built = book.build(request.session)
    assert built.pages is None, "built_book necesita el libro entero"
    assert built.returncode == 0, built.failure()
    return built.html


#: La fixture de ``tests/site/conftest.py`` que abre Chromium (Playwright).
BROWSER_FIXTURE = "browser"
#: Fixtures que construyen el libro (o beben de su construcción).
BUILD_FIXTURES = {"built_book", "executed_book"}


def pytest_itemcollected(item: pytest.Item) -> None:
    """Cada prueba de propiedades, con los ejemplos de su perfil (:func:`scale_examples`)."""
    if isinstance(item, pytest.Function):
        scale_examples(item.obj)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marca las capas de pruebas y deja las del sitio para el final de la sesión.

    - ``build``: la prueba usa la construcción del libro (``built_book`` o, en sybil,
      ``executed_book``), o construye páginas ella misma (marcada a mano);
    - ``browser``: abre Chromium (usa la fixture ``browser`` de ``tests/site``);
    - ``slow``: marcada a mano (procesos, servidores o mediciones reales de segundos).

    ``make check`` ejecuta lo que no es ninguna de las tres. Las que usan la construcción
    van detrás de las demás (que corren mientras el libro se construye en segundo plano:
    :func:`book.start`), y las del sitio al final: la API síncrona de Playwright deja un
    bucle de asyncio en marcha en el hilo principal mientras el navegador vive (hasta el
    final de la sesión); cualquier prueba posterior que ejecute su propio bucle fallaría
    con «another loop is running».
    """
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        if BROWSER_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    site = ROOT / "tests" / "site"
    items.sort(
        key=lambda item: (
            Path(str(item.path)).is_relative_to(site),
            item.get_closest_marker("build") is not None,
        )
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Arranca en segundo plano la construcción del libro que la sesión necesite."""
    book.start(session)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Una construcción que nadie llegó a esperar no sobrevive a la sesión."""
    book.stop()

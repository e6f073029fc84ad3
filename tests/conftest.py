"""Configuración común de las pruebas del paquete."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dadsbook import hygiene

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

ROOT = Path(__file__).resolve().parents[1]


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
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """El libro entero construido con el perfil quick, con ``-W -n``, en una carpeta temporal.

    Una sola construcción por sesión de pruebas: la comparten las comprobaciones del HTML,
    la ortografía (que reutiliza su caché de ejecución) y las pruebas en el navegador.
    Devuelve la carpeta del HTML; la caché queda en ``<html>/../cache``.
    """
    out = tmp_path_factory.mktemp("libro")
    env = dict(
        os.environ,
        DADSBOOK_PROFILE="quick",
        DADSBOOK_CACHE_DIR=str(out / "cache"),
        DADSBOOK_EXECUTION_MODE="cache",
    )
    env.pop("MPLBACKEND", None)  # el núcleo usa el backend de Jupyter
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-n",
        "-b", "html", "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html"),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    return out / "html"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Las pruebas del sitio (Chromium vía Playwright) van al final de la sesión.

    La API síncrona de Playwright deja un bucle de asyncio en marcha en el hilo
    principal mientras el navegador vive (hasta el final de la sesión); cualquier prueba
    posterior que ejecute su propio bucle fallaría con «another loop is running».
    """
    site = ROOT / "tests" / "site"
    items.sort(key=lambda item: Path(str(item.path)).is_relative_to(site))

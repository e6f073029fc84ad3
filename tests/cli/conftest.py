"""Configuración de las pruebas de la línea de órdenes: la marca ``lenta``.

Las ayudas comunes viven en ``cli/support.py`` (``from cli.support import run``).
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Registra ``lenta``: pruebas de varios segundos que ``make test`` ejecuta igualmente."""
    config.addinivalue_line("markers", "lenta: prueba de varios segundos (corre en make test)")

"""Configuración común de las pruebas del paquete."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    """Carpeta raíz del repositorio."""
    return ROOT

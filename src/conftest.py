"""Sybil: los ejemplos de las docstrings de ``src/dadsbook`` son pruebas."""

from __future__ import annotations

import os

from sybil import Sybil
from sybil.parsers.rest import DocTestParser

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

# PurePath.match no entiende ``**`` antes de Python 3.13: «*.py» casa con cualquier
# profundidad porque se compara desde la derecha.
pytest_collect_file = Sybil(
    parsers=[DocTestParser()], patterns=["*.py"], excludes=["conftest.py"], name="docstrings"
).pytest()

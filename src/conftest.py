"""Sybil: los ejemplos de las docstrings de ``src/dadsbook`` son pruebas."""

from __future__ import annotations

import os

from sybil import Sybil
from sybil.parsers.rest import DocTestParser

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("DADSBOOK_PROFILE", "quick")

pytest_collect_file = Sybil(
    parsers=[DocTestParser()], patterns=["dadsbook/**/*.py", "dadsbook/*.py"], name="docstrings"
).pytest()

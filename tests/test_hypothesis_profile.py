"""El perfil de hypothesis de ``make check``: la cuarta parte de los ejemplos, no menos de diez.

``tests/conftest.py`` ajusta al recoger cada prueba ``@given`` los ejemplos que corre:
todos los suyos en ``make test``; con ``HYPOTHESIS_PROFILE=check`` (``make check``), la
cuarta parte, nunca menos de diez ni más de los suyos (``check_examples``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

CHECK = os.environ.get("HYPOTHESIS_PROFILE") == "check"
SEEN: list[int] = []


@settings(max_examples=40)
@given(st.integers())
def test_counted_property(number: int) -> None:
    """Una propiedad que apunta cada ejemplo que recibe (la cuenta la prueba de abajo)."""
    SEEN.append(number)


def expected(full: int) -> int:
    """La regla escrita en ``tests/conftest.py``, calculada aquí por separado.

    En ``check``: 100 → 25, 150 → 37, 300 → 75, 40 → 10, 25 → 10, 8 → 8.
    """
    return min(full, max(10, full // 4)) if CHECK else full


def test_the_property_runs_the_examples_of_its_profile() -> None:
    SEEN.clear()
    test_counted_property()
    assert len(SEEN) == expected(40)


def test_every_collected_property_gets_the_examples_of_its_profile(
    request: pytest.FixtureRequest,
) -> None:
    functions = {
        id(f): f
        for item in request.session.items
        if getattr(f := getattr(item, "obj", None), "is_hypothesis_test", False)
    }
    assert functions, "no se recogió ninguna prueba de propiedades"
    runs = {}
    for function in functions.values():
        name = function.hypothesis.inner_test.__qualname__
        runs[name] = function._hypothesis_internal_use_settings.max_examples
        assert runs[name] == expected(function._dadsbook_full_examples), name
    assert runs["test_counted_property"] == expected(40)

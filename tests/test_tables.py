"""Pruebas de las tablas (dadsbook.tables)."""

from __future__ import annotations

import pytest

from dadsbook.tables import Table


def test_html_has_header_row_and_escapes() -> None:
    html = Table(("a", "b<c"), [(1, "x&y")], caption="título")._repr_html_()
    assert '<th scope="col">b&lt;c</th>' in html and "x&amp;y" in html
    assert "<caption>título</caption>" in html


def test_floats_are_readable() -> None:
    """Los números salen con el formateador español: coma decimal y miles separados."""
    assert "0,333" in str(Table(("x",), [(1 / 3,)]))
    assert "123\u202f457" in str(Table(("x",), [(123456.7,)]))
    assert "sí" in Table(("x",), [(True,)])._repr_html_()


def test_bad_shapes() -> None:
    with pytest.raises(ValueError, match="headers"):
        Table((), [])
    with pytest.raises(ValueError, match=r"rows\[0\]"):
        Table(("a", "b"), [(1,)])

"""Los ejemplos de la documentación de Kubernetes y KEDA salen como dice la documentación."""

from __future__ import annotations

from dadsbook.systems.containers import doc_examples


def test_every_example_matches_the_documentation() -> None:
    wrong = [e for e in doc_examples.examples() if e.computed != e.expected]
    assert not wrong


def test_table_has_one_row_per_example() -> None:
    table = doc_examples.table()
    assert len(table.rows) == len(doc_examples.examples())
    assert table.headers[0] == "fuente"

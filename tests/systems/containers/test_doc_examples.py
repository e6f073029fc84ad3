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


def test_both_paths_table() -> None:
    """Desde 1 réplica pidiendo 40: sin behavior 4, 8, 16, 32, 40; con behavior 5, 10, 20, 40."""
    table = doc_examples.both_paths(demand=40, start=1, cycles=5)
    assert [row[1] for row in table.rows] == ["4", "8", "16", "32", "40"]
    assert [row[2] for row in table.rows] == ["5", "10", "20", "40", "40"]
    assert table.rows[1][0] == "15 s"

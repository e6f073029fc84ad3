"""Ninguna frase comparativa del libro sale de comparar medianas: todas pasan por el veredicto.

Busca, en las celdas de cada página y en los módulos del paquete, un ``if`` (o una
expresión condicional) cuya condición ordena valores (``<``, ``>``, ``<=``, ``>=``) y
cuyas ramas eligen texto para quien lee. Eso es elegir palabras con dos medianas: debe
hacerse con :func:`dadsbook.verdict.compare`. Los mensajes de error (``raise``) no
cuentan. Las excepciones, con su motivo, están en :data:`ALLOWED`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from snippets import book_pages, find_snippets

ROOT = Path(__file__).resolve().parents[1]
ORDERING = (ast.Lt, ast.Gt, ast.LtE, ast.GtE)
#: Palabras que delatan una comparación en el texto elegido por el código del paquete.
COMPARATIVE = re.compile(
    r"más |menos |mejor|peor|rápid|lent|barat|\bcar[oa]s?\b|aceler|sube|baja|\bgan[aó]|ayud",
    re.IGNORECASE,
)
#: (fichero relativo a la raíz, primeras palabras del texto elegido) → motivo.
ALLOWED: dict[tuple[str, str], str] = {
    ("src/dadsbook/fmt.py", "infinito"): "el formateador escribe el signo de un infinito",
}


def _ordered(test: ast.expr) -> bool:
    return any(
        isinstance(node, ast.Compare) and any(isinstance(op, ORDERING) for op in node.ops)
        for node in ast.walk(test)
    )


def _texts(statements: list[ast.stmt] | list[ast.expr]) -> list[str]:
    found: list[str] = []
    raises = {
        id(n) for s in statements for r in ast.walk(s) if isinstance(r, ast.Raise)
        for n in ast.walk(r)
    }  # fmt: skip
    for statement in statements:
        for node in ast.walk(statement):
            if id(node) in raises:
                continue
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.strip()
            ):
                found.append(node.value.strip())
    return found


def choices_of_text(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Líneas donde una comparación de orden elige entre textos, con los textos."""
    hits: list[tuple[int, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and _ordered(node.test):
            texts = _texts([node.body, node.orelse])
        elif isinstance(node, ast.If) and _ordered(node.test):
            texts = _texts(node.body + node.orelse)
        else:
            continue
        if texts:
            hits.append((node.lineno, texts))
    return hits


def _allowed(path: str, texts: list[str]) -> bool:
    return any((path, t.split(":")[0][:40]) in ALLOWED or (path, t) in ALLOWED for t in texts)


def test_the_scan_catches_a_median_comparison() -> None:
    """La prueba puede fallar: una elección con dos medianas se detecta."""
    code = 'glue("x", "los hilos" if t.median_s < p.median_s else "los procesos")'
    assert choices_of_text(ast.parse(code)) == [(1, ["los hilos", "los procesos"])]
    code = 'if a.median_s > b.median_s:\n    raise ValueError("más")'
    assert choices_of_text(ast.parse(code)) == []


@pytest.mark.parametrize("page", book_pages(ROOT / "docs"), ids=lambda p: p.stem)
def test_no_page_cell_chooses_words_by_comparing(page: Path) -> None:
    found = []
    for snippet in find_snippets(page):
        try:
            tree = ast.parse(snippet.body)
        except SyntaxError:
            continue  # celdas con await de nivel superior o magia de IPython: las ve sybil
        for line, texts in choices_of_text(tree):
            where = str(page.relative_to(ROOT))
            if not _allowed(where, texts):
                found.append(f"{where}:{snippet.first + line}: {texts[:2]}")
    assert not found, "frases elegidas sin dadsbook.verdict:\n" + "\n".join(found)


def test_no_module_chooses_comparative_words_by_comparing() -> None:
    found = []
    for path in sorted((ROOT / "src" / "dadsbook").rglob("*.py")):
        if path.name == "verdict.py":
            continue
        where = str(path.relative_to(ROOT))
        for line, texts in choices_of_text(ast.parse(path.read_text(encoding="utf-8"))):
            if any(COMPARATIVE.search(t) for t in texts) and not _allowed(where, texts):
                found.append(f"{where}:{line}: {texts[:2]}")
    assert not found, "frases comparativas elegidas sin dadsbook.verdict:\n" + "\n".join(found)

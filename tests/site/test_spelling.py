"""Ortografía española de la prosa del libro: hunspell-es más una lista de palabras revisada.

Se ejecuta el constructor ``spelling`` de sphinxcontrib-spelling (``DADSBOOK_SPELLING=1``)
sobre las mismas fuentes que ``built_book`` y con su misma caché de ejecución, así que no
se vuelve a ejecutar ninguna celda. Solo se revisa la prosa: el código, el código en línea,
las salidas de las celdas y los valores pegados (glue) no se miran.
La lista del proyecto es ``conf/spelling_wordlist.txt``: solo términos técnicos correctos
(inglés, productos, identificadores que salen en la prosa) y palabras españolas correctas
que faltan en el diccionario; nunca una falta.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import book
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
WORDLIST = ROOT / "conf" / "spelling_wordlist.txt"
# docs/conceptos.md:12: (palabra) ["sugerencia", ...] contexto
LINE = re.compile(r"^(?P<source>[^:]+):(?P<line>\d+|None): \((?P<word>[^)]*)\) (?P<rest>.*)$")
SUGGESTIONS = re.compile(r'^\[(?P<list>"[^]]*")\]\s*')


@dataclass(frozen=True)
class Misspelling:
    page: str
    line: str
    word: str
    suggestions: str
    context: str

    def __str__(self) -> str:
        hint = f" (¿{self.suggestions}?)" if self.suggestions else ""
        return f"línea {self.line}: «{self.word}»{hint} … {self.context.strip()[:80]}"


@dataclass(frozen=True)
class SpellingRun:
    returncode: int
    log: str
    misspellings: list[Misspelling]


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_spanish_dictionary() -> None:
    """Salta (o, en CI, falla) si falta pyenchant o el diccionario es_ES de hunspell."""
    try:
        import enchant

        available = enchant.dict_exists("es_ES")
    except ImportError:
        available = False
    if not available:
        reason = (
            "No hay diccionario español para la ortografía: instala hunspell-es y "
            "libenchant-2-2 (apt-get) y pyenchant (pip)"
        )
        if on_ci():
            pytest.fail(f"{reason} (en CI estas pruebas no se saltan)", pytrace=False)
        pytest.skip(reason)


def parse_spelling_output(folder: Path) -> list[Misspelling]:
    """Lee los ``*.spelling`` que escribe el constructor (uno por página con faltas)."""
    found = []
    for report in sorted(folder.rglob("*.spelling")):
        for raw in report.read_text(encoding="utf-8").splitlines():
            match = LINE.match(raw)
            if not match:
                continue
            rest = match["rest"]
            suggestions = SUGGESTIONS.match(rest)
            hint = ""
            if suggestions:
                hint = ", ".join(s.strip('"') for s in suggestions["list"].split(", ")[:3])
                rest = rest[suggestions.end() :]
            page = match["source"].removeprefix("docs/")
            found.append(Misspelling(page, match["line"], match["word"], hint, rest))
    return found


def spelling_command(srcdir: Path, out: Path, cache: Path) -> tuple[list[str], dict[str, str]]:
    """La orden ``sphinx -b spelling -W`` con la configuración del libro, y su entorno."""
    env = dict(
        os.environ,
        DADSBOOK_SPELLING="1",
        DADSBOOK_PROFILE="quick",
        DADSBOOK_CACHE_DIR=str(cache),
        DADSBOOK_EXECUTION_MODE="cache",
    )
    env.pop("MPLBACKEND", None)  # el núcleo usa el backend de Jupyter
    env.pop("DADSBOOK_PAGES", None)
    # Solo se escribe un .spelling por página con faltas: los de otra vuelta confundirían.
    shutil.rmtree(out / "spelling", ignore_errors=True)
    command = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT / "conf"), "-W", "--keep-going", "-q",
        *book.OPTIONS, "-b", "spelling", "-d", str(out / "doctrees"),
        str(srcdir), str(out / "spelling"),
    ]  # fmt: skip
    return command, env


def run_spelling(srcdir: Path, out: Path, cache: Path) -> SpellingRun:
    """Ejecuta la revisión ortográfica de ``srcdir`` y espera a que termine."""
    command, env = spelling_command(srcdir, out, cache)
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    return SpellingRun(
        result.returncode,
        result.stdout[-4000:] + result.stderr[-8000:],
        parse_spelling_output(out / "spelling"),
    )


@book.follow_up("ortografía", __file__)
def spelling_step(out: Path) -> book.Step:
    """La revisión del libro entero, que arranca nada más construirse (en segundo plano)."""
    command, env = spelling_command(DOCS, out / "ortografia", out / "cache")
    return book.Step(command, env=env, cwd=ROOT)


@pytest.fixture(scope="session")
def spelling(built_book: Path) -> Iterator[SpellingRun]:
    """La revisión ortográfica del libro entero, con la caché de ejecución de built_book."""
    require_spanish_dictionary()
    result = book.job("ortografía", book.build_of(built_book)).wait()
    out = built_book.parent / "ortografia"
    yield SpellingRun(
        result.returncode,
        result.stdout[-4000:] + result.stderr[-8000:],
        parse_spelling_output(out / "spelling"),
    )


def book_pages() -> list[str]:
    pages = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
    return [str(p.relative_to(DOCS)) for p in pages if not p.name.startswith("_")]


@pytest.mark.parametrize("page", book_pages())
def test_page_has_no_misspelling(spelling: SpellingRun, page: str) -> None:
    wrong = [m for m in spelling.misspellings if m.page == page]
    assert not wrong, (
        f"{page}: {len(wrong)} palabras que no están en el diccionario ni en "
        "conf/spelling_wordlist.txt (corrígelas; solo los términos técnicos correctos "
        "van a la lista):\n" + "\n".join(map(str, wrong))
    )


def test_spelling_build_has_no_other_warning(spelling: SpellingRun) -> None:
    other = [
        line
        for line in spelling.log.splitlines()
        if ("WARNING" in line or "ERROR" in line or "Traceback" in line)
        and "Spell check" not in line
        and "misspelled words" not in line
    ]
    assert not other, "la construcción de la ortografía avisó de otras cosas:\n" + "\n".join(other)
    if not spelling.misspellings:
        assert spelling.returncode == 0, spelling.log


def test_wordlist_is_sorted_unique_and_needed() -> None:
    require_spanish_dictionary()
    import enchant

    words = WORDLIST.read_text(encoding="utf-8").splitlines()
    assert all(w and w == w.strip() and " " not in w for w in words), "líneas vacías o espacios"
    assert words == sorted(set(words), key=lambda w: (w.casefold(), w)), (
        "conf/spelling_wordlist.txt debe estar ordenada (sin distinguir mayúsculas) y sin "
        "repeticiones"
    )
    lowercase = {w for w in words if w == w.lower()}
    shadowed = [w for w in words if w != w.lower() and w.lower() in lowercase]
    assert not shadowed, f"la forma en minúsculas ya cubre estas: {shadowed}"
    spanish = enchant.Dict("es_ES")
    redundant = [w for w in words if spanish.check(w)]
    assert not redundant, f"ya están en el diccionario, sobran en la lista: {redundant}"


PROBE = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

(sec-prueba)=
# Prueba

La concurrencia no es paralelismmo, y `xqzwvcodigo` en línea no se revisa.

```{code-cell} ipython3
from myst_nb import glue

print("xqzwvsalida")
glue("pegado", "xqzwvpegado")
```

El valor pegado es {glue:text}`pegado`.

```python
xqzwvbloque = 1
```
"""


@pytest.mark.build
def test_only_prose_is_checked(tmp_path: Path) -> None:
    """Una falta en la prosa se detecta; el código, las salidas y lo pegado no se revisan."""
    require_spanish_dictionary()
    source = tmp_path / "fuente"
    source.mkdir()
    (source / "index.md").write_text(textwrap.dedent(PROBE), encoding="utf-8")
    run = run_spelling(source, tmp_path / "salida", tmp_path / "cache")
    words = {m.word for m in run.misspellings}
    assert "paralelismmo" in words, run.log
    assert not {w for w in words if w.startswith("xqzwv")}, f"se revisó código: {words}"

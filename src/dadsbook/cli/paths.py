"""Dónde están las páginas del libro y sus resultados, y cómo leer los ficheros de quien lo usa.

Las órdenes ``bench``, ``compare`` y ``youtube`` funcionan desde cualquier carpeta: sus
valores por omisión se buscan primero en la carpeta actual y después en el clon del
repositorio del que se instaló el paquete (``pip install -e .`` o ``make install``).
Un paquete instalado sin clon no trae las páginas del libro: entonces el mensaje dice
qué pasar.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BOOK_RESULTS", "book_results", "docs_folder", "read_text", "repository"]

#: Los resultados que publica la construcción del libro, junto al sitio.
BOOK_RESULTS = Path("_build") / "html" / "benchmarks.json"


def repository() -> Path | None:
    """La raíz del clon del que se instaló el paquete, si se instaló desde uno."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "docs" / "index.md").is_file() else None


def _candidates(relative: Path) -> list[Path]:
    root = repository()
    return [relative] + ([root / relative] if root is not None else [])


def docs_folder(given: Path | None) -> Path:
    """La carpeta ``docs/`` del libro: la dada, la de la carpeta actual o la del clon."""
    if given is not None:
        if not (given / "index.md").is_file():
            raise ValueError(
                f"--docs: {given} no es la carpeta docs/ del libro (no tiene index.md)"
            )
        return given
    for candidate in _candidates(Path("docs")):
        if (candidate / "index.md").is_file():
            return candidate
    raise ValueError(
        "no encuentro la carpeta docs/ del libro (el paquete instalado no la trae): "
        "ejecuta desde un clon del repositorio o pasa --docs RUTA/docs"
    )


def book_results(given: str | None) -> Path:
    """El ``benchmarks.json`` del libro: el dado o el de una construcción local."""
    if given is not None:
        if given.lower().startswith(("http://", "https://", "ftp://", "file://")):
            raise ValueError(
                f"--book espera un fichero local, no una dirección: descarga {given} "
                "(por ejemplo con curl -O) y pasa la ruta del fichero"
            )
        return Path(given)
    for candidate in _candidates(BOOK_RESULTS):
        if candidate.is_file():
            return candidate
    raise ValueError(
        "no encuentro los resultados del libro (_build/html/benchmarks.json): construye el "
        "libro con make html o descarga benchmarks.json del sitio publicado y pásalo con --book"
    )


def read_text(path: Path, what: str) -> str:
    """El texto UTF-8 de ``path`` (con o sin marca de orden de bytes), o un error en español."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"no existe {what} {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{what} {path} es una carpeta, no un fichero") from None
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{what} {path} no es texto UTF-8 (byte {error.start} no válido)"
        ) from None
    except OSError as error:
        raise ValueError(f"no se puede leer {what} {path}: {error.strerror}") from None

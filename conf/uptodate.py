"""¿Hace falta arrancar Sphinx? Sin cambios, ``make html`` responde en menos de un segundo.

Arrancar Sphinx con las extensiones del libro (myst-nb, el tema, la bibliografía…)
cuesta varios segundos aunque no haya nada que hacer. Tras cada construcción que
termina bien, ``make html`` escribe junto al HTML (``.dadsbook-huella``) la **huella**
de todo lo que puede cambiar el resultado:

- cada fichero de ``docs/``, ``conf/`` y ``src/`` más ``pyproject.toml`` y
  ``package-lock.json`` (ruta, tamaño y fecha de modificación: un fichero nuevo, borrado
  o tocado cambia la huella);
- el commit (el pie de cada página lo muestra) y el perfil y las opciones de Sphinx;
- las variables de entorno ``DADSBOOK_*`` (URL base, páginas, repositorio…);
- la máquina y el entorno que cambian los números (la misma línea que usa la caché de
  ejecución, :func:`dadsbook_cache.environment`: Python, NumPy, CPU y sus núcleos).

Si la huella guardada es la de ahora, el libro ya está al día y no se arranca Sphinx;
si no, Sphinx construye como siempre (su caché decide qué páginas re-ejecutar).
``make html-fresh`` siempre construye.

Uso: ``python conf/uptodate.py check|record CARPETA --profile P [--options "…"]``
(``check`` termina con 0 si está al día y 1 si no).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Fichero de la huella, dentro de la carpeta del HTML construido.
STAMP = ".dadsbook-huella"
PENDING = ".dadsbook-huella.pendiente"
TREES = ("docs", "conf", "src")
FILES = ("pyproject.toml", "package-lock.json")
SKIPPED = {"__pycache__", "_build", ".mypy_cache", ".ruff_cache"}


def _files(root: Path) -> Iterator[Path]:
    for tree in TREES:
        for folder, dirs, names in os.walk(root / tree):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
            for name in sorted(names):
                yield Path(folder) / name
    for name in FILES:
        yield root / name


def _commit(root: Path) -> str:
    """El commit de ``HEAD`` leído de ``.git`` (sin lanzar git)."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if head.startswith("ref: "):
            ref = git / head.removeprefix("ref: ")
            return ref.read_text(encoding="utf-8").strip() if ref.is_file() else head
        return head
    except OSError:
        return "sin git"


def _machine() -> str:
    sys.path.insert(0, str(ROOT / "conf" / "_ext"))
    sys.path.insert(0, str(ROOT / "src"))
    from dadsbook_cache import environment

    return environment()


def fingerprint(profile: str, options: str, root: Path = ROOT) -> str:
    """La huella de lo que cambiaría el libro construido con ``profile`` y ``options``."""
    digest = hashlib.sha256()
    for line in (profile, options, _commit(root), _machine()):
        digest.update(line.encode() + b"\n")
    for key in sorted(k for k in os.environ if k.startswith("DADSBOOK_")):
        digest.update(f"{key}={os.environ[key]}\n".encode())
    for path in _files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(root)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def is_fresh(html: Path, profile: str, options: str, root: Path = ROOT) -> bool:
    """¿El HTML de ``html`` es el que saldría ahora?

    Si no lo es, deja la huella de ahora como pendiente (``.dadsbook-huella.pendiente``):
    :func:`record` la anota cuando la construcción termine bien. Se toma **antes** de
    construir, para que un fichero que se edite mientras Sphinx trabaja no pase por
    construido.
    """
    stamp = html / STAMP
    now = fingerprint(profile, options, root)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == now:
        return True
    html.mkdir(parents=True, exist_ok=True)
    (html / PENDING).write_text(now + "\n", encoding="utf-8")
    return False


def record(html: Path, profile: str, options: str, root: Path = ROOT) -> None:
    """Anota la huella de una construcción que acaba de terminar bien."""
    html.mkdir(parents=True, exist_ok=True)
    pending = html / PENDING
    if pending.is_file():
        pending.replace(html / STAMP)
    else:
        (html / STAMP).write_text(fingerprint(profile, options, root) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(description="¿Está al día el libro construido?")
    parser.add_argument("action", choices=("check", "record"))
    parser.add_argument("html", type=Path, help="carpeta del HTML (_build/html)")
    parser.add_argument("--profile", required=True)
    parser.add_argument("--options", default="", help="opciones de Sphinx de la construcción")
    args = parser.parse_args(argv)
    if args.action == "record":
        record(args.html, args.profile, args.options)
        return 0
    if is_fresh(args.html, args.profile, args.options):
        print(
            f"El libro de {args.html} ya está al día (perfil {args.profile}): nada cambió "
            "desde su última construcción, así que no se arranca Sphinx. "
            "Para reconstruirlo todo: make html-fresh"
        )
        return 0
    return 1


if __name__ == "__main__":
    raise SystemExit(main())

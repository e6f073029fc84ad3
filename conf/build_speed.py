"""Mide la velocidad de construcción: una limpia y una reconstrucción sin cambios.

Uso: ``python conf/build_speed.py --profile quick``. Construye en una carpeta
temporal propia, sin tocar ``_build/``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(out: Path, profile: str) -> float:
    env = dict(os.environ, DADSBOOK_PROFILE=profile, DADSBOOK_CACHE_DIR=str(out / "cache"))
    command = [
        sys.executable, "-m", "sphinx", "-q", "-c", str(ROOT / "conf"), "-W", "--keep-going",
        "-n", "-b", "html", "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html"),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="Mide la velocidad de construcción del libro.")
    parser.add_argument("--profile", choices=("quick", "full"), default="full")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dadsbook-speed-") as tmp:
        clean = build(Path(tmp), args.profile)
        again = build(Path(tmp), args.profile)
    print(f"perfil {args.profile}: construcción limpia {clean:.1f} s; sin cambios {again:.1f} s")


if __name__ == "__main__":
    main()

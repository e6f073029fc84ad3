"""Perfiles de construcción del libro.

El mismo libro se ejecuta con dos tamaños de trabajo:

- ``full``: el libro publicado; cada medición dura lo bastante para vencer al ruido.
- ``quick``: las pruebas; las mismas celdas con tamaños pequeños.

Cada perfil es una carpeta ``conf/profiles/<nombre>/`` con un fichero TOML por
capítulo (``base.toml`` lleva la descripción y ``[measure]``); las secciones de todos
los ficheros se juntan y no pueden repetirse. La variable de entorno
``DADSBOOK_PROFILE`` elige uno por nombre (``quick`` si no está definida) y
``DADSBOOK_PROFILES_DIR`` indica otra carpeta donde buscarlos.

>>> quick = load("quick")
>>> quick.name
'quick'
>>> isinstance(quick.get("measure", "repeats"), int)
True
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = ["ENV_VAR", "PROFILES", "Profile", "current", "files", "load", "profiles_dir"]

ENV_VAR = "DADSBOOK_PROFILE"
PROFILES = ("quick", "full")


@dataclass(frozen=True)
class Profile:
    """Un perfil de construcción: nombre, descripción y parámetros por sección."""

    name: str
    description: str
    sections: MappingProxyType[str, MappingProxyType[str, Any]] = field(repr=False)

    def get(self, section: str, key: str) -> Any:
        """Devuelve el parámetro ``key`` de la sección ``section``.

        Lanza ``KeyError`` con un mensaje en español si no existe.
        """
        try:
            return self.sections[section][key]
        except KeyError:
            raise KeyError(
                f"el perfil {self.name!r} no define [{section}] {key}; "
                f"secciones disponibles: {', '.join(sorted(self.sections))}"
            ) from None

    def section(self, section: str) -> MappingProxyType[str, Any]:
        """Devuelve todos los parámetros de una sección."""
        try:
            return self.sections[section]
        except KeyError:
            raise KeyError(f"el perfil {self.name!r} no tiene la sección [{section}]") from None


def profiles_dir() -> Path:
    """Carpeta de los perfiles: ``DADSBOOK_PROFILES_DIR`` o ``conf/profiles`` del repositorio."""
    env = os.environ.get("DADSBOOK_PROFILES_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "conf" / "profiles"


def files(name: str) -> list[Path]:
    """Ficheros TOML del perfil ``name``, en orden (``base.toml`` incluido)."""
    if name not in PROFILES:
        raise ValueError(
            f"perfil desconocido {name!r} en {ENV_VAR}: los valores válidos son "
            f"{', '.join(PROFILES)}"
        )
    folder = profiles_dir() / name
    if not (folder / "base.toml").is_file():
        raise FileNotFoundError(
            f"no encuentro el perfil {name!r} en {folder}; define DADSBOOK_PROFILES_DIR "
            "con la carpeta conf/profiles del repositorio"
        )
    return sorted(folder.glob("*.toml"))


def load(name: str) -> Profile:
    """Carga el perfil ``name`` (``quick`` o ``full``) juntando sus ficheros."""
    description = ""
    merged: dict[str, MappingProxyType[str, Any]] = {}
    for path in files(name):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        description = str(data.pop("description", description))
        for key, value in data.items():
            if not isinstance(value, dict):
                continue
            if key in merged:
                raise ValueError(
                    f"la sección [{key}] está repetida en el perfil {name!r} ({path.name})"
                )
            merged[key] = MappingProxyType(dict(value))
    return Profile(name=name, description=description, sections=MappingProxyType(merged))


def current() -> Profile:
    """El perfil activo, según ``DADSBOOK_PROFILE`` (``quick`` por defecto)."""
    return load(os.environ.get(ENV_VAR, "quick") or "quick")

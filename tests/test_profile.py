"""Pruebas de los perfiles de construcción (dadsbook.profile)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadsbook import profile


def test_both_profiles_define_the_same_keys() -> None:
    """quick y full solo difieren en los valores: las mismas celdas corren con ambos."""
    quick, full = profile.load("quick"), profile.load("full")
    assert {s: set(v) for s, v in quick.sections.items()} == {
        s: set(v) for s, v in full.sections.items()
    }
    assert quick.description and full.description


def test_full_repeats_more_than_quick() -> None:
    assert profile.load("full").get("measure", "repeats") > profile.load("quick").get(
        "measure", "repeats"
    )


def test_env_var_selects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile.ENV_VAR, "full")
    assert profile.current().name == "full"
    monkeypatch.delenv(profile.ENV_VAR)
    assert profile.current().name == "quick"


def test_errors_in_spanish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"perfil desconocido 'rápido'.*quick, full"):
        profile.load("rápido")
    with pytest.raises(KeyError, match="no define"):
        profile.load("quick").get("measure", "nada")
    with pytest.raises(KeyError, match="no tiene la sección"):
        profile.load("quick").section("nada")
    monkeypatch.setenv("DADSBOOK_PROFILES_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="no encuentro el perfil"):
        profile.load("quick")

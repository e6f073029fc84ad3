"""Dónde puede cambiar de hilo CPython con GIL, en el código de bytes de cada incremento."""

from __future__ import annotations

import pytest

from dadsbook.software.programming import race_bytecode


def test_the_bytecode_of_plus_equals_has_no_switch_point_between_read_and_write() -> None:
    """Con GIL (3.10+), «+=» no tiene llamadas ni saltos entre leer y escribir; las otras sí."""
    assert race_bytecode.switches_between("incremento") == 0
    assert race_bytecode.switches_between("leer-llamar-escribir") >= 1
    assert race_bytecode.switches_between("leer-ceder-escribir") >= 1
    listing = race_bytecode.switch_listing()
    plain = listing.split("\n\n")[0].splitlines()
    assert plain[0] == "«incremento»: counter.value += 1"
    assert plain[1].endswith("← lee") and plain[-1].endswith("← escribe")
    assert not any("cambiar de hilo" in line for line in plain)
    assert listing.count("← aquí puede cambiar de hilo") >= 2


def test_unknown_variant() -> None:
    with pytest.raises(ValueError, match="variant debe ser uno de estos valores: incremento"):
        race_bytecode.switches_between("otra")

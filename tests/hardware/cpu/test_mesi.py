"""Pruebas del simulador MESI (dadsbook.hardware.cpu.mesi)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.cpu.mesi import false_sharing_trace, random_trace, simulate


def test_first_reader_gets_exclusive_then_shared() -> None:
    """El primer lector recibe E; el segundo, S, y el primero baja a S."""
    result = simulate([(0, "R", 0), (1, "R", 4)], cores=2)
    assert [s.states for s in result.steps] == [("E", "I"), ("S", "S")]


def test_write_on_exclusive_is_silent() -> None:
    """Escribir una línea en E la pasa a M sin transacción de bus."""
    step = simulate([(0, "R", 0), (0, "W", 0)]).steps[1]
    assert (step.transaction, step.states) == ("—", ("M", "I"))


def test_read_of_modified_line_flushes() -> None:
    """Leer una línea que otro tiene en M obliga a volcarla; ambos quedan en S."""
    step = simulate([(0, "W", 0), (1, "R", 0)]).steps[1]
    assert (step.transaction, step.flushed, step.states) == ("BusRd", True, ("S", "S"))


def test_upgrade_invalidates_every_sharer() -> None:
    """BusUpgr invalida todas las copias compartidas de las otras cachés."""
    trace = [(0, "R", 0), (1, "R", 0), (2, "R", 0), (0, "W", 0)]
    step = simulate(trace, cores=3).steps[-1]
    assert (step.transaction, step.invalidated, step.states) == ("BusUpgr", 2, ("M", "I", "I"))


def test_false_sharing_costs_invalidations() -> None:
    """Dos contadores en la misma línea: cada escritura invalida al otro; con relleno, nunca."""
    shared = simulate(false_sharing_trace(50, padded=False))
    padded = simulate(false_sharing_trace(50, padded=True))
    assert shared.invalidations == 2 * 50 - 1
    assert padded.invalidations == 0
    assert padded.bus_transactions == 2
    assert shared.bus_transactions == 2 * 50


def test_addresses_map_to_lines() -> None:
    """La línea es dirección // line_size."""
    result = simulate([(0, "R", 130)], line_size=64)
    assert result.steps[0].line == 2


def test_as_dict_is_plain() -> None:
    """as_dict devuelve tipos simples y los totales."""
    data = simulate(random_trace(2, 6)).as_dict()
    assert len(data["steps"]) == 6 and isinstance(data["transactions"], dict)


@pytest.mark.parametrize(
    ("trace", "match"),
    [
        ([(2, "R", 0)], "núcleo"),
        ([(0, "X", 0)], "operación"),
        ([(0, "R", -1)], "dirección"),
        ([(0, "R")], "trace"),
    ],
)
def test_bad_traces(trace: list[object], match: str) -> None:
    """Accesos fuera de rango se rechazan nombrando el problema."""
    with pytest.raises(ValueError, match=match):
        simulate(trace, cores=2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"), [({"cores": 0}, "cores"), ({"line_size": 48}, "line_size")]
)
def test_bad_parameters(kwargs: dict[str, int], name: str) -> None:
    """cores y line_size se validan."""
    with pytest.raises(ValueError, match=name):
        simulate([], **kwargs)


def test_bad_generators() -> None:
    """Los generadores de trazas validan sus parámetros."""
    with pytest.raises(ValueError, match="writes"):
        false_sharing_trace(0, padded=True)
    with pytest.raises(ValueError, match="stride"):
        false_sharing_trace(1, padded=False, stride=64)
    with pytest.raises(ValueError, match="seed"):
        random_trace("x")  # type: ignore[arg-type]


@settings(max_examples=80)
@given(st.integers(0, 100_000), st.integers(1, 60), st.integers(1, 4), st.integers(1, 3))
def test_single_writer_invariant(seed: int, length: int, cores: int, lines: int) -> None:
    """Propiedad: una línea en M o E en una caché no tiene copia válida en ninguna otra."""
    trace = random_trace(seed, length, cores, lines)
    result = simulate(trace, cores=cores)
    for step in result.steps:
        owners = [s for s in step.states if s in ("M", "E")]
        valid = [s for s in step.states if s != "I"]
        assert len(owners) <= 1
        if owners:
            assert len(valid) == 1
        assert step.states[step.core] != "I"

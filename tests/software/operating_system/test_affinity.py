"""Pruebas de la afinidad: dónde corre un proceso y cuántas veces migra."""

from __future__ import annotations

import os

import pytest

from dadsbook import fmt, hygiene, measure
from dadsbook.software.operating_system import affinity


def test_current_cpu_is_allowed() -> None:
    assert affinity.current_cpu() in os.sched_getaffinity(0)


@pytest.mark.slow
def test_pinned_processes_never_migrate() -> None:
    """Fijados, los procesos solo se ven en su CPU: cero migraciones, por construcción."""
    before = hygiene.Snapshot.take()
    result = affinity.measure_placement(workers=2, chunks=5, reps=10, repeats=1, warmup=0)
    assert result.migrations("fijados") == 0
    assert result.migrations("amontonados") == 0
    assert result.cpus_seen("amontonados") == (min(os.sched_getaffinity(0)),)
    assert set(result.timings) == set(affinity.VARIANTS)
    assert result.observations("libres") == 2 * 6
    assert not hygiene.leftovers(before)


def test_migrations_counts_changes() -> None:
    assert affinity.migrations([]) == 0
    assert affinity.migrations([1, 1, 1]) == 0
    assert affinity.migrations([0, 1, 0, 1]) == 3


def _timing(ms: float, *, busy: bool = False) -> measure.Measurement:
    samples = tuple(int(ms * 1e6 * f) for f in (0.98, 0.99, 1.0, 1.0, 1.01, 1.02, 0.995))
    return measure.Measurement(
        "x", samples, 1, measure.Load(1.0, 2, 0.6 if busy else 0.0, 0.0, 1.0)
    )


def test_the_placement_verdict_goes_through_the_book_verdict() -> None:
    """Ruido → «sin diferencia medible»; el doble → ganador; máquina ocupada → no decide."""
    result = affinity.PlacementResult(
        2, {"libres": _timing(100), "fijados": _timing(100.4), "amontonados": _timing(200)}, {}
    )
    assert result.verdict("libres", "fijados").decision == "sin diferencia medible"
    piled = result.verdict("amontonados", "fijados")
    assert piled.decision == "mayor"
    assert piled.phrase.startswith("los procesos amontonados fueron más lentos que los fijados")
    busy = affinity.PlacementResult(
        2,
        {"libres": _timing(100), "fijados": _timing(100), "amontonados": _timing(200, busy=True)},
        {},
    )
    assert busy.verdict("amontonados", "fijados").busy
    with pytest.raises(ValueError, match="b debe ser uno de estos valores"):
        result.verdict("libres", "otros")


@pytest.mark.slow
def test_measurements_carry_the_load_and_the_table_speaks_spanish() -> None:
    result = affinity.measure_placement(workers=1, chunks=1, reps=1, repeats=1, warmup=0)
    assert all(m.load is not None for m in result.timings.values())
    row = result.table().rows[0]
    m = result.timings["libres"]
    assert row[1] == fmt.seconds(m.median_s)
    assert row[2] == f"{fmt.seconds(m.q1_s)}–{fmt.seconds(m.q3_s)}"


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"workers": 0}, "workers"), ({"chunks": 0}, "chunks")]
)
def test_bad_arguments(kwargs: dict[str, int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        affinity.measure_placement(**kwargs)

"""Pruebas de la afinidad: dónde corre un proceso y cuántas veces migra."""

from __future__ import annotations

import os

import pytest

from dadsbook import hygiene, measure
from dadsbook.software.operating_system import affinity


def test_current_cpu_is_allowed() -> None:
    assert affinity.current_cpu() in os.sched_getaffinity(0)


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


def test_verdict_calls_noise_noise() -> None:
    a = measure.Measurement("a", (100, 110, 120), 0)
    b = measure.Measurement("b", (105, 115, 125), 0)
    c = measure.Measurement("c", (300, 310, 320), 0)
    assert "ruido" in affinity.verdict(a, b)
    assert "más rápido" in affinity.verdict(a, c)


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"workers": 0}, "workers"), ({"chunks": 0}, "chunks")]
)
def test_bad_arguments(kwargs: dict[str, int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        affinity.measure_placement(**kwargs)

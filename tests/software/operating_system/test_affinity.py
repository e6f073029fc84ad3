"""Pruebas de la afinidad: dónde corre un proceso y cuántas veces migra."""

from __future__ import annotations

import multiprocessing
import os
import threading

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


@pytest.mark.slow
def test_children_are_spawned_once_per_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cada variante arranca sus hijos una sola vez y los reutiliza en todas sus ejecuciones.

    Antes se arrancaban dos hijos ``spawn`` por ejecución (calentamiento incluido), y el
    arranque costaba más CPU que el trabajo medido.
    """
    real = multiprocessing.get_context("spawn")
    started: list[object] = []

    class Counting:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def Process(self, *args: object, **kwargs: object) -> object:  # noqa: N802
            started.append(kwargs["args"])
            return real.Process(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(multiprocessing, "get_context", lambda _method=None: Counting())
    before = hygiene.Snapshot.take()
    result = affinity.measure_placement(workers=2, chunks=3, reps=5, repeats=3, warmup=1)
    assert len(started) == 2 * len(affinity.VARIANTS)
    allowed = sorted(os.sched_getaffinity(0))
    cpus = sorted(args[0] for args in started if args[0] is not None)  # type: ignore[index]
    assert cpus == sorted([allowed[0], allowed[1 % len(allowed)], allowed[0], allowed[0]])
    assert all(len(m.samples_ns) == 3 for m in result.timings.values())
    assert {v: result.observations(v) for v in affinity.VARIANTS} == dict.fromkeys(
        affinity.VARIANTS, 3 * 2 * 4
    )
    assert result.migrations("fijados") == result.migrations("amontonados") == 0
    assert result.cpus_seen("amontonados") == (allowed[0],)
    assert result.cpus_seen("fijados") == tuple(sorted({allowed[0], allowed[1 % len(allowed)]}))
    assert not hygiene.leftovers(before)


def test_child_serves_several_runs_and_rejects_unknown_orders() -> None:
    """El hijo atiende varias ejecuciones por la misma tubería y sale al recibir None."""
    parent, child = multiprocessing.Pipe()
    worker = threading.Thread(target=affinity.affinity_child, args=(None, 2, 1, child))
    worker.start()
    assert parent.recv() == "arrancado"
    for _ in range(3):
        parent.send("prepara")
        assert parent.recv() == "listo"
        parent.send("ya")
        seconds, trace = parent.recv()
        assert seconds > 0 and len(trace) == 3
    parent.send(None)
    worker.join(timeout=10)
    assert not worker.is_alive()
    parent.close()
    parent2, child2 = multiprocessing.Pipe()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            affinity.affinity_child(None, 1, 1, child2)
        except ValueError as exc:
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert parent2.recv() == "arrancado"
    parent2.send("otra")
    worker.join(timeout=10)
    parent2.close()
    assert errors and "order" in str(errors[0])


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

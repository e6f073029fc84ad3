"""Pruebas de la MLFQ: las cinco reglas de OSTEP e invariantes."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.software.operating_system import figures, mlfq


def test_long_job_sinks_to_the_bottom() -> None:
    """Regla 4: un trabajo largo agota sus asignaciones y acaba en el último nivel."""
    result = mlfq.simulate((mlfq.Job("largo", 0, 50),), mlfq.MLFQConfig(3, (1, 2, 4)))
    assert result.job("largo").final_level == 2
    assert [r.level for r in result.runs] == [0, 1, 2]


def test_new_short_job_runs_first() -> None:
    """Reglas 1 y 3: el recién llegado entra arriba y expulsa al que está abajo."""
    jobs = (mlfq.Job("largo", 0, 30), mlfq.Job("corto", 10, 2))
    result = mlfq.simulate(jobs, mlfq.MLFQConfig(3, (1, 2, 4)))
    assert result.job("corto").response == 0
    assert result.job("corto").turnaround == 2


def test_boost_prevents_starvation() -> None:
    """Regla 5: sin impulso, el largo no corre mientras llegan interactivos; con impulso, sí."""
    jobs = [mlfq.Job("largo", 0, 20)] + [mlfq.Job(f"i{k}", k, 1) for k in range(1, 60)]
    starved = mlfq.simulate(jobs, mlfq.MLFQConfig(2, (1, 1)))
    boosted = mlfq.simulate(jobs, mlfq.MLFQConfig(2, (1, 1), boost=10))

    def ran_early(result: mlfq.MLFQResult) -> bool:
        return any(r.job == "largo" and 1 <= r.start < 59 for r in result.runs)

    assert ran_early(boosted)
    assert not ran_early(starved)


def test_io_job_keeps_priority_until_allotment() -> None:
    """Regla 4 (con asignación): ceder la CPU no evita bajar de nivel."""
    gamer = mlfq.Job("tramposo", 0, 20, io_every=1, io_time=1)
    config = mlfq.MLFQConfig(3, (2, 2, 2), allotments=(4, 4, 4))
    result = mlfq.simulate((gamer, mlfq.Job("lote", 0, 40)), config)
    assert result.job("tramposo").final_level == 2


def test_single_level_with_huge_quantum_is_fifo() -> None:
    jobs = (mlfq.Job("a", 0, 5), mlfq.Job("b", 0, 3))
    result = mlfq.simulate(jobs, mlfq.MLFQConfig(1, (1000,)))
    assert [(r.job, r.start, r.end) for r in result.runs] == [("a", 0, 5), ("b", 5, 8)]


def test_gantt_groups_jobs_by_class() -> None:
    result = mlfq.simulate(mlfq.random_jobs(3, interactive=8, batch=2))
    fig = figures.mlfq_figure(result, group=lambda name: name.rstrip("0123456789 "))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["lote", "interactivo"]


def test_as_dict_and_table() -> None:
    result = mlfq.simulate(mlfq.random_jobs(2))
    assert json.loads(json.dumps(result.as_dict()))["stats"]
    assert "nivel final" in str(result.table())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"levels": 0, "quanta": ()}, "levels"),
        (
            {"levels": 2, "quanta": (1,)},
            r"^quanta debe ser una tupla con un quantum por nivel \(2\)",
        ),
        ({"levels": 1, "quanta": (0,)}, r"^quanta\[i\] debe ser un entero ≥ 1"),
        (
            {"levels": 1, "quanta": (1,), "allotments": (1, 2)},
            r"^allotments debe ser una tupla con una asignación por nivel \(1\); se recibió \(1, 2",
        ),
        ({"levels": 1, "quanta": (1,), "allotments": (0,)}, r"^allotments\[i\] debe ser un entero"),
        ({"levels": 1, "quanta": (1,), "boost": 0}, "boost"),
    ],
)
def test_bad_config(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        mlfq.MLFQConfig(**kwargs)  # type: ignore[arg-type]


def test_bad_jobs() -> None:
    with pytest.raises(ValueError, match="work"):
        mlfq.Job("x", 0, 0)
    with pytest.raises(ValueError, match="distintos"):
        mlfq.simulate((mlfq.Job("x", 0, 1), mlfq.Job("x", 0, 1)))
    with pytest.raises(TypeError, match="config"):
        mlfq.simulate((mlfq.Job("x", 0, 1),), "mlfq")  # type: ignore[arg-type]


jobs_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 20), st.one_of(st.none(), st.integers(1, 5))),
    min_size=1,
    max_size=6,
).map(
    lambda xs: tuple(mlfq.Job(f"j{i}", a, w, io, 2 if io else 0) for i, (a, w, io) in enumerate(xs))
)


@settings(max_examples=150)
@given(jobs_strategy, st.one_of(st.none(), st.integers(5, 40)))
def test_invariants(jobs: tuple[mlfq.Job, ...], boost: int | None) -> None:
    """Se conserva el trabajo, un solo trabajo por tick y nadie corre antes de llegar."""
    result = mlfq.simulate(jobs, mlfq.MLFQConfig(3, (1, 2, 4), boost=boost))
    for job in jobs:
        runs = [r for r in result.runs if r.job == job.name]
        assert sum(r.end - r.start for r in runs) == job.work
        assert min(r.start for r in runs) >= job.arrival
    ordered = sorted(result.runs, key=lambda r: r.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))

"""Pruebas de las políticas de reemplazo (dadsbook.hardware.memory.replacement)."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.memory import replacement

references = st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=80)
frame_counts = st.integers(min_value=1, max_value=12)


def naive_opt(refs: list[int], frames: int) -> int:
    """OPT de libro, cuadrático: busca hacia delante en cada fallo (solo para comparar)."""
    resident: list[int] = []
    misses = 0
    for i, page in enumerate(refs):
        if page in resident:
            continue
        misses += 1
        if len(resident) == frames:
            future = refs[i + 1 :]
            victim = max(resident, key=lambda p: future.index(p) if p in future else len(refs) + p)
            resident.remove(victim)
        resident.append(page)
    return misses


def test_belady_anomaly_with_fifo() -> None:
    """La cadena clásica: FIFO falla 9 veces con 3 marcos y 10 con 4."""
    curve = replacement.fault_curve(replacement.BELADY_STRING, [3, 4])
    assert curve.misses["fifo"] == (9, 10)
    assert curve.misses["lru"][1] <= curve.misses["lru"][0]
    assert curve.misses["opt"][1] <= curve.misses["opt"][0]


def test_known_small_cases() -> None:
    """Casos calculados a mano."""
    refs = [0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1]  # OSTEP, figura 22.1
    assert replacement.simulate(refs, 3, "opt").hits == 6
    assert replacement.simulate(refs, 3, "fifo").hits == 4
    assert replacement.simulate(refs, 3, "lru").hits == 6


def test_clock_gives_second_chances() -> None:
    """Con 3 marcos, CLOCK salva la página 2, usada tras la primera vuelta; FIFO no."""
    refs = [1, 2, 3, 4, 2, 5, 2]
    assert replacement.simulate(refs, 3, "clock").misses == 5
    assert replacement.simulate(refs, 3, "fifo").misses == 6


def test_random_references_are_seeded_and_local() -> None:
    a = replacement.random_references(5, 5000, 100)
    assert a == replacement.random_references(5, 5000, 100)
    assert a != replacement.random_references(6, 5000, 100)
    hot = sum(1 for r in a if r < 20) / len(a)
    assert hot > 0.75  # 80 % al conjunto caliente, más la parte uniforme que cae en él
    assert all(0 <= r < 100 for r in a)


def test_results_are_json_friendly() -> None:
    comparison = replacement.compare_policies(replacement.BELADY_STRING, 3)
    data = json.loads(json.dumps(comparison.as_dict()))
    assert data["results"]["opt"]["misses"] == 7
    assert "política" in str(comparison.table())
    curve = replacement.fault_curve(replacement.BELADY_STRING, [1, 2])
    assert json.loads(json.dumps(curve.as_dict()))["frames"] == [1, 2]


def test_large_run_is_linear_enough() -> None:
    """200 000 referencias con OPT terminan (sin umbral de tiempo: solo que no cuelga)."""
    refs = replacement.random_references(0, 200_000, 1000)
    result = replacement.simulate(refs, 100, "opt")
    assert result.hits + result.misses == 200_000


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"references": [], "frames": 3, "policy": "lru"}, "references"),
        ({"references": [1, 2], "frames": 0, "policy": "lru"}, "frames"),
        ({"references": [1, 2], "frames": -2, "policy": "lru"}, "frames"),
        ({"references": [1, 2], "frames": 2, "policy": "random"}, "policy"),
        ({"references": [1, -2], "frames": 2, "policy": "fifo"}, "references"),
    ],
)
def test_bad_inputs(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        replacement.simulate(**kwargs)  # type: ignore[arg-type]


def test_bad_types_and_generator_inputs() -> None:
    with pytest.raises(TypeError, match="references"):
        replacement.simulate("123", 2, "lru")
    with pytest.raises(TypeError, match="references"):
        replacement.simulate([1.5, 2.0], 2, "lru")  # type: ignore[list-item]
    with pytest.raises(ValueError, match="length"):
        replacement.random_references(0, 0, 10)
    with pytest.raises(ValueError, match="locality"):
        replacement.random_references(0, 10, 10, locality=1.5)
    with pytest.raises(ValueError, match=r"policies\[0\] debe ser uno de estos valores: fifo"):
        replacement.fault_curve([1, 2], [1], ["mru"])


@settings(max_examples=200)
@given(references, frame_counts)
def test_opt_never_loses(refs: list[int], frames: int) -> None:
    """OPT nunca tiene más fallos que LRU, FIFO ni CLOCK."""
    opt = replacement.simulate(refs, frames, "opt").misses
    for policy in ("lru", "fifo", "clock"):
        assert opt <= replacement.simulate(refs, frames, policy).misses


@settings(max_examples=200)
@given(references, frame_counts)
def test_opt_matches_the_textbook_version(refs: list[int], frames: int) -> None:
    """El OPT lineal (siguiente uso precalculado) da los mismos fallos que el cuadrático."""
    assert replacement.simulate(refs, frames, "opt").misses == naive_opt(refs, frames)


@settings(max_examples=200)
@given(references, frame_counts, st.sampled_from(replacement.POLICIES))
def test_hits_plus_misses_is_length(refs: list[int], frames: int, policy: str) -> None:
    result = replacement.simulate(refs, frames, policy)
    assert result.hits + result.misses == result.length == len(refs)
    assert result.misses >= result.compulsory == len(set(refs))
    assert 0.0 <= result.hit_rate <= 1.0


@settings(max_examples=150)
@given(references)
def test_lru_and_opt_are_stack_algorithms(refs: list[int]) -> None:
    """Sin anomalía de Belady: con más marcos, LRU y OPT nunca fallan más."""
    for policy in ("lru", "opt"):
        misses = [replacement.simulate(refs, f, policy).misses for f in range(1, 12)]
        assert all(a >= b for a, b in itertools.pairwise(misses))


@settings(max_examples=150)
@given(references, st.integers(min_value=0, max_value=5), st.sampled_from(replacement.POLICIES))
def test_enough_frames_only_compulsory(refs: list[int], extra: int, policy: str) -> None:
    """Con tantos marcos como páginas distintas, solo quedan los fallos obligatorios."""
    result = replacement.simulate(refs, len(set(refs)) + extra, policy)
    assert result.misses == result.compulsory


def test_timings_are_repeated_measurements() -> None:
    """Cada política se cronometra varias veces (mediana y RIC), no una sola ejecución."""
    comparison = replacement.compare_policies(replacement.BELADY_STRING, 3, repeats=5, warmup=0)
    assert all(len(m.samples_ns) == 5 for m in comparison.timings.values())
    assert comparison.seconds["opt"] == comparison.timings["opt"].median_s
    table = comparison.table()
    text = str(table)
    assert "RIC" in text and "5 repeticiones" in table.caption
    assert "16,7 %" in text  # LRU: 2 aciertos de 12, con coma decimal


@pytest.mark.parametrize("warmup", [0, 1, 2])
def test_results_come_from_timed_runs(monkeypatch: pytest.MonkeyPatch, warmup: int) -> None:
    """Los resultados salen de las ejecuciones medidas: no hay ronda aparte sin cronometrar."""
    real = replacement.simulate
    calls: dict[str, int] = {}

    def counting(refs: list[int], frames: int, policy: str) -> replacement.ReplacementResult:
        calls[policy] = calls.get(policy, 0) + 1
        return real(refs, frames, policy)

    monkeypatch.setattr(replacement, "simulate", counting)
    refs = replacement.random_references(3, 500, 40)
    comparison = replacement.compare_policies(refs, 10, repeats=3, warmup=warmup)
    assert calls == {policy: 3 + warmup for policy in replacement.POLICIES}
    assert list(comparison.results) == list(replacement.POLICIES)
    for policy, result in comparison.results.items():
        assert result == real(refs, 10, policy)


def test_curve_lookup_slope_and_table() -> None:
    curve = replacement.fault_curve(replacement.BELADY_STRING, [1, 3, 4, 5])
    assert curve.at("fifo", 3) == 9 and curve.at("fifo", 4) == 10
    assert curve.drop_per_frame("lru", 1, 5) == (12 - 5) / 4
    assert curve.drop_per_frame("fifo", 3, 4) == -1  # Belady: un marco más, un fallo más
    assert "FIFO" in str(curve.table())
    with pytest.raises(ValueError, match="frames"):
        curve.at("lru", 2)
    with pytest.raises(ValueError, match="policy"):
        curve.at("mru", 3)
    with pytest.raises(ValueError, match="low"):
        curve.drop_per_frame("lru", 4, 3)

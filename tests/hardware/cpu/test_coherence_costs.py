"""Pruebas de los costes publicados de coherencia (dadsbook.hardware.cpu.coherence_costs)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook import fmt
from dadsbook.hardware.cpu import coherence_costs as cc
from dadsbook.hardware.cpu.mesi import false_sharing_trace, random_trace, simulate

L1, L3, CLEAN, MODIFIED = (
    "acierto en L1",
    "línea sin copias en otros núcleos (L3)",
    "línea limpia en otro núcleo",
    "línea modificada en otro núcleo",
)


def test_citations_keep_the_published_values() -> None:
    """Las cifras son las de la guía de Levinthal (p. 22) y las de Intel MLC, sin retocar."""
    cited = {k: (c.low, c.high, c.unit) for k, c in cc.LEVINTHAL_2009.items()}
    assert cited == {
        "l1": (4, 4, "ciclos"),
        "l2": (10, 10, "ciclos"),
        "l3_unshared": (40, 40, "ciclos"),
        "l3_shared": (65, 65, "ciclos"),
        "l3_modified": (75, 75, "ciclos"),
        "remote_l3": (100, 300, "ciclos"),
        "local_dram": (60, 60, "ns"),
        "remote_dram": (100, 100, "ns"),
    }
    assert (cc.MLC_BROADWELL.low, cc.MLC_BROADWELL.high) == (40.3, 42.3)
    assert cc.MLC_BROADWELL.value == "40,3–42,3 ns"
    assert cc.LEVINTHAL_2009["l3_modified"].value == "~75 ciclos"
    assert all(c.url.startswith("https://") for c in cc.PUBLISHED)


def test_published_table_lists_every_citation() -> None:
    """La tabla del capítulo tiene una fila por cita, con su fuente."""
    table = cc.published_table("t")
    assert len(table.rows) == len(cc.PUBLISHED) == 9
    assert {row[3] for row in table.rows} == {cc.LEVINTHAL_SOURCE, cc.MLC_SOURCE}


@pytest.mark.parametrize(
    ("trace", "cores", "expected"),
    [
        ([(0, "R", 0), (0, "R", 0)], 2, [L3, L1]),  # fallo a L3 y luego acierto
        ([(0, "R", 0), (1, "R", 0)], 2, [L3, CLEAN]),  # BusRd con otra copia limpia
        ([(0, "R", 0), (1, "R", 0), (0, "W", 0)], 2, [L3, CLEAN, CLEAN]),  # BusUpgr
        ([(0, "R", 0), (1, "W", 0)], 2, [L3, CLEAN]),  # BusRdX que invalida una copia E
        ([(0, "W", 0), (1, "R", 0)], 2, [L3, MODIFIED]),  # BusRd con volcado
        ([(0, "W", 0), (1, "W", 0)], 2, [L3, MODIFIED]),  # BusRdX con volcado
    ],
)
def test_classify_each_case(
    trace: list[tuple[int, str, int]], cores: int, expected: list[str]
) -> None:
    """Cada paso cae en el caso que corresponde a dónde estaba la línea."""
    assert [cc.classify(s) for s in simulate(trace, cores=cores).steps] == expected


def test_false_sharing_costs_more_than_padding() -> None:
    """Con la línea compartida casi todo acceso paga ~75 ciclos; con relleno, ~4."""
    writes = 500
    shared = cc.estimate_cycles(simulate(false_sharing_trace(writes, padded=False)))
    padded = cc.estimate_cycles(simulate(false_sharing_trace(writes, padded=True)))
    assert shared.by_case[MODIFIED] == 2 * writes - 1
    assert padded.by_case[L1] == 2 * writes - 2 and padded.by_case[L3] == 2
    assert shared.cycles == 40 + (2 * writes - 1) * 75
    assert padded.cycles == 2 * 40 + (2 * writes - 2) * 4
    assert shared.cycles_per_access > 18 * padded.cycles_per_access
    table = cc.estimate_table({"misma": shared, "relleno": padded})
    assert table.rows[0][4] == fmt.number(2 * writes - 1)
    assert table.rows[1][1] == fmt.number(2 * writes - 2)
    assert table.rows[0][-1] == fmt.number(shared.cycles_per_access, 1)
    assert list(table.headers)[-1] == "ciclos por acceso"


def test_custom_model_changes_the_estimate() -> None:
    """Otro modelo de costes (p. ej. más caro el volcado) cambia la suma."""
    result = simulate([(0, "W", 0), (1, "W", 0)])
    model = cc.CostModel(modified_other_core=120)
    assert cc.estimate_cycles(result, model).cycles == 40 + 120
    assert cc.CostEstimate({L1: 0}, 0).cycles_per_access == 0.0


@settings(max_examples=60)
@given(st.integers(0, 10_000), st.integers(1, 200), st.integers(1, 4), st.integers(1, 3))
def test_estimate_covers_every_step(seed: int, length: int, cores: int, lines: int) -> None:
    """Cada acceso cae en exactamente un caso y la suma está entre el más barato y el más caro."""
    result = simulate(random_trace(seed, length, cores, lines), cores=cores)
    estimate = cc.estimate_cycles(result)
    assert estimate.accesses == length
    assert 4 * length <= estimate.cycles <= 75 * length


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"l1_hit": 0}, "l1_hit"),
        ({"l3_unshared": -1}, "l3_unshared"),
        ({"shared_other_core": "65"}, "shared_other_core"),
        ({"modified_other_core": True}, "modified_other_core"),
    ],
)
def test_bad_cost_model(kwargs: dict[str, object], match: str) -> None:
    """Un coste no positivo o que no es un número se rechaza nombrando el campo."""
    with pytest.raises(ValueError, match=match):
        cc.CostModel(**kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    """Argumentos de otro tipo o casos desconocidos dan un ValueError en español."""
    with pytest.raises(ValueError, match="result debe ser un MESIResult"):
        cc.estimate_cycles([(0, "R", 0)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="model debe ser un CostModel"):
        cc.estimate_cycles(simulate([(0, "R", 0)]), model={"l1_hit": 4})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="estimates debe contener"):
        cc.estimate_table({})
    with pytest.raises(ValueError, match="case debe ser uno de"):
        cc.CostModel().cycles("DRAM")
    with pytest.raises(ValueError, match="low y high"):
        cc.PublishedCost("x", 5, 4, "ns", "p", "s", "https://x")
    with pytest.raises(ValueError, match="unit"):
        cc.PublishedCost("x", 4, 5, "µs", "p", "s", "https://x")

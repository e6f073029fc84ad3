"""Pruebas del cauce de cinco etapas (dadsbook.hardware.cpu.pipeline)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.hardware.cpu import pipeline
from dadsbook.hardware.cpu.pipeline import parse_program, random_program, simulate


def test_independent_instructions_never_stall() -> None:
    """Sin dependencias, n instrucciones tardan n + 4 ciclos y el CPI es 1."""
    prog = parse_program("add r1, r2, r3\nsub r4, r5, r6\nlw r7, 0(r8)\nsw r9, 4(r10)")
    for forwarding in (True, False):
        result = simulate(prog, forwarding)
        assert (result.cycles, result.stalls, result.cpi) == (8, 0, 1.0)


def test_alu_dependency_costs_two_cycles_without_forwarding() -> None:
    """add seguido de un consumidor: 2 burbujas sin adelantamiento, 0 con él (H&P)."""
    prog = parse_program("add r1, r2, r3\nsub r4, r1, r5")
    assert simulate(prog, forwarding=False).stalls == 2
    assert simulate(prog, forwarding=True).stalls == 0


def test_load_use_still_stalls_with_forwarding() -> None:
    """Un lw seguido de su consumidor espera 1 ciclo incluso con adelantamiento."""
    prog = parse_program("lw r1, 0(r2)\nadd r3, r1, r4")
    timing = simulate(prog, forwarding=True).timings[1]
    assert (timing.stalls, timing.waits_for) == (1, 0)


def test_distance_hides_the_hazard() -> None:
    """Dos instrucciones independientes en medio bastan: el consumidor lee en el WB."""
    prog = parse_program("add r1, r2, r3\nadd r6, r7, r8\nadd r9, r7, r8\nsub r4, r1, r5")
    assert simulate(prog, forwarding=False).stalls == 0


def test_register_zero_creates_no_hazard() -> None:
    """r0 es constante: escribirla no crea dependencias."""
    prog = parse_program("add r0, r2, r3\nsub r4, r0, r5")
    assert simulate(prog, forwarding=False).stalls == 0


def test_diagram_shows_every_stage_once() -> None:
    """Cada fila del diagrama tiene IF, ID, EX, MEM y WB exactamente una vez."""
    result = simulate(random_program(3, 10), forwarding=False)
    for row in result.diagram().rows:
        assert [c for c in row[1:] if c not in ("", pipeline.STALL)] == list(pipeline.STAGES)


def test_random_program_is_seeded() -> None:
    """La misma semilla da el mismo programa; otra, otro."""
    assert random_program(5, 12) == random_program(5, 12)
    assert random_program(5, 12) != random_program(6, 12)


def test_as_dict_is_plain() -> None:
    """as_dict devuelve tipos simples."""
    data = simulate(random_program(1, 4)).as_dict()
    assert data["cycles"] == data["instructions"][-1]["ex"] + 2


@pytest.mark.parametrize(
    "text", ["mul r1, r2, r3", "add r1, r2", "lw r1, r2", "add r40, r1, r2", "", "# nada"]
)
def test_bad_programs(text: str) -> None:
    """Instrucciones desconocidas, mal formadas o vacías se rechazan en español."""
    with pytest.raises(ValueError, match=r"program|registros"):
        parse_program(text)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"length": 0}, "length"), ({"registers": 1}, "registers"), ({"seed": "a"}, "seed")],
)
def test_bad_random_program(kwargs: dict[str, object], name: str) -> None:
    """random_program valida sus parámetros."""
    args: dict[str, object] = {"seed": 1} | kwargs
    with pytest.raises(ValueError, match=name):
        random_program(**args)  # type: ignore[arg-type]


def test_bad_simulate() -> None:
    """simulate exige instrucciones y un booleano."""
    with pytest.raises(ValueError, match="program"):
        simulate([])
    with pytest.raises(TypeError, match="forwarding"):
        simulate(random_program(1), forwarding="sí")  # type: ignore[arg-type]


@settings(max_examples=60)
@given(st.integers(0, 10_000), st.integers(1, 30))
def test_forwarding_never_hurts(seed: int, length: int) -> None:
    """Propiedad: con adelantamiento nunca hay más burbujas; el orden de EX es estricto."""
    prog = random_program(seed, length)
    with_fw, without = simulate(prog, True), simulate(prog, False)
    assert with_fw.stalls <= without.stalls
    for result in (with_fw, without):
        assert result.cycles == len(prog) + 4 + result.stalls
        ex = [t.execute for t in result.timings]
        assert all(b > a for a, b in itertools.pairwise(ex))


@settings(max_examples=60)
@given(st.integers(0, 2**32), st.integers(1, 200), st.integers(2, 31))
def test_random_program_reads_back_as_its_own_text(seed: int, length: int, registers: int) -> None:
    """random_program construye las instrucciones sin pasar por el texto: son las mismas
    que parse_program lee de ese texto."""
    prog = random_program(seed, length, registers)
    assert parse_program("\n".join(i.text for i in prog)) == prog
    assert all(0 < r <= registers for i in prog for r in (*i.sources, i.dest or 1))


def test_random_program_keeps_its_published_draw() -> None:
    """Los programas sembrados no cambian (los números de la página dependen de ellos)."""
    assert [i.text for i in random_program(7, 6)] == [
        "sub r2, r4, r6", "add r5, r1, r3", "lw r5, 24(r1)", "add r4, r1, r2",
        "add r4, r1, r5", "add r2, r6, r6",
    ]  # fmt: skip
    programs = [random_program(s, 60) for s in range(500)]
    cpis = [sum(simulate(p, fw).cpi for p in programs) / 500 for fw in (False, True)]
    assert cpis == pytest.approx([1.4783, 1.0725333333333333], abs=1e-12)

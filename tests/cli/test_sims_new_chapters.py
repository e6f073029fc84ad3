"""Los simuladores de disco, memoria, contenedores y nube registrados juntos.

``hdd``, ``writehole``, ``pagewalk``, ``workingset``, ``placement``, ``choices`` y
``appservice``: cada uno plantea con ``-s``, resuelve con ``-c``, da un JSON estable y
rechaza lo que se sale de sus límites nombrando la opción. Los números esperados se
razonan a mano (el modelo de OSTEP para el disco, la ventana deslizante del conjunto de
trabajo, las bolas que suman ``n``).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cli.support import json_of, run, solved

from dadsbook.cli.main import build_parser, load
from dadsbook.hardware.disk import sims as disk_sims
from dadsbook.hardware.disk import writehole
from dadsbook.systems.cloud import choices
from dadsbook.systems.cloud import sims as cloud_sims
from dadsbook.systems.containers import placement_problems
from dadsbook.systems.containers import sims as containers_sims

NEW = ("hdd", "writehole", "pagewalk", "workingset", "placement", "choices", "appservice")


def test_the_copies_of_the_chapter_limits_stay_in_sync() -> None:
    assert cloud_sims.CHOICES_BALLS_MAX == choices.MAX_BALLS
    assert containers_sims.PLACEMENT_NODES[1] == placement_problems.MAX_NODES
    assert tuple(writehole.PROTECTIONS) == disk_sims._PROTECTIONS


@pytest.mark.parametrize("name", NEW)
def test_seed_poses_without_solving_and_json_is_stable(name: str) -> None:
    posed = run(["sim", name, "-s", "5"])
    assert posed.status == 0, posed.err
    assert "?" in posed.out and "Usa -c" in posed.out
    first, again = json_of("sim", name, "-s", "5", "-c"), json_of("sim", name, "-s", "5", "-c")
    assert first == again and first["problem"] == json_of("sim", name, "-s", "5")["problem"]


def test_hdd_cheetah_matches_ostep() -> None:
    """Cheetah: 4 ms + 2 ms de media vuelta + 0,03 ms ≈ 6,03 ms por 4 KiB (OSTEP, 37.6)."""
    args = ("--rpm", "15000", "--seek", "4", "--transfer", "125", "--sizes", "4096,100000000")
    times = solved("hdd", *args)["times"]
    assert isinstance(times, list)
    assert round(times[0]["total_ms"], 2) == 6.03
    assert round(times[1]["total_ms"]) == 806  # 4 + 2 + 800 ms
    out = run(["sim", "hdd", *args, "-c"]).out
    assert "6,03" in out and "99,5 %" in out


def test_writehole_without_protection_can_corrupt_silently() -> None:
    outcomes = {solved("writehole", "-s", str(s), "--protection", "none")["outcome"]
                for s in range(40)}  # fmt: skip
    assert "corrupto" in outcomes
    safe = {solved("writehole", "-s", str(s), "--protection", "ppl")["outcome"]
            for s in range(40)}  # fmt: skip
    assert "corrupto" not in safe


def test_writehole_plans_stay_under_the_declared_cap() -> None:
    for protection in writehole.PROTECTIONS:
        for seed in range(500):
            steps = writehole.random_writehole(seed, protection).steps()
            assert len(steps) <= disk_sims.WRITEHOLE_STEPS_MAX


@pytest.mark.parametrize(("levels", "reads"), [("2", 2), ("4", 4)])
def test_pagewalk_reads_one_entry_per_level_until_a_fault(levels: str, reads: int) -> None:
    for seed in range(5):
        walks = solved("pagewalk", "-s", str(seed), "--levels", levels)["walks"]
        assert isinstance(walks, list)
        for walk in walks:
            full = walk["physical"] is not None
            assert len(walk["entries"]) == reads if full else 1 <= len(walk["entries"]) <= reads
        assert any(w["physical"] is None for w in walks)  # una dirección falla a propósito


def test_pagewalk_declared_cost_is_a_cap() -> None:
    sim, parser = load("pagewalk"), build_parser()
    for seed in range(60):
        namespace = parser.parse_args(["sim", "pagewalk", "-s", str(seed)])
        problem = sim.make_problem(namespace, random.Random(namespace.seed))
        assert sim.cost(problem).steps <= sim.max_steps


def test_workingset_sliding_window() -> None:
    solution = solved("workingset", "--refs", "1,2,1,3,4,4", "--window", "3")
    assert solution["working_sets"] == [[1], [1, 2], [1, 2], [1, 2, 3], [1, 3, 4], [3, 4]]
    assert solution["max_size"] == 3
    out = run(["sim", "workingset", "--refs", "1,2,1,3,4,4", "--window", "3", "-c"]).out
    assert "1, 3 y 4" in out and "{" not in out


def test_placement_nodes_and_pods_are_placed_or_pending() -> None:
    problem = json_of("sim", "placement", "-s", "3", "--nodes", "6")["problem"]
    assert isinstance(problem, dict) and len(problem["nodes"]) == 6
    solution = solved("placement", "-s", "3", "--nodes", "6")
    pods = {p["name"] for p in problem["pods"]}
    assert set(solution["before"]) == pods  # type: ignore[arg-type]
    assert set(solution["pending"]) <= pods  # type: ignore[arg-type]


def test_placement_cost_stays_under_the_cap() -> None:
    sim, parser = load("placement"), build_parser()
    for seed in range(80):
        namespace = parser.parse_args(["sim", "placement", "-s", str(seed), "--nodes", "8"])
        problem = sim.make_problem(namespace, random.Random(namespace.seed))
        assert len(problem["pods"]) <= containers_sims.PLACEMENT_PODS_MAX
        assert sim.cost(problem).steps <= sim.max_steps


def test_choices_two_beat_one_and_every_ball_lands() -> None:
    solution = solved("choices", "--n", "4096", "--choices", "2")
    assert solution["sizes"] == [4, 16, 64, 256, 1024, 4096]
    loads = solution["max_load"]
    assert isinstance(loads, dict) and set(loads) == {"1", "2"}
    assert sum(loads["2"][-1]) < sum(loads["1"][-1])  # 4096 bolas, tres semillas
    one = solved("choices", "--n", "64", "--choices", "1")["max_load"]
    assert isinstance(one, dict) and set(one) == {"1"}


def test_appservice_failure_loses_sessions_only_with_affinity() -> None:
    sticky = solved("appservice", "-s", "1", "--duration", "600", "--fail-at", "100")
    free = solved("appservice", "-s", "1", "--duration", "600", "--fail-at", "100",
                     "--no-affinity")  # fmt: skip
    assert int(sticky["lost_sessions"]) > 0  # type: ignore[call-overload]
    assert free["lost_sessions"] == 0


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("hdd", ["--rpm", "200000"], "--rpm"),
        ("hdd", ["--sizes", "0"], "--sizes"),
        ("writehole", ["--protection", "raid6"], "--protection"),
        ("pagewalk", ["--levels", "3"], "--levels"),
        ("workingset", ["--window", "0"], "--window"),
        ("placement", ["--nodes", "9"], "--nodes"),
        ("placement", ["--nodes", "1"], "--nodes"),
        ("choices", ["--n", str(2**20 + 1)], "--n"),
        ("choices", ["--n", "1048576", "--choices", "2"], "--n × --choices"),
        ("appservice", ["--duration", "3601"], "--duration"),
        ("appservice", ["--duration", "100", "--fail-at", "200"], "--fail-at"),
        ("appservice", ["--duration", "100", "--fail-at", "100"], "--fail-at"),
        ("appservice", ["--fail-at", "0"], "--fail-at"),
    ],
)
def test_bad_options_are_rejected_naming_the_option(
    name: str, args: list[str], message: str
) -> None:
    result = run(["sim", name, *args, "-c"])
    assert result.status == 2, result.out
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("hdd", ["-s", "1"]),
        ("pagewalk", ["-s", "1", "--levels", "4"]),
        ("writehole", ["-s", "1"]),
        ("workingset", ["-s", "1"]),
        ("placement", ["-s", "1"]),
        ("choices", ["--n", "256"]),
        ("appservice", ["--duration", "120", "--fail-at", "60"]),
    ],
)
def test_figures_are_drawn(name: str, args: list[str], tmp_path: Path) -> None:
    target = tmp_path / f"{name}.png"
    result = run(["sim", name, *args, "--plot", str(target)])
    assert result.status == 0, result.err
    assert target.stat().st_size > 1000


@pytest.mark.parametrize("duration", ["0.001", "1", "179"])
def test_appservice_short_runs_draw_a_failure_inside(duration: str) -> None:
    for seed in range(5):
        problem = json_of("sim", "appservice", "-s", str(seed), "--duration", duration)["problem"]
        assert isinstance(problem, dict)
        assert 0 < problem["fail_at_s"] < problem["duration_s"]
        assert run(["sim", "appservice", "-s", str(seed), "--duration", duration, "-c"]).status == 0

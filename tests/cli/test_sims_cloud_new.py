"""Los simuladores nuevos de la nube: ``overprovision`` y ``serverless --dynamic``.

Plantean con ``-s``, resuelven con ``-c``, dan un JSON estable y rechazan lo que se sale
de sus límites nombrando la opción y el rango.
"""

from __future__ import annotations

import pytest
from cli.support import json_of, one_spanish_line, run, solved


def test_overprovision_poses_solves_and_json_is_stable() -> None:
    posed = run(["sim", "overprovision", "-s", "4"])
    assert posed.status == 0, posed.err
    assert "?" in posed.out and "Usa -c" in posed.out
    first = json_of("sim", "overprovision", "-s", "4", "-c")
    assert first == json_of("sim", "overprovision", "-s", "4", "-c")
    assert first["problem"] == json_of("sim", "overprovision", "-s", "4")["problem"]


def test_overprovision_extra_machines_shorten_the_deployment() -> None:
    args = ("--vms", "20", "--extra", "4", "--slow", "0.05", "--fail", "0.03",
            "--deployments", "100")  # fmt: skip
    data = solved("overprovision", *args)
    times = data["time_to_ready_s"]
    assert isinstance(times, dict) and set(times) == {"0", "4"}
    assert len(times["0"]) == len(times["4"]) == 100
    assert data["decision"] == "menor"
    assert data["deleted"] == 4 * 100
    assert 0 < data["extensions_on_deleted"] <= data["deleted"]
    out = run(["sim", "overprovision", *args, "-c"]).out
    assert "fue menor que sin ellas" in out and "borradas por despliegue" in out


def test_overprovision_without_tail_has_no_measurable_difference() -> None:
    data = solved("overprovision", "--vms", "5", "--extra", "1", "--slow", "0", "--fail", "0",
                  "--deployments", "20")  # fmt: skip
    assert data["decision"] in ("menor", "sin diferencia medible")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--vms", "0"], "--vms"),
        (["--vms", "501"], "--vms"),
        (["--extra", "0"], "--extra"),
        (["--fail", "0.95"], "--fail"),
        (["--slow", "-0.1"], "--slow"),
        (["--deployments", "4"], "--deployments"),
        (["--deployments", "301"], "--deployments"),
    ],
)
def test_overprovision_rejects_out_of_range(args: list[str], option: str) -> None:
    result = run(["sim", "overprovision", *args, "-c"])
    assert result.status == 2 and result.out == ""
    assert option in one_spanish_line(result.err)


def test_overprovision_cost_is_capped_naming_the_options() -> None:
    result = run(["sim", "overprovision", "--vms", "500", "--extra", "500", "--deployments",
                  "300", "-c"])  # fmt: skip
    assert result.status == 2
    assert "--deployments × --vms/--extra" in one_spanish_line(result.err)


def test_serverless_dynamic_solves_with_the_controller() -> None:
    args = ("--rate", "2", "--burst", "30", "--duration", "120", "--concurrency", "16",
            "--capacity", "4", "--dynamic", "--max-instances", "20",
            "--cold-start", "1.5")  # fmt: skip
    problem = json_of("sim", "serverless", *args)["problem"]
    assert problem["scaling"] == "controller" and problem["dynamic"] is True
    data = solved("serverless", *args)
    assert 1 < data["mean_concurrency"] <= 4
    out = run(["sim", "serverless", *args, "-c"]).out
    assert "Concurrencia por instancia" in out and "techo 16" in out


def test_serverless_static_problem_keeps_its_meaning() -> None:
    problem = json_of("sim", "serverless", "-s", "3")["problem"]
    assert problem["scaling"] == "per_event" and problem["dynamic"] is False
    assert problem["capacity"] is None


def test_serverless_dynamic_needs_the_controller() -> None:
    result = run(["sim", "serverless", "--dynamic", "--scaling", "per_event", "-c"])
    assert result.status == 2 and result.out == ""
    line = one_spanish_line(result.err)
    assert "--dynamic" in line and "--scaling controller" in line


@pytest.mark.parametrize(("args", "option"), [(["--capacity", "0"], "--capacity"),
                                              (["--scaling", "lambda"], "--scaling")])  # fmt: skip
def test_serverless_new_options_reject_bad_values(args: list[str], option: str) -> None:
    result = run(["sim", "serverless", *args, "-c"])
    assert result.status == 2 and option in one_spanish_line(result.err)


def test_serverless_controller_cost_counts_the_rounds() -> None:
    """El controlador revisa cada segundo: un día casi sin eventos se rechaza antes."""
    args = ["--rate", "0.01", "--burst", "0.01", "--duration", "86400", "--max-instances", "1000"]
    assert run(["sim", "serverless", *args]).status == 0
    result = run(["sim", "serverless", *args, "--scaling", "controller", "-c"])
    assert result.status == 2 and "--duration" in one_spanish_line(result.err)


def test_serverless_dynamic_without_concurrency_uses_a_ceiling_of_sixteen() -> None:
    for seed in ("1", "2", "3"):
        problem = json_of("sim", "serverless", "-s", seed, "--dynamic")["problem"]
        assert problem["concurrency"] == 16
    assert "con --dynamic, 16" in run(["sim", "serverless", "--help"]).out

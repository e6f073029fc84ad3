"""Los simuladores de contenedores y servidores web desde la línea de órdenes.

Los números esperados salen de la documentación de Kubernetes, KEDA y del núcleo de
Linux (``sched-bwc.rst``), razonados a mano. Un subproceso por simulador; los errores
de cada opción, en el mismo proceso con ``main``.
"""

from __future__ import annotations

import pytest
from cli.support import run, solved

from dadsbook.cli.main import main


def test_hpa_scales_up_by_policy_and_down_after_the_window() -> None:
    """De 1 a 9: primero 1 + 4 pods (la política que más deja), luego 9. Baja a 2 cuando
    la última recomendación de 9 (t = 15 s) sale de la ventana de 300 s: en t = 315 s."""
    raw = ",".join(["9", "9"] + ["2"] * 22)
    s = solved("hpa", "--min", "1", "--max", "10", "--start", "1", "--raw", raw)
    replicas = s["replicas"]
    assert replicas[:2] == [5, 9] and replicas[20] == 9 and replicas[21] == 2
    assert s["times_s"][21] == 315


def test_keda_activates_above_the_threshold_and_cools_down() -> None:
    """Activo en t = 30 s (12 > 5); vuelve a 0 cuando pasan 300 s sin actividad (t = 330 s).
    Una métrica igual al valor de activación no activa (``>`` estricto)."""
    metrics = ",".join(["0", "12"] + ["0"] * 10 + ["5"])
    s = solved("keda", "--metrics", metrics, "--activation", "5", "--polling", "30",
               "--cooldown", "300")  # fmt: skip
    replicas = [step["replicas"] for step in s["steps"]]
    assert replicas == [0] + [1] * 10 + [0, 0]
    assert s["steps"][1]["reason"] == "activación 0 → 1"


def test_replicaset_without_failures_keeps_every_replica() -> None:
    s = solved("replicaset", "--replicas", "3", "--mtbf", "1e9", "--startup", "10",
               "--horizon", "600")  # fmt: skip
    assert (s["failures"], s["created"], s["availability"]) == (0, 3, 1.0)


def test_cfs_quota_throttles_the_second_request() -> None:
    """Cuota de 40 ms cada 100 ms: la 1.ª gasta 30; la 2.ª corre 10, se estrangula hasta
    t = 100 y acaba en 120: latencias 30 y 110 (el ejemplo de ``run_stream``)."""
    s = solved("cfs", "--cpu", "30,30", "--arrivals", "0,10", "--quota", "40", "--period", "100",
               "--threads", "1")  # fmt: skip
    assert [r["latency_ms"] for r in s["runs"]] == [30, 110]
    assert [r["throttled_periods"] for r in s["runs"]] == [0, 1]
    assert s["throttled_fraction"] == 0.5


def test_stateless_shared_store_loses_no_session() -> None:
    """Al pasar de 4 a 1 instancia, las sesiones en memoria de las retiradas se pierden."""
    s = solved("stateless", "--duration", "60", "--rate", "2", "--instances", "4",
               "--schedule", "30:1")  # fmt: skip
    memory, shared = s["memoria"], s["compartido"]
    assert shared["sessions_lost"] == 0 and memory["sessions_lost"] > 0
    assert memory["requests_served"] + memory["requests_failed"] == memory["requests_total"]
    assert memory["fleet"] == [[0, 4], [30, 1]]


def test_cluster_fixed_fleet_costs_its_size_and_every_policy_drains() -> None:
    s = solved("cluster", "--duration", "600", "--base-rate", "0.5", "--burst-rate", "2",
               "--service", "0.5", "--fixed", "4", "--startup", "0")  # fmt: skip
    assert set(s) == {"fija", "hpa-cpu", "keda-cola"}
    assert s["fija"]["mean_pods"] == pytest.approx(4)
    assert all(r["processed"] == r["messages"] > 0 for r in s.values())
    assert {"wait_p50_s", "wait_p99_s", "pod_seconds"} <= set(s["keda-cola"])


def test_bad_input_is_one_spanish_line() -> None:
    result = run(["sim", "hpa", "--min", "5", "--max", "2"])
    assert result.status == 2 and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        "dadsbook sim hpa: error: --min (5) no puede ser mayor que --max (2)"
    ]


ERRORS = [
    (["hpa", "--min", "0"], "opción --min: se espera un entero ≥ 1"),
    (["hpa", "--max", "0"], "opción --max: se espera un entero ≥ 1"),
    (["hpa", "--start", "-1"], "opción --start: se espera un entero ≥ 0"),
    (["hpa", "--raw", "1,x"], "opción --raw: en la lista '1,x'"),
    (["hpa", "--down-window", "-5"], "opción --down-window: se espera un número ≥ 0"),
    (["keda", "--metrics", "-1"], "opción --metrics: en la lista '-1'"),
    (["keda", "--activation", "-1"], "opción --activation: se espera un número ≥ 0"),
    (["keda", "--polling", "0"], "opción --polling: se espera un número > 0"),
    (["keda", "--cooldown", "-1"], "opción --cooldown: se espera un número ≥ 0"),
    (["replicaset", "--replicas", "0"], "opción --replicas: se espera un entero ≥ 1"),
    (["replicaset", "--mtbf", "0"], "opción --mtbf: se espera un número > 0"),
    (["replicaset", "--mtbf", "0.001"], "--mtbf: el problema necesitaría"),
    (["replicaset", "--startup", "-1"], "opción --startup: se espera un número ≥ 0"),
    (["replicaset", "--horizon", "0"], "opción --horizon: se espera un número > 0"),
    (["replicaset", "--horizon", "40000"], "opción --horizon: se espera un número > 0 y ≤ 36000"),
    (["cfs", "--cpu", "0"], "opción --cpu: en la lista '0': se espera un número > 0"),
    (["cfs", "--cpu", "1,1", "--arrivals", "5,0"], "--arrivals debe ir de menor a mayor"),
    (["cfs", "--cpu", "1,1", "--arrivals", "5"], "--arrivals debe tener tantos valores"),
    (["cfs", "--arrivals", "0"], "--arrivals necesita --cpu"),
    (["cfs", "--quota", "0"], "opción --quota: se espera un número ≥ 0.01"),
    (["cfs", "--cpu", "1e6", "--quota", "1"], "--quota/--period: el problema necesitaría"),
    (["cfs", "--period", "0"], "opción --period: se espera un número ≥ 0.1"),
    (["cfs", "--threads", "0"], "opción --threads: se espera un entero ≥ 1"),
    (["cluster", "--duration", "20000"], "opción --duration: se espera un número > 0 y ≤ 14400"),
    (["cluster", "--base-rate", "-1"], "opción --base-rate: se espera un número ≥ 0"),
    (["cluster", "--base-rate", "1", "--burst-rate", "0.1"], "--burst-rate (0.1) debe ser ≥"),
    (["cluster", "--burst-rate", "1000"], "--burst-rate × --duration: el problema"),
    (["cluster", "--service", "0"], "opción --service: se espera un número > 0"),
    (["cluster", "--startup", "-1"], "opción --startup: se espera un número ≥ 0"),
    (["cluster", "--fixed", "0"], "opción --fixed: se espera un entero ≥ 1"),
    (["cluster", "--mtbf", "0"], "opción --mtbf: se espera un número > 0"),
    (["stateless", "--duration", "0"], "opción --duration: se espera un número > 0"),
    (["stateless", "--duration", "4000"], "opción --duration: se espera un número > 0 y ≤ 3600"),
    (["stateless", "--rate", "0"], "opción --rate: se espera un número > 0"),
    (["stateless", "--instances", "0"], "opción --instances: se espera un entero ≥ 1"),
    (["stateless", "--schedule", "10-2"], "--schedule: cambio '10-2' no válido"),
    (["stateless", "--duration", "60", "--schedule", "100:2"], "necesita 0 ≤ instante < 60"),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_each_option_rejects_bad_input_in_one_spanish_line(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sim", *args])
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines

"""Pruebas del clúster simulado (dadsbook.systems.containers.cluster) y del veredicto."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook import verdict
from dadsbook.systems.containers import cluster, figures, hpa, keda, verdicts, workload

LOAD = workload.BurstyWorkload(
    duration_s=1800.0,
    base_rate=0.02,
    burst_rate=5.0,
    calm_mean_s=400.0,
    burst_mean_s=120.0,
    service_mean_s=1.0,
)


@pytest.fixture(scope="module")
def results() -> dict[str, cluster.ClusterResult]:
    config = cluster.ClusterConfig(mtbf_s=600.0, fixed_replicas=6)
    return cluster.compare(LOAD.messages(1), config, seed=1)


def test_every_message_is_processed(results: dict[str, cluster.ClusterResult]) -> None:
    for r in results.values():
        assert r.processed == r.messages == len(r.waits_s)
        assert min(r.waits_s) >= 0


def test_fixed_fleet_costs_what_it_has(results: dict[str, cluster.ClusterResult]) -> None:
    fixed = results["fija"]
    assert all(s[1] == 6 for s in fixed.samples)
    assert fixed.mean_pods == pytest.approx(6.0, abs=0.2)  # huecos por fallos


def test_crash_loop_starves_a_small_fleet() -> None:
    """Dos pods cuyos contenedores fallan cada minuto de media pasan casi todo el tiempo en
    *CrashLoopBackOff*: la cola no se vacía antes del tope de drenaje."""
    load = dataclasses.replace(LOAD, duration_s=900.0, burst_rate=8.0)
    config = cluster.ClusterConfig(startup_s=0.0, mtbf_s=60.0, fixed_replicas=2)
    r = cluster.simulate("fija", load.messages(0), config, seed=0)
    assert r.processed < r.messages and r.failures > 10


def test_crashes_restart_in_place(results: dict[str, cluster.ClusterResult]) -> None:
    """Un fallo del contenedor no crea pods: la flota fija siempre tiene los mismos 6."""
    fixed = results["fija"]
    assert fixed.failures > 0 and fixed.pods_created == 6


def test_table_is_spanish(results: dict[str, cluster.ClusterResult]) -> None:
    """Los números de la tabla salen del formateador del libro (coma decimal)."""
    cells = [c for row in cluster.table(results).rows for c in row[1:]]
    assert all(isinstance(c, str) and "." not in c for c in cells)


def test_replicas_within_bounds(results: dict[str, cluster.ClusterResult]) -> None:
    assert all(1 <= s[1] <= 20 for s in results["hpa-cpu"].samples)
    assert all(0 <= s[1] <= 20 for s in results["keda-cola"].samples)


def test_keda_scales_to_zero_when_idle() -> None:
    """Sin mensajes, KEDA deja 0 pods y no cuesta nada; el HPA mantiene ``minReplicas``."""
    quiet = workload.Messages((), (), (), 600.0)
    config = cluster.ClusterConfig()
    assert cluster.simulate("keda-cola", quiet, config, seed=0).pod_seconds == 0
    assert cluster.simulate("hpa-cpu", quiet, config, seed=0).pod_seconds == pytest.approx(600)


def test_single_message_wakes_keda() -> None:
    """Un mensaje con 0 réplicas: espera al siguiente sondeo (30 s) y al arranque del pod."""
    msgs = workload.Messages((0.5,), (1.0,), (), 120.0)
    r = cluster.simulate("keda-cola", msgs, cluster.ClusterConfig(startup_s=20.0), seed=0)
    assert r.processed == 1
    assert r.waits_s[0] == pytest.approx(30.0 - 0.5 + 20.0)


def test_table_and_figure(results: dict[str, cluster.ClusterResult]) -> None:
    table = cluster.table(results)
    assert [row[0] for row in table.rows] == list(cluster.POLICIES)
    top, _ = figures.replicas_figure(results, LOAD.messages(1)).axes
    assert [t.get_text() for t in top.get_legend().get_texts()] == list(results)
    assert results["keda-cola"].as_dict()["policy"] == "keda-cola"


def test_bad_inputs() -> None:
    msgs = LOAD.messages(0)
    with pytest.raises(ValueError, match="policy"):
        cluster.simulate("vpa", msgs, cluster.ClusterConfig(), seed=0)
    with pytest.raises(ValueError, match="startup_s"):
        cluster.ClusterConfig(startup_s=-1)
    with pytest.raises(ValueError, match="fixed_replicas"):
        cluster.ClusterConfig(fixed_replicas=0)
    with pytest.raises(ValueError, match="mtbf_s"):
        cluster.ClusterConfig(mtbf_s=0)
    with pytest.raises(TypeError, match="messages"):
        cluster.simulate("fija", [1, 2], cluster.ClusterConfig(), seed=0)  # type: ignore[arg-type]


def test_verdict_counts_and_words() -> None:
    config = cluster.ClusterConfig(mtbf_s=None, fixed_replicas=6)
    tuned = dataclasses.replace(
        config, keda_spec=dataclasses.replace(config.keda_spec, scale_down_window_s=60.0)
    )
    rows = verdicts.sweep(LOAD, config, [1, 2], extra={"corta": ("keda-cola", tuned)})
    assert set(rows) == {*cluster.POLICIES, "corta"}
    v = verdicts.verdict(
        rows,
        candidates=("keda-cola", "corta"),
        baselines=("hpa-cpu",),
        labels={"hpa-cpu": "el HPA por CPU", "corta": "KEDA con ventana corta"},
    )
    cell = v.cells[("corta", "hpa-cpu")]
    assert cell.seeds == 2
    assert cell.both_wins <= min(cell.p99_wins, cell.cost_wins)
    assert cell.p99_wins == verdicts.wins(rows, "wait_p99_s", "corta", "hpa-cpu")
    # Con dos semillas la regla del veredicto no decide, y la frase lo dice.
    assert cell.p99.decision == cell.cost.decision == "sin diferencia medible"
    sentence = v.sentence("corta", "hpa-cpu")
    assert "KEDA con ventana corta" in sentence and "el HPA por CPU" in sentence
    assert sentence.endswith("no queda demostrada.")
    assert v.conclusion([("corta", "hpa-cpu", "X")]).endswith(" X.")
    assert "candidata" in str(v)
    assert v.compare("corta", "keda-cola", "wait_p50_s", what="la espera p50").differs is False
    with pytest.raises(ValueError, match="comparó"):
        v.sentence("fija", "hpa-cpu")
    with pytest.raises(ValueError, match="seeds"):
        verdicts.sweep(LOAD, config, [])


def _cell(p99: list[float], cost: list[float]) -> verdicts.Cell:
    base = [10.0, 10.5, 9.5, 10.2, 9.8]
    return verdicts.Cell(
        "a",
        "b",
        5,
        0,
        0,
        0,
        verdict.compare(p99, base),
        verdict.compare(cost, base),
    )


def test_status_comes_from_the_verdicts() -> None:
    """«se cumple» solo si los dos veredictos dicen «menor»; «no se cumple» si alguno
    dice «mayor»; si no, «no queda demostrada»."""
    low, high, same = (
        [1.0, 1.1, 0.9, 1.05, 0.95],
        [50.0, 51, 49, 50.5, 49.5],
        [10.1, 9.9, 10, 10.3, 9.7],
    )
    assert _cell(low, low).status == "se cumple"
    assert _cell(low, high).status == "no se cumple"
    assert _cell(high, low).status == "no se cumple"
    assert _cell(low, same).status == "no queda demostrada"


def test_separated_seeds_decide() -> None:
    """Con cinco semillas bien separadas, el veredicto decide y la frase lo dice."""
    rows = {
        "a": tuple(
            {"wait_p99_s": x, "pod_seconds": x, "wait_p50_s": x, "mean_pods": x}
            for x in (1.0, 1.1, 0.9, 1.05, 0.95)
        ),
        "b": tuple(
            {"wait_p99_s": x, "pod_seconds": x, "wait_p50_s": x, "mean_pods": x}
            for x in (5.0, 5.1, 4.9, 5.05, 4.95)
        ),
    }
    v = verdicts.verdict(rows, candidates=("a",), baselines=("b",), labels={"a": "A", "b": "B"})
    assert v.status("a", "b") == "se cumple"
    assert v.sentence("a", "b").startswith("la espera p99 de A fue menor que la de B")


@settings(max_examples=15)
@given(
    seed=st.integers(0, 1000),
    policy=st.sampled_from(cluster.POLICIES),
    startup=st.floats(0, 40),
    mtbf=st.one_of(st.none(), st.floats(1800, 7200)),
    burst=st.floats(1, 8),
)
def test_property_every_message_eventually_processed(
    seed: int, policy: str, startup: float, mtbf: float | None, burst: float
) -> None:
    """Con activación 0, cualquier política vacía la cola antes del tope de drenaje.

    Con contenedores que fallan poco (cada media hora o más): uno que falla cada minuto
    entra en *CrashLoopBackOff* con esperas de hasta 5 minutos y una flota pequeña
    no llega a vaciar la cola, que es justo lo que pasaría en un clúster."""
    load = dataclasses.replace(LOAD, duration_s=900.0, burst_rate=burst)
    config = cluster.ClusterConfig(
        startup_s=startup,
        mtbf_s=mtbf,
        fixed_replicas=2,
        hpa_spec=hpa.HpaSpec(min_replicas=1, max_replicas=8, target=70.0),
        keda_spec=keda.KedaSpec(target=5.0, max_replica_count=8),
    )
    r = cluster.simulate(policy, load.messages(seed), config, seed=seed)
    assert r.processed == r.messages
    assert r.drained_s < load.duration_s + config.drain_limit_s
    assert all(s[1] <= 8 for s in r.samples)

"""Pruebas de la traducción de un pod a sus cgroups (dadsbook.systems.containers.qos)."""

from __future__ import annotations

import pytest

from dadsbook.systems.containers import qos
from dadsbook.systems.containers.qos import Container, Pod, Resources


def _pod(requests: Resources, limits: Resources) -> Pod:
    return Pod("p", (Container("c", requests, limits),))


def test_milli_cpu_to_shares_matches_the_kubelet() -> None:
    """``MilliCPUToShares``: ×1024/1000 entero, con mínimo 2 y máximo 2¹⁸."""
    assert [qos.milli_cpu_to_shares(m) for m in (0, 1, 2, 250, 1000, 1500)] == [
        2,
        2,
        2,
        256,
        1024,
        1536,
    ]
    assert qos.milli_cpu_to_shares(10**6) == qos.MAX_SHARES


def test_linear_weight_formula() -> None:
    """``1 + ((shares − 2) × 9999) / 262142``, división entera (runc ≤ 1.3.1)."""
    assert qos.shares_to_weight(2) == 1
    assert qos.shares_to_weight(1024) == 39
    assert qos.shares_to_weight(2000) == 77  # el ejemplo de runc #4896 con la fórmula vieja
    assert qos.shares_to_weight(262_144) == 10_000


def test_new_weight_formula_keeps_the_default() -> None:
    """runc ≥ 1.3.2: 2 → 1, 1024 → 100 (el peso por omisión), 2¹⁸ → 10 000."""
    assert qos.shares_to_weight_new(2) == 1
    assert qos.shares_to_weight_new(1024) == qos.DEFAULT_WEIGHT
    assert qos.shares_to_weight_new(2000) == 170  # el ejemplo de runc #4896
    assert qos.shares_to_weight_new(262_144) == qos.MAX_WEIGHT
    weights = [qos.shares_to_weight_new(s) for s in range(2, 262_145, 997)]
    assert weights == sorted(weights)


def test_kernel_weight_scales_cpu_weight_to_nice_zero() -> None:
    assert qos.kernel_weight(100) == 1024
    assert qos.kernel_weight(1) == 10


def test_qos_classes() -> None:
    """Las tres clases, y un límite sin *request* que la copia (Guaranteed)."""
    assert _pod(Resources(), Resources()).qos == "BestEffort"
    assert _pod(Resources(250, 256), Resources(None, 512)).qos == "Burstable"
    assert _pod(Resources(1000, 1024), Resources(1000, 1024)).qos == "Guaranteed"
    assert _pod(Resources(), Resources(500, 512)).qos == "Guaranteed"
    assert _pod(Resources(None, 128), Resources()).qos == "Burstable"
    assert _pod(Resources(500, 512), Resources(1000, 512)).qos == "Burstable"
    two = Pod(
        "two",
        (
            Container("a", Resources(500, 512), Resources(500, 512)),
            Container("b", Resources(100, 64)),
        ),
    )
    assert two.qos == "Burstable"


def test_oom_score_adj() -> None:
    """``GetContainerOOMScoreAdjust``: −997, 1000 y la fórmula recortada a [3, 999]."""
    capacity = 16 * 1024
    guaranteed = _pod(Resources(1000, 1024), Resources(1000, 1024))
    assert qos.oom_score_adj(guaranteed, guaranteed.containers[0], capacity) == -997
    best = _pod(Resources(), Resources())
    assert qos.oom_score_adj(best, best.containers[0], capacity) == 1000
    web = _pod(Resources(250, 256), Resources(None, 512))
    assert qos.oom_score_adj(web, web.containers[0], capacity) == 1000 - 15
    tiny = _pod(Resources(10, 1), Resources())
    assert qos.oom_score_adj(tiny, tiny.containers[0], capacity) == 999
    huge = _pod(Resources(10, capacity), Resources())
    assert qos.oom_score_adj(huge, huge.containers[0], capacity) == 3


def test_cgroup_files() -> None:
    limited = _pod(Resources(), Resources(500, 512))
    assert limited.cpu_max() == "50000 100000"
    assert limited.memory_max() == "512 MiB"
    assert limited.cpu_shares == 512
    free = _pod(Resources(250, 256), Resources())
    assert free.cpu_max() == "max 100000"
    assert free.memory_max() == "max"
    assert _pod(Resources(), Resources()).cpu_shares == qos.MIN_SHARES
    assert qos.milli_cpu_to_quota_us(1) == qos.MIN_QUOTA_US


def test_pods_table_has_one_row_per_pod() -> None:
    table = qos.pods_table(qos.example_pods())
    assert [row[3] for row in table.rows] == ["BestEffort", "Burstable", "Guaranteed", "Guaranteed"]
    assert "copia los limits" in str(table.rows[3][1])


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="milli_cpu"):
        qos.milli_cpu_to_shares(-1)
    with pytest.raises(ValueError, match="shares"):
        qos.shares_to_weight(1)
    with pytest.raises(ValueError, match="cpu_m"):
        Resources(cpu_m=-5)
    with pytest.raises(ValueError, match="containers"):
        Pod("vacío", ())
    pod = _pod(Resources(), Resources())
    with pytest.raises(ValueError, match="container"):
        qos.oom_score_adj(pod, Container("otro"), 1024)
    with pytest.raises(ValueError, match="memory_capacity_mib"):
        qos.oom_score_adj(pod, pod.containers[0], 0)

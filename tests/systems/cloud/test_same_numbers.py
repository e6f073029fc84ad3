"""Los simuladores de la nube dan los mismos números con la misma semilla.

Huellas (SHA-256 de ``repr(dataclasses.astuple(resultado))``) calculadas con el código
anterior a las optimizaciones de rendimiento, con los tamaños del perfil ``quick``: una
optimización que cambie un solo número, el orden de los eventos o cuánto se consume del
generador aleatorio hace fallar la prueba. Si cambia la versión de Python o de NumPy, el
generador podría cambiar también: entonces hay que recalcularlas con cuidado.
"""

from __future__ import annotations

import dataclasses
import hashlib

from dadsbook.systems.cloud import app_service, serverless


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def test_app_service_numbers_do_not_change() -> None:
    base = app_service.AppServiceConfig(duration_s=600, fail_at_s=200)
    configs = {"a": base, "b": app_service.with_affinity(base, False)}
    runs = app_service.by_seed(configs, seeds=[0])
    digests = {n: _digest([dataclasses.astuple(r) for r in rs]) for n, rs in runs.items()}
    assert digests == {"a": "4919dd557448fd42", "b": "7775f3d17f846625"}


def test_serverless_numbers_do_not_change() -> None:
    config = serverless.ServerlessConfig
    configs = {
        "c1": config(concurrency=1),
        "c16": config(concurrency=16),
        "ctrl": config(scaling="controller", concurrency=4),
        "prem3": config(scaling="controller", concurrency=4, always_ready=1, prewarmed=3),
    }
    runs = serverless.by_seed(configs, seeds=[7], rate_per_s=2.0, burst_per_s=30.0, duration_s=300)
    assert {n: _digest(dataclasses.astuple(r[0])) for n, r in runs.items()} == {
        "c1": "12749de860727330",
        "c16": "e36eeabf25551819",
        "ctrl": "b1d9bf3522ca44d8",
        "prem3": "f0b7d966bfb964ac",
    }

"""La flota con y sin estado (dadsbook.systems.web_servers.stateless) da los mismos
números con la misma semilla.

Huellas (SHA-256 de ``repr(dataclasses.astuple(resultado))``) calculadas con el código
anterior a las optimizaciones de rendimiento, con el problema del perfil ``quick`` de
``[web_stateless]``. Si cambia la versión de NumPy, el generador podría cambiar: entonces
hay que recalcularlas con cuidado.
"""

from __future__ import annotations

import dataclasses
import hashlib

from dadsbook.systems.web_servers import stateless


def test_stateless_numbers_do_not_change() -> None:
    problem = stateless.random_fleet(
        13, duration_s=120.0, session_rate=5.0, min_instances=2, max_instances=6, changes=6
    )
    outcomes = stateless.compare_stores(problem)
    digests = {
        store: hashlib.sha256(repr(dataclasses.astuple(r)).encode()).hexdigest()[:16]
        for store, r in outcomes.items()
    }
    assert digests == {"memoria": "dc8ff8e3c3d4f011", "compartido": "44b6f3806cee2f7d"}

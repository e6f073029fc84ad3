"""Pruebas de las figuras de la nube: ligeras y fieles a las series que dibujan."""

from __future__ import annotations

import io

from dadsbook.systems.cloud import figures
from dadsbook.systems.cloud import scale_sets as ss


def test_step_series_keep_only_their_changes() -> None:
    assert figures._changes([2, 2, 2, 3, 3, 2]) == ([0, 3, 5, 5], [2, 3, 2, 2])
    assert figures._per_minute([1.0] * 60 + [3.0] * 30) == [1.0, 3.0]


def test_scale_set_figure_stays_small() -> None:
    """Dos horas a un punto por segundo: la figura SVG no pasa de 64 KiB.

    Un mensaje mayor hace que el núcleo de Jupyter arranque el hilo recolector de
    pyzmq, que la comprobación de higiene de la página ve como un hilo de más.
    """
    demand = ss.random_demand(4, 7200)
    results = {
        name: ss.simulate_scale_set(ss.ScaleRule(provisioning_s=p), demand=demand, seed=1)
        for name, p in (("1 min", 60), ("10 min", 600))
    }
    buffer = io.BytesIO()
    figures.scale_set_timeline(results).savefig(buffer, format="svg")
    assert len(buffer.getvalue()) < 64 * 1024

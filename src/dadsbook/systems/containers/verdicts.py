"""¿Respalda la simulación la afirmación del artículo? Comparación con varias semillas.

Una sola ejecución puede ser casualidad: :func:`sweep` repite la comparación de
:mod:`~dadsbook.systems.containers.cluster` con varias semillas (mensajes y fallos
distintos) y :func:`verdict` cuenta, para cada par candidato–referencia, en cuántas
semillas el candidato tiene menor espera p99, menor coste (pod·segundos) y las dos
cosas a la vez. :meth:`Verdict.sentence` redacta la conclusión a partir de esos
recuentos, sin adjetivos escritos a mano.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dadsbook.systems.containers.cluster import ClusterConfig, Variants, compare
from dadsbook.systems.containers.workload import BurstyWorkload
from dadsbook.tables import Table

__all__ = ["Cell", "Verdict", "sweep", "verdict", "wins"]

Rows = Mapping[str, Sequence[Mapping[str, object]]]


def sweep(
    workload: BurstyWorkload,
    config: ClusterConfig,
    seeds: Sequence[int],
    *,
    extra: Variants | None = None,
) -> dict[str, tuple[dict[str, object], ...]]:
    """Repite la comparación con varias semillas (carga y fallos); filas JSON por política."""
    if not seeds:
        raise ValueError("seeds debe contener al menos una semilla")
    rows: dict[str, list[dict[str, object]]] = {}
    for seed in seeds:
        messages = workload.messages(seed)
        for name, result in compare(messages, config, seed=seed, extra=extra).items():
            rows.setdefault(name, []).append(result.as_dict())
    return {p: tuple(r) for p, r in rows.items()}


def wins(rows: Rows, metric: str, better: str, worse: str) -> int:
    """En cuántas semillas ``better`` tuvo un ``metric`` estrictamente menor que ``worse``."""
    return sum(_wins_each(rows, metric, better, worse))


@dataclass(frozen=True)
class Cell:
    """Recuentos de un candidato frente a una referencia."""

    candidate: str
    baseline: str
    seeds: int
    p99_wins: int
    cost_wins: int
    both_wins: int


@dataclass(frozen=True)
class Verdict:
    """Recuentos por par y medianas por política."""

    cells: dict[tuple[str, str], Cell]
    medians: dict[str, dict[str, float]]

    def median(self, policy: str, metric: str) -> float:
        """Mediana de ``metric`` de ``policy`` entre semillas."""
        try:
            return self.medians[policy][metric]
        except KeyError:
            raise ValueError(f"no hay mediana de {metric!r} para {policy!r}") from None

    def sentence(self, candidate: str, baseline: str) -> str:
        """La conclusión para un par, redactada a partir de los recuentos."""
        try:
            c = self.cells[(candidate, baseline)]
        except KeyError:
            raise ValueError(f"no se comparó {candidate!r} con {baseline!r}") from None
        n = c.seeds
        if c.both_wins == n:
            conclusion = "la simulación respalda la afirmación en todas las semillas"
        elif 2 * c.both_wins > n:
            conclusion = (
                "la simulación respalda la afirmación en la mayoría de las semillas, no en todas"
            )
        elif c.both_wins > 0:
            conclusion = "la simulación solo respalda la afirmación en una minoría de semillas"
        else:
            conclusion = "la simulación no respalda la afirmación en ninguna semilla"
        return (
            f"mejor espera p99 en {c.p99_wins} de {n} semillas, menor coste en "
            f"{c.cost_wins} de {n} y las dos cosas a la vez en {c.both_wins} de {n}: "
            f"{conclusion}."
        )

    def status(self, candidate: str, baseline: str) -> str:
        """Si mejora latencia y coste a la vez: en todas, la mayoría, una minoría o ninguna."""
        try:
            c = self.cells[(candidate, baseline)]
        except KeyError:
            raise ValueError(f"no se comparó {candidate!r} con {baseline!r}") from None
        if c.both_wins == c.seeds:
            return "se cumple en todas las semillas"
        if 2 * c.both_wins > c.seeds:
            return "se cumple en la mayoría de las semillas"
        if c.both_wins > 0:
            return "solo se cumple en una minoría de semillas"
        return "no se cumple en ninguna semilla"

    def conclusion(self, pairs: Sequence[tuple[str, str, str]]) -> str:
        """Resumen de la afirmación para varios pares ``(candidata, referencia, texto)``.

        >>> v = Verdict({("a", "b"): Cell("a", "b", 2, 2, 2, 2)}, {})
        >>> v.conclusion([("a", "b", "para A frente a B")])[-50:]
        'se cumple en todas las semillas para A frente a B.'
        """
        if not pairs:
            raise ValueError("pairs debe contener al menos un par")
        parts = [f"{self.status(cand, base)} {text}" for cand, base, text in pairs]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]
        return (
            "En resumen, la afirmación del artículo (mejor latencia y menor coste a la vez) "
            f"{joined}."
        )

    def table(self) -> Table:
        """Tabla de recuentos por par."""
        return Table(
            ("candidata", "referencia", "semillas", "gana p99", "gana coste", "gana ambas"),
            [
                (c.candidate, c.baseline, c.seeds, c.p99_wins, c.cost_wins, c.both_wins)
                for c in self.cells.values()
            ],
            caption="En cuántas semillas la candidata mejora a la referencia.",
        )

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def __repr__(self) -> str:
        return str(self.table())


def verdict(rows: Rows, *, candidates: Sequence[str], baselines: Sequence[str]) -> Verdict:
    """Recuentos de victorias de cada candidata frente a cada referencia."""
    if not candidates or not baselines:
        raise ValueError("candidates y baselines deben contener al menos una política")
    cells: dict[tuple[str, str], Cell] = {}
    for cand in candidates:
        for base in baselines:
            p99 = _wins_each(rows, "wait_p99_s", cand, base)
            cost = _wins_each(rows, "pod_seconds", cand, base)
            both = sum(a and b for a, b in zip(p99, cost, strict=True))
            cells[(cand, base)] = Cell(cand, base, len(p99), sum(p99), sum(cost), both)
    medians = {
        name: {
            metric: float(np.median([float(r[metric]) for r in policy_rows]))  # type: ignore[arg-type]
            for metric in ("wait_p50_s", "wait_p99_s", "mean_pods", "pod_seconds")
        }
        for name, policy_rows in rows.items()
    }
    return Verdict(cells, medians)


def _wins_each(rows: Rows, metric: str, better: str, worse: str) -> list[bool]:
    for name in (better, worse):
        if name not in rows:
            raise ValueError(f"la política {name!r} no está en rows")
    return [
        float(a[metric]) < float(b[metric])  # type: ignore[arg-type]
        for a, b in zip(rows[better], rows[worse], strict=True)
    ]

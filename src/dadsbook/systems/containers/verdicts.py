"""¿Respalda la simulación la afirmación del artículo? Comparación con varias semillas.

Una sola ejecución puede ser casualidad: :func:`sweep` repite la comparación de
:mod:`~dadsbook.systems.containers.cluster` con varias semillas (mensajes y fallos
distintos) y :func:`verdict` compara, para cada par candidata–referencia, la espera
p99 y el coste (pod·segundos) de las semillas con la función de veredicto del libro
(:func:`dadsbook.verdict.compare`): los valores de cada semilla son las muestras, y
la regla declarada (al menos cinco por lado, dispersiones que no se solapan, prueba
de rangos y cociente fuera del 1) decide si hay diferencia. Las frases salen de esas
decisiones; los recuentos de semillas ganadas se muestran como dato, no deciden nada.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dadsbook import fmt
from dadsbook import verdict as _verdict
from dadsbook.systems.containers.cluster import ClusterConfig, Variants, compare
from dadsbook.systems.containers.workload import BurstyWorkload
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_sequence

__all__ = ["Cell", "Evidence", "sweep", "verdict", "wins"]

Rows = Mapping[str, Sequence[Mapping[str, object]]]

#: Lo que se afirma: menos espera y menos coste a la vez.
CLAIM = "menos espera y menos coste a la vez"


def sweep(
    workload: BurstyWorkload,
    config: ClusterConfig,
    seeds: Sequence[int],
    *,
    extra: Variants | None = None,
) -> dict[str, tuple[dict[str, object], ...]]:
    """Repite la comparación con varias semillas (carga y fallos); filas JSON por política."""
    check_sequence("seeds", seeds, check_int, what="semillas")
    rows: dict[str, list[dict[str, object]]] = {}
    for seed in seeds:
        messages = workload.messages(seed)
        for name, result in compare(messages, config, seed=seed, extra=extra).items():
            rows.setdefault(name, []).append(result.as_dict())
    return {p: tuple(r) for p, r in rows.items()}


def _of(label: str) -> str:
    """«de» + nombre, con la contracción «del» («del HPA por CPU»)."""
    return f"del {label[3:]}" if label.startswith("el ") else f"de {label}"


def _values(rows: Rows, policy: str, metric: str) -> list[float]:
    if policy not in rows:
        raise ValueError(f"la política {policy!r} no está en rows")
    return [float(r[metric]) for r in rows[policy]]  # type: ignore[arg-type]


def _wins_each(rows: Rows, metric: str, better: str, worse: str) -> list[bool]:
    pairs = zip(_values(rows, better, metric), _values(rows, worse, metric), strict=True)
    return [a < b for a, b in pairs]


def wins(rows: Rows, metric: str, better: str, worse: str) -> int:
    """En cuántas semillas ``better`` tuvo un ``metric`` estrictamente menor que ``worse``."""
    return sum(_wins_each(rows, metric, better, worse))


@dataclass(frozen=True)
class Cell:
    """Una candidata frente a una referencia: veredictos y recuentos por semilla."""

    candidate: str
    baseline: str
    seeds: int
    p99_wins: int
    cost_wins: int
    both_wins: int
    p99: _verdict.Verdict
    cost: _verdict.Verdict

    @property
    def status(self) -> str:
        """Si la afirmación se cumple, no se cumple o no queda demostrada."""
        decisions = (self.p99.decision, self.cost.decision)
        if decisions == ("menor", "menor"):
            return "se cumple"
        if "mayor" in decisions:
            return "no se cumple"
        return "no queda demostrada"


@dataclass(frozen=True)
class Evidence:
    """Veredictos por par, medianas por política y las filas de las que salen."""

    cells: dict[tuple[str, str], Cell]
    medians: dict[str, dict[str, float]]
    rows: Rows
    labels: Mapping[str, str]

    def _cell(self, candidate: str, baseline: str) -> Cell:
        try:
            return self.cells[(candidate, baseline)]
        except KeyError:
            raise ValueError(f"no se comparó {candidate!r} con {baseline!r}") from None

    def label(self, policy: str) -> str:
        """El nombre de una política en una frase («el HPA por CPU»)."""
        return self.labels.get(policy, policy)

    def median(self, policy: str, metric: str) -> float:
        """Mediana de ``metric`` de ``policy`` entre semillas."""
        try:
            return self.medians[policy][metric]
        except KeyError:
            raise ValueError(f"no hay mediana de {metric!r} para {policy!r}") from None

    def compare(
        self, a: str, b: str, metric: str, *, what: str, more: str = "mayor", less: str = "menor"
    ) -> _verdict.Verdict:
        """Veredicto de ``metric`` entre dos políticas, con las semillas como muestras.

        ``what`` es el sustantivo de la frase («la espera p50»).
        """
        return _verdict.compare(
            _values(self.rows, a, metric),
            _values(self.rows, b, metric),
            a_label=f"{what} {_of(self.label(a))}",
            b_label=f"{'la' if what.startswith('la ') else 'el'} {_of(self.label(b))}",
            more=more,
            less=less,
        )

    def sentence(self, candidate: str, baseline: str) -> str:
        """La conclusión para un par: los dos veredictos y si la afirmación se cumple."""
        c = self._cell(candidate, baseline)
        return f"{c.p99.phrase}; {c.cost.phrase}. La afirmación ({CLAIM}) {c.status}."

    def status(self, candidate: str, baseline: str) -> str:
        """«se cumple», «no se cumple» o «no queda demostrada» para un par."""
        return self._cell(candidate, baseline).status

    def conclusion(self, pairs: Sequence[tuple[str, str, str]]) -> str:
        """Resumen de la afirmación para varios pares ``(candidata, referencia, texto)``.

        >>> yes = _verdict.compare([1, 1.1, 0.9, 1, 1], [3, 3.1, 2.9, 3, 3])
        >>> v = Evidence({("a", "b"): Cell("a", "b", 5, 5, 5, 5, yes, yes)}, {}, {}, {})
        >>> v.conclusion([("a", "b", "para A frente a B")]).endswith("se cumple para A frente a B.")
        True
        """
        if not pairs:
            raise ValueError("pairs debe contener al menos un par")
        parts = [f"{self.status(cand, base)} {text}" for cand, base, text in pairs]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]
        return f"En resumen, la afirmación del artículo ({CLAIM}) {joined}."

    def table(self) -> Table:
        """Tabla por par: veredicto de cada métrica y semillas en que gana la candidata."""
        return Table(
            (
                "candidata",
                "referencia",
                "espera p99",
                "coste",
                "semillas",
                "gana p99",
                "gana coste",
                "gana ambas",
            ),
            [
                (
                    c.candidate,
                    c.baseline,
                    c.p99.decision,
                    c.cost.decision,
                    fmt.number(c.seeds),
                    fmt.number(c.p99_wins),
                    fmt.number(c.cost_wins),
                    fmt.number(c.both_wins),
                )
                for c in self.cells.values()
            ],
            caption=(
                "Veredicto de la candidata frente a la referencia (menor, mayor o sin "
                "diferencia medible) y en cuántas semillas gana."
            ),
        )

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def __repr__(self) -> str:
        return str(self.table())


def verdict(
    rows: Rows,
    *,
    candidates: Sequence[str],
    baselines: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> Evidence:
    """Veredictos de cada candidata frente a cada referencia, con las semillas como muestras.

    ``labels`` da el nombre de cada política en las frases («el HPA por CPU»).
    """
    if not candidates or not baselines:
        raise ValueError("candidates y baselines deben contener al menos una política")
    names = dict(labels or {})
    cells: dict[tuple[str, str], Cell] = {}
    for cand in candidates:
        for base in baselines:
            p99 = _wins_each(rows, "wait_p99_s", cand, base)
            cost = _wins_each(rows, "pod_seconds", cand, base)
            both = sum(a and b for a, b in zip(p99, cost, strict=True))
            a, b = names.get(cand, cand), names.get(base, base)
            p99_v = _verdict.compare(
                _values(rows, cand, "wait_p99_s"),
                _values(rows, base, "wait_p99_s"),
                a_label=f"la espera p99 {_of(a)}",
                b_label=f"la {_of(b)}",
            )
            cost_v = _verdict.compare(
                _values(rows, cand, "pod_seconds"),
                _values(rows, base, "pod_seconds"),
                a_label=f"el coste {_of(a)}",
                b_label=f"el {_of(b)}",
            )
            cells[(cand, base)] = Cell(
                cand, base, len(p99), sum(p99), sum(cost), both, p99_v, cost_v
            )
    medians = {
        name: {
            metric: float(np.median(_values(rows, name, metric)))
            for metric in ("wait_p50_s", "wait_p99_s", "mean_pods", "pod_seconds")
        }
        for name in rows
    }
    return Evidence(cells, medians, rows, names)

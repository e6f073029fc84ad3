"""Tabla de escalado: ideal, techo del hardware y *pool* de procesos, en cualquier máquina.

Ejecútalo con ``dadsbook scaling`` (``dadsbook scaling --help`` para las opciones),
que imprime lo que devuelve :func:`report`. Mide con 1, 2, … hasta todos los núcleos usables
(:func:`dadsbook.measure.worker_counts`) e imprime, por número de trabajadores, la
aceleración ideal, la del techo (``N`` procesos calientes que calculan a la vez sin
reparto, :mod:`.ceiling`), la del *pool* y el cociente *pool*/techo; después, el
veredicto del *pool* frente al techo en cada número de trabajadores y si se cumplen
los objetivos del libro. Todas esas frases las decide :func:`dadsbook.verdict.compare`
con las muestras de cada ronda.

Con ``--workload numpy`` mide en su lugar la segunda curva del capítulo: el producto
de matrices de NumPy (que suelta el GIL) con un *pool* de procesos y uno de hilos.

>>> from dadsbook.measure import Measurement
>>> one = Measurement("uno", (100, 101, 99, 100, 102), 0)
>>> pool = Measurement("procesos", (101, 102, 100, 101, 103), 0)
>>> ceiling = Measurement("techo", (100, 100, 99, 100, 101), 0)
>>> point = parallel.ScalingPoint(2, one, {"techo": ceiling, "procesos": pool})
>>> check_targets(parallel.ScalingResult("python", (point,))).two_workers_phrase()
'se cumplió: con dos trabajadores el pool de procesos llegó a 1,98×'
"""

from __future__ import annotations

from dataclasses import dataclass

from dadsbook import fmt, machine, measure, verdict
from dadsbook.hardware.cpu import parallel
from dadsbook.validation import check_choice

__all__ = ["MIN_RATIO", "MIN_TWO_WORKERS", "Targets", "check_targets", "report"]

#: El *pool* debe rendir al menos esta fracción del techo con cualquier número de trabajadores.
MIN_RATIO = 0.95
#: Y con dos trabajadores, al menos esta aceleración sobre uno.
MIN_TWO_WORKERS = 1.85


@dataclass(frozen=True)
class Targets:
    """Los objetivos del libro en una medición, decididos por el veredicto.

    ``ratio`` guarda, por número de trabajadores, el veredicto del *pool* frente a
    ``MIN_RATIO`` veces el techo (ronda a ronda); ``two_workers``, el de la
    aceleración con dos trabajadores frente a ``MIN_TWO_WORKERS`` (``None`` si no se
    midió con dos). ``worst_ratio`` es el menor cociente de medianas *pool*/techo.
    """

    ratio: tuple[tuple[int, verdict.Verdict], ...]
    two_workers: verdict.Verdict | None
    worst_ratio: float
    two_workers_speedup: float | None

    def ratio_phrase(self) -> str:
        """¿Rindió el *pool* al menos el ``MIN_RATIO`` del techo? Una frase."""
        worst = f"el peor cociente de medianas fue {fmt.percent(self.worst_ratio)}"
        verdicts = [v for _, v in self.ratio]
        if any(v.busy for v in verdicts):
            return f"quedó sin veredicto ({verdict.BUSY_PHRASE}; {worst})"
        missed = [n for n, v in self.ratio if v.decision == "menor"]
        if missed:
            noun = "trabajador" if missed[0] == 1 else "trabajadores"
            return f"no se cumplió con {fmt.number(missed[0])} {noun} ({worst})"
        if all(v.decision == "mayor" for v in verdicts):
            return f"se cumplió con todos los números de trabajadores ({worst})"
        reason = next(v.reason for v in verdicts if v.decision != "mayor")
        return f"no se puede afirmar con esta dispersión ({reason}; {worst})"

    def two_workers_phrase(self) -> str:
        """¿Llegó el *pool* a ``MIN_TWO_WORKERS`` con dos trabajadores? Una frase."""
        if self.two_workers is None or self.two_workers_speedup is None:
            return "no aplica: esta máquina no tiene dos CPU usables"
        speedup = fmt.ratio(self.two_workers_speedup)
        measured = f"con dos trabajadores el pool de procesos llegó a {speedup}"
        if self.two_workers.busy:
            return f"quedó sin veredicto ({verdict.BUSY_PHRASE}; {measured})"
        return self.two_workers.pick(
            mayor=f"se cumplió: {measured}",
            menor=f"no se cumplió: {measured}",
            igual=f"no se puede afirmar ({self.two_workers.reason}; {measured})",
        )


def check_targets(result: parallel.ScalingResult) -> Targets:
    """Comprueba los objetivos: *pool* ≥ 0,95 del techo siempre y ≥ 1,85× con dos.

    Cada comparación usa las muestras ronda a ronda de :meth:`ScalingPoint.speedup_samples`
    y la regla de :func:`dadsbook.verdict.compare`: un objetivo solo se da por cumplido
    (o por fallado) si la dispersión deja decidirlo.
    """
    if not {"procesos", "techo"} <= set(result.variants):
        raise ValueError("result debe medir las variantes procesos y techo")
    ratio = tuple(
        (
            p.workers,
            verdict.compare(
                p.speedup_samples("procesos"),
                [MIN_RATIO * s for s in p.speedup_samples("techo")],
                a_label=f"pool de procesos con {p.workers} trabajadores",
                b_label=f"{fmt.percent(MIN_RATIO)} del techo",
                busy=p.busy,
            ),
        )
        for p in result.points
    )
    two = next((p for p in result.points if p.workers == 2), None)
    two_verdict = None
    if two is not None:
        samples = two.speedup_samples("procesos")
        two_verdict = verdict.compare(
            samples,
            [MIN_TWO_WORKERS] * len(samples),
            a_label="pool de procesos con 2 trabajadores",
            b_label=f"el objetivo de {fmt.ratio(MIN_TWO_WORKERS)}",
            busy=two.busy,
        )
    return Targets(
        ratio=ratio,
        two_workers=two_verdict,
        worst_ratio=round(float(min(result.pool_vs_ceiling())), 4),
        two_workers_speedup=None if two is None else round(two.speedup("procesos"), 4),
    )


def report(
    *,
    workload: str = "python",
    iterations: int = 6_000_000,
    repeats: int = 5,
    warmup: int = 1,
    max_workers: int | None = None,
    numpy_size: int = 256,
    numpy_repeats: int = 16,
) -> str:
    """Mide la tabla de escalado de esta máquina y devuelve el informe de ``dadsbook scaling``.

    ``workload="python"`` mide el techo y el *pool* de procesos con ``iterations``
    vueltas de ``python_spin`` por porción; ``"numpy"``, los *pools* de procesos y de
    hilos con productos de matrices de ``numpy_size`` de lado (``numpy_repeats`` por
    porción). Con 1, 2… hasta ``max_workers`` trabajadores (por omisión, todos los
    núcleos usables).
    """
    check_choice("workload", workload, ("python", "numpy"))
    counts = measure.worker_counts(max_workers)
    if workload == "numpy":
        task = parallel.numpy_task(numpy_size, numpy_repeats)
        variants: tuple[str, ...] = ("procesos", "hilos")
    else:
        task = parallel.python_task(iterations)
        variants = ("techo", "procesos")
    result = parallel.measure_scaling(
        task, counts, variants=variants, workload=workload, repeats=repeats, warmup=warmup
    )
    lines = [machine.stamp().summary()]
    for table in (
        result.table("Aceleración sobre un trabajador (mediana de repeticiones intercaladas)"),
        result.spread_table("Dispersión: rango intercuartílico relativo a la mediana (%)"),
    ):
        lines.append(f"\n{table.caption}\n{table}")
    if workload == "numpy":
        return "\n".join(lines)
    lines.append("\nEl pool de procesos frente al techo, ronda a ronda:")
    for point in result.points:
        noun = "trabajador" if point.workers == 1 else "trabajadores"
        lines.append(f"  {fmt.number(point.workers)} {noun}: {point.pool_vs_ceiling().phrase}")
    targets = check_targets(result)
    lines.append(f"Objetivo pool ≥ {fmt.percent(MIN_RATIO)} del techo: {targets.ratio_phrase()}")
    lines.append(
        f"Objetivo ≥ {fmt.ratio(MIN_TWO_WORKERS)} con 2 trabajadores: "
        f"{targets.two_workers_phrase()}"
    )
    return "\n".join(lines)

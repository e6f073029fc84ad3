"""Costes publicados de la coherencia de caché y una estimación para trazas MESI.

Los números de este módulo **no se miden aquí**: son citas, con su fuente, de lo que
cuesta en hardware real que una línea de caché esté en otro núcleo. Python no puede
medirlo (cada acceso pasa por el intérprete, que cuesta mucho más que la línea).

- David Levinthal, *Performance Analysis Guide for Intel Core i7 Processor and Intel
  Xeon 5500 processors*, Intel, 2009, p. 22: latencias aproximadas por origen del dato
  en Nehalem. Brendan Gregg reproduce los tres casos del L3 en *Systems Performance*
  (2.ª ed., 2020, §6.4.1, «Cache coherency»).
- Una respuesta en el foro de desarrolladores de Intel («Core-to-Core Communication
  Latency in Skylake/Kaby Lake») con lo que mide Intel Memory Latency Checker en un
  Xeon E5-2660 v4 (Broadwell-EP, 10 núcleos): de L2 a L2 con la línea modificada,
  mismo procesador, de 40.3 a 42.3 ns según el modo de fisgoneo y la frecuencia.

:func:`estimate_cycles` suma, paso a paso, la latencia que la guía de Levinthal da a
cada caso de una traza de :func:`dadsbook.hardware.cpu.mesi.simulate`. Es una cota
gruesa: los procesadores reales solapan fallos y esconden escrituras en el búfer de
almacenamiento (*store buffer*).

>>> from dadsbook.hardware.cpu import mesi
>>> trace = [(0, "W", 0), (1, "W", 8), (0, "W", 0)]
>>> list(estimate_cycles(mesi.simulate(trace)).by_case.values())  # L1, L3, limpia, modificada
[0, 1, 0, 2]
>>> estimate_cycles(mesi.simulate(trace)).cycles  # 40 + 75 + 75
190
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.hardware.cpu.mesi import MESIResult, Step
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_number

__all__ = [
    "LEVINTHAL_2009",
    "MLC_BROADWELL",
    "PUBLISHED",
    "CostEstimate",
    "CostModel",
    "PublishedCost",
    "estimate_cycles",
    "estimate_table",
    "published_table",
]

LEVINTHAL_SOURCE = "Levinthal (Intel, 2009), p. 22"
#: Dirección original de la guía (Intel la retiró; se conserva en archivos web).
LEVINTHAL_URL = (
    "https://software.intel.com/sites/products/collateral/hpc/vtune/performance_analysis_guide.pdf"
)
MLC_SOURCE = "Intel MLC, foro de desarrolladores de Intel"
MLC_URL = (
    "https://software.intel.com/en-us/forums/"
    "intel-moderncode-for-parallel-architectures/topic/700477"
)


@dataclass(frozen=True)
class PublishedCost:
    """Una latencia publicada: el caso, el intervalo citado, su unidad y la fuente."""

    case: str
    low: float
    high: float
    unit: str
    processor: str
    source: str
    url: str

    def __post_init__(self) -> None:
        if not 0 < self.low <= self.high:
            raise ValueError(
                f"low y high deben cumplir 0 < low ≤ high; son {self.low}, {self.high}"
            )
        check_choice("unit", self.unit, ("ciclos", "ns"))

    @property
    def value(self) -> str:
        """El valor como lo cita la fuente: «~75 ciclos», «100–300 ciclos».

        Con el formateador del libro (:mod:`dadsbook.fmt`): coma decimal.
        """
        low, high = (fmt.number(v) for v in (self.low, self.high))
        return f"~{low} {self.unit}" if low == high else f"{low}–{high} {self.unit}"


_NEHALEM = "Core i7 / Xeon 5500 (Nehalem)"
#: Latencias aproximadas por origen del dato en Nehalem (Levinthal, 2009, p. 22).
LEVINTHAL_2009: Mapping[str, PublishedCost] = {
    key: PublishedCost(case, low, high, unit, _NEHALEM, LEVINTHAL_SOURCE, LEVINTHAL_URL)
    for key, case, low, high, unit in (
        ("l1", "acierto en L1", 4, 4, "ciclos"),
        ("l2", "acierto en L2", 10, 10, "ciclos"),
        ("l3_unshared", "acierto en L3, línea no compartida", 40, 40, "ciclos"),
        ("l3_shared", "acierto en L3, línea compartida (limpia) en otro núcleo", 65, 65, "ciclos"),
        ("l3_modified", "acierto en L3, línea modificada en otro núcleo", 75, 75, "ciclos"),
        ("remote_l3", "L3 del otro procesador", 100, 300, "ciclos"),
        ("local_dram", "DRAM local", 60, 60, "ns"),
        ("remote_dram", "DRAM del otro procesador", 100, 100, "ns"),
    )
}

#: De L2 a L2 con la línea modificada en un Broadwell-EP, medido con Intel MLC.
MLC_BROADWELL = PublishedCost(
    "de L2 a L2, línea modificada, mismo procesador",
    40.3,
    42.3,
    "ns",
    "Xeon E5-2660 v4 (Broadwell-EP, 10 núcleos)",
    MLC_SOURCE,
    MLC_URL,
)

#: Todas las citas, en el orden de la tabla del capítulo.
PUBLISHED: tuple[PublishedCost, ...] = (*LEVINTHAL_2009.values(), MLC_BROADWELL)


def published_table(caption: str = "") -> Table:
    """Tabla de las latencias citadas: caso, valor, procesador y fuente."""
    return Table(
        ("caso", "latencia", "procesador", "fuente"),
        [(c.case, c.value, c.processor, c.source) for c in PUBLISHED],
        caption,
    )


_CASES = (
    "acierto en L1",
    "línea sin copias en otros núcleos (L3)",
    "línea limpia en otro núcleo",
    "línea modificada en otro núcleo",
)


@dataclass(frozen=True)
class CostModel:
    """Ciclos por caso de un acceso en la traza MESI.

    Por omisión, los de Levinthal (2009): acierto en L1, acierto en L3 sin copias en
    otros núcleos, línea limpia en otro núcleo y línea modificada en otro núcleo.
    """

    l1_hit: float = LEVINTHAL_2009["l1"].low
    l3_unshared: float = LEVINTHAL_2009["l3_unshared"].low
    shared_other_core: float = LEVINTHAL_2009["l3_shared"].low
    modified_other_core: float = LEVINTHAL_2009["l3_modified"].low

    def __post_init__(self) -> None:
        for name in ("l1_hit", "l3_unshared", "shared_other_core", "modified_other_core"):
            check_number(name, getattr(self, name), positive=True)

    def cycles(self, case: str) -> float:
        """Ciclos de un caso (uno de los cuatro de :func:`classify`)."""
        costs = dict(
            zip(
                _CASES,
                (self.l1_hit, self.l3_unshared, self.shared_other_core, self.modified_other_core),
                strict=True,
            )
        )
        check_choice("case", case, costs)
        return costs[case]


def classify(step: Step) -> str:
    """Caso de un paso de la traza según dónde estaba la línea.

    - sin transacción de bus: acierto en la caché privada (L1);
    - con volcado: la línea estaba **modificada** en otro núcleo;
    - ``BusUpgr``, o ``BusRdX`` que invalida copias, o ``BusRd`` que termina en S:
      había copias **limpias** en otros núcleos;
    - si no: nadie más la tenía y llega del L3 compartido (el modelo supone que las
      líneas caben en él; un fallo hasta la DRAM costaría más).
    """
    if step.transaction == "—":
        return _CASES[0]
    if step.flushed:
        return _CASES[3]
    shared = (
        step.transaction == "BusUpgr"
        or step.invalidated > 0
        or (step.transaction == "BusRd" and step.states[step.core] == "S")
    )
    return _CASES[2] if shared else _CASES[1]


@dataclass(frozen=True)
class CostEstimate:
    """Accesos por caso y ciclos sumados de una traza."""

    by_case: Mapping[str, int]
    cycles: float

    @property
    def accesses(self) -> int:
        """Accesos de la traza."""
        return sum(self.by_case.values())

    @property
    def cycles_per_access(self) -> float:
        """Ciclos medios por acceso."""
        return self.cycles / self.accesses if self.accesses else 0.0


def estimate_cycles(result: MESIResult, model: CostModel | None = None) -> CostEstimate:
    """Suma, acceso a acceso, los ciclos que ``model`` asigna a cada caso de la traza."""
    if not isinstance(result, MESIResult):
        raise ValueError(
            f"result debe ser un MESIResult de mesi.simulate; se recibió {type(result).__name__}"
        )
    model = CostModel() if model is None else model
    if not isinstance(model, CostModel):
        raise ValueError(f"model debe ser un CostModel; se recibió {type(model).__name__}")
    counts = dict.fromkeys(_CASES, 0)
    for step in result.steps:
        counts[classify(step)] += 1
    return CostEstimate(counts, sum(model.cycles(case) * n for case, n in counts.items()))


def estimate_table(estimates: Mapping[str, CostEstimate], caption: str = "") -> Table:
    """Una fila por estimación: accesos de cada caso, ciclos en total y por acceso."""
    if not estimates:
        raise ValueError("estimates debe contener al menos una estimación")
    return Table(
        ("traza", *_CASES, "ciclos", "ciclos por acceso"),
        [
            (
                label,
                *(fmt.value(e.by_case.get(case, 0)) for case in _CASES),
                fmt.value(e.cycles),
                fmt.number(e.cycles_per_access, 1),
            )
            for label, e in estimates.items()
        ],
        caption,
    )

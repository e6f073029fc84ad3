"""Percentiles, mediana y cuartiles con una sola regla para todo el libro.

**La regla.** El percentil ``q`` (de 0 a 100) de ``n`` valores ordenados
``x[0] ≤ … ≤ x[n-1]`` se interpola linealmente en la posición ``h = q/100 · (n − 1)``:
``x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋])``. Es el método por omisión de NumPy
(``np.percentile(..., method="linear")``) y el de
``statistics.quantiles(..., method="inclusive")``: el percentil 0 es el mínimo, el
100 el máximo, y con un solo valor todos los percentiles son ese valor.

**Entrada vacía.** Sin valores no hay percentil: ``ValueError`` en español que nombra
el parámetro. Quien tenga una respuesta con sentido para «no hubo ninguna muestra»
(una latencia sin peticiones completadas, una espera sin mensajes) la pasa
explícitamente con ``empty=``; así cada página dice qué significa su vacío y nadie
hereda en silencio un ``nan`` o un cero.

**Valores.** Números finitos (``nan`` o ``inf`` dan ``ValueError``): quien quiera
ignorar los ``nan`` de una ventana sin datos los quita antes con :func:`finite`.

>>> percentile([1, 2, 3, 4], 50)
2.5
>>> percentile([10, 20, 30, 40, 50], 99)
49.6
>>> quartiles([1, 2, 3, 4, 5])
(2.0, 3.0, 4.0)
>>> percentile([], 99, empty=0.0)
0.0
>>> percentile([], 99)
Traceback (most recent call last):
...
ValueError: values debe contener al menos un valor para calcular un percentil
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence

import numpy as np

from dadsbook.validation import check_number

__all__ = ["LatencyTail", "finite", "iqr", "median", "percentile", "percentiles", "quartiles"]


def finite(values: Iterable[float]) -> list[float]:
    """Los valores que no son ``nan`` (p. ej. las ventanas que sí tuvieron datos)."""
    return [float(v) for v in values if not math.isnan(v)]


def _data(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Los valores como vector de float; ``ValueError`` si está vacío o hay no finitos."""
    data = np.asarray(values, dtype=float).ravel()
    if data.size == 0:
        raise ValueError("values debe contener al menos un valor para calcular un percentil")
    if not np.isfinite(data).all():
        bad = float(data[~np.isfinite(data)][0])
        raise ValueError(f"values debe contener solo números finitos; se recibió {bad!r}")
    return data


def percentiles(
    values: Sequence[float] | np.ndarray, qs: Sequence[float], *, empty: float | None = None
) -> tuple[float, ...]:
    """Los percentiles ``qs`` (0–100) de ``values`` con la regla del módulo, en un solo paso.

    Sin valores, ``empty`` para cada ``q`` si se da; si no, ``ValueError``.
    """
    for q in qs:
        check_number("q", q, 0, 100)
    if len(values) == 0 and empty is not None:
        return tuple(float(empty) for _ in qs)
    data = _data(values)
    return tuple(float(x) for x in np.percentile(data, list(qs), method="linear"))


def percentile(
    values: Sequence[float] | np.ndarray, q: float, *, empty: float | None = None
) -> float:
    """El percentil ``q`` (0–100) de ``values`` por interpolación lineal.

    Sin valores, ``empty`` si se da; si no, ``ValueError``.
    """
    return percentiles(values, (q,), empty=empty)[0]


def median(values: Sequence[float] | np.ndarray, *, empty: float | None = None) -> float:
    """La mediana: el percentil 50, es decir, la media de los dos centrales si ``n`` es par.

    Se calcula como ``statistics.median`` (``(a + b) / 2``), que da el mismo número
    que :func:`percentile` con ``q = 50`` salvo por el redondeo del último bit.
    """
    if len(values) == 0 and empty is not None:
        return float(empty)
    return float(statistics.median(_data(values).tolist()))


def quartiles(
    values: Sequence[float] | np.ndarray, *, empty: float | None = None
) -> tuple[float, float, float]:
    """Primer cuartil, mediana y tercer cuartil (percentiles 25, 50 y 75)."""
    q1, q2, q3 = percentiles(values, (25, 50, 75), empty=empty)
    return q1, q2, q3


def iqr(values: Sequence[float] | np.ndarray, *, empty: float | None = None) -> float:
    """Rango intercuartílico: tercer cuartil menos primero (``empty`` sin valores)."""
    if len(values) == 0 and empty is not None:
        return float(empty)
    q1, _, q3 = quartiles(values)
    return q3 - q1


class LatencyTail:
    """Mezcla para los resultados con ``latencies_s``: su mediana y su cola (p99).

    Una simulación en la que no se completó ninguna petición no tiene latencia: los
    dos percentiles son ``nan`` (que :mod:`dadsbook.fmt` muestra como tal).
    """

    latencies_s: Sequence[float]

    @property
    def p50_s(self) -> float:
        """Mediana de la latencia (s)."""
        return percentile(self.latencies_s, 50, empty=math.nan)

    @property
    def p99_s(self) -> float:
        """Percentil 99 de la latencia (s): la cola."""
        return percentile(self.latencies_s, 99, empty=math.nan)

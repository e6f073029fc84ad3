"""Validación de argumentos compartida por todo el paquete y por la línea de órdenes.

Un argumento fuera de rango termina en un ``ValueError`` que nombra el parámetro y
el rango válido, nunca en una traza desde dentro de un simulador. Cada regla
(:class:`IntRange`, :class:`NumberRange`, :class:`Choice`) sabe **describirse** en
español, y esa descripción es la misma en los dos sitios donde se comprueba un valor:

- la biblioteca: ``frames debe ser un entero ≥ 1 y ≤ 64; se recibió 0``;
- la línea de órdenes (:mod:`dadsbook.cli.spanish`), que construye sus tipos de
  argparse sobre estas reglas: ``opción --frames: se espera un entero ≥ 1 y ≤ 64;
  se recibió '0'``.

Los límites se escriben con ``≥``/``≤`` (incluidos) o ``>``/``<`` (excluidos); un
intervalo abierto por los dos lados se lee «entre 0 y 1 (sin incluirlos)». Los
``bool`` no cuentan como números; los enteros y reales de NumPy sí (se devuelven
como ``int`` y ``float``), y los números de :func:`check_number` son finitos.

>>> check_int("cores", 4, 1, 64)
4
>>> check_int("frames", 0, 1)
Traceback (most recent call last):
...
ValueError: frames debe ser un entero ≥ 1; se recibió 0
>>> check_number("delay", 0, positive=True)
Traceback (most recent call last):
...
ValueError: delay debe ser un número finito > 0; se recibió 0
>>> check_choice("policy", "lifo", ("fifo", "rr"))
Traceback (most recent call last):
...
ValueError: policy debe ser uno de estos valores: fifo, rr; se recibió 'lifo'
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Generic, Protocol, TypeGuard, TypeVar

__all__ = [
    "Choice",
    "IntRange",
    "NumberRange",
    "bound",
    "check_bool",
    "check_choice",
    "check_distinct",
    "check_fraction",
    "check_instances",
    "check_int",
    "check_named",
    "check_number",
    "check_sequence",
    "check_text",
    "rejection",
    "seeded_random",
]

T = TypeVar("T")


class Named(Protocol):
    """Un objeto con nombre (un trabajo, una tarea, una receta…)."""

    @property
    def name(self) -> str:
        """El nombre, que lo distingue de los demás."""
        ...


N = TypeVar("N", bound=Named)


def bound(value: float) -> str:
    """Un límite legible: enteros sin decimales ni exponente (``1000000``), el resto con ``g``.

    >>> bound(1e6), bound(0.5), bound(1e-3)
    ('1000000', '0.5', '0.001')
    """
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return f"{value:g}"


def _limits(
    low: float | None, high: float | None, *, open_low: bool = False, open_high: bool = False
) -> str:
    if low is not None and high is not None and open_low and open_high:
        return f"entre {bound(low)} y {bound(high)} (sin incluirlos)"
    parts = []
    if low is not None:
        parts.append(f"{'>' if open_low else '≥'} {bound(low)}")
    if high is not None:
        parts.append(f"{'<' if open_high else '≤'} {bound(high)}")
    return " y ".join(parts)


def _within(
    number: float, low: float | None, high: float | None, open_low: bool, open_high: bool
) -> bool:
    """Si ``number`` es finito y cae entre los límites (``open_*``: sin incluirlos)."""
    if not math.isfinite(number):
        return False
    if low is not None and (number <= low if open_low else number < low):
        return False
    return high is None or (number < high if open_high else number <= high)


def rejection(name: str, rule: object, value: object) -> str:
    """El mensaje común: ``«name» debe ser «rule»; se recibió «value»``."""
    return f"{name} debe ser {rule}; se recibió {value!r}"


@dataclass(frozen=True)
class IntRange:
    """Enteros (no ``bool``) en ``[low, high]``; un límite ``None`` no acota ese lado.

    >>> str(IntRange(1, 64)), str(IntRange(0))
    ('un entero ≥ 1 y ≤ 64', 'un entero ≥ 0')
    """

    low: int | None = None
    high: int | None = None

    def __str__(self) -> str:
        limits = _limits(self.low, self.high)
        return f"un entero {limits}" if limits else "un entero"

    def accepts(self, value: object) -> TypeGuard[Integral]:
        """Si ``value`` es un entero (``int`` o de NumPy, no ``bool``) dentro del intervalo."""
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            number = value
        elif isinstance(value, Integral):
            number = int(value)
        else:
            return False
        return (self.low is None or number >= self.low) and (
            self.high is None or number <= self.high
        )

    def check(self, name: str, value: object) -> int:
        """Devuelve ``value`` como ``int`` si cumple la regla; si no, ``ValueError`` en español."""
        if not self.accepts(value):
            raise ValueError(rejection(name, self, value))
        return int(value)


@dataclass(frozen=True)
class NumberRange:
    """Números reales finitos (``int``, ``float`` o de NumPy; no ``bool``) entre ``low`` y ``high``.

    ``open_low``/``open_high`` excluyen el límite de ese lado. Sin límite superior la
    descripción dice «finito», porque ``inf`` también se rechaza.

    >>> str(NumberRange(0, open_low=True)), str(NumberRange(0, 1, open_low=True))
    ('un número finito > 0', 'un número > 0 y ≤ 1')
    >>> str(NumberRange(0, 1, open_low=True, open_high=True))
    'un número entre 0 y 1 (sin incluirlos)'
    """

    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False

    def __str__(self) -> str:
        limits = _limits(self.low, self.high, open_low=self.open_low, open_high=self.open_high)
        kind = "un número" if self.high is not None else "un número finito"
        return f"{kind} {limits}" if limits else kind

    def accepts(self, value: object) -> TypeGuard[Real]:
        """Si ``value`` es un número real finito (también de NumPy) dentro del intervalo."""
        if isinstance(value, bool) or not isinstance(value, Real):
            return False
        try:
            number = float(value)
        except OverflowError:  # un entero demasiado grande para un float
            return False
        return _within(number, self.low, self.high, self.open_low, self.open_high)

    def check(self, name: str, value: object) -> float:
        """Devuelve ``value`` como ``float`` si cumple la regla; si no, ``ValueError``."""
        if not self.accepts(value):
            raise ValueError(rejection(name, self, value))
        return float(value)


@dataclass(frozen=True)
class Choice(Generic[T]):
    """Uno de ``options`` (comparado con ``==``), en el orden en que se listan.

    >>> str(Choice(("fifo", "rr")))
    'uno de estos valores: fifo, rr'
    """

    options: tuple[T, ...]

    @property
    def listed(self) -> str:
        """Las opciones separadas por comas, como se muestran en los mensajes."""
        return ", ".join(map(str, self.options))

    def __str__(self) -> str:
        return f"uno de estos valores: {self.listed}"

    def check(self, name: str, value: object) -> T:
        """Devuelve la opción igual a ``value``; si no hay ninguna, ``ValueError``."""
        for option in self.options:
            if isinstance(option, bool) == isinstance(value, bool) and option == value:
                return option
        raise ValueError(rejection(name, self, value))


def check_text(name: str, value: object, *, what: str = "") -> str:
    """Un texto que no está vacío ni es solo espacios; ``what`` dice qué nombra.

    >>> check_text("name", " ", what="el nombre de la tarea")
    Traceback (most recent call last):
    ...
    ValueError: name debe ser un texto no vacío con el nombre de la tarea; se recibió ' '
    """
    if not isinstance(value, str) or not value.strip():
        rule = f"un texto no vacío con {what}" if what else "un texto no vacío"
        raise ValueError(rejection(name, rule, value))
    return value


def check_bool(name: str, value: object, *, error: type[Exception] = TypeError) -> bool:
    """``True`` o ``False`` (ni ``1`` ni ``"sí"``); si no, ``error`` (``TypeError`` por omisión).

    >>> check_bool("nesting", 1)
    Traceback (most recent call last):
    ...
    TypeError: nesting debe ser True o False; se recibió 1
    >>> check_bool("waits", "no", error=ValueError)
    Traceback (most recent call last):
    ...
    ValueError: waits debe ser True o False; se recibió 'no'
    """
    if not isinstance(value, bool):
        raise error(rejection(name, "True o False", value))
    return value


def check_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Comprueba que ``value`` es un entero (no ``bool``) en ``[low, high]`` y lo devuelve.

    Sin ``high``, solo exige ``value ≥ low``. Los simuladores la llaman en sus bucles:
    un ``int`` dentro del rango vuelve sin crear la regla.
    """
    if type(value) is int and (low is None or value >= low) and (high is None or value <= high):
        return value
    return IntRange(low, high).check(name, value)


def check_number(
    name: str,
    value: object,
    low: float | None = 0.0,
    high: float | None = None,
    *,
    positive: bool = False,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """Comprueba que ``value`` es un número finito en ``[low, high]`` y lo devuelve como float.

    Por omisión exige ``≥ 0``; ``positive`` (o ``open_low``) excluye ``low``, y
    ``open_high`` excluye ``high``.
    """
    open_low = open_low or positive
    if (type(value) is float or type(value) is int) and _within(
        float(value), low, high, open_low, open_high
    ):
        return float(value)
    return NumberRange(low, high, open_low=open_low, open_high=open_high).check(name, value)


def check_fraction(name: str, value: object, low: float = 0.0, high: float = 1.0) -> float:
    """Un número estrictamente entre ``low`` y ``high`` (por omisión, una fracción de 0 a 1)."""
    return NumberRange(low, high, open_low=True, open_high=True).check(name, value)


def seeded_random(seed: object) -> random.Random:
    """El generador de un problema aleatorio sembrado: ``seed`` entero de 0 a 2**63.

    Es la regla común de los ``random_…(seed)`` de los simuladores: valida la semilla
    (``ValueError`` que la nombra) y devuelve ``random.Random(seed)``.

    >>> seeded_random(7).random() == random.Random(7).random()
    True
    >>> seeded_random(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed debe ser un entero ≥ 0 y ≤ 9223372036854775808; se recibió -1
    """
    return random.Random(check_int("seed", seed, 0, 2**63))


def check_choice(name: str, value: object, options: Iterable[T]) -> T:
    """Comprueba que ``value`` es una de ``options`` y devuelve esa opción."""
    return Choice(tuple(options)).check(name, value)


def _sequence(low: int, high: int | None, what: str) -> str:
    if high is None:
        return (
            f"una secuencia no vacía de {what}"
            if low == 1
            else (f"una secuencia de al menos {low} {what}")
        )
    if low == high:
        return f"una secuencia de {low} {what}"
    return f"una secuencia de entre {low} y {high} {what}"


def check_sequence(
    name: str,
    values: object,
    item: Callable[[str, object], T],
    *,
    min_items: int = 1,
    max_items: int | None = None,
    what: str = "valores",
) -> list[T]:
    """Comprueba una secuencia (no un texto) de ``min_items`` a ``max_items`` elementos.

    Cada elemento pasa por ``item(nombre, valor)`` con el nombre ``name[i]``, p. ej.
    ``lambda n, v: check_int(n, v, 1)``; devuelve la lista de lo que ``item`` devuelve.

    >>> check_sequence("sizes", [1, 2], lambda n, v: check_int(n, v, 1))
    [1, 2]
    >>> check_sequence("sizes", [1, 0], lambda n, v: check_int(n, v, 1))
    Traceback (most recent call last):
    ...
    ValueError: sizes[1] debe ser un entero ≥ 1; se recibió 0
    """
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ValueError(
            f"{name} debe ser {_sequence(min_items, max_items, what)}; "
            f"se recibió {type(values).__name__}"
        )
    if not IntRange(min_items, max_items).accepts(len(values)):
        raise ValueError(
            f"{name} debe ser {_sequence(min_items, max_items, what)}; se recibieron {len(values)}"
        )
    return [item(f"{name}[{i}]", v) for i, v in enumerate(values)]


def check_instances(
    name: str, values: object, cls: type[T], *, max_items: int | None = None, what: str
) -> list[T]:
    """Una secuencia de 1 a ``max_items`` objetos ``cls`` (``TypeError`` si alguno no lo es).

    >>> check_instances("jobs", [1, "x"], int, what="trabajos")
    Traceback (most recent call last):
    ...
    TypeError: jobs[1] debe ser un int; se recibió 'x'
    """

    def item(label: str, value: object) -> T:
        if not isinstance(value, cls):
            raise TypeError(rejection(label, f"un {cls.__name__}", value))
        return value

    return check_sequence(name, values, item, max_items=max_items, what=what)


def check_distinct(name: str, keys: Iterable[Hashable]) -> None:
    """Exige claves (nombres) distintas; el mensaje lista las repetidas.

    >>> check_distinct("tasks", ["a", "b", "a"])
    Traceback (most recent call last):
    ...
    ValueError: tasks debe tener nombres distintos; repetidos: 'a'
    """
    seen: set[Hashable] = set()
    repeated: list[Hashable] = []
    for key in keys:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    if repeated:
        listed = ", ".join(map(repr, repeated))
        raise ValueError(f"{name} debe tener nombres distintos; repetidos: {listed}")


def check_named(
    name: str, values: object, cls: type[N], *, max_items: int | None = None, what: str
) -> list[N]:
    """Objetos ``cls`` con nombres distintos: :func:`check_instances` y :func:`check_distinct`.

    >>> from typing import NamedTuple
    >>> class Job(NamedTuple):
    ...     name: str
    >>> check_named("jobs", [Job("A"), Job("A")], Job, what="trabajos")
    Traceback (most recent call last):
    ...
    ValueError: jobs debe tener nombres distintos; repetidos: 'A'
    """
    items = check_instances(name, values, cls, max_items=max_items, what=what)
    check_distinct(name, (item.name for item in items))
    return items

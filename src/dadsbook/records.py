"""Resultados y problemas (*dataclasses*) como tipos simples para JSON.

Muchos resultados del libro se vuelcan con ``--json`` o a ``benchmarks.json`` con un
``as_dict()``. Cuando ese diccionario son, sin más, los campos de la *dataclass*,
:func:`plain` lo saca de :func:`dataclasses.asdict` en vez de enumerar los campos a
mano: las tuplas salen como listas (lo que devolvería ``json.loads(json.dumps(…))``) y
las *dataclasses* anidadas, como diccionarios. Una *dataclass* que hereda de
:class:`Record` tiene ese ``as_dict()`` sin escribirlo; la que añade algo (una
propiedad, un campo calculado) escribe el suyo sobre :func:`plain`.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Sweep:
...     quanta: tuple[float, ...]
...     grid: tuple[tuple[int, ...], ...]
...     cost: float
>>> plain(Sweep((1.0, 2.0), ((1, 2), (3, 4)), 0.5))
{'quanta': [1.0, 2.0], 'grid': [[1, 2], [3, 4]], 'cost': 0.5}
>>> @dataclass(frozen=True)
... class Point(Record):
...     threads: int
...     samples: tuple[float, ...]
>>> Point(2, (0.5, 0.25)).as_dict()
{'threads': 2, 'samples': [0.5, 0.25]}
"""

from __future__ import annotations

from dataclasses import Field, asdict
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Record", "plain"]


def _lists(value: Any) -> Any:
    """``value`` con cada tupla (también las anidadas) convertida en lista."""
    if isinstance(value, tuple | list):
        return [_lists(item) for item in value]
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    return value


def plain(record: DataclassInstance) -> dict[str, Any]:
    """Los campos de ``record``, en su orden, con tuplas como listas (ver el módulo)."""
    data: dict[str, Any] = _lists(asdict(record))
    return data


class Record:
    """Base de una *dataclass* cuyo ``as_dict()`` son sus campos (con :func:`plain`)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def as_dict(self) -> dict[str, Any]:
        """Los campos como tipos simples (para JSON): tuplas como listas."""
        return plain(self)

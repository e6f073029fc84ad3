"""Tablas pequeñas que se ven bien en el libro y en una terminal.

:class:`Table` se muestra como tabla HTML accesible en el libro (fila de cabecera
con ``<th scope="col">``) y como texto alineado en una terminal o en las pruebas.

Los números pasan por el formateador español (:mod:`dadsbook.fmt`):

>>> print(Table(("plato", "minutos"), [("sopa", 27.25), ("ensalada", 12)]))
plato    | minutos
---------+--------
sopa     | 27,2
ensalada | 12
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook import fmt

__all__ = ["Table"]


@dataclass(frozen=True)
class Table:
    """Una tabla con cabecera, filas y un título opcional."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    caption: str = ""

    def __post_init__(self) -> None:
        if not self.headers:
            raise ValueError("headers debe contener al menos una columna")
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(f"rows[{i}] tiene {len(row)} celdas y headers {len(self.headers)}")

    @staticmethod
    def _cell(value: object) -> str:
        return fmt.value(value)

    def __str__(self) -> str:
        cells = [[self._cell(v) for v in row] for row in self.rows]
        widths = [
            max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
            for i, h in enumerate(self.headers)
        ]
        lines = [" | ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True))]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
        return "\n".join(line.rstrip() for line in lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(self._cell(v))}</td>" for v in row) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<table class="table dadsbook-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

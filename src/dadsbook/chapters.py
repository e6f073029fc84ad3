"""Los capítulos del libro, en su orden: página, nombre corto, etiqueta y parte.

Es la lista que comparten la línea de órdenes (``dadsbook sim --help`` agrupa por
capítulo y la tabla de simuladores del README sale de aquí,
:mod:`dadsbook.cli.catalog`) y el mapa de la conclusión (cada capa del recorrido es un
capítulo de hardware, software o sistemas, :mod:`dadsbook.conclusion.techniques`). Sin
dependencias: se importa deprisa.

>>> [c.title for c in CHAPTERS if c.part == "Hardware"]
['CPU', 'Memoria', 'Disco']
>>> CHAPTERS[0].part is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHAPTERS", "PARTS", "Chapter"]

#: Las partes del recorrido, por la carpeta de sus páginas.
PARTS = {"hardware": "Hardware", "software": "Software", "sistemas": "Sistemas"}


@dataclass(frozen=True)
class Chapter:
    """Un capítulo del libro: su página, su nombre corto y su etiqueta."""

    page: str
    title: str
    label: str

    @property
    def part(self) -> str | None:
        """La parte del recorrido (``Hardware``…), o ``None`` fuera de él (los conceptos)."""
        folder, _, rest = self.page.partition("/")
        return PARTS.get(folder) if rest else None


#: Los capítulos con simuladores y técnicas, en el orden del libro (``docs/index.md``).
CHAPTERS: tuple[Chapter, ...] = (
    Chapter("conceptos", "Conceptos", "sec-conceptos"),
    Chapter("hardware/cpu", "CPU", "sec-hardware-cpu"),
    Chapter("hardware/memoria", "Memoria", "sec-hardware-memoria"),
    Chapter("hardware/disco", "Disco", "sec-hardware-disco"),
    Chapter("software/programacion", "Programación", "sec-software-programacion"),
    Chapter("software/sistemas-operativos", "Sistemas operativos", "sec-software-so"),
    Chapter("sistemas/servidores-web", "Servidores web", "sec-sistemas-web"),
    Chapter("sistemas/contenedores", "Contenedores", "sec-sistemas-contenedores"),
    Chapter("sistemas/nube", "Nube", "sec-sistemas-nube"),
)

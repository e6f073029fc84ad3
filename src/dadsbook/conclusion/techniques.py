"""El mapa del libro: cada técnica, en su capa y en su eje (concurrencia o paralelismo).

Los dos ejes, como los define el glosario (:data:`DEFINITIONS`):

- **concurrencia**: varias tareas *en curso* a la vez, empezadas y sin terminar, que
  no necesariamente avanzan en el mismo instante: con un recurso se alternan, con
  varios pueden además avanzar juntas (el cuadrante «concurrente y paralelo»);
- **paralelismo**: varias tareas que avanzan en el mismo instante, en varios recursos
  físicos.

La conclusión del libro dibuja este mapa dos veces, como figura
(:func:`dadsbook.conclusion.figures.map_figure`) y como rejilla de tarjetas con
enlaces, a partir de :data:`TECHNIQUES`. Nada se dibuja a mano: añadir
una técnica aquí la añade a las dos vistas (y las pruebas exigen que su etiqueta
exista en el libro).

>>> len(LAYERS)
8
>>> {t.axis for t in TECHNIQUES} == set(AXES)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dadsbook.chapters import CHAPTERS
from dadsbook.validation import check_choice

__all__ = [
    "AXES",
    "DEFINITIONS",
    "LAYERS",
    "TECHNIQUES",
    "Layer",
    "Technique",
    "by_cell",
    "grid_markdown",
]

#: Los dos ejes del libro.
AXES = ("concurrencia", "paralelismo")

#: Qué es cada eje, con las mismas palabras que el glosario (una prueba lo comprueba).
#: La concurrencia no exige que en cada instante avance una única tarea: eso excluiría el
#: cuadrante «concurrente y paralelo» (dos chefs que intercalan recetas).
DEFINITIONS: dict[str, str] = {
    "concurrencia": (
        "Capacidad de tener varias tareas en curso a la vez (empezadas y sin terminar), "
        "que no necesariamente avanzan en el mismo instante"
    ),
    "paralelismo": "Ejecución simultánea de varias tareas en varios recursos físicos",
}


@dataclass(frozen=True)
class Layer:
    """Una capa del recorrido: parte del libro, nombre y etiqueta de su capítulo."""

    part: str
    name: str
    label: str


@dataclass(frozen=True)
class Technique:
    """Una técnica: capa, eje, nombre en español, original en inglés y sección que la explica."""

    layer: str
    axis: str
    name: str
    english: str
    label: str

    def __post_init__(self) -> None:
        check_choice("axis", self.axis, AXES)
        if self.layer not in {layer.name for layer in LAYERS}:
            raise ValueError(f"layer {self.layer!r} no es una capa del libro")


#: Las capas, en el orden del recorrido: de la CPU a la nube (los capítulos de hardware,
#: software y sistemas de :data:`dadsbook.chapters.CHAPTERS`).
LAYERS: tuple[Layer, ...] = tuple(
    Layer(chapter.part, chapter.title, chapter.label)
    for chapter in CHAPTERS
    if chapter.part is not None
)

_C, _P = AXES


def _layer(layer: str, *rows: tuple[str, str, str, str]) -> tuple[Technique, ...]:
    """Las técnicas de la capa ``layer``, cada una como (eje, nombre, original, etiqueta)."""
    return tuple(Technique(layer, *row) for row in rows)


#: Cada técnica del artículo de origen, con la sección del libro que la ejecuta.
TECHNIQUES: tuple[Technique, ...] = (
    *_layer(
        "CPU",
        (
            _C,
            "Reparto de tiempo y turno rotatorio",
            "time-slicing",
            "sec-hardware-cpu-planificacion",
        ),
        (_C, "Cambio de contexto", "context switching", "sec-hardware-cpu-cambio-de-contexto"),
        (_C, "Interrupciones", "interrupt handling", "sec-hardware-cpu-interrupciones"),
        (_P, "Hilos y el GIL", "multithreading", "sec-hardware-cpu-gil"),
        (_P, "SMT (hyper-threading)", "hyper-threading", "sec-hardware-cpu-smt"),
        (_P, "Segmentación", "pipelining", "sec-hardware-cpu-segmentacion"),
        (_P, "Coherencia de caché", "cache coherency", "sec-hardware-cpu-coherencia"),
    ),
    *_layer(
        "Memoria",
        (_C, "Paginación", "paging", "sec-hardware-memoria-reemplazo"),
        (_C, "Memoria virtual", "virtual memory", "sec-hardware-memoria-virtual"),
        (_P, "NUMA", "non-uniform memory access", "sec-hardware-memoria-numa"),
        (
            _P,
            "Ancho de banda y canales",
            "dual-channel memory",
            "sec-hardware-memoria-ancho-de-banda",
        ),
    ),
    *_layer(
        "Disco",
        (_C, "Multiplexación de E/S", "I/O multiplexing", "sec-hardware-disco-multiplexacion"),
        (_C, "DMA", "direct memory access", "sec-hardware-disco-dma"),
        (
            _C,
            "Caché de escritura diferida",
            "write-back caching",
            "sec-hardware-disco-escritura-diferida",
        ),
        (_P, "RAID y distribución en franjas", "RAID, striping", "sec-hardware-disco-raid"),
        (_P, "SSD en paralelo y colas NVMe", "NVMe queues", "sec-hardware-disco-nvme"),
        (_P, "Espacios de nombres por zonas", "zoned namespaces (ZNS)", "sec-hardware-disco-zns"),
    ),
    *_layer(
        "Programación",
        (
            _C,
            "async/await y bucle de eventos",
            "async/await, event loop",
            "sec-software-programacion-async",
        ),
        (_C, "Corrutinas", "coroutines", "sec-software-programacion-corrutinas"),
        (
            _C,
            "Productor-consumidor",
            "producer-consumer",
            "sec-software-programacion-productor-consumidor",
        ),
        (_P, "Hilos que sueltan el GIL", "multithreading", "sec-software-programacion-hilos"),
        (_P, "Pools de procesos (PLINQ en Python)", "PLINQ", "sec-software-programacion-plinq"),
        (_P, "MPI", "Message Passing Interface", "sec-software-programacion-mpi"),
        (_P, "Leyes de Amdahl y Gustafson", "Amdahl's law", "sec-software-programacion-amdahl"),
    ),
    *_layer(
        "Sistemas operativos",
        (_C, "Multitarea apropiativa", "preemptive multitasking", "sec-software-so-multitarea"),
        (
            _C,
            "Planificación por turno rotatorio",
            "round robin scheduling",
            "sec-software-so-turno-rotatorio",
        ),
        (_C, "Balanceo de carga", "load balancing", "sec-software-so-balanceo"),
        (_P, "Afinidad", "affinity scheduling", "sec-software-so-afinidad"),
        (_P, "NUMA y SMT desde el SO", "NUMA, SMT", "sec-software-so-numa-smt"),
    ),
    *_layer(
        "Servidores web",
        # Kestrel no es un bucle de eventos de un solo hilo como Node.js: hace E/S asíncrona
        # y sus continuaciones corren en el thread pool de .NET (que un código que bloquea
        # puede dejar sin hilos). Lo común a los tres es la E/S asíncrona.
        (_C, "E/S asíncrona (uvicorn, Node.js, Kestrel)", "async I/O", "sec-sistemas-web-io"),
        (
            _P,
            "Trabajadores multiproceso (gunicorn, cluster)",
            "Node.js cluster",
            "sec-sistemas-web-cpu",
        ),
        (_P, "Servidores sin estado", "stateless servers", "sec-sistemas-web-sin-estado"),
    ),
    *_layer(
        "Contenedores",
        (
            _C,
            "Espacios de nombres y cgroups",
            "namespaces, cgroups",
            "sec-sistemas-contenedores-nodo",
        ),
        (
            _P,
            "Autoescalado horizontal (HPA)",
            "Horizontal Pod Autoscaler",
            "sec-sistemas-contenedores-hpa",
        ),
        (_P, "Escalado por eventos (KEDA)", "KEDA", "sec-sistemas-contenedores-keda"),
        (
            _P,
            "ReplicaSets y autorreparación",
            "ReplicaSet, self-healing",
            "sec-sistemas-contenedores-replicaset",
        ),
    ),
    *_layer(
        "Nube",
        (_C, "Balanceo de peticiones", "load balancing", "sec-sistemas-nube-balanceo"),
        (_C, "Funciones bajo demanda", "serverless", "sec-sistemas-nube-serverless"),
        (_P, "Grupos de escalado", "scale sets", "sec-sistemas-nube-scale-sets"),
        (_P, "Lotes en un motor distribuido", "batch (Dask)", "sec-sistemas-nube-batch"),
    ),
)


def by_cell(techniques: Sequence[Technique]) -> dict[tuple[str, str], list[Technique]]:
    """Las técnicas de cada casilla ``(capa, eje)``, en su orden; las casillas vacías también.

    >>> [t.name for t in by_cell(TECHNIQUES)[("CPU", "paralelismo")]][:1]
    ['Hilos y el GIL']
    """
    cells: dict[tuple[str, str], list[Technique]] = {
        (layer.name, axis): [] for layer in LAYERS for axis in AXES
    }
    for technique in techniques:
        cells[(technique.layer, technique.axis)].append(technique)
    return cells


def grid_markdown(techniques: Sequence[Technique] = TECHNIQUES) -> str:
    """La misma tabla como rejilla de sphinx-design en MyST, con un enlace por técnica."""
    cells = by_cell(techniques)
    out: list[str] = []
    for layer in LAYERS:
        out.append(f"**{layer.part} · {{ref}}`{layer.name} <{layer.label}>`**\n")
        out.append("::::{grid} 1 2 2 2\n:gutter: 2\n")
        for axis in AXES:
            out.append(f":::{{grid-item-card}} {axis.capitalize()}")
            for t in cells[(layer.name, axis)]:
                out.append(f"- {{ref}}`{t.name} <{t.label}>` (*{t.english}*)")
            out.append(":::\n")
        out.append("::::\n")
    return "\n".join(out)

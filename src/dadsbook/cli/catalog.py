"""Los simuladores de la línea de órdenes sin importarlos: nombre, módulo, capítulo y ayuda.

La ayuda de ``dadsbook sim`` lista todos los simuladores, pero ``dadsbook sim NOMBRE``
solo importa el módulo de NOMBRE (y este, los del capítulo, cuando los necesita): la
orden arranca deprisa aunque el paquete tenga treinta simuladores.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATALOG", "Entry"]


@dataclass(frozen=True)
class Entry:
    """Dónde vive un simulador y qué dice de él la ayuda."""

    module: str
    chapter: str
    help: str


def _entries() -> dict[str, Entry]:
    cpu, memory, disk = "hardware/cpu", "hardware/memoria", "hardware/disco"
    os_, containers, cloud = (
        "software/sistemas-operativos",
        "sistemas/contenedores",
        "sistemas/nube",
    )
    rows = [
        (
            "kitchen",
            "sims_cloud",
            "conceptos",
            "la cocina: chefs, recetas y esperas (capítulo Conceptos)",
        ),
        (
            "balancer",
            "sims_cloud",
            cloud,
            "balanceo de carga sobre servidores distintos (capítulo Nube)",
        ),
        (
            "serverless",
            "sims_cloud",
            cloud,
            "funciones bajo demanda con arranques en frío (capítulo Nube)",
        ),
        (
            "scaleset",
            "sims_cloud",
            cloud,
            "grupo de instancias que escala con la CPU (capítulo Nube)",
        ),
        (
            "choices",
            "sims_cloud",
            cloud,
            "bolas en cajas: la potencia de dos opciones frente a la teoría (capítulo Nube)",
        ),
        (
            "appservice",
            "sims_cloud",
            cloud,
            "App Service con afinidad ARR y sin ella, una caída y el autoescalado (capítulo Nube)",
        ),
        (
            "scheduler",
            "sims_cpu",
            cpu,
            "planificación de una CPU: FIFO, SJF, STCF y turno rotatorio (capítulo CPU)",
        ),
        (
            "interrupts",
            "sims_cpu",
            cpu,
            "interrupciones con prioridad, con y sin anidamiento (capítulo CPU)",
        ),
        (
            "pipeline",
            "sims_cpu",
            cpu,
            "cauce de cinco etapas con riesgos de datos y adelantamiento (capítulo CPU)",
        ),
        (
            "mesi",
            "sims_multicore",
            cpu,
            "coherencia de caché MESI y compartición falsa (capítulo CPU)",
        ),
        (
            "smt",
            "sims_multicore",
            cpu,
            "modelo de multihilo simultáneo (SMT) por núcleo físico (capítulo CPU)",
        ),
        (
            "tlb",
            "sims_memory",
            memory,
            "traducción de direcciones: tabla de páginas y TLB (capítulo Memoria)",
        ),
        (
            "paging",
            "sims_memory",
            memory,
            "reemplazo de páginas: FIFO, LRU, OPT y CLOCK (capítulo Memoria)",
        ),
        (
            "numa",
            "sims_memory",
            memory,
            "modelo NUMA: colocación de memoria first-touch, interleave y remota"
            " (capítulo Memoria)",
        ),
        (
            "pagewalk",
            "sims_memory",
            memory,
            "recorrido de una tabla de páginas de 2 o 4 niveles (capítulo Memoria)",
        ),
        (
            "workingset",
            "sims_memory",
            memory,
            "conjunto de trabajo W(t, Δ) de una cadena de referencias (capítulo Memoria)",
        ),
        (
            "raid",
            "sims_disk",
            disk,
            "RAID 0, 1, 4 y 5: disco y desplazamiento de cada bloque (capítulo Disco)",
        ),
        (
            "writeback",
            "sims_disk",
            disk,
            "caché de escritura diferida y un fallo de corriente (capítulo Disco)",
        ),
        ("dma", "sims_disk", disk, "E/S programada frente a DMA: la CPU y el bus (capítulo Disco)"),
        (
            "hdd",
            "sims_disk",
            disk,
            "disco duro: búsqueda, rotación y transferencia de cada petición (capítulo Disco)",
        ),
        (
            "writehole",
            "sims_disk",
            disk,
            "el agujero de escritura de RAID 5 con diario, PPL o sin protección (capítulo Disco)",
        ),
        (
            "zns",
            "sims_flash",
            disk,
            "zonas NVMe (ZNS): puntero de escritura, append y reinicio (capítulo Disco)",
        ),
        (
            "nvme",
            "sims_flash",
            disk,
            "colas NVMe: profundidad de cola, canales y ley de Little (capítulo Disco)",
        ),
        (
            "ftl",
            "sims_flash",
            disk,
            "amplificación de escritura de una FTL y de ZNS (capítulo Disco)",
        ),
        (
            "stateless",
            "sims_web",
            "sistemas/servidores-web",
            "sesiones en memoria o en un almacén compartido con autoescalado"
            " (capítulo Servidores web)",
        ),
        (
            "hpa",
            "sims_systems",
            containers,
            "decisiones del Horizontal Pod Autoscaler (capítulo Contenedores)",
        ),
        (
            "keda",
            "sims_systems",
            containers,
            "activación de KEDA entre 0 y 1 réplicas (capítulo Contenedores)",
        ),
        (
            "replicaset",
            "sims_systems",
            containers,
            "ReplicaSet: el bucle que repone los pods caídos (capítulo Contenedores)",
        ),
        (
            "cfs",
            "sims_systems",
            containers,
            "cuota de CPU de un cgroup (control de ancho de banda de CFS) (capítulo Contenedores)",
        ),
        (
            "cluster",
            "sims_cluster",
            containers,
            "cola a ráfagas con flota fija, HPA por CPU y KEDA (capítulo Contenedores)",
        ),
        (
            "placement",
            "sims_systems",
            containers,
            "colocación de pods en nodos y la caída de uno (capítulo Contenedores)",
        ),
        (
            "stealing",
            "sims_os",
            os_,
            "colas por núcleo con y sin robo de trabajo (capítulo Sistemas operativos)",
        ),
        (
            "nice",
            "sims_os",
            os_,
            "reparto de la CPU según nice y la tabla de pesos de CFS"
            " (capítulo Sistemas operativos)",
        ),
        (
            "multitasking",
            "sims_software",
            os_,
            "multitarea cooperativa frente a apropiativa (capítulo Sistemas operativos)",
        ),
        (
            "mlfq",
            "sims_software",
            os_,
            "cola multinivel con realimentación (MLFQ) de OSTEP (capítulo Sistemas operativos)",
        ),
        (
            "policymix",
            "sims_software",
            os_,
            "FIFO, SJF, STCF, RR y MLFQ sobre trabajos interactivos y por lotes"
            " (capítulo Sistemas operativos)",
        ),
        (
            "coroutines",
            "sims_software",
            "software/programacion",
            "corrutinas en un planificador cooperativo por turno rotatorio (capítulo Programación)",
        ),
        (
            "interleavings",
            "sims_programming",
            "software/programacion",
            "todos los entrelazados de un programa pequeño: carreras e interbloqueos"
            " (capítulo Programación)",
        ),
    ]
    return {
        name: Entry(f"dadsbook.cli.{module}", chapter, text)
        for name, module, chapter, text in sorted(rows)
    }


#: Todos los simuladores, por nombre (en orden alfabético).
CATALOG: dict[str, Entry] = _entries()

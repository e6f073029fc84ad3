"""Capítulo «Memoria»: paginación, memoria virtual, NUMA y ancho de banda.

Cada técnica en su módulo; importa el que necesites, por ejemplo
``from dadsbook.hardware.memory import replacement``:

- :mod:`~dadsbook.hardware.memory.paging`: traducción de direcciones con tabla de
  páginas y TLB (simulada).
- :mod:`~dadsbook.hardware.memory.pagetable`: tablas de páginas de varios niveles
  (recorrido con la forma de x86-64, memoria frente a una tabla lineal, coste de un
  fallo de la TLB) y el espacio de direcciones real de este proceso.
- :mod:`~dadsbook.hardware.memory.replacement`: políticas de reemplazo FIFO, LRU, OPT
  y CLOCK (simuladas) y la anomalía de Belady.
- :mod:`~dadsbook.hardware.memory.workingset`: conjunto de trabajo de Denning e
  hiperpaginación, con y sin control de carga (simulados).
- :mod:`~dadsbook.hardware.memory.faults`: fallos de página reales, contados por el
  núcleo (``getrusage``), en memoria anónima y en un fichero proyectado con ``mmap``.
- :mod:`~dadsbook.hardware.memory.numa`: los nodos NUMA reales de esta máquina y un
  modelo de colocación local, entrelazada y remota.
- :mod:`~dadsbook.hardware.memory.bandwidth`: la «montaña de memoria» medida, las
  cachés de esta máquina y el modelo de canales de memoria.
- :mod:`~dadsbook.hardware.memory.channels`: el tráfico con la memoria de 1…N hilos
  copiando a la vez (medido).
"""

"""Capítulo «Sistemas operativos»: cómo reparte el núcleo la CPU entre procesos.

Cada técnica en su módulo; importa el que necesites, por ejemplo
``from dadsbook.software.operating_system import mlfq``:

- :mod:`.multitasking`: multitarea cooperativa frente a apropiativa (simulación).
- :mod:`.starvation`: la misma idea medida con ``asyncio`` (cooperativo) e hilos.
- :mod:`.mlfq`: la cola multinivel con realimentación (MLFQ) de OSTEP, capítulo 8.
- :mod:`.policy_mix`: FIFO, SJF, STCF, turno rotatorio y MLFQ sobre la misma mezcla.
- :mod:`.nice`: la tabla de pesos de CFS y el reparto real entre procesos con ``nice``.
- :mod:`.load_balancing`: colas por núcleo con y sin robo de trabajo (simulación).
- :mod:`.pool_balance`: bloques estáticos frente a reparto dinámico en un *pool* real.
- :mod:`.affinity`: afinidad de CPU medida y migraciones observadas.
- :mod:`.topology`: lo que el sistema dice de CPU, nodos NUMA y hermanos SMT.
"""

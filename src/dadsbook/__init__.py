"""dadsbook: el paquete que ejecuta el libro *Concurrencia y paralelismo*.

Cada página del libro tiene su módulo: simuladores para lo que un portátil no puede
mostrar y mediciones reales (hilos, procesos, asyncio) para lo que sí puede. La
maquinaria común vive junto a las partes:

- :mod:`dadsbook.profile`: perfiles de construcción (``quick`` y ``full``).
- :mod:`dadsbook.machine`: el sello de la máquina que produjo los números.
- :mod:`dadsbook.measure`: arnés de medición (calentamiento, repeticiones, mediana).
- :mod:`dadsbook.plotting`: estilo de figuras, diagramas de Gantt y curvas de aceleración.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"

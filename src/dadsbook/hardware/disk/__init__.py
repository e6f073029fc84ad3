"""Disco: concurrencia y paralelismo en el almacenamiento.

Un módulo por técnica del capítulo «Disco» del libro:

- :mod:`~dadsbook.hardware.disk.multiplexing`: un hilo con ``selectors`` frente a un
  hilo por canal (medición real con pares de *sockets*).
- :mod:`~dadsbook.hardware.disk.dma`: copia por la CPU (E/S programada) frente a DMA,
  como línea de tiempo simulada.
- :mod:`~dadsbook.hardware.disk.writeback`: ``fsync`` medido de verdad y un simulador
  de caché de escritura diferida con un fallo de corriente.
- :mod:`~dadsbook.hardware.disk.raid`: correspondencia de bloques de RAID 0, 1, 4 y 5
  (disposiciones de Linux md) y un modelo de rendimiento.
- :mod:`~dadsbook.hardware.disk.nvme`: lecturas concurrentes reales, ley de Little y
  velocidades de enlace SATA y PCIe.
- :mod:`~dadsbook.hardware.disk.zns`: zonas NVMe (ZNS) con puntero de escritura,
  *zone append* y reinicio.
- :mod:`~dadsbook.hardware.disk.ftl`: una FTL con recolección de basura voraz y la
  amplificación de escritura frente a ZNS.
"""

"""Disco: concurrencia y paralelismo en el almacenamiento.

Un módulo por técnica del capítulo «Disco» del libro:

- :mod:`~dadsbook.hardware.disk.hdd`: el modelo del disco duro de OSTEP (búsqueda,
  rotación y transferencia).
- :mod:`~dadsbook.hardware.disk.multiplexing`: un hilo con ``selectors`` frente a un
  hilo por canal (medición real con pares de *sockets*).
- :mod:`~dadsbook.hardware.disk.dma`: copia por la CPU (E/S programada) frente a DMA,
  como línea de tiempo simulada.
- :mod:`~dadsbook.hardware.disk.writeback`: ``fsync`` medido de verdad y un simulador
  de caché de escritura diferida con un fallo de corriente.
- :mod:`~dadsbook.hardware.disk.raid`: correspondencia de bloques de RAID 0, 1, 4 y 5
  (disposiciones de Linux md) y un modelo de rendimiento (RAID 1 como espejo de N vías
  o como las N/2 parejas de OSTEP).
- :mod:`~dadsbook.hardware.disk.parity`: paridad XOR con bytes de verdad, lecturas
  degradadas, reconstrucción y su duración.
- :mod:`~dadsbook.hardware.disk.writehole`: el agujero de escritura de RAID 5 y cómo
  lo cierran el diario de md y PPL.
- :mod:`~dadsbook.hardware.disk.nvme`: lecturas concurrentes reales, ley de Little y
  velocidades de enlace SATA y PCIe.
- :mod:`~dadsbook.hardware.disk.zns`: zonas NVMe (ZNS) con puntero de escritura,
  *zone append* y reinicio.
- :mod:`~dadsbook.hardware.disk.ftl`: una FTL con recolección de basura voraz y la
  amplificación de escritura frente a ZNS.
"""

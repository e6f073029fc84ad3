"""Capítulo «Nube y sistemas distribuidos».

- :mod:`~dadsbook.systems.cloud.load_balancing`: balanceo de peticiones concurrentes
  (turno rotatorio, menos conexiones, dos opciones al azar) sobre servidores distintos.
- :mod:`~dadsbook.systems.cloud.serverless`: funciones bajo demanda con arranques en frío,
  escalando por evento (AWS Lambda) o con un controlador (Azure Functions).
- :mod:`~dadsbook.systems.cloud.scale_sets`: grupos de instancias que escalan con una métrica.
- :mod:`~dadsbook.systems.cloud.batch`: un trabajo por lotes real en Dask distributed.
"""

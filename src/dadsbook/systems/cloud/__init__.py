"""Capítulo «Nube y sistemas distribuidos».

- :mod:`~dadsbook.systems.cloud.load_balancing`: balanceo de peticiones concurrentes
  (turno rotatorio, menos conexiones, dos opciones al azar) sobre servidores distintos.
- :mod:`~dadsbook.systems.cloud.choices`: bolas en cajas con una y dos opciones (la potencia
  de dos opciones, frente a la teoría).
- :mod:`~dadsbook.systems.cloud.app_service`: un plan de App Service con afinidad ARR, una
  instancia que cae y una regla de escalado horizontal.
- :mod:`~dadsbook.systems.cloud.serverless`: funciones bajo demanda con arranques en frío,
  escalando por evento (AWS Lambda) o con un controlador (Azure Functions), con
  concurrencia por instancia estática o dinámica.
- :mod:`~dadsbook.systems.cloud.scale_sets`: grupos de instancias que escalan con una métrica.
- :mod:`~dadsbook.systems.cloud.overprovisioning`: el sobreaprovisionamiento de un grupo de
  escalado (arrancar N + k máquinas para tener antes N), con arranques lentos y fallidos.
- :mod:`~dadsbook.systems.cloud.durable`: temporizadores NCRONTAB y *fan-out/fan-in*
  duradero (Durable Functions) con ``asyncio``.
- :mod:`~dadsbook.systems.cloud.batch`: un trabajo por lotes real en Dask distributed.
- :mod:`~dadsbook.systems.cloud.batch_faults`: pool/job/tasks con reintentos y un
  trabajador muerto de verdad (entrega al menos una vez, idempotencia).
"""

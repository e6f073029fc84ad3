"""Contenedores: un nodo con cgroups y un clúster de Kubernetes simulado.

- :mod:`~dadsbook.systems.containers.namespaces`: una mirada real, sin privilegios,
  al cgroup y a los espacios de nombres del propio proceso.
- :mod:`~dadsbook.systems.containers.cgroups`: la cuota de CPU de un cgroup (control
  de ancho de banda de CFS) convertida en latencia.
- :mod:`~dadsbook.systems.containers.qos`: de las ``requests`` y los ``limits`` de un
  pod a su clase de QoS y a lo que el kubelet escribe en sus cgroups (peso, cuota,
  memoria, ``oom_score_adj``).
- :mod:`~dadsbook.systems.containers.contention`: las ``requests`` de CPU como pesos
  bajo contención, medidas con dos procesos reales y ``nice`` como análogo;
  :mod:`~dadsbook.systems.containers.memory_limit`: un hijo real con ``RLIMIT_AS``
  que se queda sin memoria.
- :mod:`~dadsbook.systems.containers.placement`: el kube-scheduler por omisión
  (filtros de *taints* y *requests*, puntuación ``LeastAllocated``,
  ``BalancedAllocation``, ``PodTopologySpread`` y ``TaintToleration``);
  :mod:`~dadsbook.systems.containers.failover`, la caída de un nodo y sus repuestos;
  :mod:`~dadsbook.systems.containers.placement_problems`, problemas sembrados.
- :mod:`~dadsbook.systems.containers.hpa` y
  :mod:`~dadsbook.systems.containers.scaling`: las decisiones del Horizontal Pod
  Autoscaler como funciones puras (tolerancia, ventanas, políticas, y los dos caminos
  del controlador, sin y con ``behavior``).
- :mod:`~dadsbook.systems.containers.keda`: las decisiones de KEDA (activación 0 ↔ 1,
  enfriamiento y métrica ``AverageValue`` que entrega al HPA).
- :mod:`~dadsbook.systems.containers.problems`: problemas aleatorios sembrados para el
  HPA y KEDA.
- :mod:`~dadsbook.systems.containers.failures`: los dos fallos de un pod (contenedor y
  nodo) y cuánto tarda Kubernetes en recuperarse de cada uno.
- :mod:`~dadsbook.systems.containers.ranking`: qué pods crea o borra el controlador de
  ReplicaSet (``ActivePodsWithRanks``).
- :mod:`~dadsbook.systems.containers.controllers` y
  :mod:`~dadsbook.systems.containers.replicaset`: el bucle de reconciliación en SimPy,
  con reinicios en su sitio, nodos que caen y desalojos, y la autorreparación sembrada.
- :mod:`~dadsbook.systems.containers.workload` y
  :mod:`~dadsbook.systems.containers.cluster`: una cola de mensajes a ráfagas consumida
  por pods en SimPy, con flota fija, HPA por CPU y KEDA por longitud de cola;
  :mod:`~dadsbook.systems.containers.verdicts` repite la comparación con varias
  semillas y redacta la conclusión.
- :mod:`~dadsbook.systems.containers.doc_examples`: los ejemplos de la documentación de
  Kubernetes y KEDA, resueltos por el código.

El paquete no importa sus módulos al cargarse (algunos traen aiohttp, SimPy o NumPy):
cada página y cada simulador importan solo el que usan.
"""

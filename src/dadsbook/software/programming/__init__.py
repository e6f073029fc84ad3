"""Programación concurrente y paralela en Python: el capítulo «Programación».

Cada módulo hace una cosa y se usa desde ``docs/software/programacion.md``:

- :mod:`.delay_server` y :mod:`.asyncio_demo`: ``async``/``await`` y el bucle de
  eventos contra un servidor real en ``127.0.0.1``.
- :mod:`.coroutines`: de los generadores a las corrutinas, con un planificador
  cooperativo por turno rotatorio que se puede seguir paso a paso.
- :mod:`.producer_consumer`: el patrón productor-consumidor con hilos, con
  ``asyncio`` y con procesos, con búfer acotado y contrapresión.
- :mod:`.event_loop`: el bucle de Node.js (fases, microtareas, *thread pool* de
  libuv) frente al de ``asyncio``, con el orden real de las retrollamadas.
- :mod:`.races`, :mod:`.race_survey` y :mod:`.race_bytecode`: carreras reales
  (contador compartido con hilos y corrutinas), sus arreglos y por qué ``+=`` no
  pierde con GIL; :mod:`.condition_buffer`: el búfer acotado con
  ``threading.Condition``; :mod:`.deadlock`: un interbloqueo real con *timeouts*.
- :mod:`.interleavings` (con :mod:`._machine`): todos los entrelazados de un programa
  pequeño, al estilo de ``x86.py`` de OSTEP.
- :mod:`.threads_gil`: qué llamadas sueltan el GIL y dejan correr hilos en paralelo.
- :mod:`.pools`: *pools* de procesos (el PLINQ de Python): ``chunksize``,
  granularidad y tareas desiguales.
- :mod:`.mpi_run` (y el programa :mod:`.mpi_program`): MPI de verdad con ``mpiexec``.
- :mod:`.scaling`: Amdahl y Gustafson ajustadas a las aceleraciones de la página.
- :mod:`.figures`: todas las figuras del capítulo (``nombre_figure(resultado)``); los
  demás módulos no importan matplotlib.
"""

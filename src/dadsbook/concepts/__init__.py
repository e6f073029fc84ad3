"""El capítulo «Conceptos» (``docs/conceptos.md``): la cocina y las esperas solapadas.

- :mod:`~dadsbook.concepts.kitchen`: la cocina simulada (chefs, recetas con pasos
  activos y esperas) que da los cuatro cuadrantes de concurrencia y paralelismo.
- :mod:`~dadsbook.concepts.overlap`: la misma idea medida en esta máquina: esperas en
  fila frente a esperas solapadas con hilos.
- :mod:`~dadsbook.concepts.sims`: el simulador ``kitchen`` de la línea de órdenes.
"""

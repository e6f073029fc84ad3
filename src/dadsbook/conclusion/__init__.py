"""La conclusión del libro (``docs/conclusion.md``): el mapa de técnicas.

- :mod:`~dadsbook.conclusion.techniques`: cada técnica en su capa y en su eje
  (concurrencia o paralelismo), la figura y la rejilla de tarjetas de la conclusión y
  las definiciones de los dos ejes que repiten el glosario y «Conceptos».
"""

"""Capítulo «CPU»: planificación, cambios de contexto, interrupciones y paralelismo.

Cada técnica en su módulo; importa el que necesites, por ejemplo
``from dadsbook.hardware.cpu import scheduler``.
"""

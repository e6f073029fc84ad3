"""Configuración de las pruebas de la línea de órdenes.

Las ayudas comunes viven en ``cli/support.py`` (``from cli.support import run``). Las
pruebas de varios segundos (máximos aceptados, valores hostiles) llevan la marca
``slow`` de ``pyproject.toml``: ``make check`` las deja fuera y ``make test`` las corre.
"""

"""La línea de órdenes ``dadsbook`` (también ``python -m dadsbook``)."""

from dadsbook.cli.main import main

__all__ = ["main"]

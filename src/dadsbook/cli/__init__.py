"""La línea de órdenes ``dadsbook`` (también ``python -m dadsbook``).

Un Ctrl-C mientras la orden aún se está cargando termina igual que uno a mitad de
trabajo: una línea en español y estado 130, sin traza.
"""

import sys

try:
    from dadsbook.cli.main import main
except KeyboardInterrupt:  # pragma: no cover - depende del instante exacto del Ctrl-C
    sys.stderr.write("\ndadsbook: interrumpido con Ctrl-C\n")
    raise SystemExit(130) from None

__all__ = ["main"]

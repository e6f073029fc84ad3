"""Extensión de Sphinx: los núcleos de Jupyter de la construcción cifran su transporte.

myst-nb ejecuta cada página en un núcleo de Jupyter nuevo (``nbclient``), que se
conecta por TCP en 127.0.0.1. Sin cifrar, cada núcleo avisaba por la salida de error
(«Kernel is running over TCP without encryption…»), una vez por página, y el
registro de la construcción se llenaba de un aviso que no es de ninguna página.

``jupyter_client`` (≥ 8.7) puede dar a cada núcleo claves CurveZMQ propias
(``KernelManager.transport_encryption = "auto"``) si la especificación del núcleo dice
que las admite, como la de ``ipykernel``: entonces el núcleo cifra y no avisa. Ni
myst-nb ni jupyter-cache dejan pasar configuración al ``KernelManager`` que crean, así
que se cambia el valor por defecto de ese rasgo en el proceso de Sphinx (solo en él).
El transporte IPC, la otra salida, no sirve aquí: sus rutas son relativas a la carpeta
de trabajo y el núcleo corre en la carpeta de la página.
"""

from __future__ import annotations

from typing import Any

import zmq
from jupyter_client.manager import KernelManager
from sphinx.application import Sphinx

POLICY = "auto"


def encrypt_kernels() -> bool:
    """Los gestores de núcleos que se creen desde ahora cifran; ``False`` si no hay Curve."""
    if not zmq.has("curve"):
        return False
    KernelManager.class_traits()["transport_encryption"].default_value = POLICY
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    encrypt_kernels()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

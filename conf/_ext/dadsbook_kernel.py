"""Extensión de Sphinx: una construcción callada (solo avisos de verdad en el registro).

**Los núcleos de Jupyter cifran su transporte.**

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

**Sin volcados de configuración.** myst-parser y myst-nb escriben al empezar toda su
configuración (dos líneas de más de mil caracteres) en la salida: se filtran esos dos
mensajes y nada más; el progreso de Sphinx y de la ejecución se queda.
"""

from __future__ import annotations

import logging
from typing import Any

import zmq
from jupyter_client.manager import KernelManager
from sphinx.application import Sphinx

POLICY = "auto"
#: Los registros de Sphinx que vuelcan la configuración entera de myst y myst-nb.
CONFIG_DUMPS = {
    "sphinx.myst_parser.sphinx_ext.main": "MdParserConfig(",
    "sphinx.myst_nb.sphinx_ext": "NbParserConfig(",
}


class DropConfigDump(logging.Filter):
    """Descarta el mensaje que vuelca la configuración (``marker`` en su texto)."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker

    def filter(self, record: logging.LogRecord) -> bool:
        return self.marker not in record.getMessage()


def drop_config_dumps() -> None:
    """Instala los filtros (una sola vez por proceso)."""
    for name, marker in CONFIG_DUMPS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropConfigDump) for f in logger.filters):
            logger.addFilter(DropConfigDump(marker))


def encrypt_kernels() -> bool:
    """Los gestores de núcleos que se creen desde ahora cifran; ``False`` si no hay Curve."""
    if not zmq.has("curve"):
        return False
    KernelManager.class_traits()["transport_encryption"].default_value = POLICY
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    encrypt_kernels()
    drop_config_dumps()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

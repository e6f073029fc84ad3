"""Extensión de Sphinx: los núcleos de Jupyter de la construcción hablan por IPC.

myst-nb ejecuta cada página en un núcleo de Jupyter nuevo (``nbclient``), que por
defecto se conecta por TCP en 127.0.0.1 sin cifrar; cada núcleo avisaba entonces por
la salida de error («Kernel is running over TCP without encryption…»), una vez por
página, y el registro de la construcción se llenaba de un aviso que no es de ninguna
página. Con el transporte **IPC** (sockets de dominio Unix en la carpeta de ejecución
de Jupyter, con los permisos del usuario) no hay puertos abiertos a nadie y el núcleo
no avisa.

Ni myst-nb ni jupyter-cache dejan pasar configuración al ``KernelManager`` que crean,
así que se cambia el valor por defecto del rasgo ``transport`` de
``jupyter_client`` en el proceso de Sphinx (solo en él: los núcleos no importan esto).
"""

from __future__ import annotations

from typing import Any

from jupyter_client.connect import ConnectionFileMixin
from sphinx.application import Sphinx

TRANSPORT = "ipc"


def use_ipc() -> None:
    """Los gestores de núcleos que se creen a partir de ahora usan IPC."""
    ConnectionFileMixin.class_traits()["transport"].default_value = TRANSPORT


def setup(app: Sphinx) -> dict[str, Any]:
    use_ipc()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

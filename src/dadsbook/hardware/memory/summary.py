"""Los valores y las frases que la página de la memoria pega con ``{glue:text}``, ya medidos.

Cada función recibe lo que midió una sección de la página y devuelve un diccionario
``clave → valor`` listo para :func:`dadsbook.notebook.glue_all`. Ninguna mide ni dibuja:
los números salen de :mod:`dadsbook.fmt` y las frases que comparan, del veredicto del
libro (:meth:`.channels.ChannelScan.decide`, que usa :func:`dadsbook.verdict.compare`).
"""

from __future__ import annotations

from dadsbook import fmt
from dadsbook.hardware.memory.channels import ChannelScan

__all__ = ["channels_values"]


def channels_values(scan: ChannelScan, dual_gb_s: float, cores: str) -> dict[str, object]:
    """Los valores ``mem_chm_*``: tráfico con la memoria de uno y de todos los hilos.

    ``scan`` es la medición de :func:`.channels.parallel_copy`; ``dual_gb_s``, el techo
    teórico de dos canales con el que se compara el tráfico de todos los hilos;
    ``cores``, cómo se describen las CPU de la máquina (:meth:`MachineStamp.cores
    <dadsbook.machine.MachineStamp.cores>`), que la lectura cita si la medición no
    separa los dos casos.
    """
    one, many = scan.points[0], scan.points[-1]
    more = scan.decide()
    load = f" ({scan.load.describe()})" if scan.load is not None and not scan.busy else ""
    return {
        "mem_chm_one": one.median,
        "mem_chm_many": many.median,
        "mem_chm_many_n": many.workers,
        "mem_chm_per_thread": many.median / many.workers,
        "mem_chm_repeats": len(one.samples_gb_s),
        "mem_chm_verdict": more.phrase,
        "mem_chm_load": load,
        "mem_chm_share": fmt.percent(many.median / dual_gb_s, 0),
        "mem_chm_reading": more.pick(
            mayor="Aquí, varios hilos movieron más bytes por segundo que uno: un núcleo solo "
            "no llenaba lo que el sistema de memoria podía dar.",
            menor="Aquí, varios hilos movieron menos bytes por segundo que uno: compitieron "
            "por algo distinto de los canales (la CPU, otras cargas de la máquina o el "
            "hipervisor).",
            igual=f"Aquí la medición no separa los dos casos: con {cores} compartidas y "
            "otras cargas a la vez, el ruido tapa el efecto. Es en una máquina con varios "
            "núcleos libres y varios canales donde se espera verlo: compruébalo en la tuya "
            "con el último ejercicio.",
        ),
        "mem_chm_takeaway": more.pick(
            mayor="aquí, varios hilos movieron más bytes que uno",
            menor="aquí, con la máquina compartida, varios hilos no movieron más bytes que uno",
            igual="aquí la medición no separó uno de varios hilos",
        ),
    }

"""Los valores y las frases que la página del disco pega con ``{glue:text}``, ya medidos.

Cada función recibe lo que midió o simuló una sección de la página (servidores de eco,
XOR de reconstrucción, IOPS del NVMe, amplificación de escritura con zonas) y devuelve
un diccionario ``clave → valor`` listo para :func:`dadsbook.notebook.glue_all`. Ninguna
mide ni dibuja: los números salen de :mod:`dadsbook.fmt` y las frases comparativas,
de :func:`dadsbook.verdict.compare`.
"""

from __future__ import annotations

import mmap
import statistics
from collections.abc import Mapping, Sequence

from dadsbook import fmt, verdict
from dadsbook.hardware.disk import multiplexing, parity
from dadsbook.hardware.disk.multiplexing import ServerComparison
from dadsbook.hardware.disk.nvme import IopsPoint
from dadsbook.hardware.disk.parity import XorRate

__all__ = ["multiplexing_values", "nvme_values", "rebuild_values", "zns_host_values"]


def multiplexing_values(
    servers: Mapping[int, ServerComparison], messages: int
) -> dict[str, object]:
    """Los valores ``mux_*``: el servidor de un hilo frente al de un hilo por canal.

    ``servers`` guarda una comparación por número de canales; se describen la mayor
    (latencias, memoria por canal, hilos) y cómo creció la memoria del servidor de un
    solo hilo desde la menor. ``messages`` son los mensajes enviados por canal.
    """
    small, big = servers[min(servers)], servers[max(servers)]
    sel, thr = big.typical("selectors"), big.typical("threads")
    q1, per_channel, q3 = big.rss_per_channel_quartiles("threads")
    growth = multiplexing.growth_verdict(small, big, "selectors")
    going = f"al pasar de {fmt.number(small.channels)} a {fmt.number(big.channels)} canales"
    return {
        "mux_channels": big.channels,
        "mux_small_channels": small.channels,
        "mux_messages": messages,
        "mux_repeats": len(big.runs["threads"]),
        "mux_sel_median": sel.median_us,
        "mux_sel_p99": sel.p99_us,
        "mux_thr_median": thr.median_us,
        "mux_thr_p99": thr.p99_us,
        "mux_latency_verdict": big.latency_verdict().phrase,
        "mux_thr_rss": per_channel,
        "mux_thr_rss_iqr": f"{fmt.number(q1)}–{fmt.number(q3)}",
        "mux_thr_threads": thr.server_threads,
        "mux_thr_vms": thr.vms_per_channel_kib / 1024,
        "mux_sel_rss_kib": sel.rss_kib,
        "mux_sel_pages": sel.rss_kib * 1024 / mmap.PAGESIZE,
        "mux_page_kib": mmap.PAGESIZE // 1024,
        "mux_base_kib": statistics.median(big.baseline_kib),
        "mux_sel_growth": growth.pick(
            mayor=f"creció {going}",
            menor=f"bajó {going} (el proceso devolvió algo de memoria entre medias)",
            igual=f"no cambió de forma medible {going} ({growth.reason})",
        ),
        "mux_stack_mib": multiplexing.default_stack_kib() / 1024,
    }


def rebuild_values(
    xor: XorRate,
    capacities_tb: Sequence[float],
    rates_mb_s: Sequence[float],
    limits_kib_s: tuple[int, int] | None,
) -> dict[str, object]:
    """Los valores ``par_*`` de la reconstrucción: el XOR medido y las horas del modelo.

    ``xor`` es el XOR medido (:func:`.parity.xor_throughput`); ``capacities_tb`` y
    ``rates_mb_s``, las capacidades y velocidades sostenidas de la figura (la última
    capacidad es el disco grande del texto; la primera y la última velocidad, la lenta y
    la rápida); ``limits_kib_s``, los límites de md de esta máquina
    (:func:`.parity.md_speed_limits`) o ``None`` si no tiene md.
    """
    big = capacities_tb[-1]
    md_max_mb_s = parity.MD_SPEED_LIMIT_MAX_KIB * 1024 / 1e6
    md_min_mb_s = parity.MD_SPEED_LIMIT_MIN_KIB * 1024 / 1e6
    if limits_kib_s is None:
        here = "Esta máquina no tiene md cargado (no existe /proc/sys/dev/raid)."
    else:
        low, high = limits_kib_s
        here = f"En esta máquina valen {fmt.number(low)} y {fmt.number(high)} KiB/s."
    return {
        "par_xor_sources": xor.sources,
        "par_xor_mib": xor.megabytes,
        "par_xor_disks": xor.sources + 1,
        "par_xor_gbs": xor.gb_s,
        "par_xor_gb_s_median": xor.gb_s,  # número, para dadsbook bench
        "par_xor_repeats": len(xor.timing.samples_ns),
        "par_xor_vs_md": xor.gb_s * 1e9 / (parity.MD_SPEED_LIMIT_MAX_KIB * 1024),
        "par_md_max": fmt.number(parity.MD_SPEED_LIMIT_MAX_KIB),
        "par_md_min": fmt.number(parity.MD_SPEED_LIMIT_MIN_KIB),
        "par_md_max_mb": md_max_mb_s,
        "par_big_tb": big,
        "par_big_rate": rates_mb_s[-1],
        "par_big_hours": parity.rebuild_hours(big, rates_mb_s[-1]),
        "par_big_slow_rate": rates_mb_s[0],
        "par_big_slow_hours": parity.rebuild_hours(big, rates_mb_s[0]),
        "par_md_floor_days": parity.rebuild_hours(big, md_min_mb_s) / 24,
        "par_md_here": here,
    }


def nvme_values(cached: Sequence[IopsPoint], dropped: Sequence[IopsPoint]) -> dict[str, object]:
    """Los valores ``nvme_*`` de las IOPS frente a la profundidad de cola.

    ``cached`` y ``dropped`` son los puntos medidos, de menos a más hilos, con el
    fichero en la caché de páginas y tras descartarla. Dos veredictos: si más hilos
    dieron más ritmo sin caché, y si la caché cambió el ritmo con un hilo.
    """
    deepest, one = dropped[-1], dropped[0]
    threads = verdict.compare(
        deepest.samples,
        one.samples,
        a_label=f"el ritmo con {fmt.number(deepest.depth)} hilos",
        b_label="el de uno",
        more="mayor",
        less="menor",
        busy=deepest.busy,
    )
    fadvise = verdict.compare(
        cached[0].samples,
        one.samples,
        a_label="el ritmo en caché",
        b_label="el ritmo tras descartarla",
        more="mayor",
        less="menor",
        busy=cached[0].busy or one.busy,
    )
    return {
        "nvme_max_depth": deepest.depth,
        "nvme_cached_1": cached[0].iops / 1e3,
        "nvme_cached_best": max(p.iops for p in cached) / 1e3,
        "nvme_dropped_1": one.iops / 1e3,
        "nvme_dropped_max": deepest.iops / 1e3,
        "nvme_threads_verdict": threads.phrase,
        "nvme_fadvise_verdict": fadvise.phrase,
        "nvme_repeats": len(one.samples),
    }


def zns_host_values(zoned_wa: Sequence[float], ftl_wa: Sequence[float]) -> dict[str, object]:
    """El veredicto ``zns_host_*``: ¿limpiar por zonas en el anfitrión amplificó más?

    ``zoned_wa`` y ``ftl_wa`` son la amplificación de escritura de cada semilla con
    zonas y con la FTL de bloques, con datos aleatorios y la misma reserva. Devuelve el
    número de semillas, la frase del veredicto y la explicación que le corresponde.
    """
    host = verdict.compare(
        zoned_wa,
        ftl_wa,
        a_label="la del anfitrión con zonas",
        b_label="la de la FTL",
        more="mayor",
        less="menor",
    )
    return {
        "zns_seeds": len(zoned_wa),
        "zns_host_verdict": host.phrase,
        "zns_host_why": host.pick(
            mayor="Con zonas grandes hay menos candidatas entre las que elegir, y las zonas "
            "que deben quedar libres (más la abierta) se comen una parte mayor del espacio "
            "de reserva. Con datos aleatorios, ZNS no hace magia: solo cambia quién limpia, "
            "y aquí limpiar por zonas salió más caro.",
            menor="Aquí limpiar por zonas salió más barato incluso con datos aleatorios, pero "
            "no es ahí donde está la ganancia de ZNS.",
            igual="Con datos aleatorios, ZNS no hace magia: solo cambia quién limpia.",
        ),
    }

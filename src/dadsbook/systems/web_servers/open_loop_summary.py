"""Los números del estudio de lazo abierto frente a lazo cerrado que cita la página.

La página mide una vez (:func:`~dadsbook.systems.web_servers.coordinated.study`) y pega
lo que devuelve :func:`open_loop_numbers`: la carga y la capacidad, el p99 de cada
generador con su dispersión, lo que predice el modelo M/M/1, las frases de
:func:`~dadsbook.systems.web_servers.verdicts.open_loop` (del veredicto del libro) y las
esperas de Erlang C con uno y con varios servidores. Solo cuenta: no mide ni dibuja.
"""

from __future__ import annotations

import statistics

from dadsbook.systems.web_servers import coordinated, queueing, verdicts
from dadsbook.systems.web_servers.coordinated import Study

__all__ = ["open_loop_numbers"]


def open_loop_numbers(study: Study, *, cores: str) -> dict[str, object]:
    """Los valores ``ol_…`` del estudio, en el orden en que se pegan.

    ``cores`` describe las CPU de la máquina de la medición
    (:meth:`dadsbook.machine.MachineStamp.cores`, en español). Los p99 van en milisegundos y las
    cargas y esperas en porcentaje (0–100). ``ol_mmc_c`` es el número de servidores del
    modelo M/M/c: los trabajadores más grandes medidos, y al menos dos.
    """
    found = verdicts.open_loop(study)
    top = study.workers[-1]
    mm1 = study.model(1, study.gap_load)
    closed_low, closed_high = coordinated.spread(study.closed_p99)
    open_low, open_high = coordinated.spread(study.open_p99)
    servers = max(2, top)
    return {
        "ol_load_pct": 100 * study.gap_load,
        "ol_clients": study.clients,
        "ol_repeats": len(study.open),
        "ol_window_s": study.window_s,
        "ol_capacity": study.capacity_rps(1),
        "ol_rate": study.gap_rate,
        "ol_service_ms": 1000 / study.capacity_rps(1),
        "ol_closed_p99": statistics.median(study.closed_p99),
        "ol_open_p99": statistics.median(study.open_p99),
        "ol_closed_low": closed_low,
        "ol_closed_high": closed_high,
        "ol_open_low": open_low,
        "ol_open_high": open_high,
        "ol_closed_fixed_p99": statistics.median(study.closed_p99_intended),
        "ol_unsent": sum(w.unsent for w in study.closed),
        "ol_model_p99": 1000 * mm1.p99_response_s,
        "ol_model_mean": 1000 * mm1.mean_response_s,
        "ol_model_p99_services": mm1.p99_response_s * mm1.service_rate,
        "ol_gap_sentence": found.sentence,
        "ol_gap_takeaway": found.takeaway,
        "ol_load_note": study.load_note(),
        "ol_cores": cores,
        "ol_top": top,
        "ol_mmc_c": servers,
        "ol_mmc_wait": 100 * queueing.erlang_c(servers, servers * study.gap_load),
        "ol_mm1_wait": 100 * queueing.erlang_c(1, study.gap_load),
    }

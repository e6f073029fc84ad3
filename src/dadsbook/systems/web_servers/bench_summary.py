"""Los números del barrido de servidores web que cita la página, sacados de un :class:`Sweep`.

La página mide una vez (:func:`~dadsbook.systems.web_servers.bench.sweep`) y pega lo que
devuelve :func:`bench_numbers`: los parámetros del barrido, el rendimiento y las
latencias de cada servidor con un trabajador, los techos teóricos de ``/io`` y las
frases de :func:`~dadsbook.systems.web_servers.verdicts.findings`, que salen del
veredicto del libro. Solo cuenta: no mide ni dibuja.
"""

from __future__ import annotations

from dadsbook.systems.web_servers import bench, verdicts
from dadsbook.systems.web_servers.bench import Sweep
from dadsbook.validation import check_int, check_number

__all__ = ["bench_numbers"]


def bench_numbers(
    data: Sweep, *, machine: str, cores: int, requests_max: int, seconds_max: float
) -> dict[str, object]:
    """Los valores ``web_…`` del barrido, en el orden en que se pegan.

    ``machine`` y ``cores`` describen la máquina de la medición
    (:meth:`dadsbook.machine.MachineStamp.summary` y ``usable_cores``);
    ``requests_max`` y ``seconds_max``, los topes de cada ventana de carga del perfil.
    Los techos de ``/io`` con un proceso son peticiones en vuelo entre la duración de la
    espera: ``concurrency`` para el bucle de eventos, ``threads`` para gthread y una
    para sync. ``web_little_ms`` aplica la ley de Little a gunicorn sync: en vuelo
    entre rendimiento. ``data`` debe incluir uvicorn, gthread y sync (si no,
    ``ValueError``).
    """
    check_int("cores", cores, 1)
    check_int("requests_max", requests_max, 1)
    check_number("seconds_max", seconds_max, 0)
    found = verdicts.findings(data)
    one, top = data.workers[0], data.workers[-1]
    values: dict[str, object] = {
        "web_machine": machine,
        "web_cores": cores,
        "web_top_workers": top,
        "web_concurrency": data.concurrency,
        "web_threads": data.threads,
        "web_io_ms": data.io_ms,
        "web_cpu_iterations": data.cpu_iterations,
        "web_errors": data.errors(),
        "web_repeats": data.repeats,
        "web_requests_max": requests_max,
        "web_seconds_max": float(seconds_max),
        "web_load_note": data.load_note(),
        "web_io_ceiling_loop": data.concurrency * 1000 / data.io_ms,
        "web_io_ceiling_threads": data.threads * 1000 / data.io_ms,
        "web_io_ceiling_sync": 1000 / data.io_ms,
    }
    for server in data.servers:
        for handler in bench.HANDLERS:
            point = data.get(server, handler, one)
            values[f"web_{handler}_{server}_rps"] = float(point.throughput)
            values[f"web_{handler}_{server}_p50"] = float(point.p50_ms)
            values[f"web_{handler}_{server}_p99"] = float(point.p99_ms)
        values[f"web_cpu_{server}_gain"] = float(found.cpu_processes[server].ratio)
    values |= {
        "web_io_sync_gain": float(found.io_sync_processes.ratio),
        "web_io_loop_vs_threads": float(found.io_loop_vs_threads.ratio),
        "web_io_loop_vs_sync": float(found.io_loop_vs_sync.ratio),
        "web_cpu_threads_vs_sync": float(found.cpu_threads_vs_sync.ratio),
        "web_io_verdict": found.io_sentence,
        "web_io_sync_verdict": found.io_sync_sentence,
        "web_cpu_threads_verdict": found.cpu_threads_sentence,
        "web_cpu_process_verdict": found.cpu_process_sentence,
        "web_io_takeaway": found.io_takeaway,
        "web_cpu_takeaway": found.cpu_takeaway,
        "web_little_ms": 1000 * data.concurrency / float(data.throughput("sync", "io", one)),
    }
    return values

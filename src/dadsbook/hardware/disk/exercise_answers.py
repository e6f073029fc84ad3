"""Las soluciones de los ejercicios de la página del disco, con las mismas órdenes.

Cada ejercicio da una orden ``dadsbook sim …`` o un problema sembrado; la solución que
ve quien lee es la salida de esa orden con ``-c`` (:func:`dadsbook.exercises.run`) o
la tabla del problema, y los números de la prosa salen de la misma orden con
``--json``. :func:`exercise_values` devuelve todo lo que la página pega, con su clave.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dadsbook import exercises, fmt
from dadsbook.exercises import Runner, solution
from dadsbook.hardware.disk import hdd, writeback, writehole
from dadsbook.hardware.disk.writeback import Write

__all__ = ["exercise_values", "solution"]

#: El intervalo de vaciado más corto que propone el ejercicio de la caché de escritura.
FASTER_FLUSH_S = 2.0


def exercise_values(
    writes: Sequence[Write],
    options: Mapping[str, Any],
    run: Runner = exercises.run,
) -> dict[str, object]:
    """Las soluciones ``disk_ex_*`` de los ejercicios, con su clave de glue.

    ``writes`` y ``options`` son las escrituras y las opciones del ejemplo de la caché de
    escritura de la página (``flush_interval``, ``capacity``, ``crash_time``): el cuarto
    ejercicio lo repite vaciando cada :data:`FASTER_FLUSH_S` s. ``run`` ejecuta una orden
    (en las pruebas, una falsa). Las salidas y tablas (``disk_ex_1``…) se muestran con
    ``{glue}``; el resto son valores para ``{glue:text}``.
    """
    values: dict[str, object] = {"disk_ex_1": run("dadsbook sim raid -s 7 -c")}
    located = solution("dadsbook sim raid -s 7 -c", run)["locations"][0]
    values |= {
        "disk_ex_1_block": located["block"],
        "disk_ex_1_stripe": located["stripe"],
        "disk_ex_1_disk": located["disk"],
        "disk_ex_1_parity": located["parity_disk"],
    }

    wh4 = writehole.random_writehole(4)
    values |= {
        "disk_ex_2_problem": wh4.statement(),
        "disk_ex_2": wh4.table(),
        "disk_ex_2_outcome": writehole.OUTCOMES[wh4.solve().outcome],
    }

    hdd7 = hdd.random_hdd(7)
    hdd7_times = hdd7.solve()
    values |= {
        "disk_ex_3_problem": hdd7.statement(),
        "disk_ex_3": hdd7.table(),
        "disk_ex_3_rpm": fmt.number(hdd7.disk.rpm),
        "disk_ex_3_rot": hdd7.disk.average_rotation_ms,
        "disk_ex_3_small_share": fmt.percent(hdd7_times[0].positioning_share),
        "disk_ex_3_big_share": fmt.percent(hdd7_times[-1].positioning_share),
    }

    values["disk_ex_4"] = run("dadsbook sim writeback -s 7 -c")
    wb7 = solution("dadsbook sim writeback -s 7 -c", run)
    faster = writeback.simulate(
        list(writes), "write-back", **{**options, "flush_interval": FASTER_FLUSH_S}
    )
    values |= {
        "disk_ex_4_lost": wb7["lost"],
        "disk_ex_4_replaced": sum(o["status"] == "sustituida" for o in wb7["outcomes"]),
        "disk_ex_4_disk": wb7["disk_writes"],
        "disk_ex_4_flush": FASTER_FLUSH_S,
        "disk_ex_4_flush_lost": faster.lost,
        "disk_ex_4_flush_disk": faster.disk_writes,
        "disk_ex_4_flush_replaced": sum(o.status == "sustituida" for o in faster.outcomes),
    }

    values["disk_ex_5"] = run("dadsbook sim dma -s 2 -c")
    dma2 = solution("dadsbook sim dma -s 2 -c", run)
    values |= {
        "disk_ex_5_pio": dma2["pio"]["makespan"],
        "disk_ex_5_dma": dma2["dma"]["makespan"],
        "disk_ex_5_pio_io": dma2["pio"]["io_cpu_time"],
        "disk_ex_5_dma_io": dma2["dma"]["io_cpu_time"],
    }

    values["disk_ex_6_zns"] = run("dadsbook sim zns -s 2 -c")
    steps = solution("dadsbook sim zns -s 2 -c", run)["steps"]
    values["disk_ex_6_rejected"] = sum(st["outcome"].startswith("rechazada") for st in steps)
    values["disk_ex_6"] = run("dadsbook sim ftl -s 2 --op 0.1 -c")
    values["disk_ex_6_default"] = solution("dadsbook sim ftl -s 2 -c", run)["write_amplification"]
    values["disk_ex_6_less"] = solution("dadsbook sim ftl -s 2 --op 0.1 -c", run)[
        "write_amplification"
    ]

    values["disk_ex_7"] = run("dadsbook sim nvme -s 2 -c")
    nv2 = solution("dadsbook sim nvme -s 2 -c", run)
    values |= {"disk_ex_7_little": nv2["little_iops"], "disk_ex_7_sim": nv2["simulated_iops"]}
    return values

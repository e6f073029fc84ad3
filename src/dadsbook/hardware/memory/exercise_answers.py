"""Las soluciones de los ejercicios de la página de la memoria, con las mismas órdenes.

Cada ejercicio da una orden ``dadsbook sim …`` o un problema sembrado; la solución que
ve quien lee es la salida de esa orden con ``-c`` (:func:`dadsbook.exercises.run`) o
la tabla del problema, y los números de la prosa salen de la misma orden con
``--json`` o de la misma simulación. :func:`exercise_values` devuelve todo lo que la
página pega, con su clave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dadsbook import exercises, fmt
from dadsbook.exercises import Runner, solution
from dadsbook.hardware.memory import numa, pagetable, workingset

__all__ = ["PAGING_EXAMPLE", "exercise_values", "solution"]

#: La cadena de referencias del segundo ejercicio (tres marcos).
PAGING_EXAMPLE = "dadsbook sim paging -a 0,1,2,0,3,0,4,2,3,0,3,2 -C 3"
#: La cadena de la anomalía de Belady con LRU del tercer ejercicio.
BELADY_EXAMPLE = "dadsbook sim paging -p LRU -a 1,2,3,4,1,2,5,1,2,3,4,5 -C 3"
#: Las colocaciones NUMA del cuarto ejercicio y la clave corta de cada una.
PLACEMENTS = (("first-touch", "ft"), ("interleave", "il"), ("remote", "bad"))


def exercise_values(
    numa_settings: Mapping[str, Any],
    thrashing_settings: Mapping[str, Any],
    run: Runner = exercises.run,
) -> dict[str, object]:
    """Las soluciones ``mem_ex_*`` de los ejercicios, con su clave de glue.

    ``numa_settings`` y ``thrashing_settings`` son las secciones ``mem_numa`` y
    ``mem_thrashing`` del perfil con que se construye la página: el quinto ejercicio
    repite la comparación NUMA con un acceso remoto 2,5 veces más lento y el octavo, la
    del vapuleo con más marcos. ``run`` ejecuta una orden (en las pruebas, una falsa).
    """
    values: dict[str, object] = {"mem_ex_1": run("dadsbook sim tlb -s 3 -c")}
    tlb3 = solution("dadsbook sim tlb -s 3 -c", run)
    values |= {
        "mem_ex_1_hits": tlb3["tlb_hits"],
        "mem_ex_1_misses": tlb3["tlb_misses"],
        "mem_ex_1_faults": tlb3["faults"],
    }

    values["mem_ex_2"] = run(f"{PAGING_EXAMPLE} -c")
    paging2 = solution(f"{PAGING_EXAMPLE} -c", run)["results"]
    for policy in ("fifo", "lru", "opt", "clock"):
        values[f"mem_ex_2_{policy}"] = paging2[policy]["misses"]
    values["mem_ex_2_compulsory"] = paging2["opt"]["compulsory"]

    values["mem_ex_3"] = run(f"{BELADY_EXAMPLE} -c")
    lru_curve = solution(f"{BELADY_EXAMPLE} -c", run)["curve"]["misses"]["lru"]
    values["mem_ex_3_curve"] = ", ".join(map(str, lru_curve))

    values["mem_ex_4"] = run("dadsbook sim numa -s 4 -c")
    numa4 = solution("dadsbook sim numa -s 4 -c", run)["placements"]
    for name, key in PLACEMENTS:
        placed = numa4[name]
        values |= {
            f"mem_ex_4_{key}": fmt.percent(placed["remote_fraction"], 0),
            f"mem_ex_4_{key}_ns": fmt.number(placed["mean_latency_ns"], 0),
            f"mem_ex_4_{key}_ms": fmt.number(1000 * placed["stream_s"]),
            f"mem_ex_4_{key}_share": fmt.percent(placed["busiest_controller_share"], 0),
        }

    steeper = numa.NumaModel(nodes=2, local_ns=90.0, remote_ratio=2.5)
    steep = numa.compare_placements(
        steeper,
        threads=numa_settings["threads"],
        pages_per_thread=numa_settings["pages_per_thread"],
        accesses_per_thread=numa_settings["accesses_per_thread"],
    )
    values |= {
        "mem_ex_5_ratio": float(steeper.remote_ratio),
        "mem_ex_5_bad_ns": float(steep["remote"].mean_latency_ns),
        "mem_ex_5_il_ns": float(steep["interleave"].mean_latency_ns),
        "mem_ex_5_bad_slow": steep["remote"].stream_s / steep["first-touch"].stream_s,
    }

    walk9 = pagetable.random_walk(9)
    values |= {
        "mem_ex_7_problem": walk9.statement(),
        "mem_ex_7": walk9.solution_table(),
        "mem_ex_7_shape": walk9.shape.name,
        "mem_ex_7_levels": walk9.shape.levels,
    }

    bigger = workingset.ThrashingModel(
        frames=128,
        pages_per_process=16,
        fault_time=100,
        horizon=thrashing_settings["horizon"],
        warmup=thrashing_settings["warmup"],
    )
    bigger_free = [workingset.simulate(bigger, n, seed=n) for n in thrashing_settings["processes"]]
    values |= {
        "mem_ex_8_fitting": bigger.fitting,
        "mem_ex_8_table": workingset.thrashing_table(bigger_free),
        "mem_ex_8_last": fmt.percent(bigger_free[-1].utilization, 0),
        "mem_ex_8_last_n": bigger_free[-1].processes,
    }
    return values

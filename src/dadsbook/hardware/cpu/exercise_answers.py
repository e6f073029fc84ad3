"""Las soluciones de los ejercicios de la página de la CPU, calculadas con las mismas órdenes.

Cada ejercicio da una orden ``dadsbook sim …``; la solución que ve quien lee es la salida
de esa orden con ``-c`` y los números de la prosa salen de la misma orden con ``--json``
(:func:`dadsbook.exercises.run`). :func:`exercise_values` las ejecuta todas y devuelve lo
que la página pega, con su clave.
"""

from __future__ import annotations

from collections.abc import Sequence

from dadsbook import exercises
from dadsbook.exercises import Runner, solved
from dadsbook.hardware.cpu import scheduler_report
from dadsbook.hardware.cpu.scheduler import Job
from dadsbook.hardware.cpu.scheduler_report import QuantumSweep

__all__ = ["exercise_values", "solved"]

#: Los trabajos A, B, C y D de la primera figura del capítulo.
JOBS_A_D = "-l 8,3,2,4 --arrivals 0,1,2,3"
#: Las dos interrupciones del ejercicio de anidamiento.
INTERRUPTS = "--work 10 --arrivals 2,3 --priorities 1,5 --handlers 4,1"
#: El programa de tres instrucciones del ejercicio de carga-uso.
PROGRAM = "--program 'lw r1, 0(r2); add r3, r1, r4; sub r5, r3, r1'"


def exercise_values(
    many: Sequence[Job],
    quanta: Sequence[float],
    before: QuantumSweep,
    run: Runner = exercises.run,
) -> dict[str, object]:
    """Las soluciones ``cpu_ex_*`` de los ejercicios, con su clave de glue.

    ``many``, ``quanta`` y ``before`` son los trabajos, los *quanta* y el barrido sin
    coste de cambio de la sección de planificación: el último ejercicio repite ese
    barrido con un coste de una unidad. ``run`` ejecuta una orden (en las pruebas, una
    falsa). Las salidas de las órdenes (``cpu_ex_1a``…) se muestran con ``{glue}``; el
    resto son números para ``{glue:text}``.
    """
    values: dict[str, object] = {}
    for key, policy in (("1a", "fifo"), ("1b", "stcf")):
        out, data = solved(f"dadsbook sim scheduler {JOBS_A_D} -p {policy}", run)
        values[f"cpu_ex_{key}"] = out
        values[f"cpu_ex_{key}_turnaround"] = data["solution"]["average"]["turnaround"]

    for key, command in (
        ("2a", "dadsbook sim scheduler -s 7 -p fifo"),
        ("2b", "dadsbook sim scheduler -s 7 -p rr -q 1"),
    ):
        out, data = solved(command, run)
        values[f"cpu_ex_{key}"] = out
        values[f"cpu_ex_{key}_response"] = data["solution"]["average"]["response"]
        values[f"cpu_ex_{key}_turnaround"] = data["solution"]["average"]["turnaround"]

    for key, flag in (("3a", "--no-nesting"), ("3b", "--nesting")):
        out, data = solved(f"dadsbook sim interrupts {INTERRUPTS} {flag}", run)
        urgent = next(i for i in data["solution"]["interrupts"] if i["name"] == "I1")
        values[f"cpu_ex_{key}"] = out
        values[f"cpu_ex_{key}_latency"] = urgent["latency"]
        values[f"cpu_ex_{key}_task"] = data["solution"]["task_completion"]

    for key, flag in (("4a", "--no-forwarding"), ("4b", "--forwarding")):
        out, data = solved(f"dadsbook sim pipeline {PROGRAM} {flag}", run)
        values[f"cpu_ex_{key}"] = out
        values[f"cpu_ex_{key}_cycles"] = data["solution"]["cycles"]
        values[f"cpu_ex_{key}_stalls"] = data["solution"]["stalls"]
    values["cpu_ex_4_instructions"] = len(data["problem"]["program"])

    for key, preset in (("5a", "false-sharing"), ("5b", "padded")):
        out, data = solved(f"dadsbook sim mesi --preset {preset} --writes 3", run)
        values[f"cpu_ex_{key}"] = out
        values[f"cpu_ex_{key}_bus"] = sum(data["solution"]["transactions"].values())
        values[f"cpu_ex_{key}_inv"] = data["solution"]["invalidations"]
    values["cpu_ex_5_writes"] = len(data["problem"]["trace"])

    out, data = solved("dadsbook sim smt --cores 4 --gain 0.25", run)
    values["cpu_ex_6"] = out
    smt_points = {p["threads"]: p["throughput"] for p in data["solution"]["points"]}
    values |= {
        "cpu_ex_6_four": smt_points[4],
        "cpu_ex_6_eight": smt_points[8],
        "cpu_ex_6_per_thread": smt_points[8] / 8,
    }

    exercises.check("dadsbook bench hardware/cpu --profile full -o mi-cpu.json")
    exercises.check("dadsbook compare mi-cpu.json --book benchmarks.json")

    cost = 1
    sweep = scheduler_report.sweep_quantum(many, quanta, switch_cost=cost)
    values |= {
        "cpu_ex_8": sweep.table(),
        "cpu_ex_8_cost": cost,
        "cpu_ex_8_q_small": sweep.quanta[0],
        "cpu_ex_8_over_small": 100 * sweep.overhead[0],
        "cpu_ex_8_turn_small": sweep.turnaround[0],
        "cpu_ex_8_turn_before": before.turnaround[0],
        "cpu_ex_8_resp_small": sweep.response[0],
    }
    return values

"""Una interrupción de verdad: un temporizador POSIX que interrumpe un bucle ocupado.

``signal.setitimer(signal.ITIMER_REAL, delay)`` pide al núcleo que, pasados ``delay``
segundos, envíe ``SIGALRM`` al proceso. El hilo principal está ocupado en un bucle;
el manejador de la señal apunta la hora a la que empezó. La **latencia** es esa hora
menos la hora prevista de vencimiento.

En CPython el manejador de Python **no** corre en el instante de la señal: el
manejador en C del intérprete solo anota que llegó, y el manejador de Python corre
en el hilo principal entre dos instrucciones de *bytecode*, cuando el bucle del
intérprete revisa sus avisos pendientes. Si el hilo principal está dentro de una
llamada larga en C (un ``sum`` de un ``range`` enorme), la señal espera a que vuelva.
:func:`timer_latency` lo enseña con dos bucles ocupados:

- ``"python"``: iteraciones cortas de *bytecode*;
- ``"c"``: llamadas a C de ``chunk`` elementos, durante las que no se atiende nada.

La teoría predice que, sobre el bucle ``"c"``, la latencia mediana ronda la mitad de
una llamada (la señal cae en un punto cualquiera de la llamada en curso).
:meth:`TimerLatency.versus_half_call` lo decide con :func:`dadsbook.verdict.compare`,
y si la máquina estaba ocupada lo dice en lugar de concluir.

>>> r = timer_latency("python", ticks=3, delay_s=0.002)
>>> r.ticks, len(r.latencies_s)
(3, 3)
"""

from __future__ import annotations

import random
import signal
import statistics
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import FrameType
from typing import Any, Literal

from dadsbook import fmt, measure, verdict
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number

__all__ = ["LOOPS", "TimerLatency", "latency_table", "timer_latency"]

Loop = Literal["python", "c"]
#: Bucles ocupados que entiende :func:`timer_latency`.
LOOPS: tuple[Loop, ...] = ("python", "c")
_GIVE_UP_S = 2.0


@dataclass(frozen=True)
class TimerLatency(measure.WithLoad):
    """Latencias del manejador de ``SIGALRM`` (segundos) sobre un bucle ocupado."""

    loop: Loop
    ticks: int
    delay_s: float
    chunk: int
    chunk_s: float
    latencies_s: tuple[float, ...]
    chunk_samples_s: tuple[float, ...] = ()
    load: measure.Load | None = None

    @property
    def median_s(self) -> float:
        """Latencia mediana."""
        return float(statistics.median(self.latencies_s))

    @property
    def max_s(self) -> float:
        """Latencia máxima."""
        return max(self.latencies_s)

    @property
    def min_s(self) -> float:
        """Latencia mínima."""
        return min(self.latencies_s)

    def versus_half_call(self) -> verdict.Verdict:
        """Las latencias frente a media llamada a C (bucle ``"c"``), con la regla del veredicto.

        Se compara cada latencia con la mitad de cada llamada cronometrada en la misma
        medición: ``"mayor"`` quiere decir que las latencias quedan por encima de lo que
        predice la teoría, fuera de la dispersión.
        """
        if self.loop != "c" or not self.chunk_samples_s:
            raise ValueError("versus_half_call solo tiene sentido con loop='c'")
        return verdict.compare(
            [max(0.0, x) for x in self.latencies_s],
            [d / 2 for d in self.chunk_samples_s],
            a_label="la latencia",
            b_label="media llamada",
            busy=self.busy,
        )

    def half_call_phrase(self) -> str:
        """Frase para la página: la latencia frente a la mitad de una llamada.

        Solo nombra una causa si la medición la vio: con la máquina ocupada, lo dice y
        no concluye; con la máquina tranquila, no culpa a otros procesos.
        """
        v = self.versus_half_call()
        theory = "la mitad de una llamada que predice la teoría"
        if v.busy and self.load is not None:
            return (
                f"y no se puede comparar con {theory}: {self.load.describe()}, así que esta "
                "medición no decide"
            )
        if self.load is not None and self.load.known:
            above = (
                f"por encima de {theory}, con la máquina tranquila ({self.load.describe()}): "
                "no se puede achacar a otros procesos"
            )
        else:
            above = (
                f"por encima de {theory}; la medición fue demasiado corta para saber si la "
                "máquina estaba ocupada"
            )
        return v.pick(
            mayor=above,
            menor=f"por debajo de {theory}",
            igual=f"sin diferencia medible con {theory} ({v.reason})",
        )

    def as_dict(self) -> dict[str, Any]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "loop": self.loop,
            "ticks": self.ticks,
            "delay_s": self.delay_s,
            "chunk": self.chunk,
            "chunk_s": self.chunk_s,
            "latencies_s": list(self.latencies_s),
            "chunk_samples_s": list(self.chunk_samples_s),
            "busy": self.busy,
        }


def _check(loop: str, ticks: int, delay_s: float, chunk: int) -> None:
    check_choice("loop", loop, LOOPS)
    check_int("ticks", ticks, 1, 10_000)
    check_number("delay_s", delay_s, 0.0001, 1)
    check_int("chunk", chunk, 1, 100_000_000)


def _c_call(chunk: int, durations: list[int]) -> None:
    start = time.perf_counter_ns()
    sum(range(chunk))
    durations.append(time.perf_counter_ns() - start)


def timer_latency(
    loop: str, *, ticks: int, delay_s: float = 0.002, chunk: int = 200_000, seed: int = 0
) -> TimerLatency:
    """Arma ``ticks`` veces un temporizador y mide la latencia del manejador.

    Cada plazo se elige al azar (con ``seed``) entre ``delay_s`` y ``delay_s`` más lo
    que dura una llamada a C (o ``2 × delay_s`` si es más), para que la señal caiga en
    un punto cualquiera de la llamada en curso. Con ``loop="c"`` se cronometra cada
    llamada: ``chunk_s`` es su mediana, medida en las mismas condiciones.

    Solo funciona en el hilo principal (es donde CPython corre los manejadores). El
    manejador anterior se restaura y el temporizador se desarma al salir, pase lo que
    pase.
    """
    _check(loop, ticks, delay_s, chunk)
    check_int("seed", seed, 0, 2**63 - 1)
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("timer_latency debe llamarse desde el hilo principal")
    fired: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        fired.append(time.perf_counter_ns())

    latencies: list[float] = []
    durations: list[int] = []
    rng = random.Random(seed)
    with measure.exclusive() as probe:
        span = delay_s
        if loop == "c":
            _c_call(chunk, durations)
            span = max(delay_s, durations.pop() / 1e9)
        previous = signal.signal(signal.SIGALRM, handler)
        try:
            for _ in range(ticks):
                fired.clear()
                delay = delay_s + span * rng.random()
                expected = time.perf_counter_ns() + round(delay * 1e9)
                signal.setitimer(signal.ITIMER_REAL, delay)
                give_up = expected + round(_GIVE_UP_S * 1e9)
                if loop == "python":
                    while not fired and time.perf_counter_ns() < give_up:
                        pass
                else:
                    while not fired and time.perf_counter_ns() < give_up:
                        _c_call(chunk, durations)
                if not fired:
                    raise RuntimeError("SIGALRM no llegó a tiempo")
                latencies.append((fired[0] - expected) / 1e9)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
    chosen: Loop = "python" if loop == "python" else "c"
    chunk_s = float(statistics.median(durations)) / 1e9 if durations else 0.0
    return TimerLatency(
        chosen,
        ticks,
        float(delay_s),
        chunk,
        chunk_s,
        tuple(latencies),
        tuple(d / 1e9 for d in durations),
        probe.load,
    )


def latency_table(results: Mapping[str, TimerLatency]) -> Table:
    """Tabla: por bucle, vencimientos y latencia mínima, mediana y máxima del manejador."""
    if not results:
        raise ValueError("results debe contener al menos una medición")
    rows = [
        (
            name,
            fmt.number(r.ticks),
            fmt.seconds(r.min_s),
            fmt.seconds(r.median_s),
            fmt.seconds(r.max_s),
        )
        for name, r in results.items()
    ]
    return Table(
        ("bucle", "vencimientos", "latencia mínima", "latencia mediana", "latencia máxima"),
        rows,
        "Latencia del manejador de SIGALRM",
    )

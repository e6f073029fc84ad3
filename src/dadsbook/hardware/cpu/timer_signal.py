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

>>> r = timer_latency("python", ticks=3, delay_s=0.002)
>>> r.ticks, len(r.latencies_s)
(3, 3)
"""

from __future__ import annotations

import math
import random
import signal
import statistics
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any, Literal

from dadsbook import measure
from dadsbook.validation import check_int

__all__ = ["LOOPS", "TimerLatency", "timer_latency"]

Loop = Literal["python", "c"]
#: Bucles ocupados que entiende :func:`timer_latency`.
LOOPS: tuple[Loop, ...] = ("python", "c")
_GIVE_UP_S = 2.0


@dataclass(frozen=True)
class TimerLatency:
    """Latencias del manejador de ``SIGALRM`` (segundos) sobre un bucle ocupado."""

    loop: Loop
    ticks: int
    delay_s: float
    chunk: int
    chunk_s: float
    latencies_s: tuple[float, ...]

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

    def as_dict(self) -> dict[str, Any]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "loop": self.loop,
            "ticks": self.ticks,
            "delay_s": self.delay_s,
            "chunk": self.chunk,
            "chunk_s": self.chunk_s,
            "latencies_s": list(self.latencies_s),
        }


def _check(loop: str, ticks: int, delay_s: float, chunk: int) -> None:
    if loop not in LOOPS:
        raise ValueError(f"loop desconocido {loop!r}: los valores válidos son python, c")
    if isinstance(ticks, bool) or not isinstance(ticks, int) or not 1 <= ticks <= 10_000:
        raise ValueError(f"ticks debe ser un entero entre 1 y 10000; se recibió {ticks!r}")
    if (
        isinstance(delay_s, bool)
        or not isinstance(delay_s, int | float)
        or not math.isfinite(delay_s)
        or not 0.0001 <= delay_s <= 1
    ):
        raise ValueError(f"delay_s debe estar entre 0.0001 y 1 segundos; se recibió {delay_s!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or not 1 <= chunk <= 100_000_000:
        raise ValueError(f"chunk debe ser un entero entre 1 y 100000000; se recibió {chunk!r}")


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
    with measure.exclusive():
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
    return TimerLatency(chosen, ticks, float(delay_s), chunk, chunk_s, tuple(latencies))

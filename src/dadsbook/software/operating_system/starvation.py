"""Inanición medida de verdad: un bucle de ``asyncio`` (cooperativo) frente a hilos.

Un **latido** quiere despertar cada ``tick_s`` segundos; una tarea **acaparadora**
calcula durante ``hog_s`` segundos. Se mide el **retraso** de cada latido respecto a
su hora prevista.

- En ``asyncio`` la acaparadora que no hace ``await`` no cede nunca el bucle de
  eventos: el latido espera a que termine (multitarea cooperativa).
- Si la acaparadora cede con ``await asyncio.sleep(0)`` a menudo, el latido llega
  casi a su hora: cooperar funciona cuando todos cooperan.
- Con hilos, CPython obliga al hilo que calcula a soltar el GIL cada
  :func:`sys.getswitchinterval` segundos, y el núcleo planifica los hilos de forma
  apropiativa: el latido llega con un retraso del orden de ese intervalo.

:func:`measure_heartbeats` repite las tres variantes, intercaladas, y guarda el peor
retraso de cada repetición: son las muestras que compara el veredicto del libro
(:meth:`Heartbeats.verdict`), nunca el peor retraso de una sola ejecución.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from dadsbook import fmt, measure, verdict
from dadsbook.validation import check_choice, check_int, check_number

__all__ = [
    "VARIANTS",
    "HeartbeatResult",
    "Heartbeats",
    "asyncio_heartbeat",
    "measure_heartbeats",
    "thread_heartbeat",
]

#: Las tres variantes, en el orden en que se miden en cada repetición.
VARIANTS = ("no cede", "cede", "hilos")


@dataclass(frozen=True)
class HeartbeatResult:
    """Retrasos de los latidos (segundos) con una acaparadora de ``hog_s`` segundos."""

    label: str
    hog_s: float
    tick_s: float
    lateness_s: tuple[float, ...]

    @property
    def max_lateness_s(self) -> float:
        """El peor retraso de un latido."""
        return max(self.lateness_s)

    def as_dict(self) -> dict[str, object]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "label": self.label,
            "hog_s": self.hog_s,
            "tick_s": self.tick_s,
            "max_lateness_s": self.max_lateness_s,
        }


def _check(hog_s: float, tick_s: float) -> int:
    check_number("hog_s", hog_s, 0, 10, open_low=True)
    check_number("tick_s", tick_s, 0, 1, open_low=True)
    if tick_s > hog_s:
        raise ValueError(f"tick_s ({tick_s}) no puede ser mayor que hog_s ({hog_s})")
    return int(hog_s / tick_s) + 2


def _spin_until(deadline: float) -> int:
    count = 0
    while time.perf_counter() < deadline:
        count += 1
    return count


async def _async_hog(hog_s: float, polite: bool) -> None:
    deadline = time.perf_counter() + hog_s
    step = 0.001
    while time.perf_counter() < deadline:
        _spin_until(min(deadline, time.perf_counter() + step))
        if polite:
            await asyncio.sleep(0)


async def _async_beat(ticks: int, tick_s: float, out: list[float]) -> None:
    start = time.perf_counter()
    for k in range(1, ticks + 1):
        due = start + k * tick_s
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        out.append(max(0.0, time.perf_counter() - due))


async def asyncio_heartbeat(hog_s: float, tick_s: float, *, polite: bool) -> HeartbeatResult:
    """Latido y acaparadora como corrutinas en el mismo bucle de eventos.

    ``polite=True`` hace que la acaparadora ceda cada milisegundo de cálculo.
    """
    ticks = _check(hog_s, tick_s)
    if not isinstance(polite, bool):
        raise TypeError(f"polite debe ser True o False; se recibió {polite!r}")
    async with measure.exclusive_async():
        return await _asyncio_once(ticks, hog_s, tick_s, polite)


async def _asyncio_once(ticks: int, hog_s: float, tick_s: float, polite: bool) -> HeartbeatResult:
    out: list[float] = []
    beat = asyncio.ensure_future(_async_beat(ticks, tick_s, out))
    await asyncio.sleep(0)  # el latido arranca y programa su primera espera
    await _async_hog(hog_s, polite)
    await beat
    label = "asyncio, acaparadora que cede" if polite else "asyncio, acaparadora que no cede"
    return HeartbeatResult(label, hog_s, tick_s, tuple(out))


def _thread_beat(ticks: int, tick_s: float, out: list[float]) -> None:
    start = time.perf_counter()
    for k in range(1, ticks + 1):
        due = start + k * tick_s
        time.sleep(max(0.0, due - time.perf_counter()))
        out.append(max(0.0, time.perf_counter() - due))


def thread_heartbeat(hog_s: float, tick_s: float) -> HeartbeatResult:
    """Latido en un hilo y acaparadora en otro: el GIL y el núcleo se turnan solos.

    >>> r = thread_heartbeat(0.05, 0.01)
    >>> len(r.lateness_s)
    7
    """
    ticks = _check(hog_s, tick_s)
    with measure.exclusive():
        return _threads_once(ticks, hog_s, tick_s)


def _threads_once(ticks: int, hog_s: float, tick_s: float) -> HeartbeatResult:
    out: list[float] = []
    beat = threading.Thread(target=_thread_beat, args=(ticks, tick_s, out))
    hog = threading.Thread(target=_spin_until, args=(time.perf_counter() + hog_s,))
    beat.start()
    hog.start()
    try:
        hog.join()
    finally:
        beat.join()
    label = f"hilos (intervalo del GIL {fmt.number(sys.getswitchinterval() * 1000)} ms)"
    return HeartbeatResult(label, hog_s, tick_s, tuple(out))


@dataclass(frozen=True)
class Heartbeats(measure.WithLoad):
    """El peor retraso del latido en cada repetición de cada variante de :data:`VARIANTS`."""

    hog_s: float
    tick_s: float
    worst_s: dict[str, tuple[float, ...]]
    load: measure.Load | None = None

    def median_worst_s(self, variant: str) -> float:
        """Mediana, entre repeticiones, del peor retraso de ``variant``."""
        return float(statistics.median(self._samples(variant)))

    def _samples(self, variant: str) -> tuple[float, ...]:
        check_choice("variant", variant, self.worst_s)
        return self.worst_s[variant]

    def verdict(self, a: str, b: str) -> verdict.Verdict:
        """Veredicto del peor retraso de ``a`` frente al de ``b`` (``"menor"``: el de ``a``)."""
        return verdict.compare(
            self._samples(a),
            self._samples(b),
            a_label=f"el peor retraso {_PHRASES[a]}",
            b_label=_PHRASES[b],
            more="mayor",
            less="menor",
            busy=self.busy,
        )


#: Cómo se nombra cada variante en una frase del veredicto.
_PHRASES = {
    "no cede": "sin ceder",
    "cede": "cediendo cada milisegundo",
    "hilos": "con hilos",
}


async def measure_heartbeats(hog_s: float, tick_s: float, *, repeats: int = 5) -> Heartbeats:
    """Mide las tres variantes ``repeats`` veces, intercaladas, bajo el cerrojo de medición.

    La variante de hilos se lanza desde un hilo auxiliar (de un ejecutor propio, que
    se cierra al terminar) para no bloquear el bucle.
    """
    ticks = _check(hog_s, tick_s)
    check_int("repeats", repeats, 1, 100)
    worst: dict[str, list[float]] = {v: [] for v in VARIANTS}
    loop = asyncio.get_running_loop()
    async with measure.exclusive_async() as probe:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="latido") as pool:
            for _ in range(repeats):
                for variant in VARIANTS:
                    if variant == "hilos":
                        once = functools.partial(_threads_once, ticks, hog_s, tick_s)
                        result = await loop.run_in_executor(pool, once)
                    else:
                        result = await _asyncio_once(ticks, hog_s, tick_s, variant == "cede")
                    worst[variant].append(result.max_lateness_s)
    return Heartbeats(
        float(hog_s), float(tick_s), {v: tuple(w) for v, w in worst.items()}, probe.load
    )

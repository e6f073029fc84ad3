"""Lo que la página de servidores web concluye de un barrido, siempre con el veredicto.

Cada frase comparativa de la página sale de :func:`dadsbook.verdict.compare` aplicado a
las **repeticiones** (ventanas de carga) de dos combinaciones: nunca de dos números
sueltos. Si la dispersión se solapa, la frase dice «sin diferencia medible»; si la
máquina estaba ocupada, dice que la medición no decide. Los textos fijos que explican
el porqué se eligen con :meth:`dadsbook.verdict.Verdict.pick`, así que nunca
contradicen lo medido.

>>> from dadsbook.systems.web_servers.bench import Point, Sweep
>>> from dadsbook.systems.web_servers.load import LoadResult
>>> def point(server, workers, handler, rps):
...     windows = tuple(
...         LoadResult("http://127.0.0.1:1/", 8, 1, int(r), 0, 1.0, 1.0, 2.0) for r in rps
...     )
...     return Point(server, workers, handler, windows)
>>> fast, slow = [400, 410, 395, 405, 402], [100, 101, 99, 100, 98]
>>> data = Sweep(tuple(
...     point(s, w, h, fast if s == "uvicorn" and h == "io" else slow)
...     for s in ("uvicorn", "gthread", "sync") for w in (1, 2) for h in ("io", "cpu")
... ), io_ms=10, cpu_iterations=100, concurrency=8, threads=2)
>>> found = findings(data)
>>> found.io_loop_vs_threads.decision
'mayor'
>>> found.io_sentence.startswith("Aquí gana el bucle de eventos")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dadsbook import fmt, verdict
from dadsbook.systems.web_servers.bench import Point, Sweep
from dadsbook.systems.web_servers.coordinated import Study
from dadsbook.verdict import Verdict

__all__ = ["Findings", "OpenLoopFindings", "findings", "open_loop"]

NAMES = {"uvicorn": "uvicorn", "gthread": "gunicorn gthread", "sync": "gunicorn sync"}


def _throughput(a: Point, b: Point, a_label: str, b_label: str) -> Verdict:
    """Compara el rendimiento de dos combinaciones por sus ventanas."""
    return verdict.compare(
        a.samples, b.samples, a_label=a_label, b_label=b_label, more="mayor", less="menor",
        busy=a.busy or b.busy,
    )  # fmt: skip


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Findings:
    """Las comparaciones que cita la página, cada una con su veredicto y su frase."""

    io_loop_vs_threads: Verdict
    io_loop_vs_sync: Verdict
    io_sync_processes: Verdict
    cpu_threads_vs_sync: Verdict
    cpu_processes: Mapping[str, Verdict]
    top_workers: int
    io_sentence: str
    io_sync_sentence: str
    cpu_threads_sentence: str
    cpu_process_sentence: str
    io_takeaway: str
    cpu_takeaway: str

    def as_dict(self) -> dict[str, Any]:
        """Decisiones, cocientes y frases, listos para JSON."""

        def one(v: Verdict) -> dict[str, Any]:
            return {"decision": v.decision, "ratio": v.ratio, "busy": v.busy, "phrase": v.phrase}

        return {
            "io_loop_vs_threads": one(self.io_loop_vs_threads),
            "io_loop_vs_sync": one(self.io_loop_vs_sync),
            "io_sync_processes": one(self.io_sync_processes),
            "cpu_threads_vs_sync": one(self.cpu_threads_vs_sync),
            "cpu_processes": {s: one(v) for s, v in self.cpu_processes.items()},
            "io_sentence": self.io_sentence,
            "cpu_process_sentence": self.cpu_process_sentence,
        }


def _why_not(*verdicts: Verdict) -> str:
    """Por qué no se vio lo esperado: el motivo del primer veredicto que no decidió (máquina
    ocupada, pocas repeticiones, dispersión solapada) o la frase del que decidió al revés."""
    for v in verdicts:
        if not v.differs:
            return v.reason
    return verdicts[0].phrase


SHARED = "cliente y servidor comparten las mismas CPU"


def _io_sentence(threads: Verdict, sync: Verdict) -> str:
    if threads.busy or sync.busy:
        return f"{_capital(verdict.BUSY_PHRASE)} quién gana con esperas."
    both = f"{_capital(threads.phrase)}; {sync.phrase}."
    if threads.decision == sync.decision == "mayor":
        return (
            "Aquí gana el bucle de eventos: tiene en vuelo tantas esperas como clientes, sin un "
            f"hilo ni un proceso por cada una. {both}"
        )
    return (
        f"{both} En esta construcción el bucle de eventos no sacó una ventaja medible a los "
        f"dos; ten en cuenta que {SHARED}, así que el cuello de botella pudo ser el cliente."
    )


def _io_takeaway(threads: Verdict, sync: Verdict) -> str:
    if threads.decision == sync.decision == "mayor":
        return (
            f"Aquí se vio: con un proceso, uvicorn sirvió {fmt.ratio(threads.ratio)} lo de "
            f"gthread y {fmt.ratio(sync.ratio)} lo de sync."
        )
    return f"En esta construcción no se comprobó: {_why_not(threads, sync)}."


def _threads_sentence(v: Verdict) -> str:
    if v.busy:
        return f"{_capital(verdict.BUSY_PHRASE)} si los hilos ayudaron."
    why = v.pick(
        mayor="Los hilos solapan el trabajo de red de una petición con el cálculo de otra; el "
        "cálculo en sí sigue en fila detrás del GIL.",
        menor="Los hilos se turnan en el GIL y cada turno cuesta algo; el cálculo sigue en fila.",
        igual="Con cálculo en Python puro, los hilos hacen cola en el GIL y un proceso solo usa "
        "un núcleo.",
    )
    return f"{_capital(v.phrase)}. {why}"


def _process_sentence(gains: Mapping[str, Verdict], top: int, one: int) -> tuple[str, str]:
    """La frase de la pestaña y la de «Para llevar» sobre añadir procesos con cálculo."""
    if top == one:
        text = "Solo se midió un número de procesos: no hay aceleración que comparar."
        return text, "Esta construcción midió un solo proceso: aquí no se pudo comprobar."
    verdicts = list(gains.values())
    if any(v.busy for v in verdicts):
        text = f"{_capital(verdict.BUSY_PHRASE)} si los procesos ayudaron."
        return text, "En esta construcción no se comprobó: la máquina estaba ocupada."
    helped = [NAMES[s] for s, v in gains.items() if v.decision == "mayor"]
    others = [NAMES[s] for s, v in gains.items() if v.decision != "mayor"]
    if not others:
        ratios = ", ".join(f"{fmt.ratio(v.ratio)} en {NAMES[s]}" for s, v in gains.items())
        return (
            f"Añadir procesos aumentó el rendimiento de forma medible en los "
            f"{len(helped)} servidores, porque solo los procesos ocupan más de un núcleo a la vez.",
            f"Aquí se vio: de 1 a {top} procesos, {ratios}.",
        )
    context = (
        f"{SHARED}, así que el generador de carga compite con los {top} trabajadores (ver "
        "los límites de la medición, más abajo)"
    )
    reason = _why_not(*(v for v in verdicts if v.decision != "mayor"))
    if helped:
        return (
            f"Añadir procesos aumentó el rendimiento de forma medible en {', '.join(helped)}, "
            f"pero no en {', '.join(others)} ({reason}); {context}.",
            f"Aquí se vio solo en {', '.join(helped)} ({reason} en los demás); {context}.",
        )
    return (
        f"En esta construcción, añadir procesos no dio una mejora medible en ningún "
        f"servidor ({reason}); {context}.",
        f"En esta construcción no se comprobó ({reason}); {SHARED}, y el capítulo de la CPU "
        "mide los procesos sin un cliente que compita.",
    )


def findings(data: Sweep) -> Findings:
    """Dónde gana el bucle de eventos y dónde solo ayudan los procesos, según ``data``."""
    needed = {"uvicorn", "gthread", "sync"}
    if not needed <= set(data.servers):
        raise ValueError(f"el barrido debe incluir los servidores {sorted(needed)}")
    one, top = data.workers[0], data.workers[-1]

    def at(server: str, handler: str, workers: int) -> Point:
        return data.get(server, handler, workers)

    io_threads = _throughput(
        at("uvicorn", "io", one), at("gthread", "io", one),
        "el rendimiento de uvicorn", "el de gunicorn gthread",
    )  # fmt: skip
    io_sync = _throughput(
        at("uvicorn", "io", one), at("sync", "io", one),
        "el rendimiento de uvicorn", "el de gunicorn sync",
    )  # fmt: skip
    sync_processes = _throughput(
        at("sync", "io", top), at("sync", "io", one),
        f"el rendimiento de gunicorn sync con {top} procesos", f"con {one}",
    )  # fmt: skip
    cpu_threads = _throughput(
        at("gthread", "cpu", one), at("sync", "cpu", one),
        "el rendimiento de gunicorn gthread", "el de gunicorn sync",
    )  # fmt: skip
    gains = {
        s: _throughput(
            at(s, "cpu", top),
            at(s, "cpu", one),
            f"el rendimiento de {NAMES[s]} con {top} procesos",
            f"con {one}",
        )
        for s in data.servers
    }
    process_sentence, cpu_takeaway = _process_sentence(gains, top, one)
    return Findings(
        io_loop_vs_threads=io_threads,
        io_loop_vs_sync=io_sync,
        io_sync_processes=sync_processes,
        cpu_threads_vs_sync=cpu_threads,
        cpu_processes=gains,
        top_workers=top,
        io_sentence=_io_sentence(io_threads, io_sync),
        io_sync_sentence=f"{_capital(sync_processes.phrase)}.",
        cpu_threads_sentence=_threads_sentence(cpu_threads),
        cpu_process_sentence=process_sentence,
        io_takeaway=_io_takeaway(io_threads, io_sync),
        cpu_takeaway=cpu_takeaway,
    )


@dataclass(frozen=True)
class OpenLoopFindings:
    """Lazo abierto frente a lazo cerrado en el mismo servidor: veredicto y frases."""

    gap: Verdict
    sentence: str
    takeaway: str


def open_loop(data: Study) -> OpenLoopFindings:
    """Compara el p99 de las ventanas en lazo abierto con el de las de lazo cerrado.

    >>> from dadsbook.systems.web_servers.openloop import ScheduledResult
    >>> def w(mode, p99):
    ...     return ScheduledResult(mode, 80.0, 1, 1, 0, 0, 1.0, (p99,), (p99,))
    >>> data = Study({1: (100.0,)}, tuple(w("cerrado", x) for x in (10, 11, 9, 10, 10.5)),
    ...              tuple(w("abierto", x) for x in (50, 52, 49, 51, 50)), (), 0.8, 4, 100, 1.0)
    >>> found = open_loop(data)
    >>> found.gap.decision
    'mayor'
    >>> found.takeaway.startswith("Aquí se vio")
    True
    """
    gap = verdict.compare(
        data.open_p99, data.closed_p99,
        a_label="el p99 en lazo abierto", b_label="el del lazo cerrado",
        more="mayor", less="menor", busy=data.busy,
    )  # fmt: skip
    if gap.busy:
        sentence = f"{_capital(verdict.BUSY_PHRASE)} si el lazo cerrado subestimó el p99."
        takeaway = (
            "En esta construcción no se comprobó: la máquina estaba ocupada; la teoría "
            "(M/M/1) y la cuenta de Gil Tene siguen valiendo."
        )
        return OpenLoopFindings(gap, sentence, takeaway)
    why = gap.pick(
        mayor="El lazo cerrado no envió mientras esperaba y no midió la cola que se formó: "
        "eso es la omisión coordinada.",
        menor="Aquí el lazo cerrado midió más cola que el abierto: con "
        f"{SHARED}, el cliente de lazo abierto también retrasa sus envíos.",
        igual=f"Ten en cuenta que {SHARED}: el propio cliente retrasa los envíos de los dos "
        "generadores.",
    )
    sentence = f"{_capital(gap.phrase)}. {why}"
    takeaway = gap.pick(
        mayor=f"Aquí se vio: al {fmt.percent(data.gap_load, 0)} de la capacidad, el p99 en "
        f"lazo abierto fue {fmt.ratio(gap.ratio)} el del lazo cerrado.",
        menor=f"Aquí no se vio, salió al revés: {gap.phrase}.",
        igual=f"En esta construcción no se comprobó: {gap.reason}.",
    )
    return OpenLoopFindings(gap, sentence, takeaway)

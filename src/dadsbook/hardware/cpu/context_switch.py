"""Cuánto cuesta de verdad un cambio de contexto en esta máquina.

Un cambio de contexto guarda el estado de la tarea que corre (registros, contador de
programa, puntero de pila) y carga el de otra. Entre procesos, además, cambia el
espacio de direcciones. No se puede cronometrar uno aislado desde Python, pero sí
forzarlos: en un **ping-pong** dos tareas se pasan una ficha y cada una se bloquea
hasta que la otra se la devuelve, de modo que cada ida y vuelta obliga al núcleo a
dormir a una y despertar a la otra dos veces.

- :class:`ThreadPingPong`: dos hilos que se pasan la ficha con dos
  :class:`threading.Event`.
- :class:`ProcessPingPong`: dos procesos que se pasan un byte por dos tuberías.
- :func:`ping_pong` mide una de las dos variantes con :mod:`dadsbook.measure` y
  anota los contadores de cambios voluntarios e involuntarios que lleva el núcleo
  (``getrusage`` para este proceso y ``psutil`` para el hijo).

Con ``pinned=True`` todo corre fijado a un solo núcleo (afinidad): así las dos tareas
no pueden correr a la vez en núcleos distintos y cada relevo es un cambio de contexto
en el mismo núcleo.

>>> r = ping_pong("hilos", rounds=50, repeats=2, warmup=1)
>>> r.kind, r.round_trips
('hilos', 150)
>>> r.us_per_round_trip > 0
True
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Literal

import psutil

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.validation import check_bool, check_int

__all__ = [
    "KINDS",
    "PingPong",
    "ProcessPingPong",
    "ThreadPingPong",
    "echo_worker",
    "ping_pong",
    "ping_pong_all",
    "ping_pong_table",
    "pinned_to_one_core",
    "switch_counters",
]

Kind = Literal["hilos", "procesos"]
#: Variantes de :func:`ping_pong`.
KINDS: tuple[Kind, ...] = ("hilos", "procesos")

_TIMEOUT_S = 10.0
_POLL_S = 0.5
_STOP = b"\x00"
_TOKEN = b"\x01"


def switch_counters() -> tuple[int, int]:
    """Cambios de contexto voluntarios e involuntarios de este proceso (todos sus hilos)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_nvcsw, usage.ru_nivcsw


class ThreadPingPong:
    """Un hilo compañero que devuelve la ficha; úsalo con ``with``.

    El protocolo usa dos eventos: el hilo principal activa ``ping`` y espera
    ``pong``; el compañero espera ``ping``, lo limpia y activa ``pong``.
    """

    def __init__(self) -> None:
        self._ping = threading.Event()
        self._pong = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._partner, name="ping-pong", daemon=True)

    def _partner(self) -> None:
        while True:
            while not self._ping.wait(_POLL_S):
                if self._stop:
                    return
            self._ping.clear()
            if self._stop:
                return
            self._pong.set()

    def __enter__(self) -> ThreadPingPong:
        self._thread.start()
        return self

    def run(self, rounds: int) -> None:
        """Hace ``rounds`` idas y vueltas de la ficha."""
        ping, pong = self._ping, self._pong
        for _ in range(rounds):
            ping.set()
            if not pong.wait(_TIMEOUT_S):
                raise RuntimeError("el hilo compañero no devolvió la ficha a tiempo")
            pong.clear()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop = True
        self._ping.set()
        self._thread.join(_TIMEOUT_S)


def echo_worker(inbox: Connection, outbox: Connection) -> None:
    """Proceso compañero: devuelve cada byte que recibe hasta recibir la señal de parada."""
    with inbox, outbox:
        while True:
            try:
                message = inbox.recv_bytes()
            except EOFError:
                return
            if message == _STOP:
                return
            outbox.send_bytes(message)


class ProcessPingPong:
    """Un proceso compañero (arrancado con *spawn*) que devuelve la ficha; úsalo con ``with``."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self._to_child_r, self._to_child_w = ctx.Pipe(duplex=False)
        self._to_parent_r, self._to_parent_w = ctx.Pipe(duplex=False)
        self._process = ctx.Process(
            target=echo_worker, args=(self._to_child_r, self._to_parent_w), name="ping-pong"
        )

    @property
    def pid(self) -> int:
        """PID del proceso compañero (una vez arrancado)."""
        if self._process.pid is None:
            raise RuntimeError("el proceso compañero no ha arrancado")
        return self._process.pid

    def __enter__(self) -> ProcessPingPong:
        try:
            self._process.start()
        finally:
            self._to_child_r.close()
            self._to_parent_w.close()
        return self

    def run(self, rounds: int) -> None:
        """Hace ``rounds`` idas y vueltas de la ficha."""
        send, recv = self._to_child_w.send_bytes, self._to_parent_r
        for _ in range(rounds):
            send(_TOKEN)
            try:
                if not recv.poll(_TIMEOUT_S):
                    raise RuntimeError("el proceso compañero no devolvió la ficha a tiempo")
                recv.recv_bytes()
            except EOFError:
                raise RuntimeError("el proceso compañero terminó antes de tiempo") from None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self._process.is_alive():
                self._to_child_w.send_bytes(_STOP)
        except OSError:
            pass
        finally:
            self._to_child_w.close()
            self._process.join(_TIMEOUT_S)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(_TIMEOUT_S)
            self._to_parent_r.close()
            self._process.close()


@contextmanager
def pinned_to_one_core() -> Iterator[int]:
    """Fija el hilo actual (y lo que arranque) a un solo núcleo; restaura al salir."""
    previous = os.sched_getaffinity(0)
    core = min(previous)
    os.sched_setaffinity(0, {core})
    try:
        yield core
    finally:
        os.sched_setaffinity(0, previous)


@dataclass(frozen=True)
class PingPong:
    """Resultado de :func:`ping_pong`: tiempo por ida y vuelta y cambios contados."""

    kind: Kind
    pinned: bool
    rounds: int
    round_trips: int
    measurement: measure.Measurement
    voluntary: int
    involuntary: int
    partner_voluntary: int
    partner_involuntary: int

    @property
    def us_per_round_trip(self) -> float:
        """Mediana del tiempo de una ida y vuelta, en microsegundos."""
        return 1e6 * self.measurement.median_s / self.rounds

    @property
    def switches_per_round_trip(self) -> float:
        """Cambios de contexto (voluntarios + involuntarios, ambas partes) por ida y vuelta."""
        total = self.voluntary + self.involuntary + self.partner_voluntary
        return (total + self.partner_involuntary) / self.round_trips

    def as_dict(self) -> dict[str, Any]:
        """El resultado con tipos simples (para JSON)."""
        return {
            "kind": self.kind,
            "pinned": self.pinned,
            "rounds": self.rounds,
            "round_trips": self.round_trips,
            "us_per_round_trip": self.us_per_round_trip,
            "samples_ns": list(self.measurement.samples_ns),
            "voluntary": self.voluntary,
            "involuntary": self.involuntary,
            "partner_voluntary": self.partner_voluntary,
            "partner_involuntary": self.partner_involuntary,
        }


def _partner_counters(pid: int | None) -> tuple[int, int]:
    if pid is None:
        return 0, 0
    counts = psutil.Process(pid).num_ctx_switches()
    return counts.voluntary, counts.involuntary


def _measure(
    kind: Kind, rounds: int, pinned: bool, repeats: int | None, warmup: int | None
) -> PingPong:
    label = f"ping-pong entre {kind}" + (" (un núcleo)" if pinned else "")
    game: ThreadPingPong | ProcessPingPong = (
        ThreadPingPong() if kind == "hilos" else ProcessPingPong()
    )
    with measure.exclusive(), game:
        pid = game.pid if isinstance(game, ProcessPingPong) else None
        game.run(1)
        before = switch_counters()
        partner_before = _partner_counters(pid)
        result = measure.measure(
            lambda: game.run(rounds), repeats=repeats, warmup=warmup, label=label
        )
        after = switch_counters()
        partner_after = _partner_counters(pid)
    trips = rounds * (len(result.samples_ns) + result.warmup)
    return PingPong(
        kind=kind,
        pinned=pinned,
        rounds=rounds,
        round_trips=trips,
        measurement=result,
        voluntary=after[0] - before[0],
        involuntary=after[1] - before[1],
        partner_voluntary=partner_after[0] - partner_before[0],
        partner_involuntary=partner_after[1] - partner_before[1],
    )


def ping_pong(
    kind: str,
    rounds: int,
    *,
    pinned: bool = False,
    repeats: int | None = None,
    warmup: int | None = None,
) -> PingPong:
    """Mide ``rounds`` idas y vueltas de una ficha entre ``hilos`` o ``procesos``.

    Cada muestra del arnés son ``rounds`` idas y vueltas; ``repeats`` y ``warmup``
    toman por defecto los del perfil. Los contadores de cambios de contexto se leen
    antes y después de toda la medición (calentamiento incluido).
    """
    if kind not in KINDS:
        raise ValueError(f"kind desconocido {kind!r}: los valores válidos son hilos, procesos")
    check_int("rounds", rounds, 1, 1_000_000)
    check_bool("pinned", pinned)
    chosen: Kind = "hilos" if kind == "hilos" else "procesos"
    if not pinned:
        return _measure(chosen, rounds, pinned, repeats, warmup)
    with pinned_to_one_core():
        return _measure(chosen, rounds, pinned, repeats, warmup)


def _merge(parts: list[PingPong]) -> PingPong:
    """Une los bloques de una variante en un solo resultado (muestras y contadores)."""
    first = parts[0]
    result = measure.Measurement(
        label=first.measurement.label,
        samples_ns=tuple(s for p in parts for s in p.measurement.samples_ns),
        warmup=first.measurement.warmup,
        load=measure.Load.combine([p.measurement.load for p in parts]),
    )
    return PingPong(
        kind=first.kind,
        pinned=first.pinned,
        rounds=first.rounds,
        round_trips=sum(p.round_trips for p in parts),
        measurement=result,
        voluntary=sum(p.voluntary for p in parts),
        involuntary=sum(p.involuntary for p in parts),
        partner_voluntary=sum(p.partner_voluntary for p in parts),
        partner_involuntary=sum(p.partner_involuntary for p in parts),
    )


def ping_pong_all(
    rounds: int,
    *,
    repeats: int | None = None,
    warmup: int | None = None,
    blocks: int = 3,
) -> tuple[PingPong, ...]:
    """Las cuatro variantes: hilos y procesos, con los núcleos libres y fijados a uno.

    Las variantes se miden **intercaladas por bloques**: ``blocks`` rondas en las que
    cada variante arranca su pareja de nuevo (hilo o proceso recién creado) y mide
    ``repeats`` muestras, en un orden que cambia de una ronda a otra. Así un cambio
    lento de la máquina, o una pareja que por azar cayó en mala posición, se reparte
    entre todas las variantes y aparece en la dispersión en vez de dar un ganador
    falso. Cada resultado une las muestras de todos sus bloques.
    """
    check_int("blocks", blocks, 1, 20)
    variants = [(kind, pinned) for pinned in (False, True) for kind in KINDS]
    parts: dict[tuple[str, bool], list[PingPong]] = {v: [] for v in variants}
    with measure.exclusive():
        for block in range(blocks):
            order = variants if block % 2 == 0 else variants[::-1]
            for kind, pinned in order:
                parts[(kind, pinned)].append(
                    ping_pong(kind, rounds, pinned=pinned, repeats=repeats, warmup=warmup)
                )
    return tuple(_merge(parts[v]) for v in variants)


def ping_pong_table(results: tuple[PingPong, ...]) -> Table:
    """Tabla: µs por ida y vuelta (mediana y RIC) y cambios de contexto contados."""
    if not results:
        raise ValueError("results debe contener al menos una medición")
    rows = [
        (
            r.kind,
            "uno" if r.pinned else "libres",
            fmt.number(r.us_per_round_trip),
            f"{fmt.number(1e6 * r.measurement.q1_s / r.rounds)}–"
            f"{fmt.number(1e6 * r.measurement.q3_s / r.rounds)}",
            fmt.number(r.voluntary + r.partner_voluntary),
            fmt.number(r.involuntary + r.partner_involuntary),
            fmt.number(r.switches_per_round_trip, 1),
        )
        for r in results
    ]
    headers = (
        *("variante", "núcleos", "µs por ida y vuelta", "RIC (µs)"),
        *("cambios voluntarios", "cambios involuntarios", "cambios por ida y vuelta"),
    )
    return Table(headers, rows)

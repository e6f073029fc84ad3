"""Arnés de medición: calentamiento, repeticiones, mediana y dispersión.

Reglas del libro para medir con honradez:

- Se calienta antes de medir (``warmup`` ejecuciones que se descartan).
- Se repite (``repeats``) y se informa la **mediana** con su dispersión (rango
  intercuartílico y mínimo/máximo), nunca una sola ejecución.
- Se mide con :func:`time.perf_counter_ns`.
- **Dos mediciones nunca se solapan**: un cerrojo entre procesos (``flock`` sobre un
  fichero en el directorio temporal) hace que dos celdas, o dos construcciones del
  libro, esperen su turno antes de medir. En una construcción en paralelo, además,
  ninguna otra celda del libro corre mientras se mide (:mod:`dadsbook.quiet`).
  Dentro de un proceso, :func:`exclusive` serializa hilos y :func:`exclusive_async`
  corrutinas (un ``with`` normal no puede esperar a otra corrutina del mismo hilo sin
  bloquear el bucle de eventos).
- **Se anota lo ocupada que estaba la máquina** mientras se medía (:class:`Load`):
  la CPU que gastaron *otros* procesos (``/proc/stat`` menos la de este proceso y sus
  hijos), el tiempo robado por el hipervisor en una máquina virtual y la carga media.
  Una comparación hecha con la máquina ocupada no decide nada (:mod:`dadsbook.verdict`).

>>> m = measure(lambda: sum(range(1000)), repeats=5, warmup=1, label="suma")
>>> len(m.samples_ns), m.label
(5, 'suma')
>>> m.min_s <= m.median_s <= m.max_s
True
"""

from __future__ import annotations

import asyncio
import contextvars
import fcntl
import os
import statistics
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil

from dadsbook import fmt, machine, profile, quiet

__all__ = [
    "BUSY_OTHER_CPU",
    "BUSY_STEAL",
    "Load",
    "LoadProbe",
    "Measurement",
    "WithLoad",
    "compare",
    "exclusive",
    "exclusive_async",
    "lock_path",
    "measure",
    "measuring_seconds",
    "speedup",
    "worker_counts",
]


class WithLoad:
    """Base de los resultados medidos que anotan lo ocupada que estaba la máquina.

    La subclase declara el campo ``load`` (una :class:`Load` o ``None`` si no se
    supo); esta base le da :attr:`busy`, lo que preguntan los veredictos.
    """

    load: Load | None

    @property
    def busy(self) -> bool:
        """Si la máquina estaba ocupada mientras se medía (ver :class:`Load`)."""
        return self.load is not None and self.load.busy


@dataclass(frozen=True)
class Measurement(WithLoad):
    """Resultado de una medición: muestras en nanosegundos y sus estadísticos."""

    label: str
    samples_ns: tuple[int, ...]
    warmup: int
    load: Load | None = None

    def _seconds(self) -> list[float]:
        return sorted(s / 1e9 for s in self.samples_ns)

    @property
    def median_s(self) -> float:
        """Mediana de las muestras, en segundos."""
        return float(statistics.median(self._seconds()))

    @property
    def min_s(self) -> float:
        """Muestra mínima, en segundos."""
        return self._seconds()[0]

    @property
    def max_s(self) -> float:
        """Muestra máxima, en segundos."""
        return self._seconds()[-1]

    def _quartile(self, which: int) -> float:
        """Cuartil ``which`` (1 o 3), inclusivo, en segundos; con una muestra, ella misma."""
        values = self._seconds()
        if len(values) < 2:
            return values[0]
        return float(statistics.quantiles(values, n=4, method="inclusive")[which - 1])

    @property
    def q1_s(self) -> float:
        """Primer cuartil, en segundos."""
        return self._quartile(1)

    @property
    def q3_s(self) -> float:
        """Tercer cuartil, en segundos."""
        return self._quartile(3)

    @property
    def iqr_s(self) -> float:
        """Rango intercuartílico, en segundos."""
        return self.q3_s - self.q1_s

    @property
    def relative_spread(self) -> float:
        """Rango intercuartílico relativo a la mediana (0,05 = 5 %)."""
        return self.iqr_s / self.median_s if self.median_s > 0 else 0.0

    def summary(self) -> str:
        """Una línea en español: mediana, rango intercuartílico y repeticiones."""
        busy = f"; {self.load.describe()}" if self.load is not None and self.load.busy else ""
        return (
            f"{self.label}: mediana {fmt.seconds(self.median_s)} "
            f"(RIC {fmt.seconds(self.q1_s)}–{fmt.seconds(self.q3_s)}, "
            f"mín {fmt.seconds(self.min_s)}, máx {fmt.seconds(self.max_s)}; "
            f"{len(self.samples_ns)} repeticiones tras {self.warmup} de calentamiento{busy})"
        )


#: Fracción de la capacidad de la máquina que otros procesos pueden gastar sin que la
#: medición deje de decidir (un cuarto de todas las CPU).
BUSY_OTHER_CPU = 0.25
#: Fracción de la capacidad robada por el hipervisor a partir de la cual no se decide.
BUSY_STEAL = 0.10
#: Por debajo de esta ventana, los contadores de ``/proc/stat`` (centésimas de
#: segundo) no dan para saber si la máquina estaba ocupada.
MIN_WINDOW_S = 0.3


@dataclass(frozen=True)
class Load:
    """Lo ocupada que estaba la máquina durante una medición.

    ``other_cpu`` y ``steal`` son fracciones de la capacidad total (todas las CPU
    durante toda la ventana): 0,5 en una máquina de 2 CPU es una CPU entera.
    ``own_cpu_s`` es la CPU (en segundos) de este proceso y sus descendientes, que no
    cuenta como de otros.
    """

    wall_s: float
    cpus: int
    other_cpu: float
    steal: float
    loadavg: float
    own_cpu_s: float = 0.0

    @property
    def known(self) -> bool:
        """Si la ventana fue lo bastante larga para saberlo."""
        return self.wall_s >= MIN_WINDOW_S

    @property
    def busy(self) -> bool:
        """Otros procesos o el hipervisor se llevaron una parte que no deja decidir."""
        return self.known and (self.other_cpu > BUSY_OTHER_CPU or self.steal > BUSY_STEAL)

    @classmethod
    def combine(cls, loads: Iterable[Load | None]) -> Load | None:
        """Una sola carga para varias ventanas medidas por separado.

        Las fracciones se promedian pesadas por la duración de cada ventana (lo que
        habría dado una ventana que las abarcara todas); la carga media es la mayor.
        ``None`` si ninguna ventana tenía carga.
        """
        known = [load for load in loads if load is not None]
        if not known:
            return None
        wall = sum(load.wall_s for load in known)

        def weighted(values: Iterable[tuple[float, float]]) -> float:
            pairs = list(values)
            return sum(v * w for v, w in pairs) / wall if wall > 0 else max(v for v, _ in pairs)

        return cls(
            wall_s=wall,
            cpus=max(load.cpus for load in known),
            other_cpu=weighted((load.other_cpu, load.wall_s) for load in known),
            steal=weighted((load.steal, load.wall_s) for load in known),
            loadavg=max(load.loadavg for load in known),
            own_cpu_s=sum(load.own_cpu_s for load in known),
        )

    def describe(self) -> str:
        """Una frase en español con lo que se vio."""
        if not self.known:
            return "ventana demasiado corta para saber si la máquina estaba ocupada"
        text = (
            f"otros procesos usaron el {fmt.percent(self.other_cpu, 0)} de la CPU, "
            f"el hipervisor se llevó el {fmt.percent(self.steal, 0)} "
            f"y la carga media era {fmt.number(self.loadavg, 2)}"
        )
        return f"la máquina estaba ocupada ({text})" if self.busy else text


def _proc_stat() -> tuple[float, float]:
    """Segundos de CPU ocupada (todas las CPU) y robados, según ``/proc/stat``."""
    try:
        with Path("/proc/stat").open(encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):  # pragma: no cover - sin /proc
        return 0.0, 0.0
    hz = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq) / hz, steal / hz


def _own_cpu() -> tuple[float, dict[int, float]]:
    """CPU de este proceso y de sus hijos recogidos, y la de cada descendiente vivo."""
    t = os.times()
    own = t.user + t.system + t.children_user + t.children_system
    alive: dict[int, float] = {}
    for child in psutil.Process().children(recursive=True):
        try:
            c = child.cpu_times()
        except psutil.Error:
            continue
        alive[child.pid] = c.user + c.system
    return own, alive


class LoadProbe:
    """Mide lo ocupada que está la máquina entre :meth:`start` y :meth:`stop`."""

    def __init__(self) -> None:
        self.load: Load | None = None
        self._t0 = 0.0
        self._busy0 = self._steal0 = self._own0 = 0.0
        self._alive0: dict[int, float] = {}

    def start(self) -> None:
        """Primera foto de los contadores."""
        self._t0 = time.monotonic()
        self._busy0, self._steal0 = _proc_stat()
        self._own0, self._alive0 = _own_cpu()

    def stop(self) -> Load:
        """Segunda foto: calcula y guarda :attr:`load`."""
        wall = time.monotonic() - self._t0
        busy1, steal1 = _proc_stat()
        own1, alive1 = _own_cpu()
        mine = own1 - self._own0
        mine += sum(cpu - self._alive0.get(pid, 0.0) for pid, cpu in alive1.items())
        # Un hijo vivo al principio y recogido después ya cuenta entero en children_*.
        mine -= sum(cpu for pid, cpu in self._alive0.items() if pid not in alive1)
        cpus = os.cpu_count() or 1
        capacity = max(wall, 1e-9) * cpus
        other = max(0.0, (busy1 - self._busy0) - mine) / capacity
        steal = max(0.0, steal1 - self._steal0) / capacity
        try:
            loadavg = os.getloadavg()[0]
        except OSError:  # pragma: no cover
            loadavg = 0.0
        self.load = Load(wall, cpus, min(other, 1.0), min(steal, 1.0), loadavg, max(mine, 0.0))
        return self.load


def lock_path() -> Path:
    """Fichero del cerrojo de medición (``DADSBOOK_LOCK_FILE`` lo cambia)."""
    env = os.environ.get("DADSBOOK_LOCK_FILE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "dadsbook-measure.lock"


#: Profundidad de anidamiento del cerrojo en el contexto actual (hilo o tarea de
#: asyncio). Una tarea creada dentro de una medición hereda el contexto: forma parte
#: de esa medición y puede volver a entrar.
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("dadsbook_measure_depth", default=0)
#: Un solo titular por proceso (hilo o corrutina); el ``flock`` lo extiende a otros procesos.
_process_lock = threading.Lock()
_owner: dict[str, object] = {}


def _flock() -> IO[bytes]:
    handle = lock_path().open("a+b")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


async def _flock_async() -> IO[bytes]:
    """El ``flock`` sin bloquear el bucle: se reintenta sin espera, cediendo entre intentos.

    (Un hilo auxiliar con ``asyncio.to_thread`` dejaría vivo el ejecutor del bucle, y la
    comprobación de higiene lo contaría como fuga de la página.)
    """
    handle = lock_path().open("a+b")
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                await asyncio.sleep(0.005)
    except BaseException:
        handle.close()
        raise


def _release(handle: IO[bytes]) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()


def _running_task() -> asyncio.Task[object] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


#: Segundos que este proceso ha pasado midiendo (dentro de :func:`exclusive`, sin anidar).
_MEASURING = [0.0]


def measuring_seconds() -> float:
    """Segundos que este proceso lleva midiendo, cerrojo en mano (``make build-speed`` los usa)."""
    return _MEASURING[0]


@contextmanager
def _probing(depth: int) -> Iterator[LoadProbe]:
    """Marca la profundidad del cerrojo en este contexto y mide la carga mientras dura."""
    token = _depth.set(depth)
    probe = LoadProbe()
    started = time.perf_counter()
    probe.start()
    try:
        yield probe
    finally:
        probe.stop()
        if depth == 1:
            _MEASURING[0] += time.perf_counter() - started
        _depth.reset(token)


@contextmanager
def exclusive() -> Iterator[LoadProbe]:
    """Cerrojo de medición: exclusivo entre procesos y entre hilos, reentrante en un contexto.

    Toda medición del libro corre dentro de este bloque: si otra celda u otra
    construcción está midiendo, se espera a que termine. Devuelve un
    :class:`LoadProbe` que, al salir, dice lo ocupada que estuvo la máquina.

    Desde una corrutina, usa :func:`exclusive_async`: si otra corrutina del mismo
    hilo tiene el cerrojo, esperar aquí bloquearía el bucle de eventos para siempre,
    así que se lanza un ``RuntimeError`` en lugar de colgarse.
    """
    depth = _depth.get()
    if depth:
        with _probing(depth + 1) as probe:
            yield probe
        return
    if (
        _running_task() is not None
        and _process_lock.locked()
        and _owner.get("thread") == threading.get_ident()
    ):
        raise RuntimeError(
            "otra corrutina de este hilo está midiendo: usa «async with "
            "measure.exclusive_async()» para esperar su turno sin bloquear el bucle"
        )
    with _process_lock:
        _owner["thread"] = threading.get_ident()
        # Primero el turno de la construcción y después el cerrojo entre procesos: en
        # ese orden, una celda que lanza un proceso que mide (con su turno compartido
        # puesto) no se bloquea con otra página que espera su turno con el cerrojo ya
        # en la mano.
        try:
            with quiet.alone():
                handle = _flock()
                try:
                    with _probing(1) as probe:
                        yield probe
                finally:
                    _release(handle)
        finally:
            _owner.pop("thread", None)


@asynccontextmanager
async def exclusive_async() -> AsyncIterator[LoadProbe]:
    """El cerrojo de medición para corrutinas: espera su turno sin bloquear el bucle.

    Serializa las corrutinas de este proceso (y los hilos que usen :func:`exclusive`)
    y toma el ``flock`` entre procesos reintentando sin bloquear.
    """
    depth = _depth.get()
    if depth:
        with _probing(depth + 1) as probe:
            yield probe
        return
    while not _process_lock.acquire(blocking=False):
        await asyncio.sleep(0.002)
    try:
        _owner["thread"] = threading.get_ident()
        async with quiet.alone_async():  # el turno antes que el cerrojo, como en exclusive()
            handle = await _flock_async()
            try:
                with _probing(1) as probe:
                    yield probe
            finally:
                _release(handle)
    finally:
        _owner.pop("thread", None)
        _process_lock.release()


def _check_counts(repeats: int, warmup: int) -> None:
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats debe ser un entero ≥ 1; se recibió {repeats!r}")
    if not isinstance(warmup, int) or isinstance(warmup, bool) or warmup < 0:
        raise ValueError(f"warmup debe ser un entero ≥ 0; se recibió {warmup!r}")


def _defaults(repeats: int | None, warmup: int | None) -> tuple[int, int]:
    active = profile.current()
    r = int(active.get("measure", "repeats")) if repeats is None else repeats
    w = int(active.get("measure", "warmup")) if warmup is None else warmup
    _check_counts(r, w)
    return r, w


def measure(
    fn: Callable[[], object],
    *,
    repeats: int | None = None,
    warmup: int | None = None,
    label: str = "",
) -> Measurement:
    """Mide ``fn()`` con calentamiento y repeticiones, bajo el cerrojo de medición.

    ``repeats`` y ``warmup`` toman por defecto los valores de la sección
    ``[measure]`` del perfil activo.
    """
    if not callable(fn):
        raise TypeError(f"fn debe ser invocable; se recibió {type(fn).__name__}")
    r, w = _defaults(repeats, warmup)
    samples: list[int] = []
    with exclusive() as probe:
        for _ in range(w):
            fn()
        for _ in range(r):
            start = time.perf_counter_ns()
            fn()
            samples.append(time.perf_counter_ns() - start)
    return Measurement(label=label, samples_ns=tuple(samples), warmup=w, load=probe.load)


def compare(
    fns: Mapping[str, Callable[[], object]],
    *,
    repeats: int | None = None,
    warmup: int | None = None,
) -> dict[str, Measurement]:
    """Mide varias variantes **intercaladas** (A, B, A, B…) para repartir el ruido.

    Medir primero todas las A y luego todas las B atribuye a una variante los
    cambios lentos de la máquina (temperatura, turbo, otra carga); intercalar los
    reparte por igual.
    """
    if not fns:
        raise ValueError("fns debe contener al menos una variante a medir")
    r, w = _defaults(repeats, warmup)
    samples: dict[str, list[int]] = {name: [] for name in fns}
    with exclusive() as probe:
        for _ in range(w):
            for fn in fns.values():
                fn()
        for _ in range(r):
            for name, fn in fns.items():
                start = time.perf_counter_ns()
                fn()
                samples[name].append(time.perf_counter_ns() - start)
    return {
        name: Measurement(label=name, samples_ns=tuple(values), warmup=w, load=probe.load)
        for name, values in samples.items()
    }


def speedup(baseline: Measurement, candidate: Measurement) -> float:
    """Aceleración de ``candidate`` respecto a ``baseline`` (cociente de medianas)."""
    if candidate.median_s <= 0:
        raise ValueError("candidate tiene una mediana nula: no se puede dividir")
    return baseline.median_s / candidate.median_s


def worker_counts(limit: int | None = None) -> list[int]:
    """Números de trabajadores a probar: 1, 2, … hasta los núcleos usables (o ``limit``).

    Más allá de 8 núcleos se toman potencias de dos y el máximo, para no eternizar
    las mediciones en máquinas grandes.

    >>> worker_counts(limit=4)
    [1, 2, 3, 4]
    >>> worker_counts(limit=16)
    [1, 2, 3, 4, 5, 6, 7, 8, 16]
    """
    if limit is None:
        limit = machine.usable_cores()
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"limit debe ser un entero ≥ 1; se recibió {limit!r}")
    counts = list(range(1, min(limit, 8) + 1))
    power = 16
    while power < limit:
        counts.append(power)
        power *= 2
    if limit > 8:
        counts.append(limit)
    return sorted(set(counts))

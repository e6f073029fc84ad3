"""Caché de escritura diferida (*write-back*): rapidez a cambio de lo que se pierde.

Dos partes:

- :func:`fsync_throughput` mide **de verdad** escribir bloques en un fichero
  temporal con tres políticas: ``os.fsync`` tras cada escritura (nada se pierde, pero
  cada escritura espera al disco), un ``fsync`` al final, o ninguno (el núcleo decide
  cuándo vaciar su caché de páginas). El resultado depende del sistema de ficheros y
  del disco (a menudo virtual) de la máquina.
- :func:`simulate` reproduce una caché de bloques con bloques **sucios**: una
  escritura se confirma al llegar a la caché; un vaciado periódico (cada
  ``flush_interval``) o el desalojo del bloque menos usado cuando la caché se llena
  la lleva al disco. Un **fallo** en ``crash_time`` muestra qué escrituras
  confirmadas no llegaron nunca al disco. Con escritura inmediata (*write-through*)
  cada escritura espera al disco y nada se pierde. Con ``expire`` > 0, cada vaciado
  solo lleva los bloques que llevan sucios al menos ``expire``, como el *flusher* de
  Linux (:data:`LINUX_DIRTY_EXPIRE_CENTISECS`).
- :func:`flusher_settings` lee los dos parámetros del *flusher* de esta máquina.

>>> w = [Write(1.0, 0, "a"), Write(2.0, 1, "b"), Write(6.0, 0, "c")]
>>> r = simulate(w, "write-back", flush_interval=5.0, capacity=4, crash_time=7.0)
>>> [o.status for o in r.outcomes]
['en disco', 'en disco', 'perdida']
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from dadsbook import fmt, measure
from dadsbook.tables import Table
from dadsbook.validation import check_choice, check_int, check_number, seeded_random

__all__ = [
    "FSYNC_POLICIES",
    "LINUX_DIRTY_EXPIRE_CENTISECS",
    "LINUX_DIRTY_WRITEBACK_CENTISECS",
    "POLICIES",
    "CacheResult",
    "FlusherSettings",
    "FsyncResult",
    "Outcome",
    "Write",
    "flusher_settings",
    "fsync_table",
    "fsync_throughput",
    "random_writes",
    "simulate",
]

#: Políticas reales: ``each`` (fsync tras cada escritura), ``end`` (uno al final), ``none``.
FSYNC_POLICIES = ("each", "end", "none")
#: Políticas del simulador.
POLICIES = ("write-back", "write-through")

#: Valores por omisión del núcleo Linux (``Documentation/admin-guide/sysctl/vm.rst``):
#: el *flusher* se despierta cada ``dirty_writeback_centisecs`` (5 s) y escribe las
#: páginas sucias que llevan más de ``dirty_expire_centisecs`` (30 s) en la memoria.
#: Son datos citados de la documentación del núcleo, no mediciones.
LINUX_DIRTY_WRITEBACK_CENTISECS = 500
LINUX_DIRTY_EXPIRE_CENTISECS = 3000


@dataclass(frozen=True)
class FlusherSettings:
    """Los dos parámetros del *flusher* de Linux, en segundos (``None`` si no se leen)."""

    writeback_s: float | None
    expire_s: float | None


def _centisecs(path: Path) -> float | None:
    try:
        return int(path.read_text(encoding="ascii").strip()) / 100
    except (OSError, ValueError):
        return None


def flusher_settings(root: str | os.PathLike[str] = "/proc/sys/vm") -> FlusherSettings:
    """Lee ``dirty_writeback_centisecs`` y ``dirty_expire_centisecs`` de ``root``.

    >>> flusher_settings("/no/existe")
    FlusherSettings(writeback_s=None, expire_s=None)
    """
    base = Path(root)
    return FlusherSettings(
        _centisecs(base / "dirty_writeback_centisecs"), _centisecs(base / "dirty_expire_centisecs")
    )


@dataclass(frozen=True)
class FsyncResult:
    """Rendimiento medido de una política de ``fsync``."""

    policy: str
    writes: int
    block_bytes: int
    measurement: measure.Measurement

    @property
    def mb_per_s(self) -> float:
        """Megabytes por segundo con la mediana de las repeticiones."""
        return self.writes * self.block_bytes / self.measurement.median_s / 1e6

    @property
    def us_per_write(self) -> float:
        """Microsegundos por escritura (mediana)."""
        return self.measurement.median_s / self.writes * 1e6


def _write_file(path: Path, writes: int, block: bytes, policy: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for _ in range(writes):
            os.write(fd, block)
            if policy == "each":
                os.fsync(fd)
        if policy == "end":
            os.fsync(fd)
    finally:
        os.close(fd)


def fsync_throughput(
    writes: int, block_bytes: int, *, repeats: int | None = None, warmup: int | None = None
) -> dict[str, FsyncResult]:
    """Mide las tres políticas de :data:`FSYNC_POLICIES`, intercaladas, en un temporal.

    El directorio temporal se borra al terminar, pase lo que pase.
    """
    check_int("writes", writes, 1, 100_000)
    check_int("block_bytes", block_bytes, 1, 16 * 2**20)
    block = os.urandom(block_bytes)
    with tempfile.TemporaryDirectory(prefix="dadsbook-fsync-") as folder:
        paths = {p: Path(folder) / f"{p}.bin" for p in FSYNC_POLICIES}
        runs = {p: (lambda p=p: _write_file(paths[p], writes, block, p)) for p in FSYNC_POLICIES}
        results = measure.compare(runs, repeats=repeats, warmup=warmup)
    return {p: FsyncResult(p, writes, block_bytes, results[p]) for p in FSYNC_POLICIES}


def fsync_table(results: dict[str, FsyncResult]) -> Table:
    """Las tres políticas medidas: MB/s, µs por escritura, mediana y RIC de cada tanda."""
    names = {"each": "fsync tras cada escritura", "end": "un fsync al final", "none": "sin fsync"}
    rows = [
        (
            names.get(p, p),
            r.mb_per_s,
            r.us_per_write,
            fmt.seconds(r.measurement.median_s),
            f"{fmt.seconds(r.measurement.q1_s)}–{fmt.seconds(r.measurement.q3_s)}",
        )
        for p, r in results.items()
    ]
    first = next(iter(results.values()))
    return Table(
        ("política", "MB/s", "µs por escritura", "tanda (mediana)", "RIC"),
        rows,
        caption=f"{fmt.number(first.writes)} escrituras de {fmt.size(first.block_bytes)} por "
        f"tanda; {len(first.measurement.samples_ns)} tandas intercaladas.",
    )


def filesystem_of(path: str | os.PathLike[str] | None = None) -> str:
    """Tipo de sistema de ficheros (``ext4``, ``tmpfs``…) que contiene ``path``.

    Por defecto, el directorio temporal. Lee ``/proc/mounts``; ``desconocido`` si no puede.
    """
    target = Path(path if path is not None else tempfile.gettempdir()).resolve()
    best, kind = -1, "desconocido"
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return kind
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = Path(parts[1])
        if (target == mount or mount in target.parents) and len(str(mount)) > best:
            best, kind = len(str(mount)), parts[2]
    return kind


@dataclass(frozen=True)
class Write:
    """Una escritura: en ``time`` se escribe ``value`` en el bloque ``block``."""

    time: float
    block: int
    value: str


@dataclass(frozen=True)
class Outcome:
    """Qué fue de una escritura: estado y cuándo llegó al disco (``None`` si no llegó).

    Estados: ``en disco``; ``sustituida`` (una escritura posterior del mismo bloque la
    reemplazó en la caché antes de llegar al disco); ``perdida`` (se confirmó, era el
    último valor del bloque y no llegó al disco antes del fallo); ``sin confirmar``
    (con escritura inmediata, el disco aún no había terminado: quien escribió no
    recibió confirmación y sabe que debe repetirla); ``tras el fallo``.
    """

    write: Write
    status: str
    persisted_at: float | None


@dataclass(frozen=True)
class CacheResult:
    """Resultado de :func:`simulate`."""

    policy: str
    crash_time: float
    outcomes: tuple[Outcome, ...]
    disk_writes: int
    mean_latency: float

    @property
    def lost(self) -> int:
        """Escrituras confirmadas perdidas en el fallo."""
        return sum(o.status == "perdida" for o in self.outcomes)

    def table(self) -> Table:
        """Una fila por escritura: cuándo, qué bloque, qué valor y qué fue de ella."""
        rows = [
            [o.write.time, o.write.block, o.write.value, o.status,
             "—" if o.persisted_at is None else o.persisted_at]
            for o in self.outcomes
        ]  # fmt: skip
        return Table(
            ("instante", "bloque", "valor", "estado", "en disco desde"),
            rows,
            caption=f"{self.policy}, fallo en t = {fmt.number(self.crash_time)}",
        )

    def as_dict(self) -> dict[str, object]:
        """Resultado como diccionario de tipos simples."""
        return {
            "policy": self.policy,
            "crash_time": self.crash_time,
            "disk_writes": self.disk_writes,
            "mean_latency": self.mean_latency,
            "lost": self.lost,
            "outcomes": [
                {**asdict(o.write), "status": o.status, "persisted_at": o.persisted_at}
                for o in self.outcomes
            ],
        }


def simulate(
    writes: list[Write] | tuple[Write, ...],
    policy: str,
    *,
    flush_interval: float,
    capacity: int,
    crash_time: float,
    cache_latency: float = 0.01,
    disk_latency: float = 1.0,
    expire: float = 0.0,
) -> CacheResult:
    """Simula una caché de bloques con ``policy`` y un fallo en ``crash_time``.

    ``write-back``: cada ``flush_interval`` se vacían los bloques sucios (con
    ``expire`` > 0, solo los que llevan sucios al menos ``expire``, como el *flusher*
    de Linux); si la caché (``capacity`` bloques) está llena de sucios, se desaloja el
    menos usado recientemente, escribiéndolo antes. La latencia confirmada es ``cache_latency``.
    ``write-through``: cada escritura va al disco y se confirma tras ``disk_latency``.
    """
    check_choice("policy", policy, POLICIES)
    interval = check_number("flush_interval", flush_interval, positive=True)
    check_int("capacity", capacity, 1, 10**6)
    crash = check_number("crash_time", crash_time)
    fast = check_number("cache_latency", cache_latency)
    slow = check_number("disk_latency", disk_latency)
    age = check_number("expire", expire)
    ordered = sorted(writes, key=lambda w: w.time)
    persisted: dict[int, float] = {}  # índice de escritura -> instante en disco
    dirty: OrderedDict[int, int] = OrderedDict()  # bloque -> índice de su última escritura
    replaced: set[int] = set()
    inflight: set[int] = set()
    disk_writes = 0
    next_flush = interval

    dirty_since: dict[int, float] = {}  # bloque -> instante en que se ensució

    def flush(at: float) -> None:
        nonlocal disk_writes
        for block in [b for b, since in dirty_since.items() if at - since >= age]:
            persisted[dirty.pop(block)] = at
            del dirty_since[block]
            disk_writes += 1

    for i, w in enumerate(ordered):
        if w.time > crash:
            break
        if policy == "write-through":
            if w.time + slow <= crash:
                persisted[i] = w.time + slow
                disk_writes += 1
            else:
                inflight.add(i)
            continue
        while next_flush <= w.time:
            flush(next_flush)
            next_flush += interval
        if w.block in dirty:
            replaced.add(dirty.pop(w.block))
        elif len(dirty) >= capacity:
            evicted, victim = dirty.popitem(last=False)
            del dirty_since[evicted]
            persisted[victim] = w.time
            disk_writes += 1
        dirty[w.block] = i
        dirty_since.setdefault(w.block, w.time)
    if policy == "write-back":
        while next_flush <= crash:
            flush(next_flush)
            next_flush += interval
    outcomes = []
    for i, w in enumerate(ordered):
        if w.time > crash:
            outcomes.append(Outcome(w, "tras el fallo", None))
        elif i in persisted:
            outcomes.append(Outcome(w, "en disco", persisted[i]))
        elif i in inflight:
            outcomes.append(Outcome(w, "sin confirmar", None))
        elif i in replaced:
            outcomes.append(Outcome(w, "sustituida", None))
        else:
            outcomes.append(Outcome(w, "perdida", None))
    latency = fast if policy == "write-back" else slow
    return CacheResult(policy, crash, tuple(outcomes), disk_writes, latency)


def random_writes(
    seed: int, count: int = 10, blocks: int = 4, horizon: float = 20.0
) -> tuple[Write, ...]:
    """Escrituras aleatorias sembradas: instantes en ``[0, horizon)``, valores ``a``, ``b``…

    >>> [w.value for w in random_writes(0, count=3)]
    ['a', 'b', 'c']
    """
    rng = seeded_random(seed)
    check_int("count", count, 1, 26)
    check_int("blocks", blocks, 1, 1000)
    check_number("horizon", horizon, positive=True)
    times = sorted(round(rng.uniform(0, horizon), 1) for _ in range(count))
    return tuple(Write(t, rng.randrange(blocks), chr(ord("a") + i)) for i, t in enumerate(times))

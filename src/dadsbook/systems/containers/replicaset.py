"""ReplicaSet: el bucle de reconciliación que mantiene N pods vivos.

Un ReplicaSet de Kubernetes no «arranca N pods y se olvida»: su controlador compara
sin parar el estado deseado (``spec.replicas``) con el observado (los pods activos
que casan con su selector) y corrige la diferencia
(https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/). Si falta
alguno, crea pods nuevos; si sobra, borra los peor situados: primero los que no
están listos y, entre iguales, los más nuevos (``getPodsToDelete`` en
``pkg/controller/replicaset``). Los pods que se están borrando ya no cuentan como
activos. Es la **autorreparación** (*self-healing*) del artículo: un pod caído se
repone solo, pero el nuevo tarda en arrancar.

:func:`reconcile` es la decisión pura; :class:`ReplicaSet` la aplica en una
simulación de SimPy (pods que arrancan, fallan y se borran), y
:func:`simulate_self_healing` la muestra con fallos sembrados.

>>> pods = [PodView("a", True, 0.0), PodView("b", False, 5.0), PodView("c", True, 3.0)]
>>> reconcile(2, pods)
Reconciliation(create=0, delete=('b',))
>>> reconcile(5, pods)
Reconciliation(create=2, delete=())
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from matplotlib.figure import Figure

from dadsbook import plotting

__all__ = [
    "Pod",
    "PodView",
    "Reconciliation",
    "ReplicaSet",
    "SelfHealingProblem",
    "SelfHealingResult",
    "random_self_healing",
    "reconcile",
    "simulate_self_healing",
]


@dataclass(frozen=True)
class PodView:
    """Lo que el controlador ve de un pod activo: nombre, si está listo, cuándo nació."""

    name: str
    ready: bool
    created_s: float


@dataclass(frozen=True)
class Reconciliation:
    """Acciones de un ciclo: cuántos pods crear y cuáles borrar."""

    create: int
    delete: tuple[str, ...]


def reconcile(desired: int, pods: Sequence[PodView]) -> Reconciliation:
    """Compara ``desired`` con los pods activos y decide qué crear o borrar."""
    if isinstance(desired, bool) or not isinstance(desired, int) or desired < 0:
        raise ValueError(f"desired debe ser un entero ≥ 0; se recibió {desired!r}")
    diff = len(pods) - desired
    if diff < 0:
        return Reconciliation(-diff, ())
    ranked = sorted(pods, key=lambda p: (p.ready, -p.created_s))
    return Reconciliation(0, tuple(p.name for p in ranked[:diff]))


def _nonnegative(name: str, value: float, *, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise TypeError(f"{name} debe ser un número; se recibió {value!r}")
    if value < 0 or (strict and value == 0):
        raise ValueError(f"{name} debe ser {'> 0' if strict else '≥ 0'}; se recibió {value!r}")
    return float(value)


@dataclass(eq=False)
class Pod:
    """Un pod de la simulación (estado mutable, interno a SimPy)."""

    name: str
    created_s: float
    ready_s: float | None = None
    ended_s: float | None = None
    deleting: bool = False
    failed: bool = False
    busy_s: float = 0.0
    busy_since: float | None = None
    process: simpy.Process | None = field(default=None, repr=False)
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    def busy_total(self, now: float) -> float:
        """Tiempo ocupado acumulado hasta ``now``."""
        return self.busy_s + (now - self.busy_since if self.busy_since is not None else 0.0)

    def lifetime(self, start: float, end: float) -> float:
        """Segundos de vida dentro de ``[start, end]`` (el coste en pod·segundos)."""
        stop = self.ended_s if self.ended_s is not None else end
        return max(0.0, min(stop, end) - max(self.created_s, start))


Work = Callable[[Pod], Generator[simpy.Event, Any, None]]


def _idle(pod: Pod) -> Generator[simpy.Event, Any, None]:
    env: simpy.Environment = pod.data["env"]
    try:
        yield env.event()
    except simpy.Interrupt:
        return


class ReplicaSet:
    """Controlador de un ReplicaSet sobre un entorno de SimPy.

    ``work`` es el generador que ejecuta un pod una vez listo; debe atender
    ``simpy.Interrupt`` (causa ``"borrado"`` o ``"fallo"``) y volver cuando el pod
    deba terminar. ``on_stop`` se llama en cuanto se decide parar un pod (antes de
    interrumpirlo) y ``on_ready`` cuando pasa a estar listo.
    """

    def __init__(
        self,
        env: simpy.Environment,
        *,
        replicas: int,
        startup_s: float,
        rng: np.random.Generator,
        mtbf_s: float | None = None,
        reconcile_delay_s: float = 1.0,
        work: Work = _idle,
        on_ready: Callable[[Pod], None] | None = None,
        on_stop: Callable[[Pod], None] | None = None,
    ) -> None:
        if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
            raise ValueError(f"replicas debe ser un entero ≥ 0; se recibió {replicas!r}")
        self.env = env
        self.startup_s = _nonnegative("startup_s", startup_s)
        self.mtbf_s = None if mtbf_s is None else _nonnegative("mtbf_s", mtbf_s, strict=True)
        self.reconcile_delay_s = _nonnegative("reconcile_delay_s", reconcile_delay_s)
        self.rng = rng
        self.work = work
        self.on_ready = on_ready
        self.on_stop = on_stop
        self.desired = replicas
        self.pods: list[Pod] = []  # todos los que han existido
        self.failures = 0
        self._names = itertools.count()
        self.reconcile()

    @property
    def active(self) -> list[Pod]:
        """Pods vivos que no se están borrando (los que cuenta el controlador)."""
        return [p for p in self.pods if p.ended_s is None and not p.deleting]

    def ready_count(self) -> int:
        """Pods activos y listos."""
        return sum(p.ready_s is not None for p in self.active)

    def scale(self, replicas: int) -> None:
        """Cambia ``spec.replicas`` y reconcilia en el acto."""
        if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
            raise ValueError(f"replicas debe ser un entero ≥ 0; se recibió {replicas!r}")
        self.desired = replicas
        self.reconcile()

    def reconcile(self) -> None:
        """Un ciclo del bucle: crea o borra pods hasta casar con ``desired``."""
        active = self.active
        views = [PodView(p.name, p.ready_s is not None, p.created_s) for p in active]
        actions = reconcile(self.desired, views)
        for _ in range(actions.create):
            self._create()
        by_name = {p.name: p for p in active}
        for name in actions.delete:
            self._stop(by_name[name], "borrado")

    def _create(self) -> None:
        pod = Pod(f"pod-{next(self._names)}", self.env.now)
        pod.data["env"] = self.env
        self.pods.append(pod)
        pod.process = self.env.process(self._lifecycle(pod))
        if self.mtbf_s is not None:
            self.env.process(self._failure(pod, float(self.rng.exponential(self.mtbf_s))))

    def _stop(self, pod: Pod, cause: str) -> None:
        if pod.ended_s is not None:
            return
        if cause == "borrado":
            pod.deleting = True
        else:
            pod.failed = True
        if self.on_stop is not None:
            self.on_stop(pod)
        if pod.process is not None and pod.process.is_alive:
            pod.process.interrupt(cause)

    def _failure(self, pod: Pod, after: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(after)
        if pod.ended_s is None and not pod.failed:
            self.failures += 1
            self._stop(pod, "fallo")

    def _lifecycle(self, pod: Pod) -> Generator[simpy.Event, Any, None]:
        try:
            yield self.env.timeout(self.startup_s)
        except simpy.Interrupt:
            self._end(pod)
            return
        if pod.deleting or pod.failed:
            self._end(pod)
            return
        pod.ready_s = self.env.now
        if self.on_ready is not None:
            self.on_ready(pod)
        yield from self.work(pod)
        self._end(pod)

    def _end(self, pod: Pod) -> None:
        pod.ended_s = self.env.now
        if pod.failed:
            self.env.process(self._later_reconcile())

    def _later_reconcile(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.reconcile_delay_s)
        self.reconcile()


@dataclass(frozen=True)
class SelfHealingResult:
    """Pods listos a lo largo del tiempo con fallos sembrados."""

    replicas: int
    startup_s: float
    times_s: tuple[float, ...]
    ready: tuple[int, ...]
    failures: int
    created: int

    @property
    def availability(self) -> float:
        """Fracción media de réplicas listas tras el arranque inicial (1 = siempre las N)."""
        ready = [r for t, r in zip(self.times_s, self.ready, strict=True) if t >= self.startup_s]
        return float(np.mean(ready)) / self.replicas if ready else 0.0

    def figure(self) -> Figure:
        """Pods listos frente al tiempo, con la línea de las réplicas deseadas."""
        fig = plotting.figure(7.0, 2.8)
        ax = fig.add_subplot()
        ax.step(
            self.times_s, self.ready, where="post", color=plotting.color(0), label="pods listos"
        )
        ax.axhline(self.replicas, color="grey", linestyle="--", label="réplicas deseadas")
        ax.set_ylim(0, self.replicas + 0.8)
        ax.set_xlabel("tiempo (s)")
        ax.set_ylabel("pods listos")
        ax.legend(loc="lower right")
        return fig

    def as_dict(self) -> dict[str, object]:
        """Versión JSON (sin la serie temporal)."""
        return {
            "replicas": self.replicas,
            "failures": self.failures,
            "created": self.created,
            "availability": self.availability,
        }


def simulate_self_healing(
    *,
    replicas: int,
    mtbf_s: float,
    startup_s: float,
    horizon_s: float,
    seed: int,
    sample_s: float = 1.0,
) -> SelfHealingResult:
    """Un ReplicaSet de ``replicas`` pods cuyos pods fallan con MTBF ``mtbf_s``.

    >>> r = simulate_self_healing(replicas=3, mtbf_s=60, startup_s=10, horizon_s=600, seed=1)
    >>> r.created == 3 + r.failures, 0 < r.availability < 1
    (True, True)
    """
    if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 1:
        raise ValueError(f"replicas debe ser un entero ≥ 1; se recibió {replicas!r}")
    horizon = _nonnegative("horizon_s", horizon_s, strict=True)
    step = _nonnegative("sample_s", sample_s, strict=True)
    env = simpy.Environment()
    rs = ReplicaSet(
        env,
        replicas=replicas,
        startup_s=startup_s,
        rng=np.random.default_rng(seed),
        mtbf_s=mtbf_s,
    )
    times: list[float] = []
    ready: list[int] = []

    def monitor() -> Generator[simpy.Event, Any, None]:
        while True:
            times.append(env.now)
            ready.append(rs.ready_count())
            yield env.timeout(step)

    env.process(monitor())
    env.run(until=horizon)
    return SelfHealingResult(
        replicas, rs.startup_s, tuple(times), tuple(ready), rs.failures, len(rs.pods)
    )


@dataclass(frozen=True)
class SelfHealingProblem:
    """Un problema aleatorio de autorreparación: réplicas, MTBF, arranque y horizonte."""

    seed: int
    replicas: int
    mtbf_s: float
    startup_s: float
    horizon_s: float

    def solve(self) -> SelfHealingResult:
        """Lo simula con :func:`simulate_self_healing`."""
        return simulate_self_healing(
            replicas=self.replicas,
            mtbf_s=self.mtbf_s,
            startup_s=self.startup_s,
            horizon_s=self.horizon_s,
            seed=self.seed,
        )

    def as_dict(self) -> dict[str, object]:
        """Versión JSON del problema y su solución."""
        return {
            "seed": self.seed,
            "replicas": self.replicas,
            "mtbf_s": self.mtbf_s,
            "startup_s": self.startup_s,
            "horizon_s": self.horizon_s,
            **self.solve().as_dict(),
        }


def random_self_healing(seed: int) -> SelfHealingProblem:
    """Parámetros aleatorios razonables (sembrados) para :func:`simulate_self_healing`.

    >>> random_self_healing(2) == random_self_healing(2)
    True
    """
    rng = np.random.default_rng(seed)
    return SelfHealingProblem(
        seed=seed,
        replicas=int(rng.integers(1, 8)),
        mtbf_s=float(rng.uniform(60.0, 1200.0)),
        startup_s=float(rng.uniform(1.0, 60.0)),
        horizon_s=float(rng.uniform(600.0, 3600.0)),
    )

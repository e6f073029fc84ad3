"""Los controladores que mueven los pods de la simulación: ReplicaSet, kubelet y nodos.

:class:`ReplicaSet` corre sobre un entorno de SimPy y junta tres piezas de Kubernetes:

- el **controlador de ReplicaSet**, que crea o borra pods hasta casar con
  ``spec.replicas`` (la decisión pura, con el orden de borrado de
  ``ActivePodsWithRanks``, está en :mod:`~dadsbook.systems.containers.ranking`);
- el **kubelet**, que reinicia en su sitio el contenedor que falla, con la espera
  exponencial de *CrashLoopBackOff* (:func:`~dadsbook.systems.containers.failures.crash_backoff_s`);
- el **controlador de ciclo de vida de nodos**, que desaloja los pods de un nodo caído
  tras el periodo de gracia y la tolerancia
  (:func:`~dadsbook.systems.containers.failures.node_failure`).

Los pods nuevos se planifican en el nodo sano con menos pods del ReplicaSet; si no hay
ninguno sano, se quedan sin asignar (fase ``Pending``) hasta que vuelva uno. Un nodo
caído vuelve, vacío, cuando lo repara el proveedor, y nunca antes de desalojar sus pods
(un nodo que vuelve con sus pods sería un corte de red, que este modelo no tiene).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from dadsbook.systems.containers import failures
from dadsbook.systems.containers.ranking import PodView, reconcile
from dadsbook.validation import check_int, check_number

__all__ = ["Pod", "ReplicaSet", "Work"]


@dataclass(eq=False)
class Pod:
    """Un pod de la simulación (estado mutable, interno a SimPy).

    ``failed`` dice si su contenedor está caído ahora mismo (por un fallo propio o de
    su nodo); ``lost``, si cayó su nodo y espera el desalojo.
    """

    name: str
    created_s: float
    node: str | None = None
    ready_s: float | None = None
    ended_s: float | None = None
    deleting: bool = False
    failed: bool = False
    lost: bool = False
    started: bool = False
    restarts: int = 0
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
    """Controlador de un ReplicaSet sobre un entorno de SimPy, con nodos que pueden caer.

    ``work`` es el generador que ejecuta el contenedor de un pod mientras está listo;
    debe atender ``simpy.Interrupt`` (causa ``"borrado"``, ``"fallo"`` o ``"nodo"``) y
    volver cuando el pod deba pararse: tras un fallo del contenedor se le vuelve a
    llamar cuando el contenedor reinicia y está listo. ``on_stop`` se llama en cuanto
    el contenedor se para (antes de interrumpirlo) y ``on_ready`` cuando pasa a listo.
    ``mtbf_s`` es el tiempo medio entre fallos del contenedor de un pod listo;
    ``node_mtbf_s`` el de cada uno de los ``nodes`` nodos.
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
        nodes: int = 3,
        node_mtbf_s: float | None = None,
        node_repair_s: float = 600.0,
        node_grace_s: float = failures.NODE_MONITOR_GRACE_S,
        toleration_s: float = failures.NOT_READY_TOLERATION_S,
    ) -> None:
        self.env = env
        self.desired = check_int("replicas", replicas, 0)
        self.startup_s = check_number("startup_s", startup_s)
        self.mtbf_s = None if mtbf_s is None else check_number("mtbf_s", mtbf_s, positive=True)
        self.reconcile_delay_s = check_number("reconcile_delay_s", reconcile_delay_s)
        self.node_mtbf_s = (
            None if node_mtbf_s is None else check_number("node_mtbf_s", node_mtbf_s, positive=True)
        )
        self.node_repair_s = check_number("node_repair_s", node_repair_s)
        self.timeline = failures.node_failure(
            startup_s=self.startup_s, grace_s=node_grace_s, toleration_s=toleration_s
        )
        self.rng = rng
        self.work = work
        self.on_ready = on_ready
        self.on_stop = on_stop
        self.nodes = {f"nodo-{i}": True for i in range(check_int("nodes", nodes, 1, 1000))}
        self.pods: list[Pod] = []  # todos los que han existido
        self.alive: list[Pod] = []  # los de ``pods`` sin terminar (``ended_s`` vacío), en orden
        self.failures = 0  # fallos de contenedor
        self.node_failures = 0
        self.evictions = 0
        self.events: list[tuple[float, str]] = []  # (instante, "fallo" | "nodo" | "desalojo")
        self._names = itertools.count()
        if self.node_mtbf_s is not None:
            for name in self.nodes:
                env.process(self._node_life(name))
        self.reconcile()

    # --- lo que ve el controlador -----------------------------------------------------------
    @property
    def active(self) -> list[Pod]:
        """Pods vivos que no se están borrando (los que cuenta el controlador)."""
        return [p for p in self.alive if not p.deleting]

    def ready_count(self) -> int:
        """Pods activos y listos."""
        return sum(p.ready_s is not None for p in self.active)

    @property
    def restarts(self) -> int:
        """Reinicios de contenedor de todos los pods."""
        return sum(p.restarts for p in self.pods)

    def views(self) -> list[PodView]:
        """Los pods activos como los ve ``ActivePodsWithRanks``."""
        active = self.active
        per_node: dict[str | None, int] = {}
        for p in active:
            per_node[p.node] = per_node.get(p.node, 0) + 1
        return [
            PodView(
                p.name,
                p.ready_s is not None,
                p.created_s,
                ready_s=p.ready_s,
                assigned=p.node is not None,
                phase="Running" if p.started else "Pending",
                restarts=p.restarts,
                rank=per_node[p.node] if p.node is not None else 0,
            )
            for p in active
        ]

    def scale(self, replicas: int) -> None:
        """Cambia ``spec.replicas`` y reconcilia en el acto."""
        self.desired = check_int("replicas", replicas, 0)
        self.reconcile()

    def reconcile(self) -> None:
        """Un ciclo del bucle: crea o borra pods hasta casar con ``desired``."""
        actions = reconcile(self.desired, self.views(), now=self.env.now)
        for _ in range(actions.create):
            self._create()
        by_name = {p.name: p for p in self.active}
        for name in actions.delete:
            self._delete(by_name[name])

    # --- pods ---------------------------------------------------------------------------------
    def _healthy_node(self) -> str | None:
        counts = {n: 0 for n, up in self.nodes.items() if up}
        for p in self.active:
            if p.node in counts:
                counts[p.node] += 1
        return min(counts, key=lambda n: (counts[n], n)) if counts else None

    def _create(self) -> None:
        pod = Pod(f"pod-{next(self._names)}", self.env.now, node=self._healthy_node())
        pod.data["env"] = self.env
        pod.data["placed"] = self.env.event()
        if pod.node is not None:
            pod.data["placed"].succeed()
        self.pods.append(pod)
        self.alive.append(pod)
        pod.process = self.env.process(self._lifecycle(pod))

    def _stop(self, pod: Pod, cause: str) -> None:
        """Para el contenedor: ``"borrado"``, ``"fallo"`` (del contenedor) o ``"nodo"``."""
        if pod.ended_s is not None:
            return
        if cause == "borrado":
            pod.deleting = True
        else:
            pod.failed = True
            pod.lost = pod.lost or cause == "nodo"
        pod.ready_s = None
        if self.on_stop is not None:
            self.on_stop(pod)
        if pod.process is not None and pod.process.is_alive:
            pod.process.interrupt(cause)

    def _delete(self, pod: Pod) -> None:
        if pod.lost:  # en un nodo caído: se borra sin que nadie lo pare
            pod.deleting = True
            self._end(pod)
            return
        self._stop(pod, "borrado")

    def _end(self, pod: Pod) -> None:
        if pod.ended_s is None:
            pod.ended_s = self.env.now
            self.alive.remove(pod)

    def _lifecycle(self, pod: Pod) -> Generator[simpy.Event, Any, None]:
        """Arranque, trabajo y reinicios en su sitio de un pod, hasta que se borra o cae su nodo."""
        env = self.env
        try:
            yield pod.data["placed"]
        except simpy.Interrupt:
            self._end(pod)
            return
        streak = 0
        while True:
            began = env.now
            try:
                yield env.timeout(self.startup_s)
            except simpy.Interrupt:
                pass
            else:
                pod.ready_s, pod.started = env.now, True
                began = env.now
                if self.on_ready is not None:
                    self.on_ready(pod)
                crash = None
                if self.mtbf_s is not None:
                    crash = env.process(self._crash(pod, float(self.rng.exponential(self.mtbf_s))))
                with contextlib.suppress(simpy.Interrupt):
                    yield from self.work(pod)
                if crash is not None and crash.is_alive:
                    crash.interrupt("fin")
            if not pod.failed or pod.lost or pod.deleting:
                break
            streak = 1 if env.now - began >= failures.BACKOFF_RESET_S else streak + 1
            try:
                yield env.timeout(failures.crash_backoff_s(streak))
            except simpy.Interrupt:
                break
            pod.failed = False
            pod.restarts += 1  # restartCount sube cuando el contenedor vuelve a arrancar
        if not pod.lost:
            self._end(pod)

    def _crash(self, pod: Pod, after: float) -> Generator[simpy.Event, Any, None]:
        try:
            yield self.env.timeout(after)
        except simpy.Interrupt:
            return
        self.crash(pod)

    def crash(self, pod: Pod) -> None:
        """El contenedor de ``pod`` falla ahora (si está en marcha): el kubelet lo reiniciará."""
        if pod.ended_s is None and not pod.deleting and not pod.failed and pod.started:
            self.failures += 1
            self.events.append((self.env.now, "fallo"))
            self._stop(pod, "fallo")

    # --- nodos ---------------------------------------------------------------------------------
    def fail_node(self, node: str) -> simpy.Process:
        """El nodo ``node`` cae ahora; devuelve el proceso que lo lleva hasta su vuelta."""
        if self.nodes.get(node) is not True:
            raise ValueError(
                f"node debe ser un nodo sano de {', '.join(self.nodes)}; se recibió {node!r}"
            )
        return self.env.process(self._node_down(node))

    def _node_life(self, node: str) -> Generator[simpy.Event, Any, None]:
        assert self.node_mtbf_s is not None
        while True:
            yield self.env.timeout(float(self.rng.exponential(self.node_mtbf_s)))
            yield from self._node_down(node)

    def _node_down(self, node: str) -> Generator[simpy.Event, Any, None]:
        self.nodes[node] = False
        self.node_failures += 1
        self.events.append((self.env.now, "nodo"))
        lost = [p for p in self.alive if p.node == node]
        for pod in lost:
            self._stop(pod, "nodo")
        yield self.env.timeout(self.timeline.evicted_s)
        evicted = [p for p in lost if p.ended_s is None]
        for pod in evicted:
            pod.deleting = True
            self._end(pod)
        self.evictions += len(evicted)
        if evicted:
            self.events.append((self.env.now, "desalojo"))
        self.env.process(self._later_reconcile())
        yield self.env.timeout(max(self.node_repair_s - self.timeline.evicted_s, 0.0))
        self.nodes[node] = True
        for pod in self.active:
            if pod.node is None:
                pod.node = self._healthy_node()
                pod.data["placed"].succeed()

    def _later_reconcile(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.reconcile_delay_s)
        self.reconcile()

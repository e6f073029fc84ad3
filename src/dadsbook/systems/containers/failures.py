"""Los dos fallos de un pod y cuánto tarda Kubernetes en recuperarse de cada uno.

Un ReplicaSet no «sustituye un pod caído por otro nuevo» sin más. Depende de qué cayó:

- **El contenedor** (el proceso termina con error, lo mata el OOM killer, falla la
  sonda de vida). El pod sigue existiendo y sigue en su nodo: el **kubelet** reinicia
  el contenedor *en su sitio* (``restartPolicy: Always``), con una espera exponencial
  entre reinicios: 10 s, 20 s, 40 s… hasta un máximo de 5 minutos, que vuelve a cero
  cuando el contenedor aguanta 10 minutos sin fallar (documentación de Kubernetes,
  «Pod Lifecycle», *Container restarts*). Mientras espera, el estado del contenedor es
  ``CrashLoopBackOff``. El ReplicaSet no hace nada: para él el pod sigue activo.
- **El nodo** (la máquina se apaga o se queda sin red). Nadie reinicia nada. El
  controlador de ciclo de vida de nodos espera ``--node-monitor-grace-period`` (50 s
  en las versiones recientes; 40 s en las antiguas) sin noticias del kubelet, marca el
  nodo como no listo y le pone el *taint* ``node.kubernetes.io/unreachable``. Los pods
  toleran ese *taint* 300 s por omisión (``tolerationSeconds`` que añade el
  controlador de admisión ``DefaultTolerationSeconds``); pasado ese tiempo se
  **desalojan** (se borran), y solo entonces el ReplicaSet ve que le faltan pods y
  crea otros, que tardan lo que tarde en arrancar uno nuevo.

:func:`crash_backoff_s` y :func:`crash_loop` dan las esperas del primer caso;
:func:`node_failure` la cronología del segundo.

>>> [crash_backoff_s(n) for n in range(1, 8)]
[10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0]
>>> node_failure(startup_s=20).replacement_ready_s
370.0
"""

from __future__ import annotations

from dataclasses import dataclass

from dadsbook import fmt
from dadsbook.tables import Table
from dadsbook.validation import check_int, check_number

__all__ = [
    "BACKOFF_INITIAL_S",
    "BACKOFF_MAX_S",
    "BACKOFF_RESET_S",
    "NODE_MONITOR_GRACE_S",
    "NOT_READY_TOLERATION_S",
    "CrashLoop",
    "NodeFailure",
    "crash_backoff_s",
    "crash_loop",
    "node_failure",
]

#: Primera espera antes de reiniciar un contenedor que ha fallado.
BACKOFF_INITIAL_S = 10.0
#: Tope de la espera (5 minutos).
BACKOFF_MAX_S = 300.0
#: Tiempo funcionando sin fallar que devuelve la espera a su valor inicial.
BACKOFF_RESET_S = 600.0
#: ``--node-monitor-grace-period`` del controlador de nodos (Kubernetes ≥ 1.32).
NODE_MONITOR_GRACE_S = 50.0
#: ``tolerationSeconds`` por omisión para ``not-ready`` y ``unreachable``.
NOT_READY_TOLERATION_S = 300.0


def crash_backoff_s(consecutive: int) -> float:
    """Espera antes del reinicio número ``consecutive`` de una racha de fallos seguidos.

    ``min(10 × 2^(n−1), 300)`` segundos: la racha se corta (y ``n`` vuelve a 1) cuando
    el contenedor funciona :data:`BACKOFF_RESET_S` segundos sin fallar.
    """
    n = check_int("consecutive", consecutive, 1, 10_000)
    return min(BACKOFF_INITIAL_S * 2.0 ** min(n - 1, 32), BACKOFF_MAX_S)


@dataclass(frozen=True)
class CrashLoop:
    """Un contenedor que falla siempre tras ``run_s`` segundos: cada ciclo y su espera."""

    run_s: float
    startup_s: float
    backoffs_s: tuple[float, ...]

    @property
    def down_s(self) -> tuple[float, ...]:
        """Tiempo sin servir en cada ciclo: la espera más el arranque."""
        return tuple(b + self.startup_s for b in self.backoffs_s)

    @property
    def availability(self) -> float:
        """Fracción del tiempo que el contenedor estuvo funcionando en esos ciclos."""
        total = sum(self.down_s) + self.run_s * len(self.backoffs_s)
        return self.run_s * len(self.backoffs_s) / total if total else 1.0

    def table(self) -> Table:
        """Reinicio, espera de *CrashLoopBackOff* y tiempo sin servir de cada ciclo."""
        return Table(
            ("reinicio", "espera", "sin servir (espera + arranque)"),
            [(fmt.number(i), fmt.seconds(b), fmt.seconds(d)) for i, b, d in self.rows()],
        )

    def rows(self) -> list[tuple[int, float, float]]:
        """Filas ``(reinicio, espera, sin servir)`` para una tabla."""
        return [
            (i + 1, b, d) for i, (b, d) in enumerate(zip(self.backoffs_s, self.down_s, strict=True))
        ]


def crash_loop(*, restarts: int, run_s: float, startup_s: float = 0.0) -> CrashLoop:
    """Las esperas de un contenedor que falla ``restarts`` veces tras ``run_s`` segundos.

    Si ``run_s`` llega a :data:`BACKOFF_RESET_S`, cada fallo empieza una racha nueva.

    >>> crash_loop(restarts=4, run_s=5.0).backoffs_s
    (10.0, 20.0, 40.0, 80.0)
    >>> crash_loop(restarts=3, run_s=900.0).backoffs_s
    (10.0, 10.0, 10.0)
    """
    count = check_int("restarts", restarts, 1, 1000)
    run = check_number("run_s", run_s)
    startup = check_number("startup_s", startup_s)
    streak, waits = 0, []
    for _ in range(count):
        streak = 1 if run >= BACKOFF_RESET_S else streak + 1
        waits.append(crash_backoff_s(streak))
    return CrashLoop(run, startup, tuple(waits))


@dataclass(frozen=True)
class NodeFailure:
    """Cronología de un nodo que cae en ``t = 0``: cuándo se entera cada pieza."""

    grace_s: float
    toleration_s: float
    startup_s: float

    @property
    def not_ready_s(self) -> float:
        """El controlador de nodos marca el nodo (y sus pods) como no listos."""
        return self.grace_s

    @property
    def evicted_s(self) -> float:
        """Se acaba la tolerancia: los pods se desalojan y el ReplicaSet crea otros."""
        return self.grace_s + self.toleration_s

    @property
    def replacement_ready_s(self) -> float:
        """El pod de repuesto, en otro nodo, está listo."""
        return self.evicted_s + self.startup_s


def node_failure(
    *,
    startup_s: float,
    grace_s: float = NODE_MONITOR_GRACE_S,
    toleration_s: float = NOT_READY_TOLERATION_S,
) -> NodeFailure:
    """La cronología de :class:`NodeFailure` con los tiempos dados (los de omisión, si no)."""
    return NodeFailure(
        check_number("grace_s", grace_s),
        check_number("toleration_s", toleration_s),
        check_number("startup_s", startup_s),
    )

"""Todos los entrelazados de un programa pequeño: carreras e interbloqueos, sin azar.

Medir una carrera da una frecuencia; demostrarla exige ver **el** entrelazado que la
provoca. Este simulador, al estilo de ``x86.py`` de OSTEP, ejecuta varios hilos de un
lenguaje mínimo (ver :mod:`._machine`) y **explora todos los órdenes posibles**
(búsqueda exhaustiva en profundidad con memoria de estados ya vistos): para cada
estado final dice cuántos entrelazados llevan a él, y señala los que se quedan
**colgados** (ningún hilo puede avanzar y alguno no ha terminado) o violan una
comprobación (``check``). Los colgados son de dos clases: **interbloqueo**, si alguien
espera un cerrojo que tiene otro, o **todos dormidos**, si los que quedan duermen en
una condición y nadie puede despertarlos.

Cada instrucción es atómica; entre dos, el planificador puede cambiar de hilo:

- ``load r x``: registro ``r`` ← variable compartida ``x``;
- ``store x r``: ``x`` ← ``r``;  ``addi r k``: ``r`` ← ``r + k``;
- ``lock L`` / ``unlock L``: cerrojo (bloquea si lo tiene otro hilo);
- ``wait C L``: suelta ``L`` y duerme en la condición ``C``; al despertar, el programa
  vuelve a pedir ``L`` (como :meth:`threading.Condition.wait`);  ``signal C``: despierta a uno;
- ``jz x etiqueta`` / ``jnz x etiqueta``: salta si la variable ``x`` es (o no es) 0;
- ``check x>=0``: comprueba una condición sobre una variable (la anota si falla).

Los programas de ejemplo (:data:`PROGRAMS`) son los del capítulo: el contador sin y con
cerrojo, dos cerrojos en orden opuesto y en orden global, y el búfer de un hueco con
``if`` (el error clásico de OSTEP, cap. 30), con ``while`` y una condición, y con
``while`` y dos condiciones.

>>> r = explore(PROGRAMS["contador"])
>>> sorted(r.finals)
['contador=1', 'contador=2']
>>> explore(PROGRAMS["dos-cerrojos"]).deadlocks > 0
True
>>> explore(PROGRAMS["contador-con-cerrojo"]).finals
{'contador=2': 2}
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dadsbook import fmt
from dadsbook.software.programming._machine import Machine, State
from dadsbook.validation import check_choice, check_int

__all__ = [
    "EXAMPLES",
    "MAX_COUNTER_WORK",
    "MAX_STATES",
    "OUTCOMES",
    "PROGRAMS",
    "Exploration",
    "Program",
    "explore",
    "random_counter_program",
]

#: Estados como máximo en una exploración: se comprueba mientras se explora, y en esta
#: máquina se llega a él en unos 5 s. Los programas del capítulo tienen unos cientos.
MAX_STATES = 50_000

#: Hilos × incrementos como mucho en :func:`random_counter_program`: con 3 × 2 el
#: explorador visita unos 7500 estados (menos de un segundo); con 4 × 2, más de 200 000.
MAX_COUNTER_WORK = 6

#: Los ejemplos que guarda una exploración (ver :meth:`Exploration.example`).
EXAMPLES = ("colgado", "comprobación", "resultado")

#: Cómo acaba cada entrelazado (una partición: cada uno cuenta en una sola clase, la
#: primera que le toca en este orden: una comprobación fallida pesa más que colgarse).
OUTCOMES = ("comprobación fallida", "interbloqueo", "todos duermen", "resultado incorrecto",
            "bien")  # fmt: skip


@dataclass(frozen=True)
class Program:
    """Hilos (listas de instrucciones) y valores iniciales de las variables compartidas.

    ``expected``, si se da, son los valores finales correctos: un entrelazado que
    termina con otros se cuenta como resultado incorrecto (una carrera).
    """

    name: str
    threads: tuple[tuple[str, ...], ...]
    initial: Mapping[str, int] = field(default_factory=dict)
    description: str = ""
    expected: Mapping[str, int] | None = None

    def listing(self) -> str:
        """El programa en columnas, un hilo por columna, como en OSTEP."""
        if not self.threads or not all(self.threads):
            raise ValueError("threads debe tener al menos un hilo, y cada hilo una instrucción")
        width = max(len(i) for t in self.threads for i in t) + 2
        head = "".join(f"hilo {k}".ljust(width) for k in range(len(self.threads)))
        rows = max(len(t) for t in self.threads)
        lines = [head.rstrip()]
        for i in range(rows):
            cells = [(t[i] if i < len(t) else "").ljust(width) for t in self.threads]
            lines.append("".join(cells).rstrip())
        shared = ", ".join(f"{k}={v}" for k, v in sorted(self.initial.items())) or "todas a 0"
        return "\n".join(lines) + f"\nvariables al empezar: {shared}"


def _plural(count: int) -> str:
    return f"{fmt.number(count)} entrelazado" + ("" if count == 1 else "s")


def _final_text(shared: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{k}={v}" for k, v in shared)


@dataclass(frozen=True)
class Exploration:
    """El resultado: estados finales con cuántos entrelazados llevan a cada uno.

    ``deadlocks`` cuenta todos los entrelazados que se quedan colgados; ``asleep``, los
    de esos en que los hilos que quedan duermen en una condición (los demás esperan
    cerrojos: interbloqueo); ``violations``, los que fallan una comprobación (acaben
    como acaben). ``outcomes`` reparte todos los entrelazados entre :data:`OUTCOMES`;
    «resultado incorrecto» es terminar con valores distintos de
    :attr:`Program.expected`.
    """

    program: Program
    finals: dict[str, int]
    deadlocks: int
    violations: int
    interleavings: int
    states: int
    example_deadlock: tuple[int, ...] = ()
    example_violation: tuple[int, ...] = ()
    asleep: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    example_wrong: tuple[int, ...] = ()

    @property
    def correct(self) -> int:
        """Entrelazados que terminan bien: sin colgarse, sin fallos y con lo esperado."""
        return self.outcomes.get("bien", 0)

    def report(self) -> str:
        """El informe en español, como la salida de ``-c``."""
        lines = [
            f"Entrelazados completos explorados: {fmt.number(self.interleavings)} "
            f"({fmt.number(self.states)} estados)."
        ]
        expected = _final_text(tuple(sorted((self.program.expected or {}).items())))
        for state, count in sorted(self.finals.items()):
            bad = self.program.expected is not None and state != expected
            note = f" (incorrecto: se esperaba {expected})" if bad else ""
            ending = f"termina con {state}" if state else "todos terminan"
            lines.append(f"  {ending}: {_plural(count)}{note}")
        locked = self.deadlocks - self.asleep
        if locked:
            lines.append(
                f"  INTERBLOQUEO en {_plural(locked)}: cada hilo espera un cerrojo que "
                f"tiene otro{self._example_text(self.example_deadlock)}"
            )
        if self.asleep:
            lines.append(
                f"  TODOS DUERMEN en {_plural(self.asleep)}: los hilos que quedan esperan "
                f"una señal que nadie dará{self._example_text(self.example_deadlock)}"
            )
        if self.violations:
            lines.append(
                f"  comprobación fallida en {_plural(self.violations)}"
                f"{self._example_text(self.example_violation)}"
            )
        if len(self.finals) > 1:
            lines.append("Hay CARRERA: el resultado depende del orden.")
        elif not self.deadlocks and not self.violations:
            lines.append("Todos los órdenes dan lo mismo: no hay carrera.")
        return "\n".join(lines)

    @staticmethod
    def _example_text(path: tuple[int, ...]) -> str:
        return f"; por ejemplo: {_runs(path)}" if path else ""

    def example(self, kind: str) -> str:
        """El entrelazado de ejemplo de ``kind`` paso a paso (ver :func:`trace`).

        ``kind`` es ``"colgado"`` (interbloqueo o todos dormidos), ``"comprobación"``
        (hasta el ``check`` que falla) o ``"resultado"`` (termina con un valor incorrecto).
        """
        paths = dict(zip(EXAMPLES, (self.example_deadlock, self.example_violation,
                                    self.example_wrong), strict=True))  # fmt: skip
        check_choice("kind", kind, paths)
        if not paths[kind]:
            raise ValueError(f"la exploración de {self.program.name!r} no tiene ejemplo {kind!r}")
        return trace(self.program, paths[kind])


def _runs(path: Sequence[int]) -> str:
    """Un orden de ejecución compacto: «h1×3 → h0×2» (hilo y cuántas instrucciones seguidas).

    >>> _runs((1, 1, 1, 0, 0))
    'h1×3 → h0×2'
    """
    parts: list[tuple[int, int]] = []
    for t in path:
        if parts and parts[-1][0] == t:
            parts[-1] = (t, parts[-1][1] + 1)
        else:
            parts.append((t, 1))
    return " → ".join(f"h{t}×{n}" for t, n in parts)


def trace(program: Program, path: Sequence[int]) -> str:
    """Reproduce ``path`` (el hilo de cada paso) como la salida de ``x86.py -c``.

    Una fila por instrucción, en la columna de su hilo, con las variables compartidas
    después del paso; las etiquetas (``label``) no se muestran. Si al final nadie
    puede avanzar, la última línea dice quién espera qué.

    >>> print(trace(PROGRAMS["dos-cerrojos"], (0, 1)))  # doctest: +NORMALIZE_WHITESPACE
    hilo 0   hilo 1
    lock A
             lock B
    → nadie puede avanzar: hilo 0 espera B (lo tiene hilo 1); hilo 1 espera A (lo tiene hilo 0)
    """
    return Machine(program.threads, program.initial).replay(path)


#: (finales, colgados, todos dormidos, comprobaciones fallidas, clases) desde un estado.
_Counts = tuple[dict[str, int], int, int, int, dict[str, int]]


def _merge(into: dict[str, int], more: Mapping[str, int]) -> None:
    for k, count in more.items():
        into[k] = into.get(k, 0) + count


def explore(program: Program, *, max_states: int = MAX_STATES) -> Exploration:
    """Explora todos los entrelazados de ``program`` (búsqueda exhaustiva)."""
    if not isinstance(program, Program):
        raise TypeError(f"program debe ser un Program; se recibió {type(program).__name__}")
    check_int("max_states", max_states, 1, 10 * MAX_STATES)
    machine = Machine(program.threads, program.initial)
    n = len(machine.code)
    expected = None if program.expected is None else tuple(sorted(program.expected.items()))
    memo: dict[State, _Counts] = {}
    example: dict[str, tuple[int, ...]] = {}
    path: list[int] = []

    def terminal(state: State) -> _Counts:
        failed = state[5]
        if all(machine.done(state, t) for t in range(n)):
            shared = state[2]
            wrong = expected is not None and shared != expected
            if wrong and not failed:
                example.setdefault("resultado", tuple(path))
            kind = "comprobación fallida" if failed else "resultado incorrecto" if wrong else "bien"
            return {_final_text(shared): 1}, 0, 0, int(failed), {kind: 1}
        example.setdefault("colgado", tuple(path))
        asleep = machine.all_asleep(state)
        stuck = "todos duermen" if asleep else "interbloqueo"
        return {}, 1, int(asleep), int(failed), {"comprobación fallida" if failed else stuck: 1}

    def visit(state: State) -> _Counts:
        if state in memo:
            return memo[state]
        if len(memo) >= max_states:
            raise ValueError(
                f"el programa tiene más de {fmt.number(max_states)} estados: hazlo más pequeño"
            )
        ready = machine.runnable(state)
        if not ready:
            memo[state] = terminal(state)
            return memo[state]
        finals: dict[str, int] = {}
        outcomes: dict[str, int] = {}
        stuck = asleep = failed = 0
        for t in ready:
            path.append(t)
            result = machine.step(state, t)
            if result.failed:
                example.setdefault("comprobación", tuple(path))
            f, s, a, v, o = visit(result.state)
            path.pop()
            _merge(finals, f)
            _merge(outcomes, o)
            stuck, asleep, failed = stuck + s, asleep + a, failed + v
        memo[state] = (finals, stuck, asleep, failed, outcomes)
        return memo[state]

    finals, deadlocks, asleep, violations, outcomes = visit(machine.start)
    return Exploration(
        program, finals, deadlocks, violations, sum(outcomes.values()), len(memo),
        example.get("colgado", ()), example.get("comprobación", ()), asleep,
        {k: outcomes[k] for k in OUTCOMES if k in outcomes}, example.get("resultado", ()),
    )  # fmt: skip


def _producer(cond: str) -> tuple[str, ...]:
    """Un productor que pone dos elementos, cada uno con ``while`` y señal en ``cond``."""
    once = (
        "lock m", "label espera", "jz lleno pon", "wait {w} m", "lock m", "jnz lleno espera",
        "label pon", "load r lleno", "addi r 1", "store lleno r", "signal {s}", "unlock m",
    )  # fmt: skip
    wait, signal = ("vacio", "hay") if cond == "dos" else ("c", "c")
    first = tuple(i.format(w=wait, s=signal) for i in once)
    return first + tuple(i.replace("espera", "espera2").replace("pon", "pon2") for i in first)


def _consumer(check_with: str, cond: str) -> tuple[str, ...]:
    """Un consumidor que saca un elemento; ``check lleno>=0`` falla si el búfer estaba vacío."""
    wait, signal = ("hay", "vacio") if cond == "dos" else ("c", "c")
    take = ("label saca", "load r lleno", "addi r -1", "store lleno r", "check lleno>=0",
            f"signal {signal}", "unlock m")  # fmt: skip
    if check_with == "if":  # comprueba una sola vez: al despertar, saca sin mirar
        return ("lock m", "jnz lleno saca", f"wait {wait} m", "lock m", *take)
    return ("lock m", "label espera", "jnz lleno saca", f"wait {wait} m", "lock m",
            "jz lleno espera", *take)  # fmt: skip


def _buffer(check_with: str, cond: str = "una") -> Program:
    """Búfer de un hueco, un productor y dos consumidores (OSTEP, cap. 30).

    ``check_with`` es ``"if"`` (el consumidor comprueba una vez: error de la fig. 30.8)
    o ``"while"`` (vuelve a comprobar al despertar). Con una sola condición ``c``
    (fig. 30.10), un consumidor puede despertar al otro consumidor en lugar de al
    productor y quedarse todos dormidos; con dos (fig. 30.12), ``vacio`` (donde espera
    el productor) y ``hay`` (donde esperan los consumidores), cada señal despierta a
    quien toca.
    """
    consumer = _consumer(check_with, cond)
    how = "dos condiciones" if cond == "dos" else "una condición"
    return Program(
        f"búfer con {check_with} y {how}",
        (_producer(cond), consumer, consumer),
        {"lleno": 0},
        f"un productor pone dos elementos y dos consumidores sacan uno cada uno; "
        f"comprueban el búfer con «{check_with}» y usan {how}",
        {"lleno": 0},
    )


#: Los programas del capítulo.
PROGRAMS: dict[str, Program] = {
    "contador": Program(
        "contador",
        (("load r contador", "addi r 1", "store contador r"),) * 2,
        {"contador": 0},
        "dos hilos incrementan un contador compartido sin cerrojo",
        {"contador": 2},
    ),
    "contador-con-cerrojo": Program(
        "contador-con-cerrojo",
        (("lock m", "load r contador", "addi r 1", "store contador r", "unlock m"),) * 2,
        {"contador": 0},
        "el mismo contador dentro de un cerrojo",
        {"contador": 2},
    ),
    "dos-cerrojos": Program(
        "dos-cerrojos",
        (
            ("lock A", "lock B", "unlock B", "unlock A"),
            ("lock B", "lock A", "unlock A", "unlock B"),
        ),
        {},
        "dos hilos toman dos cerrojos en orden opuesto",
        {},
    ),
    "orden-global": Program(
        "orden-global",
        (("lock A", "lock B", "unlock B", "unlock A"),) * 2,
        {},
        "los dos hilos toman los cerrojos en el mismo orden (A antes que B)",
        {},
    ),
    "bufer-if": _buffer("if"),
    "bufer-while": _buffer("while"),
    "bufer-dos-condiciones": _buffer("while", "dos"),
}


def random_counter_program(rng: random.Random, *, threads: int = 2, steps: int = 2) -> Program:
    """Un contador con ``threads`` hilos que lo incrementan ``steps`` veces (para ``-s``).

    Cada incremento suma 1, 2 o 3 (al azar) y, la mitad de las veces, el cuerpo va
    dentro de un cerrojo. ``threads × steps`` no pasa de :data:`MAX_COUNTER_WORK`: los
    órdenes crecen de forma combinatoria y el explorador los prueba todos.
    """
    check_int("threads", threads, 1, 4)
    check_int("steps", steps, 1, 3)
    if threads * steps > MAX_COUNTER_WORK:
        raise ValueError(
            f"threads × steps debe ser como mucho {MAX_COUNTER_WORK} (el explorador prueba "
            f"todos los órdenes); se recibió {threads} × {steps}"
        )
    body: list[str] = []
    total = 0
    for _ in range(steps):
        k = rng.choice((1, 2, 3))
        total += k
        body += ["load r x", f"addi r {k}", "store x r"]
    locked = rng.random() < 0.5
    if locked:
        body = ["lock m", *body, "unlock m"]
    return Program(
        "aleatorio",
        tuple(tuple(body) for _ in range(threads)),
        {"x": 0},
        f"{threads} hilos suman a x {'con' if locked else 'sin'} cerrojo",
        {"x": threads * total},
    )

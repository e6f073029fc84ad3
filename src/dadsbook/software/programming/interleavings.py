"""Todos los entrelazados de un programa pequeño: carreras e interbloqueos, sin azar.

Medir una carrera da una frecuencia; demostrarla exige ver **el** entrelazado que la
provoca. Este simulador, al estilo de ``x86.py`` de OSTEP, ejecuta varios hilos de un
lenguaje mínimo y **explora todos los órdenes posibles** (búsqueda exhaustiva en
profundidad con memoria de estados ya vistos): para cada estado final dice cuántos
entrelazados llevan a él, y señala los que terminan en **interbloqueo** (ningún hilo
puede avanzar y alguno no ha terminado) o violan una comprobación (``check``).

Instrucciones (cada una es atómica; entre dos, el planificador puede cambiar de hilo):

- ``load r x``: registro ``r`` ← variable compartida ``x``;
- ``store x r``: ``x`` ← ``r``;  ``addi r k``: ``r`` ← ``r + k``;
- ``lock L`` / ``unlock L``: cerrojo (bloquea si lo tiene otro hilo);
- ``wait C L``: suelta ``L`` y duerme en la condición ``C``; al despertar vuelve a
  tomar ``L`` (como :meth:`threading.Condition.wait`);  ``signal C``: despierta a uno;
- ``jz x etiqueta`` / ``jnz x etiqueta``: salta si la variable ``x`` es (o no es) 0;
- ``check x>=0``: comprueba una condición sobre una variable (la anota si falla).

Los programas de ejemplo (:data:`PROGRAMS`) son los del capítulo: el contador sin y con
cerrojo, dos cerrojos en orden opuesto y en orden global, y el búfer de un hueco con
``if`` (el error clásico de OSTEP, cap. 30) y con ``while``.

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
from collections.abc import Mapping
from dataclasses import dataclass, field

from dadsbook.validation import check_int

__all__ = [
    "PROGRAMS",
    "Exploration",
    "Program",
    "explore",
    "random_counter_program",
]

#: Estados como máximo en una exploración (la CLI lo comprueba antes de empezar).
MAX_STATES = 200_000


@dataclass(frozen=True)
class Program:
    """Hilos (listas de instrucciones) y valores iniciales de las variables compartidas."""

    name: str
    threads: tuple[tuple[str, ...], ...]
    initial: Mapping[str, int] = field(default_factory=dict)
    description: str = ""

    def listing(self) -> str:
        """El programa en columnas, un hilo por columna, como en OSTEP."""
        width = max(len(i) for t in self.threads for i in t) + 2
        head = "".join(f"hilo {k}".ljust(width) for k in range(len(self.threads)))
        rows = max(len(t) for t in self.threads)
        lines = [head.rstrip()]
        for i in range(rows):
            cells = [(t[i] if i < len(t) else "").ljust(width) for t in self.threads]
            lines.append("".join(cells).rstrip())
        shared = ", ".join(f"{k}={v}" for k, v in sorted(self.initial.items())) or "todas a 0"
        return "\n".join(lines) + f"\nvariables al empezar: {shared}"


@dataclass(frozen=True)
class Exploration:
    """El resultado: estados finales con cuántos entrelazados llevan a cada uno."""

    program: Program
    finals: dict[str, int]
    deadlocks: int
    violations: int
    interleavings: int
    states: int
    example_deadlock: tuple[int, ...] = ()
    example_violation: tuple[int, ...] = ()

    def report(self) -> str:
        """El informe en español, como la salida de ``-c``."""
        lines = [
            f"Entrelazados completos explorados: {self.interleavings} ({self.states} estados)."
        ]
        for state, count in sorted(self.finals.items()):
            lines.append(f"  termina con {state}: {count} entrelazados")
        if self.deadlocks:
            order = _runs(self.example_deadlock)
            lines.append(f"  INTERBLOQUEO en {self.deadlocks} entrelazados; por ejemplo: {order}")
        if self.violations:
            order = _runs(self.example_violation)
            lines.append(
                f"  comprobación fallida en {self.violations} entrelazados; por ejemplo: {order}"
            )
        if len(self.finals) > 1:
            lines.append("Hay CARRERA: el resultado depende del orden.")
        elif not self.deadlocks and not self.violations:
            lines.append("Todos los órdenes dan lo mismo: no hay carrera.")
        return "\n".join(lines)


def _runs(path: tuple[int, ...]) -> str:
    """Un orden de ejecución compacto: «h1×3 → h0×2» (hilo y cuántas instrucciones seguidas).

    >>> _runs((1, 1, 1, 0, 0))
    'h1×3 → h0×2'
    """
    parts: list[str] = []
    for t in path:
        if parts and parts[-1].startswith(f"h{t}×"):
            count = int(parts[-1].split("×")[1]) + 1
            parts[-1] = f"h{t}×{count}"
        else:
            parts.append(f"h{t}×1")
    return " → ".join(parts)


_OPS = {"load": 2, "store": 2, "addi": 2, "lock": 1, "unlock": 1, "wait": 2, "signal": 1,
        "jz": 2, "jnz": 2, "check": 1, "label": 1}  # fmt: skip


def _parse(program: Program) -> list[list[tuple[str, ...]]]:
    parsed = []
    for k, thread in enumerate(program.threads):
        code = []
        for line in thread:
            words = tuple(line.replace(">=", " >= ").split())
            if not words or words[0] not in _OPS:
                raise ValueError(f"hilo {k}: instrucción desconocida {line!r}")
            code.append(words)
        parsed.append(code)
    return parsed


def _labels(code: list[tuple[str, ...]]) -> dict[str, int]:
    return {w[1]: i for i, w in enumerate(code) if w[0] == "label"}


# Un estado: (pcs, registros por hilo, variables, dueños de cerrojos, durmientes por condición)
State = tuple[tuple[int, ...], tuple[tuple[tuple[str, int], ...], ...],
              tuple[tuple[str, int], ...], tuple[tuple[str, int], ...],
              tuple[tuple[int, str], ...]]  # fmt: skip


def explore(program: Program, *, max_states: int = MAX_STATES) -> Exploration:
    """Explora todos los entrelazados de ``program`` (búsqueda exhaustiva)."""
    check_int("max_states", max_states, 1, 10 * MAX_STATES)
    code = _parse(program)
    labels = [_labels(c) for c in code]
    n = len(code)
    start: State = (
        (0,) * n,
        tuple(() for _ in range(n)),
        tuple(sorted(program.initial.items())),
        (),
        (),
    )
    memo: dict[State, tuple[dict[str, int], int, int, int]] = {}
    example: dict[str, tuple[int, ...]] = {}
    path: list[int] = []

    def runnable(state: State) -> list[int]:
        pcs, _regs, _vars, owners, sleepers = state
        locks = dict(owners)
        asleep = {t for t, _c in sleepers}
        out = []
        for t in range(n):
            if pcs[t] >= len(code[t]) or t in asleep:
                continue
            op = code[t][pcs[t]]
            if op[0] == "lock" and locks.get(op[1], t) != t:
                continue
            out.append(t)
        return out

    def step(state: State, t: int) -> tuple[State, bool]:
        pcs, regs, shared, owners, sleepers = state
        reg = dict(regs[t])
        var = dict(shared)
        locks = dict(owners)
        sleep = list(sleepers)
        op = code[t][pcs[t]]
        nxt = pcs[t] + 1
        bad = False
        kind = op[0]
        if kind == "load":
            reg[op[1]] = var.get(op[2], 0)
        elif kind == "store":
            var[op[1]] = reg.get(op[2], 0)
        elif kind == "addi":
            reg[op[1]] = reg.get(op[1], 0) + int(op[2])
        elif kind == "lock":
            locks[op[1]] = t
        elif kind == "unlock":
            locks.pop(op[1], None)
        elif kind == "wait":
            # Suelta el cerrojo y duerme. Al despertar sigue por la instrucción siguiente,
            # que en los programas es «lock» del mismo cerrojo: volver a tomarlo.
            locks.pop(op[2], None)
            sleep.append((t, op[1]))
        elif kind == "signal":
            for i, (_who, cond) in enumerate(sleep):
                if cond == op[1]:
                    del sleep[i]
                    break
        elif kind in ("jz", "jnz"):
            value = var.get(op[1], 0)
            if (value == 0) == (kind == "jz"):
                nxt = labels[t][op[2]]
        elif kind == "check":
            name, _, bound = op[1].partition(">=")
            bad = var.get(name, 0) < int(bound or 0)
        new_pcs = list(pcs)
        new_pcs[t] = nxt
        new_regs = list(regs)
        new_regs[t] = tuple(sorted(reg.items()))
        return (
            tuple(new_pcs), tuple(new_regs), tuple(sorted(var.items())),
            tuple(sorted(locks.items())), tuple(sleep),
        ), bad  # fmt: skip

    def visit(state: State) -> tuple[dict[str, int], int, int, int]:
        if state in memo:
            return memo[state]
        if len(memo) >= max_states:
            raise ValueError(f"el programa tiene más de {max_states} estados: hazlo más pequeño")
        ready = runnable(state)
        pcs = state[0]
        if not ready:
            if all(pcs[t] >= len(code[t]) for t in range(n)):
                final = ", ".join(f"{k}={v}" for k, v in state[2]) or "todos terminan"
                result: tuple[dict[str, int], int, int, int] = ({final: 1}, 0, 0, 1)
            else:
                example.setdefault("deadlock", tuple(path))
                result = ({}, 1, 0, 1)
            memo[state] = result
            return result
        finals: dict[str, int] = {}
        deadlocks = violations = total = 0
        for t in ready:
            path.append(t)
            child, bad = step(state, t)
            if bad:
                example.setdefault("violation", tuple(path))
            f, d, v, c = visit(child)
            path.pop()
            for k, count in f.items():
                finals[k] = finals.get(k, 0) + count
            deadlocks += d
            violations += v + (c if bad else 0)
            total += c
        memo[state] = (finals, deadlocks, violations, total)
        return memo[state]

    finals, deadlocks, violations, total = visit(start)
    return Exploration(
        program, finals, deadlocks, violations, total, len(memo),
        example.get("deadlock", ()), example.get("violation", ()),
    )  # fmt: skip


def _two_conditions() -> Program:
    """El búfer correcto de OSTEP (fig. 30.12): ``while`` y **dos** condiciones.

    Con una sola condición, un consumidor puede despertar a otro consumidor en lugar de
    al productor y quedarse todos dormidos; con ``vacio`` (espera el productor) y
    ``hay`` (esperan los consumidores), cada señal despierta a quien toca.
    """
    consumer = (
        "lock m", "label espera", "jnz lleno saca", "wait hay m", "lock m", "jz lleno espera",
        "label saca", "load r lleno", "addi r -1", "store lleno r", "check lleno>=0",
        "signal vacio", "unlock m",
    )  # fmt: skip
    once = (
        "lock m", "label espera", "jz lleno pon", "wait vacio m", "lock m", "jnz lleno espera",
        "label pon", "load r lleno", "addi r 1", "store lleno r", "signal hay", "unlock m",
    )  # fmt: skip
    second = tuple(i.replace("espera", "espera2").replace("pon", "pon2") for i in once)
    return Program(
        "búfer con dos condiciones",
        (once + second, consumer, consumer),
        {"lleno": 0},
        "«while» y una condición para cada lado: ni carreras ni hilos dormidos para siempre",
    )


def _buffer(check_with: str) -> Program:
    """Búfer de un hueco, un productor y dos consumidores (OSTEP, cap. 30, fig. 30.8/30.10).

    ``check_with`` es ``"if"`` (comprueba una vez: error) o ``"while"`` (vuelve a
    comprobar al despertar: correcto). El productor pone dos elementos; cada consumidor
    saca uno. ``check lleno>=0`` falla si alguien saca de un búfer vacío.
    """
    again = "jz lleno espera" if check_with == "while" else "jnz lleno saca"
    consumer: tuple[str, ...] = (
        "lock m", "label espera", "jnz lleno saca", "wait c m", "lock m", again,
        "label saca", "load r lleno", "addi r -1", "store lleno r", "check lleno>=0",
        "signal c", "unlock m",
    )  # fmt: skip
    if check_with == "if":
        consumer = (
            "lock m", "jnz lleno saca", "wait c m", "lock m", "label saca",
            "load r lleno", "addi r -1", "store lleno r", "check lleno>=0",
            "signal c", "unlock m",
        )  # fmt: skip
    producer_once = (
        "lock m", "label espera", "jz lleno pon", "wait c m", "lock m", "jnz lleno espera",
        "label pon", "load r lleno", "addi r 1", "store lleno r", "signal c", "unlock m",
    )  # fmt: skip
    second = tuple(i.replace("espera", "espera2").replace("pon", "pon2") for i in producer_once)
    return Program(
        f"búfer con {check_with}",
        (producer_once + second, consumer, consumer),
        {"lleno": 0},
        f"un productor y dos consumidores comprueban el búfer con «{check_with}»",
    )


#: Los programas del capítulo.
PROGRAMS: dict[str, Program] = {
    "contador": Program(
        "contador",
        (("load r contador", "addi r 1", "store contador r"),) * 2,
        {"contador": 0},
        "dos hilos incrementan un contador compartido sin cerrojo",
    ),
    "contador-con-cerrojo": Program(
        "contador-con-cerrojo",
        (("lock m", "load r contador", "addi r 1", "store contador r", "unlock m"),) * 2,
        {"contador": 0},
        "el mismo contador dentro de un cerrojo",
    ),
    "dos-cerrojos": Program(
        "dos-cerrojos",
        (
            ("lock A", "lock B", "unlock B", "unlock A"),
            ("lock B", "lock A", "unlock A", "unlock B"),
        ),
        {},
        "dos hilos toman dos cerrojos en orden opuesto",
    ),
    "orden-global": Program(
        "orden-global",
        (("lock A", "lock B", "unlock B", "unlock A"),) * 2,
        {},
        "los dos hilos toman los cerrojos en el mismo orden (A antes que B)",
    ),
    "bufer-if": _buffer("if"),
    "bufer-while": _buffer("while"),
    "bufer-dos-condiciones": _two_conditions(),
}


def random_counter_program(rng: random.Random, *, threads: int = 2, steps: int = 2) -> Program:
    """Un contador con ``threads`` hilos que lo incrementan ``steps`` veces (para ``-s``)."""
    check_int("threads", threads, 1, 4)
    check_int("steps", steps, 1, 3)
    body: list[str] = []
    for _ in range(steps):
        k = rng.choice((1, 2, 3))
        body += ["load r x", f"addi r {k}", "store x r"]
    locked = rng.random() < 0.5
    if locked:
        body = ["lock m", *body, "unlock m"]
    return Program(
        "aleatorio",
        tuple(tuple(body) for _ in range(threads)),
        {"x": 0},
        f"{threads} hilos suman a x {'con' if locked else 'sin'} cerrojo",
    )

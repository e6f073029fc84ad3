"""La máquina del explorador de entrelazados: el lenguaje mínimo y un paso de un hilo.

:mod:`.interleavings` decide **qué** órdenes probar; este módulo sabe ejecutar **una**
instrucción de un hilo sobre un estado inmutable (que se puede memorizar) y decir qué
hilos pueden avanzar. Instrucciones (cada una atómica):

- ``load r x`` (registro ← variable compartida), ``store x r``, ``addi r k``;
- ``lock L`` / ``unlock L``: un hilo que pide un cerrojo ajeno no puede avanzar;
- ``wait C L``: suelta ``L`` y duerme en ``C`` (al despertar, la siguiente
  instrucción del programa vuelve a pedir ``L``); ``signal C`` despierta al primero
  que duerme en ``C`` (semántica de Mesa, como :class:`threading.Condition`);
- ``jz x E`` / ``jnz x E``: salta a ``label E`` si ``x`` es (o no es) 0;
- ``check x>=k``: anota un fallo si no se cumple; ``label E``: marca, no hace nada.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Machine", "State", "Step"]

_ARITY = {"load": 3, "store": 3, "addi": 3, "lock": 2, "unlock": 2, "wait": 3, "signal": 2,
          "jz": 3, "jnz": 3, "check": 2, "label": 2}  # fmt: skip

#: pcs, registros por hilo, variables, dueños de cerrojos, durmientes (hilo, condición),
#: y si alguna comprobación falló ya en este camino.
State = tuple[
    tuple[int, ...],
    tuple[tuple[tuple[str, int], ...], ...],
    tuple[tuple[str, int], ...],
    tuple[tuple[str, int], ...],
    tuple[tuple[int, str], ...],
    bool,
]


@dataclass(frozen=True)
class Step:
    """Lo que hizo un paso: el estado siguiente, si falló una comprobación y una nota."""

    state: State
    failed: bool
    note: str


def _parse_check(text: str, where: str) -> tuple[str, int]:
    name, sep, bound = text.partition(">=")
    try:
        value = int(bound)
    except ValueError:
        value = None
    if not sep or not name or value is None:
        raise ValueError(
            f"{where}: check debe tener la forma variable>=entero; se recibió {text!r}"
        )
    return name, value


class Machine:
    """Los hilos de un programa, ya analizados, y cómo avanza cada uno."""

    def __init__(self, threads: Sequence[Sequence[str]], initial: Mapping[str, int]) -> None:
        self.code: list[list[tuple[str, ...]]] = []
        self.labels: list[dict[str, int]] = []
        for k, thread in enumerate(threads):
            words_list = []
            for line in thread:
                words = tuple(line.split())
                if not words or words[0] not in _ARITY or len(words) != _ARITY[words[0]]:
                    raise ValueError(f"hilo {k}: instrucción desconocida {line!r}")
                if words[0] == "check":
                    _parse_check(words[1], f"hilo {k}")
                words_list.append(words)
            labels = {w[1]: i for i, w in enumerate(words_list) if w[0] == "label"}
            for w in words_list:
                if w[0] in ("jz", "jnz") and w[2] not in labels:
                    raise ValueError(f"hilo {k}: la etiqueta {w[2]!r} no existe")
            self.code.append(words_list)
            self.labels.append(labels)
        self.start: State = (
            (0,) * len(self.code),
            tuple(() for _ in self.code),
            tuple(sorted(initial.items())),
            (),
            (),
            False,
        )

    def done(self, state: State, t: int) -> bool:
        """Si el hilo ``t`` ya ejecutó su última instrucción."""
        return state[0][t] >= len(self.code[t])

    def runnable(self, state: State) -> list[int]:
        """Hilos que pueden dar un paso: ni terminados, ni dormidos, ni ante un cerrojo ajeno."""
        pcs, _regs, _vars, owners, sleepers, _failed = state
        locks = dict(owners)
        asleep = {t for t, _c in sleepers}
        out = []
        for t in range(len(self.code)):
            if self.done(state, t) or t in asleep:
                continue
            op = self.code[t][pcs[t]]
            if op[0] == "lock" and locks.get(op[1], t) != t:
                continue
            out.append(t)
        return out

    def stuck(self, state: State) -> str:
        """Por qué nadie avanza en un estado sin hilos listos (y alguno sin terminar)."""
        pcs, _regs, _vars, owners, sleepers, _failed = state
        locks = dict(owners)
        waits = []
        for t in range(len(self.code)):
            if self.done(state, t):
                continue
            cond = next((c for who, c in sleepers if who == t), None)
            if cond is not None:
                waits.append(f"hilo {t} duerme en {cond}")
            else:
                lock = self.code[t][pcs[t]][1]
                waits.append(f"hilo {t} espera {lock} (lo tiene hilo {locks[lock]})")
        return "; ".join(waits)

    def all_asleep(self, state: State) -> bool:
        """Si todos los hilos sin terminar duermen en una condición (nadie espera cerrojos)."""
        asleep = {t for t, _c in state[4]}
        return all(self.done(state, t) or t in asleep for t in range(len(self.code)))

    def step(self, state: State, t: int) -> Step:
        """Ejecuta la instrucción actual del hilo ``t``."""
        pcs, regs, shared, owners, sleepers, failed = state
        reg = dict(regs[t])
        var = dict(shared)
        locks = dict(owners)
        sleep = list(sleepers)
        op = self.code[t][pcs[t]]
        nxt = pcs[t] + 1
        bad = False
        note = ""
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
            locks.pop(op[2], None)
            sleep.append((t, op[1]))
            note = "duerme"
        elif kind == "signal":
            woken = next((i for i, (_w, c) in enumerate(sleep) if c == op[1]), None)
            if woken is None:
                note = "no hay nadie: se pierde"
            else:
                note = f"despierta a hilo {sleep[woken][0]}"
                del sleep[woken]
        elif kind in ("jz", "jnz"):
            if (var.get(op[1], 0) == 0) == (kind == "jz"):
                nxt = self.labels[t][op[2]]
        elif kind == "check":
            name, bound = _parse_check(op[1], f"hilo {t}")
            bad = var.get(name, 0) < bound
            note = f"FALLA: {name}={var.get(name, 0)}" if bad else ""
        new_pcs = list(pcs)
        new_pcs[t] = nxt
        new_regs = list(regs)
        new_regs[t] = tuple(sorted(reg.items()))
        return Step(
            (tuple(new_pcs), tuple(new_regs), tuple(sorted(var.items())),
             tuple(sorted(locks.items())), tuple(sleep), failed or bad),
            bad, note,
        )  # fmt: skip

    def replay(self, path: Sequence[int]) -> str:
        """Reproduce ``path`` (el hilo de cada paso) como la salida de ``x86.py -c``.

        Una fila por instrucción, en la columna de su hilo, con las variables compartidas
        después del paso; las etiquetas (``label``) no se muestran. Si al final nadie
        puede avanzar, la última línea dice quién espera qué.
        """
        state: State = self.start
        names = [name for name, _ in self.start[2]]
        rows: list[tuple[list[str], int, str]] = []
        for step, t in enumerate(path):
            if t not in self.runnable(state):
                raise ValueError(f"path: en el paso {step + 1} el hilo {t} no puede avanzar")
            op = self.code[t][state[0][t]]
            result = self.step(state, t)
            state = result.state
            if op[0] == "label":
                continue
            shared = dict(state[2])
            text = " ".join(op) + (f"  ({result.note})" if result.note else "")
            rows.append(([str(shared.get(n, 0)) for n in names], t, text))
        n = len(self.code)
        widths = [max([len(f"hilo {k}")] + [len(r[2]) for r in rows if r[1] == k]) + 3
                  for k in range(n)]  # fmt: skip
        value_widths = [
            max([len(name)] + [len(r[0][i]) for r in rows]) for i, name in enumerate(names)
        ]
        head = [name.rjust(w) for name, w in zip(names, value_widths, strict=True)]
        lines = ["  ".join([*head, ""]) + "".join(f"hilo {k}".ljust(widths[k]) for k in range(n))]
        for values, t, text in rows:
            cells = [v.rjust(w) for v, w in zip(values, value_widths, strict=True)]
            lead = "".join(" " * widths[k] for k in range(t))
            lines.append("  ".join([*cells, ""]) + lead + text)
        if not self.runnable(state) and not all(self.done(state, t) for t in range(n)):
            lines.append(f"→ nadie puede avanzar: {self.stuck(state)}")
        return "\n".join(line.rstrip() for line in lines)

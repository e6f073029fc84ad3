"""Segmentación (*pipelining*): un cauce de cinco etapas con riesgos de datos.

El cauce clásico de Patterson y Hennessy divide cada instrucción en cinco etapas:

- **IF** (*instruction fetch*): leer la instrucción.
- **ID** (*instruction decode*): decodificar y leer los registros.
- **EX** (*execute*): operar en la ALU (o calcular la dirección).
- **MEM**: leer o escribir la memoria de datos (``lw``, ``sw``).
- **WB** (*write back*): escribir el resultado en el banco de registros.

Cada etapa trabaja en una instrucción distinta en el mismo ciclo: no se acelera una
instrucción, se solapan varias. El solape se rompe con los **riesgos de datos** de
tipo RAW (lectura después de escritura): una instrucción necesita un registro que la
anterior todavía no ha escrito y debe **esperar** (burbuja) en ID.

Reglas del modelo (Patterson y Hennessy, *Computer Organization and Design*, cap. 4):

- Sin adelantamiento (*forwarding*), el consumidor lee el registro en ID en el mismo
  ciclo en que el productor lo escribe en WB (escritura en la primera mitad del ciclo,
  lectura en la segunda): dos instrucciones seguidas dependientes pierden 2 ciclos.
- Con adelantamiento, el resultado de la ALU pasa de EX/MEM a la entrada de EX: sin
  espera. Un ``lw`` solo tiene el dato al final de MEM: la instrucción siguiente que
  lo use espera **1 ciclo** aunque haya adelantamiento (riesgo de carga-uso).
- Todos los operandos se necesitan al entrar en EX (como la unidad de detección de
  riesgos del libro, también el dato de ``sw``). ``r0`` vale siempre cero y no crea
  dependencias. ``beq`` se trata como no tomado: los riesgos de control quedan fuera.

>>> prog = parse_program("lw r1, 0(r2)\\nadd r3, r1, r4")
>>> simulate(prog, forwarding=True).stalls, simulate(prog, forwarding=False).stalls
(1, 2)
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dadsbook.tables import Table
from dadsbook.validation import check_bool, check_choice, check_int

__all__ = [
    "OPS",
    "STAGES",
    "Instruction",
    "PipelineResult",
    "Timing",
    "parse_program",
    "random_program",
    "simulate",
]

STAGES = ("IF", "ID", "EX", "MEM", "WB")
OPS = ("add", "sub", "lw", "sw", "beq")
REGISTERS = 32
STALL = "—"
#: Pesos acumulados de :data:`OPS` en :func:`random_program` (3, 2, 3, 2, 1): con
#: ``cum_weights`` ``random.choices`` sortea igual que con ``weights``, sin sumarlos cada vez.
_OP_CUM_WEIGHTS = (3, 5, 8, 10, 11)

_REG = r"r(\d+)"
_PATTERNS = {
    "add": re.compile(rf"add\s+{_REG}\s*,\s*{_REG}\s*,\s*{_REG}$"),
    "sub": re.compile(rf"sub\s+{_REG}\s*,\s*{_REG}\s*,\s*{_REG}$"),
    "lw": re.compile(rf"lw\s+{_REG}\s*,\s*(-?\d+)\s*\(\s*{_REG}\s*\)$"),
    "sw": re.compile(rf"sw\s+{_REG}\s*,\s*(-?\d+)\s*\(\s*{_REG}\s*\)$"),
    "beq": re.compile(rf"beq\s+{_REG}\s*,\s*{_REG}\s*,\s*(-?\d+)$"),
}


@dataclass(frozen=True)
class Instruction:
    """Una instrucción: operación, registro destino (o ``None``) y registros fuente."""

    op: str
    dest: int | None
    sources: tuple[int, ...]
    text: str

    def __post_init__(self) -> None:
        check_choice("op", self.op, OPS)
        for reg in (*self.sources, *(() if self.dest is None else (self.dest,))):
            if not 0 <= reg < REGISTERS:
                raise ValueError(f"los registros deben estar entre r0 y r{REGISTERS - 1}")

    def __str__(self) -> str:
        return self.text


def _instruction(line: str) -> Instruction:
    text = " ".join(line.strip().split())
    op = text.split(" ", 1)[0].lower()
    pattern = _PATTERNS.get(op)
    match = pattern.match(text.lower()) if pattern else None
    if match is None:
        raise ValueError(
            f"program: instrucción no reconocida {line.strip()!r}; formatos: 'add r1, r2, r3', "
            "'sub r1, r2, r3', 'lw r1, 8(r2)', 'sw r1, 8(r2)', 'beq r1, r2, 4'"
        )
    g = [int(x) for x in match.groups()]
    if op in ("add", "sub"):
        return Instruction(op, g[0], (g[1], g[2]), text)
    if op == "lw":
        return Instruction(op, g[0], (g[2],), text)
    if op == "sw":
        return Instruction(op, None, (g[2], g[0]), text)
    return Instruction(op, None, (g[0], g[1]), text)


def parse_program(program: str) -> tuple[Instruction, ...]:
    """Convierte texto (una instrucción por línea; ``#`` comenta) en instrucciones."""
    if not isinstance(program, str):
        raise TypeError(f"program debe ser un texto; se recibió {type(program).__name__}")
    lines = [line.split("#", 1)[0] for line in program.splitlines()]
    result = tuple(_instruction(line) for line in lines if line.strip())
    if not result:
        raise ValueError("program debe contener al menos una instrucción")
    return result


def random_program(seed: int, length: int = 8, registers: int = 6) -> tuple[Instruction, ...]:
    """Programa aleatorio de ``length`` instrucciones sobre ``r1``…``r<registers>``.

    Pocos registros hacen más probables las dependencias.
    """
    check_int("seed", seed)
    check_int("length", length, 1, 200)
    check_int("registers", registers, 2, 31)
    rng = random.Random(seed)
    randint = rng.randint
    program = []
    for _ in range(length):  # cada instrucción, tal como la leería parse_program
        op = rng.choices(OPS, cum_weights=_OP_CUM_WEIGHTS)[0]
        if op in ("add", "sub"):
            dest, left, right = randint(1, registers), randint(1, registers), randint(1, registers)
            text = f"{op} r{dest}, r{left}, r{right}"
            program.append(Instruction(op, dest, (left, right), text))
        elif op in ("lw", "sw"):
            reg, offset, base = randint(1, registers), 4 * randint(0, 15), randint(1, registers)
            text = f"{op} r{reg}, {offset}(r{base})"
            if op == "lw":
                program.append(Instruction(op, reg, (base,), text))
            else:
                program.append(Instruction(op, None, (base, reg), text))
        else:
            left, right, jump = randint(1, registers), randint(1, registers), randint(1, 4)
            program.append(Instruction(op, None, (left, right), f"beq r{left}, r{right}, {jump}"))
    return tuple(program)


@dataclass(frozen=True)
class Timing:
    """Ciclos (desde 1) en que una instrucción entra en cada etapa y por qué esperó."""

    fetch: int
    decode: int
    execute: int
    stalls: int
    waits_for: int | None

    @property
    def memory(self) -> int:
        """Ciclo de MEM."""
        return self.execute + 1

    @property
    def write_back(self) -> int:
        """Ciclo de WB."""
        return self.execute + 2

    def stages(self) -> dict[int, str]:
        """Ciclo → etapa; los ciclos de espera en IF o ID se marcan con ``—``."""
        cells = {self.fetch: "IF"}
        cells.update(dict.fromkeys(range(self.fetch + 1, self.decode), STALL))
        cells[self.decode] = "ID"
        cells.update(dict.fromkeys(range(self.decode + 1, self.execute), STALL))
        cells.update({self.execute: "EX", self.memory: "MEM", self.write_back: "WB"})
        return cells


@dataclass(frozen=True)
class PipelineResult:
    """Resultado: instrucciones, su temporización y el CPI."""

    program: tuple[Instruction, ...]
    forwarding: bool
    timings: tuple[Timing, ...]

    @property
    def cycles(self) -> int:
        """Ciclos totales, llenado y vaciado del cauce incluidos."""
        return self.timings[-1].write_back

    @property
    def stalls(self) -> int:
        """Ciclos de burbuja introducidos por riesgos de datos."""
        return sum(t.stalls for t in self.timings)

    @property
    def cpi(self) -> float:
        """Ciclos por instrucción en régimen: ``1 + burbujas / instrucciones``."""
        return 1 + self.stalls / len(self.program)

    def diagram(self, caption: str = "") -> Table:
        """Diagrama del cauce: una fila por instrucción, una columna por ciclo."""
        headers = ["instrucción", *(str(c) for c in range(1, self.cycles + 1))]
        rows = []
        for instr, timing in zip(self.program, self.timings, strict=True):
            cells = timing.stages()
            rows.append([instr.text, *(cells.get(c, "") for c in range(1, self.cycles + 1))])
        return Table(headers, rows, caption)

    def as_dict(self) -> dict[str, Any]:
        """Resultado en tipos simples (JSON)."""
        return {
            "forwarding": self.forwarding,
            "cycles": self.cycles,
            "stalls": self.stalls,
            "cpi": self.cpi,
            "instructions": [
                {"text": i.text, "if": t.fetch, "id": t.decode, "ex": t.execute, "stalls": t.stalls}
                for i, t in zip(self.program, self.timings, strict=True)
            ],
        }


def simulate(program: Sequence[Instruction], forwarding: bool = True) -> PipelineResult:
    """Ejecuta ``program`` en el cauce de cinco etapas, con o sin adelantamiento."""
    if not program or not all(isinstance(i, Instruction) for i in program):
        raise ValueError("program debe ser una secuencia no vacía de Instruction (parse_program)")
    check_bool("forwarding", forwarding)
    timings: list[Timing] = []
    writer: dict[int, int] = {}  # registro → índice de su último productor
    for index, instr in enumerate(program):
        if timings:
            previous = timings[-1]
            fetch, decode = previous.decode, previous.execute
            earliest = previous.execute + 1
        else:
            fetch, decode, earliest = 1, 2, 3
        ready, cause = earliest, None
        for reg in instr.sources:
            if reg == 0 or reg not in writer:
                continue
            producer = timings[writer[reg]]
            if not forwarding:
                needed = producer.write_back + 1  # lee en ID el ciclo de WB del productor
            elif program[writer[reg]].op == "lw":
                needed = producer.memory + 1  # el dato sale de MEM
            else:
                needed = producer.execute + 1  # el resultado sale de EX
            if needed > ready:
                ready, cause = needed, writer[reg]
        timings.append(Timing(fetch, decode, ready, ready - earliest, cause))
        if instr.dest is not None and instr.dest != 0:
            writer[instr.dest] = index
    return PipelineResult(tuple(program), forwarding, tuple(timings))

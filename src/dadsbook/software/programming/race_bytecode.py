"""Por qué «+=» no pierde con GIL: dónde puede cambiar de hilo el intérprete.

CPython con GIL no cambia de hilo en cualquier instrucción: desde la 3.10, el hilo que
tiene el intérprete solo mira si debe cederlo tras una llamada, en un salto hacia
atrás (el final de cada vuelta de un bucle) y al entrar en una función. Este módulo
desensambla el incremento de cada variante de :mod:`.races` (con :mod:`dis`, en el
intérprete que lo ejecuta) y señala esos puntos entre la lectura y la escritura.

>>> switches_between("incremento")
0
>>> switches_between("leer-llamar-escribir") >= 1
True
"""

from __future__ import annotations

import dis

from dadsbook.software.programming.races import VARIANTS
from dadsbook.validation import check_choice

__all__ = ["switch_listing", "switches_between"]

#: El incremento de cada variante tal como se escribe (para ver su código de bytes).
_SOURCE = {
    "incremento": "counter.value += 1",
    "leer-llamar-escribir": "counter.value = add_one(counter.value)",
    "leer-ceder-escribir": "value = counter.value\ntime.sleep(0)\ncounter.value = value + 1",
}
#: Instrucciones tras las que CPython con GIL mira si debe ceder el intérprete a otro
#: hilo: llamadas y saltos hacia atrás (y la entrada a cada función, ``RESUME``).
_SWITCH_OPS = frozenset({"CALL", "CALL_FUNCTION_EX", "JUMP_BACKWARD", "RESUME"})


def _body(variant: str) -> list[dis.Instruction]:
    check_choice("variant", variant, VARIANTS)
    lines = "\n    ".join(_SOURCE[variant].splitlines())
    scope: dict[str, object] = {}
    exec(compile(f"def f(counter, add_one, time):\n    {lines}", "<variante>", "exec"), scope)
    code = scope["f"].__code__  # type: ignore[attr-defined]
    out = list(dis.get_instructions(code))
    reads = [i for i, ins in enumerate(out) if ins.opname == "LOAD_ATTR" and ins.argval == "value"]
    writes = [i for i, ins in enumerate(out) if ins.opname == "STORE_ATTR"]
    return out[reads[0] : writes[-1] + 1]


def switches_between(variant: str) -> int:
    """Puntos entre la lectura y la escritura en que este intérprete puede cambiar de hilo."""
    return sum(ins.opname in _SWITCH_OPS for ins in _body(variant))


def switch_listing() -> str:
    """El código de bytes de cada variante, de leer a escribir, con sus puntos de cambio."""
    blocks = []
    for variant in VARIANTS:
        body = _body(variant)
        lines = [f"«{variant}»: " + "; ".join(_SOURCE[variant].splitlines())]
        for k, ins in enumerate(body):
            text = f"{ins.opname} {ins.argrepr}".rstrip()
            mark = ""
            if k == 0:
                mark = "← lee"
            elif k == len(body) - 1:
                mark = "← escribe"
            elif ins.opname in _SWITCH_OPS:
                mark = "← aquí puede cambiar de hilo"
            lines.append(f"    {text:<24}{mark}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)

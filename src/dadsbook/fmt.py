"""El formateador español del libro: lo que ve quien lee, siempre igual.

Un solo sitio decide cómo se escribe un número en el libro, en las tablas, en las
salidas de las celdas y en los valores pegados con ``glue``:

- **coma decimal** (norma de la RAE): ``3,5``;
- **miles separados** con un espacio fino que no se parte (U+202F) a partir de cinco
  cifras: ``16 000 000``, pero ``2024`` (cuatro cifras van juntas);
- unidades separadas por un espacio: ``12,3 ms``, ``45 %``, ``1,9×`` (el signo de
  multiplicar va pegado, como en «2×»);
- tres cifras significativas por omisión: suficientes para leer una medición, sin los
  dieciséis dígitos de ``repr``.

>>> number(3.14159)
'3,14'
>>> number(16_000_000)
'16\u202f000\u202f000'
>>> number(2024)
'2024'
>>> number(0.5, decimals=2)
'0,50'
>>> seconds(0.0123)
'12,3 ms'
>>> percent(0.256)
'25,6 %'
>>> ratio(1.934)
'1,93×'
>>> size(3 * 1024**2)
'3 MiB'
"""

from __future__ import annotations

import math
import re

__all__ = [
    "THIN_SPACE",
    "number",
    "percent",
    "ratio",
    "seconds",
    "size",
    "spanish_number_text",
    "value",
]

#: Separador de miles: espacio fino que no se parte al final de una línea.
THIN_SPACE = "\u202f"

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _group(digits: str) -> str:
    """Separa los miles de una parte entera sin signo (solo si tiene cinco cifras o más)."""
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THIN_SPACE.join(groups)


def _spanish(text: str) -> str:
    """``-1234567.5`` (formato de Python) → ``-1 234 567,5``."""
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("-")
    whole, _, frac = body.partition(".")
    out = _group(whole)
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def _check_real(x: object, name: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        try:
            return float(x)  # type: ignore[arg-type]  # escalares de NumPy
        except (TypeError, ValueError):
            raise TypeError(f"{name} debe ser un número; se recibió {type(x).__name__}") from None
    return float(x)


def number(x: float, decimals: int | None = None, *, digits: int = 3) -> str:
    """Un número en español.

    ``decimals`` fija los decimales; si no, se usan ``digits`` cifras significativas
    (los enteros se escriben enteros). Los valores muy pequeños o muy grandes usan
    potencias de diez: ``7,81 × 10⁻⁵``.

    >>> number(0.0000781)
    '7,81 × 10⁻⁵'
    >>> number(-1234.5678, decimals=1)
    '-1234,6'
    >>> number(float("nan"))
    'no disponible'
    """
    value_f = _check_real(x, "x")
    if decimals is not None and (isinstance(decimals, bool) or decimals < 0):
        raise ValueError(f"decimals debe ser un entero ≥ 0; se recibió {decimals!r}")
    if digits < 1:
        raise ValueError(f"digits debe ser un entero ≥ 1; se recibió {digits!r}")
    if math.isnan(value_f):
        return "no disponible"
    if math.isinf(value_f):
        return "infinito" if value_f > 0 else "menos infinito"
    if decimals is not None:
        return _spanish(f"{value_f:.{decimals}f}")
    is_integral = isinstance(x, int) or (
        not isinstance(x, float) and float(value_f).is_integer() and abs(value_f) < 1e15
    )
    if is_integral:
        return _spanish(str(int(value_f)))
    if value_f == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value_f)))
    if magnitude < -3 or magnitude >= 15:
        mantissa, _, power = f"{value_f:.{digits - 1}e}".partition("e")
        exponent = str(int(power)).translate(_SUPERSCRIPT)
        return f"{_spanish(_trim(mantissa))} × 10{exponent}"
    places = max(digits - 1 - magnitude, 0)
    return _spanish(_trim(f"{value_f:.{places}f}"))


def _trim(text: str) -> str:
    """Quita los ceros finales de la parte decimal («1.50» → «1.5», «2.00» → «2»)."""
    if "." not in text:
        return text
    return text.rstrip("0").rstrip(".")


def seconds(x: float, *, digits: int = 3) -> str:
    """Un tiempo con la unidad que lo deja legible (s, ms, µs o ns).

    >>> seconds(2.5), seconds(4.2e-6), seconds(3e-9)
    ('2,5 s', '4,2 µs', '3 ns')
    """
    s = _check_real(x, "x")
    for factor, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if abs(s) >= factor:
            return f"{number(s / factor, digits=digits)} {unit}"
    return f"{number(s / 1e-9, digits=digits)} ns"


def percent(fraction: float, decimals: int = 1) -> str:
    """Una fracción (0,25) como porcentaje («25 %»); sin ceros decimales de sobra.

    >>> percent(0.5), percent(0.1234, 0)
    ('50 %', '12 %')
    """
    f = _check_real(fraction, "fraction")
    return f"{_spanish(_trim(f'{100 * f:.{decimals}f}'))} %"


def ratio(x: float, decimals: int = 2) -> str:
    """Un cociente («1,93×»), la forma del libro para aceleraciones.

    >>> ratio(2.0), ratio(0.0012)
    ('2×', '0,0012×')
    """
    r = _check_real(x, "x")
    if r != 0 and abs(r) < 10 ** (-decimals):  # «0×» escondería un cociente pequeño
        return f"{number(r, digits=2)}×"
    return f"{_spanish(_trim(f'{r:.{decimals}f}'))}×"


def size(n_bytes: float, *, digits: int = 3) -> str:
    """Un tamaño en bytes con prefijos binarios (B, KiB, MiB, GiB, TiB).

    >>> size(512), size(1536)
    ('512 B', '1,5 KiB')
    """
    b = _check_real(n_bytes, "n_bytes")
    for power, unit in ((4, "TiB"), (3, "GiB"), (2, "MiB"), (1, "KiB")):
        if abs(b) >= 1024**power:
            return f"{number(b / 1024**power, digits=digits)} {unit}"
    return f"{number(b, digits=digits) if not b.is_integer() else number(int(b))} B"


def value(x: object) -> str:
    """Cualquier valor de una tabla o una salida: números en español, el resto con ``str``.

    >>> value(True), value(1234567), value(0.333333), value("sopa")
    ('sí', '1\u202f234\u202f567', '0,333', 'sopa')
    """
    if isinstance(x, bool):
        return "sí" if x else "no"
    if isinstance(x, (int, float)):
        return number(x)
    if hasattr(x, "dtype") and hasattr(x, "item"):  # escalares de NumPy
        return value(x.item())
    return str(x)


_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def spanish_number_text(text: str) -> str:
    """Reescribe en español un número que Python escribió como texto; el resto, igual.

    Es lo que aplica el libro a cada valor pegado con ``{glue:text}`` tras el formato
    pedido (``:.2f``…): una sola convención en todo el libro.

    >>> spanish_number_text("3.50"), spanish_number_text("1000000")
    ('3,50', '1\u202f000\u202f000')

    Lo que ya está en español (con coma) se deja igual: «0,333» no es un millar.

    >>> spanish_number_text("0,333"), spanish_number_text("1,235")
    ('0,333', '1,235')
    >>> spanish_number_text("0.30000000000000004"), spanish_number_text("los hilos")
    ('0,3', 'los hilos')
    """
    stripped = text.strip()
    if not _PLAIN_NUMBER.match(stripped):
        return text
    if "e" in stripped.lower():
        return number(float(stripped))
    _whole, _, frac = stripped.lstrip("-").partition(".")
    if len(frac) > 6:  # un repr de float sin formato: 3 cifras significativas
        return number(float(stripped))
    return _spanish(stripped)

"""Lo que imprimen los simuladores está en español: nada de números ni listas de Python.

Las soluciones de los ejercicios del libro ejecutan ``dadsbook sim … -c`` dentro del
proceso y pegan su salida: un «30.0 %», un «20,000 IOPS» o un «quanta [2, 4, 8]» se verían
en la página. Se recorren todos los simuladores con ``-s 0``, ``-s 1`` y ``-s 2``, con
``-c`` (que imprime también el planteamiento de sin ``-c``).
"""

from __future__ import annotations

import json
import re

import pytest
from cli.support import run

from dadsbook.cli.catalog import CATALOG
from dadsbook.cli.sims_common import listing, num, pct, plural

#: Lo que es legítimo aunque parezca un número de Python, y por qué se quita antes de mirar.
LEGITIMATE = [
    # Direcciones de memoria de ``tlb``: se escriben en hexadecimal, como en OSTEP.
    re.compile(r"\b0x[0-9a-fA-F]+\b"),
]

#: Restos del formato de Python en una salida para quien lee.
PYTHON_LOOKS = {
    "punto decimal": re.compile(r"\d\.\d"),
    "entero de cinco cifras o más sin separar los miles": re.compile(
        r"(?<![\d\u202f,])\d{5,}(?![\d\u202f])"
    ),
    "repr de una lista, tupla o diccionario": re.compile(r"[\[({](?:'|\"|-?\d+(?:\.\d+)?, )|': "),
    "plural a medias": re.compile(r"\w\(s\)|(?<![\d,])\b1 \w+s\b"),
}


def _offences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for pattern in LEGITIMATE:
            line = pattern.sub("HEX", line)
        for what, pattern in PYTHON_LOOKS.items():
            if pattern.search(line):
                found.append(f"{what}: {line.strip()[:120]}")
    return found


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_problem_and_solution_are_written_in_spanish(name: str) -> None:
    """Con ``-c`` se imprime el mismo planteamiento que sin él y después la solución.

    Basta con mirar la salida con ``-c`` de cada semilla; que empieza por la de sin ``-c``
    se comprueba con la primera.
    """
    for seed in ("0", "1", "2"):
        result = run(["sim", name, "-s", seed, "-c"])
        assert result.status == 0, result.err
        assert _offences(result.out) == [], (name, seed)
        if seed == "0":
            posed = run(["sim", name, "-s", seed])
            assert posed.status == 0, posed.err
            problem = posed.out.removesuffix("\nUsa -c para ver la solución.\n")
            assert problem != posed.out and result.out.startswith(problem), name


@pytest.mark.parametrize(
    "text",
    [
        "p99 17929.7 ms",
        "MLFQ con quanta [2, 4, 8]",
        "8 evento(s) por instancia",
        "TLB: 1 aciertos",
        "Direcciones virtuales: 33419",
        "servidores (0.81, 0.54)",
    ],
)
def test_the_scanner_catches_python_formatting(text: str) -> None:
    assert _offences(text)


def test_the_scanner_accepts_spanish_and_hexadecimal() -> None:
    text = "p99 17\u202f929,7 ms; 0x01803f; quanta 2, 4 y 8; 1 acierto; [0; 2) lote 1; 2024"
    assert _offences(text) == []


def test_helpers_write_spanish_numbers_lists_and_plurals() -> None:
    assert num(3.66667) == "3,67"
    assert num(17929.7, 1) == "17\u202f929,7"
    assert pct(0.3) == "30 %"
    assert listing([2, 4, 8]) == "2, 4 y 8"
    assert listing([0.81, 0.5, 2]) == "0,81; 0,5 y 2"  # «0,81, 0,5» no se leería
    assert listing([7]) == "7" and listing([]) == ""
    assert plural(1, "paso") == "1 paso" and plural(0, "paso") == "0 pasos"
    assert plural(2, "petición", "peticiones") == "2 peticiones"


def test_thousands_are_separated_the_spanish_way() -> None:
    # «20,000 IOPS» (miles a la inglesa) se leería como veinte en español.
    result = run(["sim", "nvme", "-s", "2", "-c"])
    found = re.search(r"Ley de Little: ([\d\u202f]+) IOPS", result.out)
    assert found and found.group(1) == "20\u202f000"


def test_json_keeps_plain_numbers() -> None:
    result = run(["sim", "mlfq", "-s", "1", "-c", "--json"])
    data = json.loads(result.out)
    assert data["problem"]["quanta"] == [1, 2, 4]
    assert isinstance(data["solution"]["mean_turnaround"], float)

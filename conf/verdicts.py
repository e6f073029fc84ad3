"""Compara los veredictos de dos construcciones del libro: ¿alguno cambió de bando?

Cada llamada a :func:`dadsbook.verdict.compare` deja una línea JSON en
``DADSBOOK_VERDICT_LOG`` si esa variable está definida. ``make verdicts`` construye el
libro dos veces desde cero con dos registros y este guion los pone lado a lado: un
veredicto solo puede cambiar si en alguna de las dos construcciones dijo «sin diferencia
medible». Un «mayor» que pasa a «menor» (o al revés) es un fallo: sale con estado 1.

Uso: ``python conf/verdicts.py PRIMERA.jsonl SEGUNDA.jsonl``
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

UNDECIDED = "sin diferencia medible"


def load(path: Path) -> list[dict[str, object]]:
    """Los veredictos de una construcción, en orden, con su número de aparición por par."""
    seen: Counter[tuple[str, str]] = Counter()
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        key = (str(record["a"]), str(record["b"]))
        seen[key] += 1
        records.append({**record, "n": seen[key]})
    return records


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from dadsbook.cli.spanish import SpanishParser  # la ayuda y los errores, en español

    parser = SpanishParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    first = {(r["a"], r["b"], r["n"]): r for r in load(args.first)}
    second = {(r["a"], r["b"], r["n"]): r for r in load(args.second)}
    flips = 0
    print(f"{'comparación':<70} | primera | segunda")
    for key in sorted(set(first) | set(second), key=str):
        a, b = first.get(key), second.get(key)
        d1 = str(a["decision"]) if a else "—"
        d2 = str(b["decision"]) if b else "—"
        flip = a is not None and b is not None and UNDECIDED not in (d1, d2) and d1 != d2
        flips += flip
        name = f"{key[0]} / {key[1]}" + (f" (#{key[2]})" if key[2] > 1 else "")
        print(f"{name[:70]:<70} | {d1} | {d2}{'  ← CAMBIÓ DE BANDO' if flip else ''}")
    decided = sum(1 for r in first.values() if r["decision"] != UNDECIDED)
    print(
        f"\n{len(first)} veredictos en la primera ({decided} decididos), {len(second)} en la "
        f"segunda; cambios de bando: {flips}"
    )
    return 1 if flips else 0


if __name__ == "__main__":
    sys.exit(main())

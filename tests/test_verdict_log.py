"""El registro de veredictos y la comparación de dos construcciones (conf/verdicts.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from dadsbook import verdict

ROOT = Path(__file__).resolve().parents[1]
SLOW, FAST = [2.0, 2.1, 1.9, 2.0, 2.05], [1.0, 1.05, 0.95, 1.0, 1.02]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("verdicts", ROOT / "conf" / "verdicts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_verdict_is_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "v.jsonl"
    monkeypatch.setenv("DADSBOOK_VERDICT_LOG", str(log))
    verdict.compare(SLOW, FAST, a_label="procesos", b_label="hilos")
    verdict.compare(SLOW, SLOW, a_label="procesos", b_label="hilos")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in records] == ["mayor", "sin diferencia medible"]
    assert records[0]["a"] == "procesos" and records[0]["ratio"] == pytest.approx(2.0)


def _write(path: Path, decisions: list[str]) -> None:
    path.write_text(
        "".join(json.dumps({"a": "x", "b": "y", "decision": d}) + "\n" for d in decisions),
        encoding="utf-8",
    )


def test_a_flip_between_builds_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    _write(one, ["mayor", "menor"])
    _write(two, ["sin diferencia medible", "mayor"])
    assert _script().main([str(one), str(two)]) == 1
    assert "CAMBIÓ DE BANDO" in capsys.readouterr().out


def test_undecided_in_one_build_is_not_a_flip(tmp_path: Path) -> None:
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    _write(one, ["mayor", "sin diferencia medible"])
    _write(two, ["sin diferencia medible", "menor"])
    assert _script().main([str(one), str(two)]) == 0

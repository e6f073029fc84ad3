"""``dadsbook.notebook.glue_all``: un ``glue`` por valor, en orden y sin mostrarlo."""

from __future__ import annotations

import myst_nb
import pytest

from dadsbook import notebook


def test_glue_all_glues_each_value_in_order_without_display(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, object, bool]] = []
    monkeypatch.setattr(
        myst_nb, "glue", lambda name, value, display=True: calls.append((name, value, display))
    )
    notebook.glue_all(so_cores=2, so_machine="2 núcleos", so_ratio=1.5)
    assert calls == [("so_cores", 2, False), ("so_machine", "2 núcleos", False),
                     ("so_ratio", 1.5, False)]  # fmt: skip


def test_glue_all_without_values_says_how_to_call_it() -> None:
    with pytest.raises(ValueError, match="clave=valor"):
        notebook.glue_all()

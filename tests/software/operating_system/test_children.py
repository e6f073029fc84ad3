"""Pruebas del arnés de procesos hijos con tubería: siempre se paran al salir."""

from __future__ import annotations

import time

import pytest

from dadsbook import hygiene
from dadsbook.software.operating_system import affinity
from dadsbook.software.operating_system._children import PipedChildren


@pytest.mark.slow
def test_children_answer_and_stop_even_if_the_body_fails() -> None:
    """Cada hijo contesta por su tubería; si el cuerpo falla, los hijos se paran igual."""
    before = hygiene.Snapshot.take()
    children = PipedChildren(affinity.affinity_child, [(None, 1, 1)] * 2, join_timeout_s=60)
    with pytest.raises(RuntimeError, match="a propósito"), children:
        assert children.recv_all() == ["arrancado", "arrancado"]
        children.send_all("prepara")
        assert children.recv_all() == ["listo", "listo"]
        failed_at = time.monotonic()
        raise RuntimeError("a propósito")
    # Salen al recibir None, no al agotar la espera de 60 s y ser terminados.
    assert time.monotonic() - failed_at < 30
    assert not hygiene.leftovers(before)  # ni procesos ni tuberías, con el objeto aún vivo


def test_unstarted_children_close_cleanly() -> None:
    """Cerrar sin haber arrancado no espera a nadie ni deja tuberías abiertas."""
    children = PipedChildren(affinity.affinity_child, [(None, 1, 1)], join_timeout_s=10)
    children.close()
    assert all(p.pid is None for p in children.procs)
    assert all(parent.closed for parent in children.parents)

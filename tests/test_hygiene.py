"""Pruebas de la comprobación de higiene (dadsbook.hygiene)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from dadsbook import hygiene


def test_detects_thread_child_and_port() -> None:
    before = hygiene.Snapshot.take()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="olvidado")
    thread.start()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        extra = hygiene.leftovers(before, grace_s=0)
        text = "; ".join(extra)
        assert "hilo 'olvidado'" in text
        assert f"proceso hijo {child.pid}" in text
        assert f"127.0.0.1:{server.getsockname()[1]}" in text
    finally:
        stop.set()
        thread.join()
        child.kill()
        child.wait()
        server.close()
    assert hygiene.leftovers(before) == []


def test_bad_grace() -> None:
    with pytest.raises(ValueError, match="grace_s"):
        hygiene.leftovers(hygiene.Snapshot.take(), grace_s=-1)

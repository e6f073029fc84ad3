"""Pruebas del arranque y la parada de servidores reales en 127.0.0.1."""

from __future__ import annotations

import sys
import urllib.request

import psutil
import pytest

from dadsbook import hygiene
from dadsbook.systems.web_servers import launch

# Procesos o servidores reales durante segundos: fuera de make check.
pytestmark = pytest.mark.slow


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_real_server_starts_answers_and_stops() -> None:
    """Un uvicorn de verdad responde en 127.0.0.1 y al salir no queda nada."""
    before = hygiene.Snapshot.take()
    with launch.serve("uvicorn", workers=1) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "/io?ms=1", timeout=5) as response:
            assert response.read() == b"io 1"
        assert psutil.pid_exists(server.pid)
    assert _gone(server.pid)
    assert hygiene.leftovers(before) == []


def test_gunicorn_workers_are_stopped_with_their_group() -> None:
    """gunicorn con dos trabajadores: se paran el principal y sus hijos."""
    before = hygiene.Snapshot.take()
    with launch.serve("sync", workers=2) as server:
        children = [p.pid for p in psutil.Process(server.pid).children(recursive=True)]
        assert children, "gunicorn debería tener procesos trabajadores"
    assert all(_gone(pid) for pid in [server.pid, *children])
    assert hygiene.leftovers(before) == []


def test_server_is_stopped_when_the_block_fails() -> None:
    with pytest.raises(ZeroDivisionError), launch.serve("gthread", workers=1) as server:
        pid = server.pid
        1 / 0  # noqa: B018
    assert _gone(pid)


def test_never_ready_gives_spanish_error_and_kills_the_process() -> None:
    """Un proceso que nunca escucha: error en español y grupo de procesos terminado."""
    before = hygiene.Snapshot.take()
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    with (
        pytest.raises(launch.ServerNotReadyError, match=r"no respondió .* tras 300 ms"),
        launch.start(sleeper, port=launch.free_port(), ready_timeout_s=0.3),
    ):
        pytest.fail("no debería llegar a ceder el control")
    assert hygiene.leftovers(before) == []


def test_early_exit_reports_code_and_output() -> None:
    crash = [sys.executable, "-c", "import sys; print('adiós'); sys.exit(3)"]
    with (
        pytest.raises(launch.ServerNotReadyError, match=r"(?s)terminó con código 3.*adiós"),
        launch.start(crash, port=launch.free_port(), ready_timeout_s=10),
    ):
        pytest.fail("no debería llegar a ceder el control")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "apache", "port": 8000}, "name"),
        ({"name": "sync", "port": 0}, "port"),
        ({"name": "sync", "port": 8000, "workers": 0}, "workers"),
        ({"name": "gthread", "port": 8000, "threads": 0}, "threads"),
    ],
)
def test_command_validates(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        launch.command(**kwargs)  # type: ignore[arg-type]


def test_commands_bind_only_to_loopback() -> None:
    for name in launch.SERVERS:
        argv = " ".join(launch.command(name, port=1234, workers=2))
        assert "127.0.0.1" in argv
        assert "0.0.0.0" not in argv
    assert "--no-control-socket" in launch.command("sync", port=1234)


def test_start_validates() -> None:
    with pytest.raises(ValueError, match="argv"), launch.start([], port=1234):
        pass
    with (
        pytest.raises(ValueError, match="ready_timeout_s"),
        launch.start(["x"], port=1, ready_timeout_s=0),
    ):
        pass


def test_free_port_is_free() -> None:
    assert 1 <= launch.free_port() <= 65535

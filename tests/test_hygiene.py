"""Pruebas de la comprobación de higiene (dadsbook.hygiene) y de su extensión de Sphinx.

Cada tipo de fuga se crea de verdad, se comprueba que :func:`hygiene.leftovers` la
nombra y, tras cerrarla, que no sobra nada.
"""

from __future__ import annotations

import asyncio
import importlib.util
import multiprocessing
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import psutil
import pytest

from dadsbook import hygiene

ROOT = Path(__file__).resolve().parents[1]

#: Cada fuga: crea el recurso, registra cómo cerrarlo y devuelve lo que debe decir el informe.
Leak = Callable[[ExitStack, Path], list[str]]


def _socketpair(stack: ExitStack, tmp_path: Path) -> list[str]:
    a, b = socket.socketpair()
    stack.callback(b.close)
    stack.callback(a.close)
    return [f"descriptor {a.fileno()}: socket Unix sin nombre", f"descriptor {b.fileno()}: socket"]


def _pipe(stack: ExitStack, tmp_path: Path) -> list[str]:
    read_end, write_end = os.pipe()
    stack.callback(os.close, write_end)
    stack.callback(os.close, read_end)
    return [
        f"descriptor {read_end}: tubería (extremo de lectura",
        f"descriptor {write_end}: tubería (extremo de escritura",
    ]


def _mp_pipe(stack: ExitStack, tmp_path: Path) -> list[str]:
    a, b = multiprocessing.Pipe()
    stack.callback(b.close)
    stack.callback(a.close)
    return [f"descriptor {a.fileno()}: socket Unix", f"descriptor {b.fileno()}: socket Unix"]


def _mp_pipe_simplex(stack: ExitStack, tmp_path: Path) -> list[str]:
    reader, writer = multiprocessing.Pipe(duplex=False)
    stack.callback(writer.close)
    stack.callback(reader.close)
    return [f"descriptor {reader.fileno()}: tubería", f"descriptor {writer.fileno()}: tubería"]


def _udp(stack: ExitStack, tmp_path: Path) -> list[str]:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    stack.callback(udp.close)
    udp.bind(("127.0.0.1", 0))
    return [f"descriptor {udp.fileno()}: socket UDP 127.0.0.1:{udp.getsockname()[1]}"]


def _udp_unbound(stack: ExitStack, tmp_path: Path) -> list[str]:
    udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    stack.callback(udp.close)
    return [f"descriptor {udp.fileno()}: socket UDP sin dirección"]


def _unix_listening(stack: ExitStack, tmp_path: Path) -> list[str]:
    server = socket.socket(socket.AF_UNIX)
    stack.callback(server.close)
    server.bind(str(tmp_path / "s.sock"))
    server.listen()
    return [f"descriptor {server.fileno()}: socket Unix en escucha {tmp_path / 's.sock'}"]


def _tcp_port(stack: ExitStack, tmp_path: Path) -> list[str]:
    server = socket.socket()
    stack.callback(server.close)
    server.bind(("127.0.0.1", 0))
    server.listen()
    return [f"puerto en escucha 127.0.0.1:{server.getsockname()[1]} (socket TCP)"]


def _tcp_connection(stack: ExitStack, tmp_path: Path) -> list[str]:
    server = socket.create_server(("127.0.0.1", 0))
    stack.callback(server.close)
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    stack.callback(client.close)
    accepted, _ = server.accept()
    stack.callback(accepted.close)
    local = client.getsockname()[1]
    return [f"socket TCP 127.0.0.1:{local} → 127.0.0.1:{port}"]


def _file(stack: ExitStack, tmp_path: Path) -> list[str]:
    path = tmp_path / "abierto.txt"
    handle = stack.enter_context(path.open("w", encoding="utf-8"))
    return [f"descriptor {handle.fileno()}: fichero abierto {path}"]


def _directory(stack: ExitStack, tmp_path: Path) -> list[str]:
    fd = os.open(tmp_path, os.O_RDONLY)
    stack.callback(os.close, fd)
    return [f"descriptor {fd}: directorio abierto {tmp_path}"]


def _epoll(stack: ExitStack, tmp_path: Path) -> list[str]:
    poller = select.epoll()
    stack.callback(poller.close)
    return [f"descriptor {poller.fileno()}: epoll"]


def _thread(stack: ExitStack, tmp_path: Path) -> list[str]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="olvidado")
    thread.start()
    stack.callback(thread.join)
    stack.callback(stop.set)
    return ["hilo 'olvidado'"]


def _process(stack: ExitStack, tmp_path: Path) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    stack.callback(child.wait)
    stack.callback(child.kill)
    return [f"proceso hijo {child.pid} ({sys.executable} -c import time"]


def _grandchild(stack: ExitStack, tmp_path: Path) -> list[str]:
    """Un nieto: el hijo arranca otro proceso y se queda esperándolo."""
    code = "import subprocess; subprocess.run(['sleep', '30'])"
    child = subprocess.Popen([sys.executable, "-c", code])
    stack.callback(child.wait)
    stack.callback(child.kill)
    parent = psutil.Process(child.pid)
    for _ in range(200):
        if parent.children():
            break
        threading.Event().wait(0.02)
    grandchild = parent.children()[0]
    stack.callback(grandchild.wait)
    stack.callback(grandchild.kill)
    return [f"proceso hijo {child.pid} (", f"proceso hijo {grandchild.pid} (sleep 30)"]


def _zombie(stack: ExitStack, tmp_path: Path) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    stack.callback(child.wait)
    # Espera a que termine sin recogerlo (WNOWAIT): queda zombi.
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    return [f"proceso hijo {child.pid} zombi"]


def _mp_process_not_joined(stack: ExitStack, tmp_path: Path) -> list[str]:
    """Un ``multiprocessing.Process`` que terminó y nadie unió con ``join``."""
    process = multiprocessing.get_context("fork").Process(target=int)
    process.start()
    stack.callback(process.close)  # su tubería centinela
    stack.callback(process.join)
    assert process.pid is not None
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    return [f"proceso hijo {process.pid} zombi"]


LEAKS: dict[str, Leak] = {
    "socketpair": _socketpair,
    "tubería": _pipe,
    "multiprocessing.Pipe": _mp_pipe,
    "multiprocessing.Pipe(duplex=False)": _mp_pipe_simplex,
    "UDP": _udp,
    "UDP sin dirección": _udp_unbound,
    "socket Unix en escucha": _unix_listening,
    "puerto TCP": _tcp_port,
    "conexión TCP": _tcp_connection,
    "fichero": _file,
    "directorio": _directory,
    "epoll": _epoll,
    "hilo": _thread,
    "proceso": _process,
    "nieto": _grandchild,
    "zombi": _zombie,
    "multiprocessing sin join": _mp_process_not_joined,
}


@pytest.mark.parametrize("make", LEAKS.values(), ids=LEAKS.keys())
def test_each_leak_kind_is_named_and_gone_after_closing(make: Leak, tmp_path: Path) -> None:
    before = hygiene.Snapshot.take()
    with ExitStack() as stack:
        expected = make(stack, tmp_path)
        extra = hygiene.leftovers(before, grace_s=0)
        for text in expected:
            assert any(text in line for line in extra), f"falta «{text}» en {extra}"
        with pytest.raises(hygiene.LeakError, match=r"^la prueba dejó vivos: .+"):
            hygiene.check(before, where="la prueba", grace_s=0)
    assert hygiene.leftovers(before) == []
    hygiene.check(before, where="la prueba")


def test_the_grace_period_waits_for_an_orderly_stop() -> None:
    """Un hilo que está terminando no es una fuga: se le espera hasta ``grace_s``."""
    before = hygiene.Snapshot.take()
    thread = threading.Thread(target=threading.Event().wait, args=(0.3,), name="cerrándose")
    thread.start()
    assert hygiene.leftovers(before, grace_s=5) == []
    thread.join()


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_multiprocessing_singletons_are_not_leaks_but_their_workers_are(method: str) -> None:
    """``resource_tracker`` y ``forkserver`` (y sus tuberías) viven con el proceso a propósito."""
    context: Any = multiprocessing.get_context(method)
    warm = context.Process(target=int)  # arranca los singletons antes de la foto
    warm.start()
    warm.join()
    warm.close()
    before = hygiene.Snapshot.take()
    event = context.Event()  # un semáforo: lo registra el resource_tracker
    worker = context.Process(target=event.wait, args=(30,))
    worker.start()
    try:
        extra = hygiene.leftovers(before, grace_s=0)
        assert any(f"proceso hijo {worker.pid} " in line for line in extra), extra
    finally:
        event.set()
        worker.join()
        worker.close()
    del event
    assert hygiene.leftovers(before) == []


def test_library_files_are_not_leaks() -> None:
    """Un fichero de la instalación de Python (p. ej. una fuente de Matplotlib) no cuenta."""
    before = hygiene.Snapshot.take()
    with Path(threading.__file__).open("rb"):
        assert hygiene.leftovers(before, grace_s=0) == []


class _FakeZmqSocket:
    """Lo que ``kernel_check`` usa de un socket zmq de ipykernel: su descriptor y ``close``."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.closed = False

    def getsockopt(self, option: int) -> int:
        return self.fd

    def close(self) -> None:
        self.closed = True


def test_kernel_event_pipes_of_singletons_are_kept_and_of_dead_threads_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ipykernel abre un socket zmq por hilo que escribe.

    No cuenta el de un singleton vivo; el de un hilo muerto se cierra, como hace ipykernel.
    """
    import zmq  # noqa: F401  (_singletons lo busca en sys.modules)

    monkeypatch.setenv(hygiene.BUILD_ENV, "1")
    stop = threading.Event()
    singleton = threading.Thread(target=stop.wait, name="Dask-Offload_prueba")
    dead = threading.Thread(target=int)
    kept, closed = _FakeZmqSocket(-1), _FakeZmqSocket(-1)
    pipes = {singleton: kept, dead: closed}
    pub_thread = SimpleNamespace(_event_pipes=pipes, _event_pipe_gc_lock=threading.Lock())

    async def page(before: hygiene.Snapshot) -> None:
        kept.fd, closed.fd = os.pipe()  # hacen de eventfd de cada socket
        singleton.start()
        dead.start()
        dead.join()
        monkeypatch.setattr(sys, "stdout", SimpleNamespace(pub_thread=pub_thread, write=len))
        await hygiene.kernel_check(before, where="el núcleo", grace_s=0)

    try:
        with pytest.raises(hygiene.LeakError) as error:
            asyncio.run(_in_a_loop(page))
        assert f"descriptor {closed.fd}: tubería" in str(error.value)
        assert f"descriptor {kept.fd}:" not in str(error.value)
        assert closed.closed and not kept.closed
        assert pipes == {singleton: kept}
    finally:
        monkeypatch.undo()
        os.close(kept.fd)
        os.close(closed.fd)
        stop.set()
        singleton.join()


async def _in_a_loop(page: Callable[[hygiene.Snapshot], Awaitable[None]]) -> None:
    """Como en el núcleo: el bucle ya existe cuando se hace la foto."""
    await page(hygiene.kernel_snapshot())


def test_kernel_check_shuts_the_default_executor_down_like_sybil(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Los hilos ``asyncio_N`` del ejecutor por defecto del bucle no cuentan (se cierra)."""
    monkeypatch.setenv(hygiene.BUILD_ENV, "1")

    async def page(before: hygiene.Snapshot) -> None:
        await asyncio.get_running_loop().run_in_executor(None, int)
        await hygiene.kernel_check(before, where="la página", grace_s=0)

    asyncio.run(_in_a_loop(page))


def test_kernel_check_still_fails_a_real_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(hygiene.BUILD_ENV, "1")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="olvidado")

    async def page(before: hygiene.Snapshot) -> None:
        thread.start()
        await hygiene.kernel_check(before, where="la página", grace_s=0.1)

    try:
        with pytest.raises(hygiene.LeakError, match=r"^la página dejó vivos: hilo 'olvidado'$"):
            asyncio.run(_in_a_loop(page))
    finally:
        stop.set()
        thread.join()


def test_outside_the_build_the_kernel_cells_do_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """En el Jupyter de quien descarga el ``.ipynb`` las celdas ocultas no comprueban nada."""
    monkeypatch.delenv(hygiene.BUILD_ENV, raising=False)

    async def page(before: hygiene.Snapshot) -> None:
        read_end, write_end = os.pipe()
        try:
            await hygiene.kernel_check(before, where="la página", grace_s=0)
            assert hygiene.leftovers(before, grace_s=0)  # la fuga está, y no se ha comprobado
        finally:
            os.close(read_end)
            os.close(write_end)

    asyncio.run(_in_a_loop(page))


def test_describe_fd_names_kinds_in_spanish() -> None:
    assert hygiene.describe_fd(5, "anon_inode:[eventfd]") == "eventfd (aviso entre hilos)"
    assert hygiene.describe_fd(5, "anon_inode:[pidfd]") == "pidfd (referencia a un proceso)"
    assert hygiene.describe_fd(5, "/dev/null") == "dispositivo /dev/null"
    assert hygiene.describe_fd(5, "/tmp/x (deleted)") == "fichero borrado aún abierto /tmp/x"
    assert hygiene.describe_fd(-1, "socket:[1]") == "socket (socket:[1])"
    assert "desconocido" in hygiene.describe_fd(5, "net:[4026531840]")


def test_bad_grace() -> None:
    with pytest.raises(ValueError, match=r"grace_s debe ser un número finito ≥ 0"):
        hygiene.leftovers(hygiene.Snapshot.take(), grace_s=-1)


LEAKY_TESTS = """
import socket
import threading

import pytest

STOP = threading.Event()
KEEP = []


def test_deja_un_hilo():
    threading.Thread(target=STOP.wait, name="fugado", daemon=True).start()


def test_deja_un_socket():
    KEEP.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))


@pytest.mark.hygiene_exempt(reason="deja el hilo a propósito")
def test_exenta():
    threading.Thread(target=STOP.wait, name="permitido", daemon=True).start()


def test_limpia():
    t = threading.Thread(target=STOP.wait, args=(0.01,))
    t.start()
    t.join()
"""


@pytest.mark.slow
def test_the_autouse_fixture_fails_a_leaking_test(tmp_path: Path) -> None:
    """La fixture de ``tests/conftest.py``, en una sesión de pytest aparte con pruebas que fugan."""
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(ROOT / "tests" / "book.py", tmp_path / "book.py")
    (tmp_path / "test_fuga.py").write_text(LEAKY_TESTS, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(tmp_path)]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "4 passed, 2 errors" in output, output
    assert "la prueba test_fuga.py::test_deja_un_hilo dejó vivos: hilo 'fugado'" in output
    assert "la prueba test_fuga.py::test_deja_un_socket dejó vivos: descriptor" in output
    assert "socket UDP" in output
    assert "permitido" not in output


# --- La extensión de Sphinx (conf/_ext/dadsbook_hygiene.py) -------------------------


def load_extension() -> ModuleType:
    path = ROOT / "conf" / "_ext" / "dadsbook_hygiene.py"
    spec = importlib.util.spec_from_file_location("dadsbook_hygiene_ext", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXT = load_extension()

FRONT = textwrap.dedent(
    """\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """
)


def test_instrument_keeps_every_line_number() -> None:
    page = FRONT + "\n(sec-x)=\n# Título\n\n```{code-cell} ipython3\nx = 1\n```\n\nFin.\n"
    out = EXT.instrument(page, "capitulo/pagina", "abc")
    original, new = page.splitlines(), out.splitlines()
    body = len(FRONT.splitlines())
    assert new[body : len(original)] == original[body:]
    assert "__dadsbook_hygiene__.kernel_snapshot()  # dadsbook: higiene abc" in out
    assert out.rstrip().endswith(
        "await __dadsbook_hygiene__.kernel_check("
        "__dadsbook_before__, where='la página capitulo/pagina')\n"
        "__dadsbook_recorded__.publish('capitulo/pagina')  # dadsbook: valores\n```"
    )
    import yaml  # type: ignore[import-untyped]

    assert yaml.safe_load(out.split("---\n")[1]) == yaml.safe_load(FRONT.split("---\n")[1])


def test_instrument_leaves_pages_without_cells_alone() -> None:
    assert EXT.instrument(FRONT + "# T\n\nTexto.\n", "p", "abc") == FRONT + "# T\n\nTexto.\n"
    plain = "# T\n\n```{code-cell} ipython3\nx = 1\n```\n"
    assert EXT.instrument(plain, "p", "abc") == plain


def test_instrument_with_a_short_front_matter_still_checks() -> None:
    page = "---\nkernelspec: {name: python3}\n---\n```{code-cell} ipython3\nx = 1\n```\n"
    out = EXT.instrument(page, "p", "abc")
    assert out.count("{code-cell}") == 3
    assert out.index("kernel_snapshot()") < out.index("x = 1") < out.index("kernel_check(")


def _build(tmp_path: Path, cells: str, *, werror: bool) -> tuple[int, str]:
    """Construye una página con ``cells`` con una configuración mínima que carga la extensión.

    Devuelve el estado de salida de ``sphinx-build`` (con ``-W`` si ``werror``) y su
    salida sin colores ANSI.
    """
    docs, conf = tmp_path / "docs", tmp_path / "conf"
    docs.mkdir()
    conf.mkdir()
    (conf / "conf.py").write_text(
        textwrap.dedent(
            f"""
            import os, sys
            sys.path.insert(0, {str(ROOT / "conf" / "_ext")!r})
            sys.path.insert(0, {str(ROOT / "src")!r})
            os.environ["PYTHONPATH"] = {str(ROOT / "src")!r}
            extensions = ["myst_nb", "dadsbook_hygiene"]
            language = "es"
            nb_execution_mode = "cache"
            nb_execution_cache_path = {str(tmp_path / "cache")!r}
            nb_execution_raise_on_error = True
            nb_execution_show_tb = True
            """
        ),
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        FRONT + "\n(sec-fuga)=\n# Una página\n\nTexto.\n\n" + cells,
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    command = [sys.executable, "-m", "sphinx", "-c", str(conf), "--keep-going", "-q"]
    command += ["-W"] if werror else []
    command += ["-b", "html", str(docs), str(tmp_path / "html")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


LEAKING_CELL = (
    "```{code-cell} ipython3\nimport socket, threading\n"
    "udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
    "threading.Thread(target=threading.Event().wait, name='sin-parar', daemon=True).start()\n"
    "```\n"
)


@pytest.mark.build
def test_a_leaking_page_fails_the_real_build_naming_page_and_leak(tmp_path: Path) -> None:
    """Una página que deja un socket UDP y un hilo, construida con Sphinx de verdad."""
    status, output = _build(tmp_path, LEAKING_CELL, werror=True)
    assert status != 0, output[-4000:]
    assert "LeakError: la página index dejó vivos: " in output, output[-4000:]
    assert "hilo 'sin-parar'" in output
    assert "socket UDP sin dirección" in output


@pytest.mark.build
def test_a_clean_page_builds_hides_the_check_and_keeps_line_numbers(tmp_path: Path) -> None:
    """Sin fugas la página se construye; las celdas añadidas no se ven ni desplazan líneas.

    La infraestructura del propio núcleo (el socket zmq de un hilo que escribió y ya
    terminó, el recolector de pyzmq que arranca la primera salida grande) no es una fuga.
    """
    cells = (
        "```{code-cell} ipython3\nimport socket, threading\n"
        "with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:\n"
        "    pass\nprint('hola')\n"
        # Un hilo que escribe (ipykernel le abre un socket zmq) y termina.
        "thread = threading.Thread(target=print, args=('desde un hilo',))\n"
        "thread.start()\nthread.join()\n"
        # Una salida grande: pyzmq arranca su recolector de mensajes sin copia.
        "print('x' * 200_000)\n```\n\nUna referencia {ref}`etiqueta-que-no-existe`.\n"
    )
    status, output = _build(tmp_path, cells, werror=False)
    assert status == 0, output[-4000:]
    assert "LeakError" not in output
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "hola" in html
    assert "Una página" in html
    assert "__dadsbook" not in html
    lines = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "etiqueta-que-no-existe" in text)
    assert f"index.md:{line}: WARNING: undefined label: 'etiqueta-que-no-existe'" in output


def test_a_changed_check_makes_sphinx_reread_the_executed_pages(tmp_path: Path) -> None:
    (tmp_path / "con.md").write_text("```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    (tmp_path / "sin.md").write_text("# Sin celdas\n", encoding="utf-8")

    class Env:
        def __init__(self) -> None:
            self.found_docs = {"con", "sin", "cambiada"}
            self.dadsbook_hygiene_digest = EXT.hygiene_digest()

        def doc2path(self, docname: str) -> str:
            return str(tmp_path / f"{docname}.md")

    env = Env()
    assert EXT._outdated(None, env, set(), {"cambiada"}, set()) == []
    env.dadsbook_hygiene_digest = "otra"
    assert EXT._outdated(None, env, set(), {"cambiada"}, set()) == ["con"]


# --- sybil (docs/conftest.py): cada página se comprueba al terminar ----------------


def _run_page_under_sybil(page: Path) -> tuple[ModuleType, Any]:
    """Evalúa los fragmentos de ``page`` como sybil (tras su ``setup``); devuelve el documento."""
    path = ROOT / "docs" / "conftest.py"
    spec = importlib.util.spec_from_file_location("dadsbook_docs_conftest_hygiene", path)
    assert spec and spec.loader
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    document = conftest.sybil.parse(page)
    conftest.setup(document.namespace)
    for example in document:
        example.evaluate()
    return conftest, document


@pytest.mark.slow
def test_sybil_fails_a_page_whose_prose_block_leaks(tmp_path: Path) -> None:
    """Los bloques ``python`` de la prosa corren en pytest: la página se comprueba al final.

    (Las celdas ``{code-cell}`` se comprueban en la construcción: ``tests/test_book.py``.)
    """
    page = tmp_path / "pagina.md"
    cell = "```python\nimport os\nread_end, write_end = os.pipe()\n```\n"
    page.write_text(FRONT + cell, encoding="utf-8")
    conftest, document = _run_page_under_sybil(page)
    try:
        with pytest.raises(hygiene.LeakError, match=r"^la página dejó vivos: descriptor \d+: tub"):
            conftest.teardown(document.namespace)
    finally:
        os.close(document.namespace["read_end"])
        os.close(document.namespace["write_end"])

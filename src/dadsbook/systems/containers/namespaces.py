"""Una mirada real, sin privilegios, al cgroup y a los espacios de nombres del proceso.

Un contenedor no es una máquina virtual: es un proceso normal del anfitrión al que el
núcleo le pone dos cosas.

- **Espacios de nombres** (*namespaces*): qué ve. Cada tipo (``pid``, ``net``, ``mnt``,
  ``uts``, ``ipc``, ``user``, ``cgroup``, ``time``) es un objeto del núcleo con un número
  de inodo; ``/proc/self/ns/<tipo>`` es un enlace simbólico a ``tipo:[inodo]``. Dos
  procesos con el mismo inodo comparten esa vista.
- **Grupos de control** (*cgroups*): cuánto puede usar. ``/proc/self/cgroup`` dice en
  qué grupo está el proceso; en cgroup v2 (una sola jerarquía, línea ``0::<ruta>``) los
  límites están en ``/sys/fs/cgroup/<ruta>/cpu.max`` y ``memory.max``; en cgroup v1,
  en una jerarquía por controlador (``cpu.cfs_quota_us``, ``memory.limit_in_bytes``).

:func:`look` lee todo eso con permisos de usuario normal y devuelve lo que encuentre:
cada dato que falta (otro sistema operativo, ``/proc`` sin montar, un fichero ilegible)
queda como ``None``, nunca como excepción.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from dadsbook import fmt
from dadsbook.tables import Table

__all__ = ["NS_TYPES", "CgroupLook", "describe", "look", "parse_cpu_max", "parse_proc_cgroup"]

#: Tipos de espacio de nombres que se buscan en ``/proc/self/ns``.
NS_TYPES: tuple[str, ...] = ("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts")

_UNLIMITED_BYTES = 2**62  # cgroup v1 escribe «sin límite» como un número enorme
_NS_LINK = re.compile(r"^(?P<kind>[a-z_]+):\[(?P<inode>\d+)\]$")


def parse_proc_cgroup(text: str) -> dict[str, str]:
    """Convierte el contenido de ``/proc/<pid>/cgroup`` en ``{controlador: ruta}``.

    La jerarquía unificada de cgroup v2 aparece con la clave ``""``.

    >>> parse_proc_cgroup("0::/user.slice/app.scope\\n")
    {'': '/user.slice/app.scope'}
    >>> parse_proc_cgroup("4:memory:/docker/abc\\n3:cpu,cpuacct:/docker/abc\\n0::/")["cpu"]
    '/docker/abc'
    """
    if not isinstance(text, str):
        raise TypeError(f"text debe ser str; se recibió {type(text).__name__}")
    result: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.strip().split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        for controller in controllers.split(",") if controllers else [""]:
            result[controller] = path
    return result


def parse_cpu_max(text: str) -> tuple[float | None, float]:
    """Convierte ``cpu.max`` (``"$QUOTA $PERIOD"``, en µs) en ``(cuota, periodo)``.

    ``max`` significa sin límite (``None``).

    >>> parse_cpu_max("50000 100000")
    (50000.0, 100000.0)
    >>> parse_cpu_max("max 100000")
    (None, 100000.0)
    """
    fields = text.split()
    if len(fields) != 2:
        raise ValueError(f"cpu.max debe tener dos campos «cuota periodo»; se recibió {text!r}")
    quota = None if fields[0] == "max" else float(fields[0])
    return quota, float(fields[1])


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def _ns_inodes(proc: Path, pid: str) -> dict[str, int]:
    inodes: dict[str, int] = {}
    for kind in NS_TYPES:
        try:
            match = _NS_LINK.match(str((proc / pid / "ns" / kind).readlink()))
        except OSError:
            continue
        if match:
            inodes[kind] = int(match["inode"])
    return inodes


@dataclass(frozen=True)
class CgroupLook:
    """Lo que el proceso pudo leer de sí mismo en ``/proc`` y ``/sys/fs/cgroup``."""

    version: str | None
    path: str | None
    cpu_quota_us: float | None
    cpu_period_us: float | None
    memory_max_bytes: int | None
    namespaces: dict[str, int]
    shared_with_init: tuple[str, ...] | None
    controllers: tuple[str, ...] = ()

    @property
    def cpu_limit(self) -> float | None:
        """Núcleos que permite la cuota (``cuota / periodo``), ``None`` si no hay límite."""
        if self.cpu_quota_us is None or not self.cpu_period_us:
            return None
        return self.cpu_quota_us / self.cpu_period_us

    @property
    def available(self) -> bool:
        """Si se pudo leer al menos el cgroup o algún espacio de nombres."""
        return self.path is not None or bool(self.namespaces)

    def as_dict(self) -> dict[str, object]:
        """Versión JSON."""
        return {
            "version": self.version,
            "path": self.path,
            "cpu_limit": self.cpu_limit,
            "memory_max_bytes": self.memory_max_bytes,
            "namespaces": dict(self.namespaces),
            "shared_with_init": list(self.shared_with_init)
            if self.shared_with_init is not None
            else None,
            "controllers": list(self.controllers),
        }

    def table(self) -> Table:
        """Lo leído, como tabla legible: versión, controladores, límites y espacios."""
        limit = self.cpu_limit
        if self.cpu_quota_us is None:
            cpu = "sin cuota" if self.cpu_period_us is not None else "no legible"
        else:
            cpu = (
                f"{fmt.number(limit or 0.0)} núcleos ({fmt.number(self.cpu_quota_us)} µs "
                f"cada {fmt.number(self.cpu_period_us or 0.0)} µs)"
            )
        memory = "sin límite" if self.memory_max_bytes is None else fmt.size(self.memory_max_bytes)
        shared = (
            "no legible (el proceso 1 es de otro usuario)"
            if self.shared_with_init is None
            else ", ".join(self.shared_with_init) or "ninguno"
        )
        rows = [
            ("versión de cgroups", self.version or "no legible"),
            ("controladores", ", ".join(self.controllers) or "no legible"),
            ("límite de CPU (cpu.max o cpu.cfs_quota_us)", cpu),
            ("límite de memoria (memory.max o memory.limit_in_bytes)", memory),
            ("espacios de nombres", ", ".join(sorted(self.namespaces)) or "no legibles"),
            ("compartidos con el proceso 1", shared),
        ]
        return Table(("qué", "lo que ve este proceso"), rows)

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()


def _limits_v2(root: Path, path: str) -> tuple[float | None, float | None, int | None]:
    base = root / path.lstrip("/")
    quota: float | None = None
    period: float | None = None
    cpu = _read(base / "cpu.max")
    if cpu is not None:
        with contextlib.suppress(ValueError):
            quota, period = parse_cpu_max(cpu)
    memory = _read(base / "memory.max")
    mem = int(memory) if memory is not None and memory.isdigit() else None
    return quota, period, mem


def _limits_v1(root: Path, groups: dict[str, str]) -> tuple[float | None, float | None, int | None]:
    quota: float | None = None
    period: float | None = None
    mem: int | None = None
    if "cpu" in groups:
        for folder in ("cpu", "cpu,cpuacct"):
            base = root / folder / groups["cpu"].lstrip("/")
            q, p = _read(base / "cpu.cfs_quota_us"), _read(base / "cpu.cfs_period_us")
            if q is not None and p is not None:
                quota = None if q.startswith("-") else float(q)
                period = float(p)
                break
    if "memory" in groups:
        raw = _read(root / "memory" / groups["memory"].lstrip("/") / "memory.limit_in_bytes")
        if raw is not None and raw.isdigit() and int(raw) < _UNLIMITED_BYTES:
            mem = int(raw)
    return quota, period, mem


def look(proc: str | Path = "/proc", cgroup_root: str | Path = "/sys/fs/cgroup") -> CgroupLook:
    """Lee el cgroup, sus límites y los espacios de nombres de este proceso.

    No necesita privilegios; lo que no pueda leer queda en ``None`` (o vacío). Con
    ``proc`` y ``cgroup_root`` se puede apuntar a un árbol falso en las pruebas.
    """
    proc_dir, root = Path(proc), Path(cgroup_root)
    text = _read(proc_dir / "self" / "cgroup")
    groups = parse_proc_cgroup(text) if text else {}
    version: str | None = None
    path: str | None = None
    quota: float | None = None
    period: float | None = None
    mem: int | None = None
    if set(groups) == {""} or (groups and (root / "cgroup.controllers").exists()):
        version, path = "v2", groups.get("")
        if path is not None:
            quota, period, mem = _limits_v2(root, path)
    elif groups:
        version = "v1"
        path = groups.get("memory") or groups.get("cpu") or next(iter(groups.values()))
        quota, period, mem = _limits_v1(root, groups)
    namespaces = _ns_inodes(proc_dir, "self")
    init = _ns_inodes(proc_dir, "1") if namespaces else {}
    shared = tuple(k for k in namespaces if init.get(k) == namespaces[k]) if init else None
    controllers = tuple(sorted(c for c in groups if c and not c.startswith("name=")))
    if version == "v2":
        text = _read(root / "cgroup.controllers")
        controllers = tuple(text.split()) if text else ()
    return CgroupLook(version, path, quota, period, mem, namespaces, shared, controllers)


def describe(seen: CgroupLook) -> str:
    """Una frase en español con lo que :func:`look` encontró (o no pudo leer).

    No repite la ruta del cgroup (un identificador sin interés): dice qué versión es,
    qué controladores hay y qué dicen los ficheros de límites.

    >>> describe(CgroupLook(None, None, None, None, None, {}, None))[:40]
    'Esta máquina no deja leer /proc/self/cgr'
    """
    if not seen.available:
        return (
            "Esta máquina no deja leer /proc/self/cgroup ni /proc/self/ns (no es Linux, o "
            "/proc no está montado), así que no hay nada que enseñar aquí: en Linux, la "
            "celda mostraría el cgroup y los espacios de nombres del proceso."
        )
    parts = []
    controllers = ", ".join(seen.controllers) if seen.controllers else "ninguno legible"
    if seen.version == "v2":
        parts.append(
            "Este proceso está en un cgroup v2, una sola jerarquía para todos los "
            f"controladores (aquí: {controllers})"
        )
    elif seen.version == "v1":
        parts.append(
            f"Este proceso está en cgroups v1, una jerarquía por controlador (aquí: {controllers})"
        )
    else:
        parts.append("Este proceso no pudo leer su cgroup")
    parts.append(f", y ve {fmt.number(len(seen.namespaces))} espacios de nombres. ")
    limit = seen.cpu_limit
    v2 = seen.version == "v2"
    if seen.cpu_period_us is None:
        parts.append("No pudo leer la cuota del controlador cpu")
    elif limit is None:
        unlimited = "cpu.max empieza por «max»" if v2 else "cpu.cfs_quota_us vale -1"
        parts.append(f"El controlador cpu no le pone cuota ({unlimited}: sin límite de CPU)")
    else:
        files = "cpu.max" if v2 else "cpu.cfs_quota_us y cpu.cfs_period_us"
        parts.append(
            f"El controlador cpu le da una cuota de {fmt.number(limit, decimals=2)} núcleos "
            f"({files}: {fmt.number(seen.cpu_quota_us or 0.0)} µs de CPU cada "
            f"{fmt.number(seen.cpu_period_us)} µs)"
        )
    if seen.memory_max_bytes is None:
        parts.append(" y el controlador memory no tiene un límite legible. ")
    else:
        parts.append(f" y el controlador memory, un límite de {fmt.size(seen.memory_max_bytes)}. ")
    shared = seen.shared_with_init
    if shared is None:
        parts.append(
            "No puede leer los espacios de nombres del proceso 1 (hace falta ser su "
            "dueño), así que no sabe si comparte los del arranque del sistema."
        )
    elif set(shared) == set(seen.namespaces):
        parts.append(
            "Comparte todos sus espacios de nombres con el proceso 1: no está aislado en "
            "un contenedor con espacios propios."
        )
    else:
        own = sorted(set(seen.namespaces) - set(shared))
        parts.append(
            f"Tiene espacios propios ({', '.join(own)}) distintos de los del proceso 1: "
            "corre aislado, como dentro de un contenedor."
        )
    return "".join(parts)

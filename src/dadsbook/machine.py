"""El sello de la máquina: dónde se midieron los números del libro.

Cada medición del libro dice dónde corrió: CPU lógicas (y núcleos físicos cuando la
máquina puede saberlos), modelo de CPU, memoria, versión de Python, sistema operativo
y perfil de construcción.

**Solo lo que la máquina puede probar.** Dentro de una máquina virtual (la CPU anuncia
la marca ``hypervisor`` en ``/proc/cpuinfo``), la topología de ``/sys`` es la que el
hipervisor quiere enseñar: el invitado no sabe si dos vCPU son dos núcleos o los dos
hilos SMT de uno. Entonces el sello dice «N CPU lógicas (vCPU de una máquina virtual)»
y nunca «núcleos físicos».

>>> s = stamp()
>>> s.logical_cores >= 1 and s.physical_cores >= 1
True
>>> ("físicos" in s.summary()) != s.virtual  # en una VM, nunca «físicos»
True
"""

from __future__ import annotations

import os
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dadsbook import fmt, profile
from dadsbook.records import Record

__all__ = [
    "MachineStamp",
    "is_virtual",
    "parse_cpu_list",
    "physical_cores",
    "stamp",
    "usable_cores",
]


@dataclass(frozen=True)
class MachineStamp(Record):
    """Datos de la máquina que produjo una medición."""

    logical_cores: int
    physical_cores: int
    usable_cores: int
    cpu_model: str
    memory_gib: float
    python: str
    implementation: str
    gil_enabled: bool
    os: str
    profile: str
    virtual: bool = False

    def cores(self) -> str:
        """Las CPU en español, sin afirmar lo que la máquina no puede saber.

        >>> from dataclasses import replace
        >>> replace(stamp(), virtual=True, logical_cores=2, usable_cores=2).cores()
        '2 CPU lógicas (vCPU de una máquina virtual)'
        >>> s = replace(stamp(), virtual=False, physical_cores=4, logical_cores=8, usable_cores=8)
        >>> s.cores()
        '4 núcleos físicos, 8 CPU lógicas'
        """
        usable = (
            f", {self.usable_cores} disponibles" if self.usable_cores != self.logical_cores else ""
        )
        if self.virtual:
            return f"{self.logical_cores} CPU lógicas (vCPU de una máquina virtual{usable})"
        return f"{self.physical_cores} núcleos físicos, {self.logical_cores} CPU lógicas{usable}"

    @property
    def kind(self) -> str:
        """«una máquina virtual» o «una máquina física», para la prosa del libro."""
        return "una máquina virtual" if self.virtual else "una máquina física"

    def summary(self) -> str:
        """Una línea en español para pies de figura y tablas."""
        gil = "con GIL" if self.gil_enabled else "sin GIL"
        return (
            f"{self.cpu_model}; {self.cores()}; "
            f"{fmt.number(self.memory_gib, 1)} GiB; {self.implementation} {self.python} "
            f"({gil}); {self.os}; perfil {self.profile}"
        )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: ")):
                _, _, value = line.partition(":")
                if value.strip() and not value.strip().isdigit():
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "desconocida"


def parse_cpu_list(text: str) -> tuple[int, ...]:
    """Una lista de CPU de Linux (``cpulist``, ``online``, ``Cpus_allowed_list``) como tupla.

    Es el formato de ``/sys`` y ``/proc``: números e intervalos separados por comas.

    >>> parse_cpu_list("0-3,8,10-11\\n")
    (0, 1, 2, 3, 8, 10, 11)
    >>> parse_cpu_list("")
    ()
    >>> parse_cpu_list("3-1")
    Traceback (most recent call last):
    ...
    ValueError: el intervalo '3-1' de text está al revés
    """
    if not isinstance(text, str):
        raise TypeError(f"text debe ser un texto; se recibió {type(text).__name__}")
    values: list[int] = []
    for part in filter(None, (p.strip() for p in text.strip().split(","))):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if match is None:
            raise ValueError(f"text debe tener la forma «0-3,8»; no entiendo {part!r}")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low:
            raise ValueError(f"el intervalo {part!r} de text está al revés")
        values.extend(range(low, high + 1))
    return tuple(values)


def physical_cores() -> int:
    """Núcleos físicos: pares distintos (paquete, núcleo) en ``/sys``; si no, los lógicos."""
    cpus = Path("/sys/devices/system/cpu")
    pairs: set[tuple[str, str]] = set()
    for topo in cpus.glob("cpu[0-9]*/topology"):
        try:
            package = (topo / "physical_package_id").read_text(encoding="utf-8").strip()
            core = (topo / "core_id").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        pairs.add((package, core))
    return len(pairs) or (os.cpu_count() or 1)


def is_virtual() -> bool:
    """Si corremos en una máquina virtual: marca ``hypervisor`` de la CPU o ``/sys/hypervisor``."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("flags") and "hypervisor" in line.split(":", 1)[1].split():
                return True
    except OSError:
        pass
    try:
        return bool(Path("/sys/hypervisor/type").read_text(encoding="utf-8").strip())
    except OSError:
        return False


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def usable_cores() -> int:
    """Núcleos lógicos en los que este proceso puede correr (su afinidad de CPU).

    Donde no hay ``os.sched_getaffinity`` (macOS), todos los de ``os.cpu_count()``.
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - sin sched_getaffinity (macOS)
        return os.cpu_count() or 1


def stamp() -> MachineStamp:
    """Lee la máquina actual y el perfil activo."""
    gil_check = getattr(sys, "_is_gil_enabled", None)
    return MachineStamp(
        logical_cores=os.cpu_count() or 1,
        physical_cores=physical_cores(),
        usable_cores=usable_cores(),
        cpu_model=_cpu_model(),
        memory_gib=round(_memory_gib(), 1),
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        gil_enabled=bool(gil_check()) if gil_check is not None else True,
        os=f"{platform.system()} {platform.release()}",
        profile=profile.current().name,
        virtual=is_virtual(),
    )

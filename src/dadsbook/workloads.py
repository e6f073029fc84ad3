"""Trabajos de ejemplo para hilos y procesos.

Los *pools* de procesos solo pueden enviar funciones de nivel superior de un módulo
importable: aquí viven las que usan las páginas (nunca en una celda).

>>> python_spin(1000) == python_spin(1000)
True
>>> numpy_kernel(64, 1) > 0
True
"""

from __future__ import annotations

import hashlib
import time

from dadsbook.validation import check_int, check_number

__all__ = ["hash_work", "numpy_kernel", "python_spin", "sleep_task"]


def python_spin(iterations: int) -> int:
    """Cálculo puro en Python (retiene el GIL): ``iterations`` vueltas de aritmética entera."""
    check_int("iterations", iterations, 1)
    total = 0
    for i in range(iterations):
        total = (total + i * i) % 1_000_003
    return total


def numpy_kernel(size: int, repeats: int) -> float:
    """Producto de matrices ``size × size`` repetido: NumPy suelta el GIL mientras calcula."""
    check_int("size", size, 1)
    check_int("repeats", repeats, 1)
    import numpy as np  # perezoso: un intérprete sin GIL puede no tener NumPy

    rng = np.random.default_rng(size)
    a = rng.random((size, size))
    b = rng.random((size, size))
    acc = 0.0
    for _ in range(repeats):
        acc += float((a @ b)[0, 0])
    return acc


def hash_work(megabytes: int) -> str:
    """SHA-256 de ``megabytes`` MiB: hashlib suelta el GIL con bloques grandes."""
    check_int("megabytes", megabytes, 1)
    block = b"\x5a" * (1 << 20)
    digest = hashlib.sha256()
    for _ in range(megabytes):
        digest.update(block)
    return digest.hexdigest()


def sleep_task(seconds: float) -> float:
    """Espera ``seconds`` segundos (una E/S simulada) y devuelve lo que esperó."""
    check_number("seconds", seconds, 0, 60)
    start = time.perf_counter()
    time.sleep(seconds)
    return time.perf_counter() - start

"""Pruebas de las interrupciones: simulador (interrupts) y SIGALRM real (timer_signal)."""

from __future__ import annotations

import itertools
import json
import math
import signal
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from dadsbook import measure, plotting
from dadsbook.hardware.cpu import figures, interrupts, timer_signal
from dadsbook.hardware.cpu.interrupts import TASK, Interrupt, Timeline, simulate

IRQS = [
    Interrupt("disco", 2, 1, 4),
    Interrupt("red", 3, 2, 2),
    Interrupt("reloj", 4, 3, 1),
]


def test_without_nesting_the_urgent_one_waits() -> None:
    flat = simulate(10, IRQS, nesting=False)
    starts = {r.name: r.start for r in flat.results}
    assert starts == {"disco": 2, "reloj": 6, "red": 7}
    assert flat.max_depth == 1


def test_with_nesting_each_more_urgent_one_preempts() -> None:
    nested = simulate(10, IRQS, nesting=True)
    assert [r.latency for r in nested.results] == [0, 0, 0]
    assert nested.max_depth == 3
    owners = [s.owner for s in nested.segments]
    assert owners == [TASK, "disco", "red", "reloj", "red", "disco", TASK]


def test_equal_priority_does_not_preempt() -> None:
    irqs = [Interrupt("a", 0, 2, 3), Interrupt("b", 1, 2, 1)]
    nested = simulate(1, irqs, nesting=True)
    assert nested.results[1].start == 3


def test_task_runs_alone_without_interrupts() -> None:
    t = simulate(5, [], nesting=True)
    assert t.task_completion == 5 and t.segments[0].owner == TASK


def test_interrupts_after_the_task_still_run() -> None:
    t = simulate(1, [Interrupt("tarde", 5, 1, 2)], nesting=False)
    assert t.task_completion == 1 and t.results[0].completion == 7


def test_table_plot_and_json() -> None:
    t = simulate(10, IRQS, nesting=True)
    assert len(t.table().rows) == len(IRQS)
    legend = figures.interrupts_figure(t, title="x").axes[0].get_legend()
    texts = (x.get_text() for x in legend.get_texts())
    patches = dict(zip(texts, legend.get_patches(), strict=True))
    assert to_hex(patches["reloj"].get_facecolor()) == plotting.entity_color("reloj").lower()
    assert json.loads(json.dumps(t.as_dict()))["max_depth"] == 3
    with pytest.raises(ValueError, match="priority"):
        t.latency_of(9)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="work"):
        simulate(0, IRQS, nesting=True)
    with pytest.raises(TypeError, match="nesting"):
        simulate(1, IRQS, nesting=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="arrival"):
        Interrupt("x", -1, 1, 1)
    with pytest.raises(ValueError, match="handler_time"):
        Interrupt("x", 0, 1, 0)
    with pytest.raises(ValueError, match="priority"):
        Interrupt("x", 0, -1, 1)
    with pytest.raises(ValueError, match="interrupts"):
        simulate(1, [Interrupt("x", 0, 1, 1), Interrupt("x", 1, 1, 1)], nesting=False)
    with pytest.raises(ValueError, match="count"):
        interrupts.random_interrupts(0, seed=1)


irq_lists = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 4), st.integers(1, 6)), max_size=10
).map(lambda xs: [Interrupt(f"I{k}", a, p, h) for k, (a, p, h) in enumerate(xs)])


def _check(t: Timeline, irqs: list[Interrupt], work: float) -> None:
    ordered = sorted(t.segments, key=lambda s: s.start)
    for a, b in itertools.pairwise(ordered):
        assert a.end <= b.start + 1e-9, "dos cosas a la vez en la CPU"
    cpu: defaultdict[str, float] = defaultdict(float)
    for s in t.segments:
        cpu[s.owner] += s.end - s.start
    assert cpu[TASK] == pytest.approx(work)
    for irq, r in zip(irqs, t.results, strict=True):
        assert cpu[irq.name] == pytest.approx(irq.handler_time)
        assert 0 <= r.latency <= r.response
    if not t.nesting:
        assert t.max_depth <= 1


@settings(max_examples=150)
@given(irqs=irq_lists, work=st.integers(1, 20), nesting=st.booleans())
def test_cpu_time_is_conserved(irqs: list[Interrupt], work: int, nesting: bool) -> None:
    """Nada corre a la vez y cada manejador y la tarea reciben exactamente su tiempo."""
    _check(simulate(work, irqs, nesting=nesting), irqs, work)


@settings(max_examples=150)
@given(irqs=irq_lists, work=st.integers(1, 20))
def test_nesting_never_delays_the_most_urgent(irqs: list[Interrupt], work: int) -> None:
    """Con anidamiento, la prioridad máxima nunca espera más que sin él; la tarea acaba igual."""
    flat = simulate(work, irqs, nesting=False)
    nested = simulate(work, irqs, nesting=True)
    assert flat.task_completion == nested.task_completion
    if irqs:
        top = max(i.priority for i in irqs)
        assert nested.latency_of(top) <= flat.latency_of(top) + 1e-9


def test_random_interrupts_are_reproducible() -> None:
    a = interrupts.random_interrupts(6, seed=3)
    assert a == interrupts.random_interrupts(6, seed=3)
    assert all(1 <= i.priority <= 3 and 1 <= i.handler_time <= 3 for i in a)


@pytest.mark.parametrize("loop", timer_signal.LOOPS)
def test_timer_signal_interrupts_a_busy_loop(loop: str) -> None:
    """El manejador llega (latencia ≥ 0) y todo queda como estaba: manejador y temporizador."""
    previous = signal.getsignal(signal.SIGALRM)
    r = timer_signal.timer_latency(loop, ticks=3, delay_s=0.001, chunk=10_000)
    assert len(r.latencies_s) == 3 and all(x >= 0 for x in r.latencies_s)
    assert r.min_s <= r.median_s <= r.max_s
    assert signal.getsignal(signal.SIGALRM) == previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert json.dumps(r.as_dict())
    assert (r.chunk_s > 0) == (loop == "c")


def _latency(latencies: list[float], *, busy: bool = False) -> timer_signal.TimerLatency:
    """Una medición inventada sobre el bucle en C con llamadas de 1 ms."""
    chunks = (1e-3, 1.01e-3, 0.99e-3, 1e-3, 1.02e-3, 0.98e-3, 1e-3)
    load = measure.Load(1.0, 2, 0.9 if busy else 0.01, 0.0, 1.0)
    return timer_signal.TimerLatency(
        "c", len(latencies), 0.002, 1000, 1e-3, tuple(latencies), chunks, load
    )


def test_half_call_verdict_decides_with_the_spread() -> None:
    """Latencias repartidas en una llamada: sin diferencia medible con media llamada."""
    spread = [i / 20 * 1e-3 for i in range(21)]
    assert _latency(spread).versus_half_call().decision == "sin diferencia medible"
    assert _latency(spread).half_call_phrase().startswith("sin diferencia medible con la mitad")
    late = [3e-3 + i * 1e-5 for i in range(21)]
    assert _latency(late).versus_half_call().decision == "mayor"
    phrase = _latency(late).half_call_phrase()
    assert phrase.startswith("por encima de la mitad") and "tranquila" in phrase


def test_half_call_phrase_never_blames_without_seeing_it() -> None:
    """Con la máquina ocupada no concluye y lo dice; sin carga, no culpa a otros procesos."""
    late = [3e-3 + i * 1e-5 for i in range(21)]
    busy = _latency(late, busy=True).half_call_phrase()
    assert "la máquina estaba ocupada" in busy and "no decide" in busy
    assert "se llevaron" not in _latency(late).half_call_phrase()
    with pytest.raises(ValueError, match="loop='c'"):
        timer_signal.timer_latency("python", ticks=1).versus_half_call()


def test_latency_table_uses_the_book_formatter() -> None:
    """La tabla de latencias: una fila por bucle, con unidades y coma decimal."""
    table = timer_signal.latency_table({"c": _latency([1.5e-3] * 5)})
    assert table.rows == [("c", "5", "1,5 ms", "1,5 ms", "1,5 ms")]
    with pytest.raises(ValueError, match="results"):
        timer_signal.latency_table({})


def test_timer_is_disarmed_even_on_error() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    with pytest.raises(ValueError, match="ticks"):
        timer_signal.timer_latency("python", ticks=0)
    assert signal.getsignal(signal.SIGALRM) == previous


def test_timer_signal_bad_inputs() -> None:
    with pytest.raises(ValueError, match=r"loop.*python, c"):
        timer_signal.timer_latency("rust", ticks=1)
    with pytest.raises(ValueError, match="delay_s"):
        timer_signal.timer_latency("python", ticks=1, delay_s=math.inf)
    with pytest.raises(ValueError, match="chunk"):
        timer_signal.timer_latency("c", ticks=1, chunk=0)
    with pytest.raises(ValueError, match="seed"):
        timer_signal.timer_latency("c", ticks=1, seed=-1)

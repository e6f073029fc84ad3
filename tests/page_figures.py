"""Las figuras de cada página del libro, construidas con entradas pequeñas.

Cada página da una lista de ``(nombre, función sin argumentos → Figure)`` con las mismas
funciones de figura que usa la página y datos pequeños: simulaciones sembradas y cortas,
y, para lo que la página mide, resultados construidos a mano con la misma forma (la
prueba mira colores y leyendas, no números). Las figuras que necesitan una medición
larga o un servidor de verdad se cuentan en :data:`NOT_BUILT`, con el motivo.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from dadsbook import measure, plotting

FigureFactory = Callable[[], Figure]


def _measurement(label: str, *seconds: float) -> measure.Measurement:
    return measure.Measurement(label, tuple(int(s * 1e9) for s in seconds), 0)


def conceptos() -> list[tuple[str, FigureFactory]]:
    from dadsbook.concepts import figures, kitchen

    results = kitchen.four_cases(kitchen.MENU, chefs=2)
    return [
        (f"cocina {key}", lambda r=r, key=key: figures.kitchen_figure(r, key))
        for key, r in results.items()
    ]


def cpu() -> list[tuple[str, FigureFactory]]:
    from dadsbook.hardware.cpu import figures, interrupts, parallel, scheduler_report
    from dadsbook.hardware.cpu.interrupts import Interrupt
    from dadsbook.hardware.cpu.scheduler import Job

    jobs = [Job("A", 0, 5), Job("B", 0, 3), Job("C", 1, 2)]
    schedules = scheduler_report.compare_policies(jobs, quantum=1)
    sweep = scheduler_report.sweep_quantum(jobs, [0.5, 1, 4], switch_cost=0.2)
    irqs = [
        Interrupt("disco", 2, priority=1, handler_time=4),
        Interrupt("red", 3, priority=2, handler_time=2),
        Interrupt("reloj", 4, priority=3, handler_time=1),
        Interrupt("teclado", 10, priority=2, handler_time=1),
    ]
    flat = interrupts.simulate(12, irqs, nesting=False)
    nested = interrupts.simulate(12, irqs, nesting=True)

    def scaling(variants: tuple[str, ...]) -> parallel.ScalingResult:
        points = tuple(
            parallel.ScalingPoint(
                n,
                _measurement("uno", 1.0, 1.0, 1.0),
                {v: _measurement(v, 1.0 + 0.1 * k, 1.1, 1.2) for k, v in enumerate(variants)},
            )
            for n in (1, 2)
        )
        return parallel.ScalingResult("prueba", points)

    python = scaling(("techo", "procesos", "hilos"))
    numpy = scaling(("procesos", "hilos"))
    extra = {"pool de hilos, Python 3.14 sin GIL": [1.0, 1.8]}
    return [
        ("políticas", lambda: figures.policies_figure(schedules)),
        ("quantum", lambda: figures.quantum_figure(sweep)),
        ("sin anidar", lambda: figures.interrupts_figure(flat, title="Sin anidamiento")),
        ("anidadas", lambda: figures.interrupts_figure(nested, title="Con anidamiento")),
        ("Python", lambda: figures.scaling_figure(python, "Python", extra=extra, fit="procesos")),
        ("NumPy", lambda: figures.scaling_figure(numpy, "NumPy")),
    ]


def disco() -> list[tuple[str, FigureFactory]]:
    from dadsbook.hardware.disk import dma, figures, nvme, raid, writehole

    problem = dma.DmaProblem(2, 10, 1.0, 20.0, 1.0, 1.0)
    pio, with_dma = dma.simulate(problem, "pio"), dma.simulate(problem, "dma")
    points = tuple(nvme.IopsPoint(d, 1000.0 * d, 900.0 * d, 1100.0 * d, False) for d in (1, 2, 4))
    return [
        ("disco duro", figures.rate_figure),
        ("E/S programada", lambda: figures.dma_figure(pio, title="E/S programada")),
        ("DMA", lambda: figures.dma_figure(with_dma, title="DMA")),
        ("RAID", lambda: figures.layout_figure(raid.RaidArray(5, 3, 2, "left-symmetric"), 3)),
        ("reconstrucción", lambda: figures.rebuild_figure([1, 2], [100, 200])),
        ("agujero", lambda: figures.explore_figure(writehole.KITCHEN, {1: b"ESPINACA"})),
        ("IOPS", lambda: figures.iops_figure({"en caché de páginas": points})),
        ("Little", lambda: figures.model_figure([1, 4], 4, 100.0, 0.0, seed=1)),
        ("ZNS", lambda: figures.wa_figure([0.1, 0.2], {"FTL": [2.0, 1.5], "ZNS": [1.0, 1.0]})),
    ]


def memoria() -> list[tuple[str, FigureFactory]]:
    from dadsbook.hardware.memory import figures, pagetable, replacement, workingset
    from dadsbook.hardware.memory.bandwidth import CacheLevel, Mountain
    from dadsbook.hardware.memory.channels import ChannelPoint, ChannelScan

    curves = pagetable.sparse_curves(1, [1, 16], 16)
    curve = replacement.fault_curve(replacement.BELADY_STRING, range(1, 5))
    belady = replacement.fault_curve(replacement.BELADY_STRING, [3, 4], ["fifo"])
    refs, starts = workingset.phased_references(3, [4, 8], 60, 32)
    model = workingset.ThrashingModel(horizon=2_000, warmup=1_000)
    free = [workingset.simulate(model, n, seed=1) for n in (1, 2)]
    mountain = Mountain((16 * 1024, 64 * 1024), (1, 8), ((10.0, 5.0), (8.0, 2.0)), 1)
    caches = (CacheLevel(1, "Data", 32 * 1024, 64, "0"),)
    scan = ChannelScan(
        (ChannelPoint(1, (5.0, 5.5, 6.0)), ChannelPoint(2, (9.0, 9.5, 10.0))), 8, 2, None
    )
    return [
        ("tablas", lambda: figures.sparse_figure(curves, [1, 16], 16)),
        ("fallos", lambda: figures.faults_figure(curve)),
        ("Belady", lambda: figures.faults_figure(belady, "Cadena de Belady")),
        ("conjunto de trabajo", lambda: figures.working_set_figure(refs, [5, 50], starts)),
        ("hiperpaginación", lambda: figures.thrashing_figure(model, free, free[:1])),
        ("montaña", lambda: figures.mountain_figure(mountain, caches)),
        ("cortes", lambda: figures.profile_figure(mountain, caches)),
        ("canales", lambda: figures.channels_figure(scan, [("techo", 25.6)])),
    ]


def sistemas_operativos() -> list[tuple[str, FigureFactory]]:
    from dadsbook.software.operating_system import figures, load_balancing, mlfq, multitasking

    tasks = multitasking.random_tasks(1)
    cooperative = multitasking.simulate(tasks, mode="cooperative")
    preemptive = multitasking.simulate(tasks, mode="preemptive", quantum=2)
    feedback = mlfq.simulate(mlfq.random_jobs(3, interactive=3, batch=2))
    queues = [[5.0, 4.0, 3.0], [1.0]]
    alone = load_balancing.simulate(queues, steal=False)
    stealing = load_balancing.simulate(queues, steal=True, steal_cost=0.5, seed=1)
    return [
        ("cooperativa", lambda: figures.multitasking_figure(cooperative)),
        ("apropiativa", lambda: figures.multitasking_figure(preemptive)),
        ("MLFQ", lambda: figures.mlfq_figure(feedback, group=lambda n: n.rstrip("0123456789 "))),
        ("nice", lambda: figures.weights_figure(highlight=(0, 5))),
        ("sin robo", lambda: figures.balance_figure(alone)),
        ("con robo", lambda: figures.balance_figure(stealing)),
    ]


def programacion() -> list[tuple[str, FigureFactory]]:
    from dadsbook.software.programming import asyncio_demo, deadlock, figures, scaling
    from dadsbook.software.programming import interleavings as il
    from dadsbook.software.programming.event_loop import LoopEvent, LoopOrder
    from dadsbook.software.programming.mpi_run import MpiRun
    from dadsbook.software.programming.producer_consumer import PCConfig, PCResult

    spans = {m: ((0.0, 0.01), (0.0, 0.02)) for m in asyncio_demo.METHODS}
    timings = {m: _measurement(m, 0.02) for m in asyncio_demo.METHODS}
    clients = asyncio_demo.ClientComparison(2, 0.01, 2, timings, spans)
    order = LoopOrder((LoopEvent("a", "call_soon", 1), LoopEvent("b", "call_later", 3)))
    pc = [
        PCResult(
            "hilos",
            PCConfig(buffer=b),
            0.1,
            3,
            0,
            0,
            1,
            0.01,
            (0.01, 0.02, 0.03),
            (0.02, 0.03, 0.04),
        )
        for b in (1, 4)
    ]
    throughput = {"hilos": [(1, 100.0), (2, 180.0)], "asyncio": [(1, 90.0), (2, 95.0)]}
    buffers = [il.explore(il.PROGRAMS[n]) for n in ("bufer-if", "bufer-while")]
    transfers = [deadlock.transfer("opuesto", timeout_s=0.02), deadlock.transfer("global")]
    gil = {"Python puro": [1.0, 1.0], "NumPy": [1.0, 1.9], "E/S (espera)": [1.0, 2.0]}
    runs = [MpiRun(r, 1000, 3.14159, (0.1, 0.2), 2, 8, (0.01, 0.012)) for r in (1, 2)]
    fits = [scaling.fit("pool", [1, 2], [1.0, 1.7])]
    return [
        ("asyncio", lambda: figures.timeline_figure(clients)),
        ("bucle", lambda: figures.loop_order_figure(order)),
        ("contrapresión", lambda: figures.backpressure_figure(pc)),
        ("rendimiento", lambda: figures.throughput_figure(throughput)),
        ("búfer", lambda: figures.outcomes_figure(buffers)),
        ("interbloqueo", lambda: figures.deadlock_figure(transfers)),
        ("GIL", lambda: plotting.speedup_plot([1, 2], gil, title="Hilos de CPython")),
        ("lotes", lambda: figures.speedup_bars({"1": 1.2, "8": 1.8}, xlabel="lote", ideal=2)),
        ("MPI", lambda: figures.mpi_figure(runs)),
        ("Amdahl", lambda: figures.laws_figure(fits)),
    ]


def contenedores() -> list[tuple[str, FigureFactory]]:
    from dadsbook.systems.containers import cgroups, figures, replicaset

    runs = [(name, cgroups.run_request(50, quota_ms=q)) for name, q in (("200m", 20), ("1", 100))]
    problem = cgroups.random_cfs_problem(2, requests=30)
    sweep = cgroups.quota_sweep(problem, [50.0, 100.0])
    healing = replicaset.random_self_healing(1).solve()
    return [
        ("CFS", lambda: figures.timeline_figure(runs, period_ms=100)),
        ("cuotas", lambda: figures.sweep_figure(sweep)),
        ("ReplicaSet", lambda: figures.self_healing_figure(healing)),
        (
            "KEDA",
            lambda: figures.activation_figure(
                [0, 30, 60], [0, 5, 1], [0, 1, 1], activation_value=2
            ),
        ),
    ]


def nube() -> list[tuple[str, FigureFactory]]:
    from dadsbook.systems.cloud import app_service, choices, figures, scale_sets, serverless
    from dadsbook.systems.cloud import load_balancing as lb
    from dadsbook.systems.cloud.batch import BatchRun
    from dadsbook.systems.cloud.batch_faults import Attempt, FaultyJob

    tails = lb.compare_policies(lb.default_servers(), loads=[0.5, 0.8], requests=300, seed=3)
    peaks = choices.sweep([16, 64], seeds=[1, 2])
    config = app_service.AppServiceConfig(duration_s=300, fail_at_s=100)
    apps = {"con afinidad": app_service.simulate_app_service(config, seed=1)}
    sl = {
        f"{c} evento(s) por instancia": serverless.simulate_serverless(
            serverless.ServerlessConfig(concurrency=c), rate_per_s=2.0, duration_s=120, seed=7
        )
        for c in (1, 4)
    }
    demand = scale_sets.random_demand(4, 1200)
    scaled = {
        f"arranque de {p // 60} min": scale_sets.simulate_scale_set(
            scale_sets.ScaleRule(provisioning_s=p), demand=demand, seed=1
        )
        for p in (60, 600)
    }
    batches = [
        BatchRun(w, 8, (8 // w,) * w, _measurement("lote", 1.0 / w, 1.1 / w), False) for w in (1, 2)
    ]
    attempts = (Attempt(0, 10, 0.0, 0.5, "completado"), Attempt(1, 11, 0.1, None, "interrumpido"))
    job = FaultyJob(2, attempts, 11, 0.3, (), True, 1, 0, 1, 2, 1, 1.0)
    return [
        ("balanceo", lambda: figures.balancer_tail(tails)),
        ("opciones", lambda: figures.choices_max_load(peaks)),
        ("App Service", lambda: figures.app_service_utilization(apps)),
        ("serverless", lambda: figures.serverless_timeline(sl)),
        ("escalado", lambda: figures.scale_set_timeline(scaled)),
        ("lotes", lambda: figures.batch_times(batches)),
        ("fallos de lotes", lambda: figures.batch_attempts(job)),
    ]


def servidores_web() -> list[tuple[str, FigureFactory]]:
    from dadsbook.systems.web_servers import figures, stateless

    problem = stateless.random_fleet(1, duration_s=60.0)
    outcomes = stateless.compare_stores(problem)
    return [("flota", lambda: figures.stores_figure(outcomes))]


def conclusion() -> list[tuple[str, FigureFactory]]:
    from dadsbook.conclusion import figures

    return [("mapa", figures.map_figure)]


#: Cada página (su ruta bajo ``docs/``) y sus figuras.
PAGES: dict[str, Callable[[], list[tuple[str, FigureFactory]]]] = {
    "conceptos": conceptos,
    "hardware/cpu": cpu,
    "hardware/disco": disco,
    "hardware/memoria": memoria,
    "software/sistemas-operativos": sistemas_operativos,
    "software/programacion": programacion,
    "sistemas/contenedores": contenedores,
    "sistemas/nube": nube,
    "sistemas/servidores-web": servidores_web,
    "conclusion": conclusion,
}

#: Figuras de las páginas que la prueba no construye, y por qué.
NOT_BUILT = {
    "software/programacion": "race_figure (necesita un sondeo de carreras con hilos de verdad)",
    "sistemas/contenedores": "contention_figure (mide con nice), failover_figure y "
    "replicas_figure (simulaciones de minutos)",
    "sistemas/nube": "durable_replay (ya en tests/systems/cloud/test_figures.py)",
    "sistemas/servidores-web": "throughput, latency, gap y knee (miden servidores reales)",
}

"""Pruebas de las ayudas de figuras (dadsbook.plotting)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from figure_checks import color_conflicts, drawn_texts, off_palette, series_colors, texts_of
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from page_figures import PAGES

from dadsbook import plotting
from dadsbook.plotting import GanttBar


def test_gantt_rows_and_legend() -> None:
    bars = [GanttBar("cpu 1", 0, 2, "A", "a"), GanttBar("cpu 2", 1, 3, "B", hatched=True)]
    fig = plotting.gantt(bars, rows=["cpu 2", "cpu 1"], title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cpu 2", "cpu 1"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B", "espera"]


def test_figures_are_not_left_open_in_pyplot() -> None:
    before = len(plt.get_fignums())
    plotting.gantt([GanttBar("r", 0, 1, "g")])
    plotting.speedup_plot([1, 2], {"procesos": [1.0, 1.9]})
    assert len(plt.get_fignums()) == before


def test_speedup_plot_has_ideal_line() -> None:
    fig = plotting.speedup_plot([1, 2, 4], {"hilos": [1, 1.1, 1.2]})
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["ideal (N×)", "hilos"]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="bars"):
        plotting.gantt([])
    with pytest.raises(ValueError, match="termina antes"):
        plotting.gantt([GanttBar("r", 2, 1, "g")])
    with pytest.raises(ValueError, match="workers"):
        plotting.speedup_plot([], {})
    with pytest.raises(ValueError, match="serie"):
        plotting.speedup_plot([1, 2], {"x": [1.0]})
    with pytest.raises(ValueError, match="width"):
        plotting.figure(0, 1)


def test_palette_is_cyclic() -> None:
    assert plotting.color(0) == plotting.color(len(plotting.PALETTE))


def test_importing_plotting_does_not_import_matplotlib() -> None:
    """Importar el módulo es barato: matplotlib llega al dibujar la primera figura."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import dadsbook.plotting\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'cycler')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_style_keeps_the_palette_cycle() -> None:
    cycle = plotting.style()["axes.prop_cycle"]
    assert [c["color"] for c in cycle] == list(plotting.PALETTE)


# --- Un color por entidad ---------------------------------------------------------


def test_entity_colors_come_from_the_palette_and_differ_where_they_meet() -> None:
    assert set(plotting.ENTITY_COLORS.values()) <= set(plotting.PALETTE)
    together = (
        ("procesos", "hilos", "hilos sin GIL", "techo"),
        ("tarea", "disco", "red", "reloj", "teclado"),
        ("trabajo útil", "bus", "copia", "programar DMA", "interrupción"),
        ("sopa", "ensalada", "postre"),
    )
    for names in together:
        colors = [plotting.entity_color(n) for n in names]
        assert len(set(colors)) == len(colors), names
    with pytest.raises(ValueError, match="name debe ser una entidad"):
        plotting.entity_color("unicornio")


def test_colors_for_does_not_depend_on_order_or_on_the_figure() -> None:
    one = plotting.colors_for(["B", "A", "red"])
    other = plotting.colors_for(["red", "A", "B"])
    assert one == other
    assert one["red"] == plotting.entity_color("red")
    assert len(set(one.values())) == 3
    assert plotting.colors_for(["A"], {"A": "#000000"}) == {"A": "#000000"}
    # Los nombres sin color fijo no reciben el amarillo (poco contraste sobre blanco).
    many = plotting.colors_for([f"n{i}" for i in range(6)])
    assert plotting.PALETTE[6] not in many.values()


def test_text_color_is_readable_on_each_fill() -> None:
    assert plotting.text_color("#F0E442") == "black"
    assert plotting.text_color("#000000") == "white"
    with pytest.raises(ValueError, match="background"):
        plotting.text_color("red")


def test_gantt_groups_keep_their_entity_color_whatever_the_order() -> None:
    first = plotting.gantt([GanttBar("cpu", 0, 1, "reloj"), GanttBar("cpu", 1, 2, "red")])
    second = plotting.gantt([GanttBar("cpu", 0, 1, "red"), GanttBar("cpu", 1, 2, "reloj")])
    assert series_colors(first) == series_colors(second)
    assert series_colors(first)["red"] == {plotting.entity_color("red").lower()}


# --- Etiquetas que caben y leyendas fuera de los datos ---------------------------


def test_gantt_writes_only_the_labels_that_fit_inside_their_bar() -> None:
    bars = [
        GanttBar("chef", 0, 30, "sopa", "hervir caldo"),
        GanttBar("chef", 30, 30.5, "postre", "decorar con mucho cuidado"),
    ]
    fig = plotting.gantt(bars, width=4.0)
    texts = drawn_texts(fig)
    assert "hervir caldo" in texts
    assert "decorar con mucho cuidado" not in texts
    fitted = {t.get_text(): t.fits for t in texts_of(fig)}  # type: ignore[attr-defined]
    assert fitted == {"hervir caldo": True, "decorar con mucho cuidado": False}
    # La receta sigue en la leyenda aunque su paso no quepa.
    assert "postre" in series_colors(fig)


def test_outside_legend_sits_below_the_data() -> None:
    fig = plotting.speedup_plot([1, 2, 4], {"procesos": [1, 2, 3.5], "hilos": [1, 1, 1]})
    ax = fig.axes[0]
    assert ax.get_legend() is None and len(fig.legends) == 1
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    assert legend.y1 <= ax.get_window_extent(renderer).y0
    with pytest.raises(ValueError, match="ax no tiene series"):
        plotting.outside_legend(plotting.figure(), plotting.figure().add_subplot())


# --- Cada página: mismos colores para las mismas cosas, y solo los de la paleta ----


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_label_keeps_one_color_across_the_figures_of_a_page(page: str) -> None:
    """Una etiqueta (una receta, «red», «hilos»…) tiene el mismo color en toda la página."""
    figures = {name: build() for name, build in PAGES[page]()}
    for name, fig in figures.items():
        assert not off_palette(fig), f"{page} · {name}: colores fuera de la paleta"
    assert color_conflicts(figures) == []
    for fig in figures.values():
        plt.close(fig)


def test_the_page_check_sees_a_label_that_changes_color() -> None:
    """La comprobación de página falla con lo que pasaba antes: el orden decidía el color."""

    def by_order(groups: list[str]) -> Figure:
        fig = plotting.figure()
        ax = fig.add_subplot()
        for i, g in enumerate(groups):
            ax.plot([0, 1], [i, i], color=plotting.color(i), label=g)
        return fig

    paired = {"sin anidar": by_order(["red", "reloj"]), "anidadas": by_order(["reloj", "red"])}
    assert len(color_conflicts(paired)) == 2
    odd = plotting.figure()
    odd.add_subplot().plot([0, 1], [0, 1], color="#123456", label="x")
    assert off_palette(odd) == {"#123456"}


def test_every_page_with_figures_is_covered() -> None:
    """Cada página que pega una figura está en ``PAGES``."""
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs"
    with_figures = {
        str(p.relative_to(docs).with_suffix(""))
        for p in docs.rglob("*.md")
        if "{glue:figure}" in p.read_text(encoding="utf-8") and "_build" not in p.parts
    }
    assert with_figures <= set(PAGES), sorted(with_figures - set(PAGES))


# --- Núcleos sin matplotlib ------------------------------------------------------

#: Los núcleos de simuladores y mediciones: sus figuras están en ``figures.py``.
CORES = (
    "dadsbook.concepts.kitchen",
    "dadsbook.conclusion.techniques",
    "dadsbook.hardware.cpu.interrupts",
    "dadsbook.hardware.cpu.mesi",
    "dadsbook.hardware.cpu.parallel",
    "dadsbook.hardware.cpu.pipeline",
    "dadsbook.hardware.cpu.scheduler",
    "dadsbook.hardware.cpu.scheduler_report",
    "dadsbook.hardware.disk.dma",
    "dadsbook.hardware.disk.ftl",
    "dadsbook.hardware.disk.hdd",
    "dadsbook.hardware.disk.nvme",
    "dadsbook.hardware.disk.parity",
    "dadsbook.hardware.disk.raid",
    "dadsbook.hardware.disk.writeback",
    "dadsbook.hardware.disk.writehole",
    "dadsbook.hardware.disk.zns",
    "dadsbook.hardware.memory.bandwidth",
    "dadsbook.hardware.memory.channels",
    "dadsbook.hardware.memory.numa",
    "dadsbook.hardware.memory.pagetable",
    "dadsbook.hardware.memory.paging",
    "dadsbook.hardware.memory.replacement",
    "dadsbook.hardware.memory.workingset",
    "dadsbook.software.operating_system.load_balancing",
    "dadsbook.software.operating_system.mlfq",
    "dadsbook.software.operating_system.multitasking",
    "dadsbook.software.operating_system.nice",
    "dadsbook.software.operating_system.policy_mix",
    "dadsbook.software.programming.asyncio_demo",
    "dadsbook.software.programming.coroutines",
    "dadsbook.software.programming.deadlock",
    "dadsbook.software.programming.event_loop",
    "dadsbook.software.programming.interleavings",
    "dadsbook.software.programming.race_survey",
    "dadsbook.software.programming.scaling",
    "dadsbook.systems.cloud.app_service",
    "dadsbook.systems.cloud.load_balancing",
    "dadsbook.systems.cloud.scale_sets",
    "dadsbook.systems.cloud.serverless",
    "dadsbook.systems.containers.cgroups",
    "dadsbook.systems.containers.cluster",
    "dadsbook.systems.containers.contention",
    "dadsbook.systems.containers.failover",
    "dadsbook.systems.containers.keda",
    "dadsbook.systems.containers.replicaset",
    "dadsbook.systems.web_servers.bench",
    "dadsbook.systems.web_servers.coordinated",
    "dadsbook.systems.web_servers.stateless",
)


def test_importing_a_core_does_not_import_matplotlib() -> None:
    """Importar cada núcleo, uno tras otro, no carga matplotlib; el primero que lo haga falla."""
    import subprocess
    import sys

    code = (
        "import importlib, sys\n"
        f"for name in {list(CORES)!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'matplotlib' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_figure_modules_import_without_drawing() -> None:
    """Los módulos de figuras tampoco cargan matplotlib hasta dibujar (la CLI los importa)."""
    import subprocess
    import sys

    modules = [
        f"dadsbook.{p}.figures"
        for p in (
            "concepts", "conclusion", "hardware.cpu", "hardware.disk", "hardware.memory",
            "software.operating_system", "software.programming", "systems.cloud",
            "systems.containers", "systems.web_servers",
        )
    ]  # fmt: skip
    code = f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
    code += "print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

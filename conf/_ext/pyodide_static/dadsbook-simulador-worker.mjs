// Web Worker de los simuladores del libro: carga Pyodide (servido por el propio sitio)
// y las fuentes de dadsbook, y ejecuta dadsbook.cli.main.main(["sim", ...]) capturando
// stdout y stderr. Lo crea dadsbook-simulador.js solo cuando quien lee pulsa un botón.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const BASE = new URL("./pyodide/", import.meta.url);

const RUNNER = `
import contextlib, io, shlex, sys

def _dadsbook_run(name, seed, options, compute):
    out, err = io.StringIO(), io.StringIO()
    prog = f"dadsbook sim {name}"
    try:
        extra = shlex.split(options)
    except ValueError:
        return 2, "", f"{prog}: error: otras opciones: hay comillas sin cerrar\\n"
    if any(a == "--plot" or a.startswith("--plot=") for a in extra):
        return 2, "", (f"{prog}: error: --plot no está disponible en el navegador; "
                       "usa la orden en tu máquina\\n")
    args = ["sim", name, "-s", seed, *extra, *(["-c"] if compute else [])]
    from dadsbook.cli.main import main
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as stop:
            code = stop.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
    return status, out.getvalue(), err.getvalue()
`;

let ready = null;

async function prepare() {
  const started = performance.now();
  postMessage({ kind: "progreso", text: "Cargando Python en el navegador (Pyodide)…" });
  const pyodide = await loadPyodide({ indexURL: BASE.href, packages: [] });
  postMessage({ kind: "progreso", text: "Cargando los simuladores del libro…" });
  const response = await fetch(new URL("dadsbook-src.zip", BASE));
  if (!response.ok) {
    throw new Error(`no se pudieron descargar las fuentes de dadsbook (HTTP ${response.status})`);
  }
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/src" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/src')");
  pyodide.runPython(RUNNER);
  postMessage({ kind: "cargado", ms: performance.now() - started });
  return pyodide;
}

onmessage = async (event) => {
  const { id, name, seed, options, compute } = event.data;
  try {
    ready = ready || prepare();
    const pyodide = await ready;
    postMessage({ kind: "progreso", text: "Ejecutando…" });
    const started = performance.now();
    const run = pyodide.globals.get("_dadsbook_run");
    const result = run(name, seed, options, compute);
    const [status, stdout, stderr] = result.toJs();
    result.destroy();
    run.destroy();
    postMessage({ kind: "resultado", id, status, stdout, stderr, ms: performance.now() - started });
  } catch (error) {
    postMessage({ kind: "fallo", id, text: String(error && error.message ? error.message : error) });
  }
};

// Los simuladores del libro en el navegador: anima cada <section class="dadsbook-simulador">.
// Pyodide se carga en un Web Worker solo cuando quien lee pulsa «Plantear» o «Resolver»;
// «Detener» termina el worker (la siguiente ejecución lo vuelve a crear).
(function () {
  "use strict";
  const script = document.currentScript;
  const STATIC = new URL(".", script ? script.src : document.baseURI);
  let worker = null;
  let running = null; // { widget, id }
  let counter = 0;

  function part(widget, selector) {
    return widget.querySelector(selector);
  }

  function setBusy(widget, busy) {
    part(widget, '[data-accion="plantear"]').disabled = busy;
    part(widget, '[data-accion="resolver"]').disabled = busy;
    part(widget, '[data-accion="detener"]').disabled = !busy;
    widget.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function status(widget, text) {
    part(widget, ".dadsbook-simulador-estado").textContent = text;
  }

  function show(widget, stdout, stderr) {
    const out = part(widget, ".dadsbook-simulador-salida");
    const err = part(widget, ".dadsbook-simulador-error");
    out.textContent = stdout;
    out.hidden = stdout === "";
    // El tema quita el foco de los <pre> que no desplazaban al cargar la página (este
    // estaba vacío): la salida larga desplaza y debe poder recorrerse con el teclado.
    out.tabIndex = 0;
    err.textContent = stderr.replace(/\s+$/, "");
    err.hidden = stderr === "";
  }

  function finish(message) {
    const { widget } = running;
    running = null;
    setBusy(widget, false);
    if (message.kind === "fallo") {
      status(widget, "");
      show(widget, "", "No se pudo ejecutar el simulador en el navegador: " + message.text);
      return;
    }
    status(widget, message.status === 0 ? "Listo." : "La orden no es válida:");
    show(widget, message.stdout, message.stderr);
    widget.dataset.estado = String(message.status);
  }

  function spawn() {
    const created = new Worker(new URL("dadsbook-simulador-worker.mjs", STATIC), {
      type: "module",
      name: "dadsbook-simulador",
    });
    created.onmessage = (event) => {
      const message = event.data;
      if (!running) return;
      if (message.kind === "progreso") status(running.widget, message.text);
      else if (message.kind === "resultado" || message.kind === "fallo") {
        if (message.id === running.id) finish(message);
      }
    };
    created.onerror = (event) => {
      event.preventDefault();
      if (running) finish({ kind: "fallo", text: event.message || "el worker falló al cargar" });
    };
    return created;
  }

  function launch(widget, compute) {
    if (running) return;
    const name = widget.dataset.simulador;
    const seed = part(widget, 'input[name="semilla"]').value.trim();
    const options = part(widget, 'input[name="opciones"]').value.trim();
    const shown = ["dadsbook sim", name, "-s", seed || "''", options, compute ? "-c" : ""]
      .filter(Boolean).join(" ");
    const order = part(widget, ".dadsbook-simulador-orden");
    order.querySelector("code").textContent = shown;
    order.hidden = false;
    delete widget.dataset.estado;
    show(widget, "", "");
    worker = worker || spawn();
    running = { widget, id: ++counter };
    setBusy(widget, true);
    status(widget, "Preparando…");
    worker.postMessage({ id: running.id, name, seed, options, compute });
  }

  function stop(widget) {
    if (!running || running.widget !== widget) return;
    if (worker) worker.terminate();
    worker = null;
    running = null;
    setBusy(widget, false);
    widget.dataset.estado = "detenido";
    status(widget, "Detenido. La próxima ejecución vuelve a cargar Python.");
  }

  function wire(widget) {
    part(widget, '[data-accion="plantear"]').addEventListener("click", () => launch(widget, false));
    part(widget, '[data-accion="resolver"]').addEventListener("click", () => launch(widget, true));
    part(widget, '[data-accion="detener"]').addEventListener("click", () => stop(widget));
    for (const input of widget.querySelectorAll("input")) {
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          launch(widget, false);
        }
      });
    }
  }

  function start() {
    document.querySelectorAll(".dadsbook-simulador").forEach(wire);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

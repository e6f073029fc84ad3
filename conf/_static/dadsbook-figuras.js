// dadsbook: las figuras que se desplazan de lado (en un teléfono, ver dadsbook.css) se
// alcanzan con el teclado, como los bloques de código que el tema ya hace enfocables.
// Se vuelve a mirar cuando cambia el tamaño de la figura: al girar el teléfono o al
// abrir la pestaña que la contenía.
(() => {
  "use strict";
  const update = (figure) => {
    if (figure.scrollWidth > figure.clientWidth + 1) {
      figure.setAttribute("tabindex", "0");
    } else {
      figure.removeAttribute("tabindex");
    }
  };
  const watch = () => {
    const observer = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
    document.querySelectorAll(".bd-article figure").forEach((figure) => {
      if (figure.querySelector(":scope > img")) {
        observer.observe(figure);
      }
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();

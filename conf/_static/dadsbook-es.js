// dadsbook: textos de la interfaz del tema que llegan en inglés o mal traducidos al español.
//
// Sphinx 9, pydata-sphinx-theme 0.20 y sphinx-book-theme 1.4 dejan sin traducir los
// títulos de los enlaces permanentes, los botones de las barras laterales, el menú del
// repositorio y las etiquetas de navegación; el catálogo español del tema escribe
// «Descarga esta pagina». Se corrigen al cargar, antes de que el tema cree los tooltips
// (este script va antes que los del tema y también con defer).
(() => {
  "use strict";
  const SPANISH = {
    "Toggle primary sidebar": "Mostrar u ocultar el índice del libro",
    "Toggle secondary sidebar": "Mostrar u ocultar el índice de la página",
    "Source repositories": "Repositorio del libro",
    "Repository": "Repositorio",
    "Show source": "Ver la fuente de esta página",
    "Suggest edit": "Proponer un cambio",
    "Open issue": "Abrir una incidencia",
    "Open an issue": "Abrir una incidencia",
    "Descarga esta pagina": "Descargar esta página",
    "Download this page": "Descargar esta página",
    "Download notebook file": "Descargar el cuaderno (.ipynb)",
    "Main": "Índice del libro",
    "Page": "Índice de la página",
    "Search...": "Buscar en el libro…",
    "Link to this heading": "Enlace a esta sección",
    "Link to this image": "Enlace a esta figura",
    "Link to this table": "Enlace a esta tabla",
    "Link to this code": "Enlace a este código",
    "Link to this definition": "Enlace a esta definición",
    "Link to this term": "Enlace a este término",
    "Link to this toctree": "Enlace a este índice",
  };
  const ATTRIBUTES = ["title", "aria-label", "placeholder", "data-bs-original-title"];

  function translate(root) {
    for (const attribute of ATTRIBUTES) {
      for (const element of root.querySelectorAll(`[${attribute}]`)) {
        const value = element.getAttribute(attribute);
        if (Object.hasOwn(SPANISH, value)) element.setAttribute(attribute, SPANISH[value]);
      }
    }
    for (const element of root.querySelectorAll(".btn__text-container")) {
      const value = element.textContent.trim();
      if (Object.hasOwn(SPANISH, value)) element.textContent = SPANISH[value];
    }
  }

  // El catálogo español de Sphinx trae vacío el resumen de la búsqueda: sin esto, la página
  // de búsqueda no dice cuántas páginas encontró.
  const FOUND = "Search finished, found one page matching the search query.";
  if (typeof Documentation !== "undefined" && Documentation.TRANSLATIONS) {
    const current = Documentation.TRANSLATIONS[FOUND];
    if (!current || (Array.isArray(current) && !current.every(Boolean))) {
      const many = "Búsqueda terminada: ${resultCount} páginas coinciden con la consulta.";
      Documentation.TRANSLATIONS[FOUND] = [
        "Búsqueda terminada: una página coincide con la consulta.",
        many,
        many,
      ];
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => translate(document));
  } else {
    translate(document);
  }
})();

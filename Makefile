# dadsbook — construir el libro y pasar las pruebas.
# `make help` lista los objetivos.

PYTHON ?= python3
VENV ?= .venv
PROFILE ?= full
PAGES ?= conceptos
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.dadsbook-installed
SPHINX_OPTS ?=
# Procesos de Sphinx al construir: varias páginas se ejecutan a la vez, pero ninguna
# celda corre mientras otra página mide (conf/_ext/dadsbook_parallel.py). JOBS=1: una a una.
JOBS ?= auto
SPHINX := DADSBOOK_PROFILE=$(PROFILE) $(BIN)/sphinx-build -c conf -W --keep-going -n $(SPHINX_OPTS)

.DEFAULT_GOAL := help

# Python guarda su código compilado (__pycache__, ignorado por git) aunque el entorno
# diga lo contrario: sin esa caché, cada `make check` vuelve a compilar y a reescribir
# las aserciones de doscientos ficheros de pruebas (más de 20 s en una máquina de 2 CPU).
unexport PYTHONDONTWRITEBYTECODE
.PHONY: help install html html-fresh page labels serve test check lint typecheck build-speed test-speed site-size spelling clean verdicts cli-speed
.PHONY: epub pdf linkcheck

help: ## Muestra esta ayuda
	@echo "Objetivos (PROFILE=$(PROFILE); usa PROFILE=quick para tamaños pequeños; JOBS=$(JOBS): páginas a la vez al construir):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

$(STAMP): pyproject.toml constraints.txt package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Hace falta Python ≥ 3.11 (se encontró $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@command -v npm >/dev/null 2>&1 || { echo "Falta npm (Node.js): apt-get install npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

install: $(STAMP) ## Crea .venv e instala las dependencias fijadas

UPTODATE := $(BIN)/python conf/uptodate.py

html: $(STAMP) ## Construye el libro en _build/html (caché: solo re-ejecuta lo que cambió; sin cambios, ni arranca)
	@$(UPTODATE) check _build/html --profile $(PROFILE) --options "$(SPHINX_OPTS)" || { \
	  $(SPHINX) -j $(JOBS) -b html docs _build/html && \
	  $(UPTODATE) record _build/html --profile $(PROFILE) --options "$(SPHINX_OPTS)"; }
	@echo "Libro en _build/html/index.html (perfil $(PROFILE)). Míralo con: make serve"

html-fresh: $(STAMP) ## Re-ejecuta todas las celdas y reconstruye todo desde cero
	$(SPHINX) -j $(JOBS) -E -D nb_execution_mode=force -b html docs _build/html
	@$(UPTODATE) record _build/html --profile $(PROFILE) --options "$(SPHINX_OPTS)"

serve: ## Sirve _build/html en 127.0.0.1:PORT bajo la ruta de DADSBOOK_BASE_URL, como GitHub Pages (con su 404)
	$(BIN)/python conf/serve.py --port $(PORT) --directory _build/html

test: $(STAMP) ## Todas las pruebas: fragmentos, construcción, sitio en Chromium, ortografía, paquete, CLI, ruff, mypy
	$(BIN)/python -m pytest

check: $(STAMP) ## El bucle corto (≤ 60 s): ruff, mypy, pruebas unitarias y de propiedades, CLI; sin ejecutar el libro
	HYPOTHESIS_PROFILE=check $(BIN)/python -m pytest -q -n auto --dist loadfile -m "not build and not browser and not slow" tests src

lint: $(STAMP) ## ruff sobre el código
	$(BIN)/ruff check src tests conf docs/conftest.py

typecheck: $(STAMP) ## mypy estricto sobre src/dadsbook
	$(BIN)/mypy

build-speed: $(STAMP) ## Mide construcción limpia, sin cambios y tras editar una página, frente a sus objetivos
	@$(BIN)/python conf/speed.py build --profile $(PROFILE) --jobs $(JOBS)

test-speed: $(STAMP) ## Mide make check y make test frente a sus objetivos (≤ 60 s y ≤ 6 min)
	@$(BIN)/python conf/speed.py test

verdicts: $(STAMP) ## Construye dos veces desde cero y comprueba que ningún veredicto cambia de bando
	rm -f _build/verdicts-1.jsonl _build/verdicts-2.jsonl
	DADSBOOK_VERDICT_LOG=$(CURDIR)/_build/verdicts-1.jsonl $(SPHINX) -j $(JOBS) -E -D nb_execution_mode=force -b html docs _build/html
	DADSBOOK_VERDICT_LOG=$(CURDIR)/_build/verdicts-2.jsonl $(SPHINX) -j $(JOBS) -E -D nb_execution_mode=force -b html docs _build/html
	$(BIN)/python conf/verdicts.py _build/verdicts-1.jsonl _build/verdicts-2.jsonl

cli-speed: $(STAMP) ## Mide el arranque de la línea de órdenes (--version y sim NOMBRE -s 1)
	@$(BIN)/python -m dadsbook.cli.startup

site-size: ## Tamaño del sitio construido en _build/html (y sus imágenes más pesadas)
	@du -sh _build/html && find _build/html -type f | wc -l | xargs echo "ficheros:"
	@echo "imágenes más pesadas (KiB):" && find _build/html -type f \( -name '*.png' -o \
	  -name '*.svg' -o -name '*.jpg' -o -name '*.jpeg' -o -name '*.gif' -o -name '*.webp' \) \
	  -printf '%k\t%P\n' | sort -rn | head -5
	@du -sh _build/html/_static/pyodide 2>/dev/null | awk '{print "añadido por los simuladores del navegador (_static/pyodide): " $$1}' || true

spelling: $(STAMP) ## Ortografía en español (hunspell-es + conf/spelling_wordlist.txt) en _build/spelling
	DADSBOOK_SPELLING=1 $(SPHINX) -b spelling -d _build/spelling-doctrees docs _build/spelling

clean: ## Borra _build (libro, cachés de ejecución)
	rm -rf _build

empty :=
space := $(empty) $(empty)
PAGEDIR = $(subst /,-,$(subst $(space),+,$(strip $(PAGES))))

page: $(STAMP) ## Construye solo PAGES="hardware/cpu …" en _build/pages/… (mientras se escribe)
	DADSBOOK_PAGES="$(PAGES)" DADSBOOK_CACHE_DIR=_build/pages-cache/$(PROFILE)/$(PAGEDIR) \
	  $(SPHINX) -j $(JOBS) -b html -d _build/pages-doctrees/$(PAGEDIR) docs _build/pages/$(PAGEDIR)

linkcheck: $(STAMP) ## Comprueba los enlaces externos (necesita red; fuera de make test; conf/linkcheck.toml)
	$(SPHINX) -b linkcheck -d _build/linkcheck-doctrees docs _build/linkcheck \
	  || { echo "Enlaces rotos o sin red: mira _build/linkcheck/output.txt"; exit 1; }

labels: $(STAMP) ## Añade a conf/labels.txt las etiquetas nuevas (las publicadas no se quitan)
	$(BIN)/python conf/labels.py --update

# El libro entero en EPUB y PDF. Usan el entorno (_build/html/.doctrees) y la caché de
# ejecución de `make html` con el mismo PROFILE: no re-ejecutan las páginas, así que
# llevan los mismos números que el HTML. Dejan el fichero junto al sitio, donde lo
# enlaza el menú de descarga de cada página.
BOOK := dadsbook
BOOK_DOCTREES := _build/html/.doctrees
BOOK_DEBS := texlive-xetex texlive-latex-recommended texlive-latex-extra \
  texlive-fonts-recommended texlive-lang-spanish latexmk fonts-freefont-otf fonts-dejavu-core \
  fonts-dejavu-extra librsvg2-bin

epub: $(STAMP) ## El libro entero en EPUB (_build/html/dadsbook.epub), con los números de make html
	$(SPHINX) -b epub -d $(BOOK_DOCTREES) docs _build/epub
	@mkdir -p _build/html && cp _build/epub/$(BOOK).epub _build/html/$(BOOK).epub
	@echo "EPUB en _build/html/$(BOOK).epub (perfil $(PROFILE))"

pdf: $(STAMP) ## El libro entero en PDF (XeLaTeX; _build/html/dadsbook.pdf), con los números de make html
	@for tool in xelatex latexmk rsvg-convert; do command -v $$tool >/dev/null 2>&1 || \
	  { echo "Falta $$tool. Instala: apt-get install $(BOOK_DEBS)"; exit 1; }; done
	$(SPHINX) -b latex -d $(BOOK_DOCTREES) docs _build/latex
	$(MAKE) -C _build/latex all-pdf LATEXMKOPTS="-silent -interaction=nonstopmode -halt-on-error" \
	  || { tail -40 _build/latex/$(BOOK).log; exit 1; }
	@! grep -m5 "Missing character" _build/latex/$(BOOK).log || \
	  { echo "Al PDF le faltan caracteres (arriba): elige una letra que los tenga"; exit 1; }
	@mkdir -p _build/html && cp _build/latex/$(BOOK).pdf _build/html/$(BOOK).pdf
	@echo "PDF en _build/html/$(BOOK).pdf (perfil $(PROFILE))"
